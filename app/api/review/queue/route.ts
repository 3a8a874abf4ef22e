import { prisma } from '@/lib/platform/db/client';
import { parseQueueLimit, parseQueueState, reviewQueue } from '@/lib/4-review/queue';
import { answerRequest } from '@/lib/platform/http/requestError';

export const dynamic = 'force-dynamic';

/**
 * The focus queue, newest first: `?state=pending|approved|rejected|needs_resynthesis|all`
 * (default pending), `after=ID` or `before=ID` (a trajectory id as the cursor), `limit=1..100`
 * (default 20) → `{ items }`. 400 for invalid parameters, 404 for an unknown cursor.
 */
export async function GET(request: Request): Promise<Response> {
  const sp = new URL(request.url).searchParams;
  return answerRequest(async () => {
    const items = await reviewQueue(prisma(), {
      state: parseQueueState(sp.get('state')),
      after: sp.get('after') || null,
      before: sp.get('before') || null,
      limit: parseQueueLimit(sp.get('limit')),
    });
    return Response.json({ items }, { headers: { 'cache-control': 'no-store' } });
  });
}
