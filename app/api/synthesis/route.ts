import { requireRole } from '@/lib/platform/auth/guard';
import { prisma } from '@/lib/platform/db/client';
import { webBoss } from '@/lib/platform/jobs/webBoss';
import { requestResynthesis, resynthesisConfig, resynthesisRepositories, ResynthesisRequestError } from '@/lib/studio/resynthesis';
import { answerRequest } from '@/lib/platform/http/requestError';

export const dynamic = 'force-dynamic';

/**
 * Re-synthesis: `{ repositories: [name…], config: { provider, model, search, scorer, scorerModel,
 * rounds, candidates } }` queues one run per repository (reviewers and admins). 202 with
 * `{ results: [{ repository, runId, status } | { repository, error }] }`; 400 with what to fix.
 */
export async function POST(request: Request): Promise<Response> {
  return answerRequest(async () => {
    const user = await requireRole(request.headers, 'reviewer');
    const body = (await request.json().catch(() => null)) as { repositories?: unknown; config?: unknown } | null;
    if (!body || typeof body !== 'object') throw new ResynthesisRequestError('Send JSON: { "repositories": ["name", …], "config": { "provider": "offline" | "openai", … } }.');
    const repositories = resynthesisRepositories(body.repositories);
    const config = resynthesisConfig((body.config ?? {}) as object);
    const results = await requestResynthesis(prisma(), await webBoss(), { repositories, config, requestedById: user.id });
    return Response.json({ results }, { status: 202 });
  });
}
