import { prisma } from '@/lib/platform/db/client';
import { getWriteTokenScores } from '@/lib/3-search/studio/tokenScoresQuery';
import { parseOrdinal } from '@/lib/3-search/studio/trajectoryQueries';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string; ordinal: string }>;

/** A Write step's per-token scores before and after the latest search (the replay's training view). */
export async function GET(_request: Request, { params }: { params: Params }): Promise<Response> {
  const { id, ordinal } = await params;
  const n = parseOrdinal(ordinal);
  if (n === null) return Response.json({ error: `Invalid step ordinal: ${JSON.stringify(ordinal.slice(0, 100))} is not a whole number from 0.` }, { status: 400 });
  const result = await getWriteTokenScores(prisma(), id, n);
  if ('error' in result) return Response.json({ error: result.error }, { status: result.status });
  return Response.json(result.scores);
}
