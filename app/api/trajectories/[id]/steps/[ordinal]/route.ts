import { prisma } from '@/lib/platform/db/client';
import { isUuid } from '@/lib/platform/http/requestValues';
import { getStepBody, parseOrdinal } from '@/lib/3-search/studio/trajectoryQueries';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string; ordinal: string }>;

/** One step's full bodies and search candidates: 400 for an invalid id or ordinal, 404 for an unknown step. */
export async function GET(_request: Request, { params }: { params: Params }): Promise<Response> {
  const { id, ordinal } = await params;
  if (!isUuid(id)) return Response.json({ error: 'Invalid trajectory id: it must be a UUID.' }, { status: 400 });
  const n = parseOrdinal(ordinal);
  if (n === null) return Response.json({ error: `Invalid step ordinal: ${JSON.stringify(ordinal.slice(0, 100))} is not a whole number from 0.` }, { status: 400 });
  const step = await getStepBody(prisma(), id, n);
  if (!step) return Response.json({ error: `No step ${n} in trajectory ${id}.` }, { status: 404 });
  return Response.json(step);
}
