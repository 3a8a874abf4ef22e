import { requireRole } from '@/lib/platform/auth/guard';
import { parseBulkReviewBody, requestBulkReview } from '@/lib/4-review/runs/requestBulkReview';
import { prisma } from '@/lib/platform/db/client';
import { webBoss } from '@/lib/platform/jobs/webBoss';
import { answerRequest } from '@/lib/platform/http/requestError';

export const dynamic = 'force-dynamic';

/**
 * A bulk decision: `{ ids?: [{ id, version }], filter?: {...}, decision, reason?, note? }`.
 * 200 with the finished run when it was small enough to decide at once, 202 with the queued
 * run otherwise (follow it at /api/review/bulk/ID); 400 with what to fix.
 */
export async function POST(request: Request): Promise<Response> {
  return answerRequest(async () => {
    const user = await requireRole(request.headers, 'reviewer');
    const body = await request.json().catch(() => null);
    const { run, queued } = await requestBulkReview(prisma(), webBoss, parseBulkReviewBody(body, user.id));
    return Response.json(run, { status: queued ? 202 : 200 });
  });
}
