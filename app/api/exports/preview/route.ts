import { prisma } from '@/lib/platform/db/client';
import { isStatusFilter, previewSelection } from '@/lib/5-export/select';
import { answerRequest, RequestError } from '@/lib/platform/http/requestError';

export const dynamic = 'force-dynamic';

/**
 * What an export would include, before it starts: `?status=approved&repository=NAME&includeSuperseded=1`
 * → `{ trajectories, tokens, repositories, repositoryNames }`. Readable by anyone who can see the exports.
 */
export async function GET(request: Request): Promise<Response> {
  return answerRequest(async () => {
    const url = new URL(request.url);
    const status = url.searchParams.get('status') ?? 'approved';
    if (!isStatusFilter(status)) throw new RequestError(`Unknown status "${status.slice(0, 40)}": use approved, pending, rejected, needs_resynthesis or all.`, 400);
    const repository = url.searchParams.get('repository')?.trim() || undefined;
    return Response.json(await previewSelection(prisma(), { status, repository, includeSuperseded: url.searchParams.get('includeSuperseded') === '1' }));
  });
}
