import { requireRole } from '@/lib/auth/guard';
import { prisma } from '@/lib/db/client';
import { webBoss } from '@/lib/jobs/webBoss';
import { retryJob } from '@/lib/jobsView/jobActions';
import { requestErrorResponse } from '@/lib/http/requestError';

export const dynamic = 'force-dynamic';

type Params = Promise<{ kind: string; id: string }>;

/** Queues a failed or cancelled job again with a fresh job (reviewers and admins); 409 with the reason otherwise. */
export async function POST(request: Request, { params }: { params: Params }): Promise<Response> {
  const { kind, id } = await params;
  try {
    await requireRole(request.headers, 'reviewer');
    return Response.json(await retryJob(prisma(), await webBoss(), kind, id));
  } catch (err) {
    const answer = requestErrorResponse(err);
    if (answer) return answer;
    throw err;
  }
}
