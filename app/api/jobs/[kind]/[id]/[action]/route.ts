import { requireRole } from '@/lib/platform/auth/guard';
import { prisma } from '@/lib/platform/db/client';
import { webBoss } from '@/lib/platform/jobs/webBoss';
import { cancelJob, retryJob } from '@/lib/studio/jobs/jobActions';
import { answerRequest } from '@/lib/platform/http/requestError';

export const dynamic = 'force-dynamic';

type Params = Promise<{ kind: string; id: string; action: string }>;

const ACTIONS = {
  cancel: cancelJob,
  // `?force=1` retries even a job whose error repeats on the same input (after Retrace was fixed).
  retry: (prisma: Parameters<typeof retryJob>[0], boss: Parameters<typeof retryJob>[1], kind: string, id: string, url: URL) => retryJob(prisma, boss, kind, id, { force: url.searchParams.get('force') === '1' }),
} as const;

/**
 * `cancel`: stops a queued or running job; `retry`: queues a failed or cancelled one again with a
 * fresh job. Reviewers and admins; 409 with the job's state or the reason otherwise.
 */
export async function POST(request: Request, { params }: { params: Params }): Promise<Response> {
  const { kind, id, action } = await params;
  if (!Object.hasOwn(ACTIONS, action)) return Response.json({ error: `No job action "${action.slice(0, 40)}": use cancel or retry.` }, { status: 404 });
  return answerRequest(async () => {
    await requireRole(request.headers, 'reviewer');
    return Response.json(await ACTIONS[action as keyof typeof ACTIONS](prisma(), await webBoss(), kind, id, new URL(request.url)));
  });
}
