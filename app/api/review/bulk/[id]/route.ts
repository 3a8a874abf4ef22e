import { getBulkReviewRun } from '@/lib/4-review/runs/bulkRuns';
import { prisma } from '@/lib/platform/db/client';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;

/** One bulk decision's state and progress (done, total, skipped); 404 for an unknown id. */
export async function GET(_request: Request, { params }: { params: Params }): Promise<Response> {
  const { id } = await params;
  const run = await getBulkReviewRun(prisma(), id);
  if (!run) return Response.json({ error: `No bulk review ${id}.` }, { status: 404 });
  return Response.json(run);
}
