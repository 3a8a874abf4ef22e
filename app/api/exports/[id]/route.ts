import { prisma } from '@/lib/platform/db/client';
import { getExportRun } from '@/lib/5-export/runs/exportRuns';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;

/** One export's state, progress, summary and files: 404 for an unknown or invalid id. */
export async function GET(_request: Request, { params }: { params: Params }): Promise<Response> {
  const { id } = await params;
  const run = await getExportRun(prisma(), id);
  if (!run) return Response.json({ error: `No export ${id}.` }, { status: 404 });
  return Response.json(run);
}
