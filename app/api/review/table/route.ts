import { prisma } from '@/lib/platform/db/client';
import { parseReviewTableRequest } from '@/lib/4-review/studio/filter';
import { reviewTablePage } from '@/lib/4-review/studio/query';
import { answerRequest } from '@/lib/platform/http/requestError';

export const dynamic = 'force-dynamic';

/**
 * One page of the bulk review table. Query: repository, language, state, reviewer, deltaMin,
 * deltaMax, tokensMin, tokensMax, provider, superseded=1, sort, dir, page, pageSize. 400 with
 * what to fix for a value that cannot be meant. Open to anyone who may browse the studio
 * (proxy.ts gates everything when RETRACE_REQUIRE_SIGN_IN=1), like the other read routes.
 */
export async function GET(request: Request): Promise<Response> {
  return answerRequest(async () => {
    const { filter, sort, page } = parseReviewTableRequest(new URL(request.url).searchParams);
    return Response.json(await reviewTablePage(prisma(), filter, sort, page));
  });
}
