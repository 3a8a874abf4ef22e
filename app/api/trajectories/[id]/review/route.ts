import { requireRole } from '@/lib/platform/auth/guard';
import { prisma } from '@/lib/platform/db/client';
import { decide } from '@/lib/4-review/decide';
import { getReviewSummary } from '@/lib/4-review/queue';
import { decisionFromBody } from '@/lib/4-review/request';
import { isUuid } from '@/lib/platform/http/requestValues';
import { answerRequest } from '@/lib/platform/http/requestError';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;

/** The trajectory's review state, version, history (newest first) and supersession; anyone may read it. */
export async function GET(_request: Request, { params }: { params: Params }): Promise<Response> {
  const { id } = await params;
  if (!isUuid(id)) return Response.json({ error: 'Invalid trajectory id: it must be a UUID.' }, { status: 400 });
  const summary = await getReviewSummary(prisma(), id);
  if (!summary) return Response.json({ error: `No trajectory ${id}.` }, { status: 404 });
  return Response.json(summary, { headers: { 'cache-control': 'no-store' } });
}

/**
 * A reviewer's decision: `{ expectedVersion, decision, reason?, note? }` → 200 `{ trajectoryId,
 * state, version, reviewId }`; 409 when someone decided first (the message says who, and
 * `current` what the trajectory is now); 400 for invalid input; 404 for an unknown trajectory;
 * 401/403 unless a reviewer or admin is signed in.
 */
export async function POST(request: Request, { params }: { params: Params }): Promise<Response> {
  const { id } = await params;
  return answerRequest(async () => {
    const user = await requireRole(request.headers, 'reviewer');
    const body = await request.json().catch(() => null);
    const result = await decide(prisma(), decisionFromBody(body, id, user.id));
    return Response.json(result);
  });
}
