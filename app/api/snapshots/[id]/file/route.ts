import { prisma } from '@/lib/platform/db/client';
import { filePathProblem, getFile } from '@/lib/1-ingest/studio/queries';
import { isUuid } from '@/lib/platform/http/requestValues';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;

/**
 * One file of a snapshot (`?path=`): content, outline, edges. The path is looked up only within
 * that snapshot: 400 for an invalid id or path, 404 when the snapshot has no such file.
 */
export async function GET(request: Request, { params }: { params: Params }): Promise<Response> {
  const { id } = await params;
  if (!isUuid(id)) return Response.json({ error: 'Invalid snapshot id: it must be a UUID.' }, { status: 400 });
  const path = new URL(request.url).searchParams.get('path');
  const problem = filePathProblem(path);
  if (problem) return Response.json({ error: `Invalid file path: ${problem}` }, { status: 400 });
  const file = await getFile(prisma(), id, path);
  if (!file) return Response.json({ error: `Snapshot ${id} has no file ${path}.` }, { status: 404 });
  return Response.json(file, { headers: { 'Cache-Control': 'private, max-age=3600' } });
}
