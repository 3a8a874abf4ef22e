import { prisma } from '@/lib/platform/db/client';
import { isUuid } from '@/lib/platform/http/requestValues';
import { getTrajectoryOutline } from '@/lib/3-search/studio/trajectoryQueries';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;

/** A trajectory's header and every step without bodies: 400 for an invalid id, 404 for an unknown one. */
export async function GET(_request: Request, { params }: { params: Params }): Promise<Response> {
  const { id } = await params;
  if (!isUuid(id)) return Response.json({ error: 'Invalid trajectory id: it must be a UUID.' }, { status: 400 });
  const outline = await getTrajectoryOutline(prisma(), id);
  if (!outline) return Response.json({ error: `No trajectory ${id}.` }, { status: 404 });
  return Response.json(outline);
}
