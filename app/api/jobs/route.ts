import { prisma } from '@/lib/platform/db/client';
import { isJobKind, isJobStatus } from '@/lib/studio/jobs/kinds';
import { listJobs } from '@/lib/studio/jobs/listJobs';

export const dynamic = 'force-dynamic';

/** Every job, newest first: `?kind=import|synthesis|search|bulk-review|export&status=…&limit=N`. */
export async function GET(request: Request): Promise<Response> {
  const sp = new URL(request.url).searchParams;
  const kind = sp.get('kind') || undefined;
  const status = sp.get('status') || undefined;
  if (kind !== undefined && !isJobKind(kind)) return Response.json({ error: `Unknown kind "${kind}": use import, synthesis, search, bulk-review or export.` }, { status: 400 });
  if (status !== undefined && !isJobStatus(status)) return Response.json({ error: `Unknown status "${status}": use queued, running, succeeded, failed or cancelled.` }, { status: 400 });
  const limit = Number(sp.get('limit') ?? 100);
  return Response.json({ jobs: await listJobs(prisma(), { kind, status, limit: Number.isFinite(limit) ? limit : 100 }) });
}
