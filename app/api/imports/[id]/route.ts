import { prisma } from '@/lib/platform/db/client';
import { getImportRun } from '@/lib/1-ingest/runs/importRuns';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;

/** One import's state and progress: 404 for an unknown or invalid id. */
export async function GET(_request: Request, { params }: { params: Params }): Promise<Response> {
  const { id } = await params;
  const run = await getImportRun(prisma(), id);
  if (!run) return Response.json({ error: `No import ${id}.` }, { status: 404 });
  return Response.json(run);
}
