import { requireRole } from '@/lib/auth/guard';
import { prisma } from '@/lib/db/client';
import { webBoss } from '@/lib/jobs/webBoss';
import { retryJob } from '@/lib/jobsView/jobActions';
import { answerRequest } from '@/lib/http/requestError';

export const dynamic = 'force-dynamic';

type Params = Promise<{ kind: string; id: string }>;

/** Queues a failed or cancelled job again with a fresh job (reviewers and admins); 409 with the reason otherwise. */
export async function POST(request: Request, { params }: { params: Params }): Promise<Response> {
  const { kind, id } = await params;
  return answerRequest(async () => {
    await requireRole(request.headers, 'reviewer');
    return Response.json(await retryJob(prisma(), await webBoss(), kind, id));
  });
}
