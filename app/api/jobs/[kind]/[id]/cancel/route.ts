import { authErrorResponse, requireRole } from '@/lib/auth/guard';
import { prisma } from '@/lib/db/client';
import { webBoss } from '@/lib/jobs/webBoss';
import { cancelJob, JobActionError } from '@/lib/jobsView/jobActions';

export const dynamic = 'force-dynamic';

type Params = Promise<{ kind: string; id: string }>;

/** Cancels a queued or running job (reviewers and admins); 409 with the job's state otherwise. */
export async function POST(request: Request, { params }: { params: Params }): Promise<Response> {
  const { kind, id } = await params;
  try {
    await requireRole(request.headers, 'reviewer');
    return Response.json(await cancelJob(prisma(), await webBoss(), kind, id));
  } catch (err) {
    if (err instanceof JobActionError) return Response.json({ error: err.message }, { status: err.status });
    const denied = authErrorResponse(err);
    if (denied) return denied;
    throw err;
  }
}
