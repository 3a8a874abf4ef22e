import { prisma } from '@/lib/platform/db/client';
import { getSnapshotGraph } from '@/lib/1-ingest/studio/graphQueries';
import { isUuid } from '@/lib/platform/http/requestValues';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;

/** The dependency graph of a snapshot: files (no content) and file-to-file edges. 400 for an invalid id, 404 for an unknown one. */
export async function GET(_request: Request, { params }: { params: Params }): Promise<Response> {
  const { id } = await params;
  if (!isUuid(id)) return Response.json({ error: 'Invalid snapshot id: it must be a UUID.' }, { status: 400 });
  const graph = await getSnapshotGraph(prisma(), id);
  if (!graph) return Response.json({ error: `No snapshot ${id}.` }, { status: 404 });
  // A ready snapshot never changes; one still ingesting does.
  const cache = graph.status === 'ready' ? 'private, max-age=3600' : 'no-store';
  return Response.json(graph, { headers: { 'Cache-Control': cache } });
}
