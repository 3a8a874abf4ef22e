import { requireRole } from '@/lib/platform/auth/guard';
import { prisma } from '@/lib/platform/db/client';
import { answerRequest } from '@/lib/platform/http/requestError';
import { deleteRepository, RepositoryDeletionError, type DeletionCounts } from '@/lib/studio/deleteRepository';
import { decodeSegment } from '@/lib/platform/http/requestValues';

export const dynamic = 'force-dynamic';

type Params = Promise<{ name: string }>;

/**
 * Deletes a repository with everything that goes with it (reviewers and admins). JSON
 * `{ confirmed: counts }` (optional): the counts the person saw in the confirmation; if they
 * changed meanwhile the deletion is refused. 200 `{ deletion }` (the record); 404 unknown (or
 * already deleted: the message says by whom); 409 while a job works on it (which, and what to
 * do) or when the counts changed, with `preview` as it is now.
 */
export async function DELETE(request: Request, { params }: { params: Params }): Promise<Response> {
  return answerRequest(async () => {
    const user = await requireRole(request.headers, 'reviewer');
    const name = decodeSegment((await params).name);
    const body = (await request.json().catch(() => ({}))) as { confirmed?: unknown } | null;
    const confirmed = body?.confirmed;
    if (confirmed !== undefined && !isCounts(confirmed)) throw new RepositoryDeletionError('Send JSON { "confirmed": the counts the confirmation showed } or no body.', 400);
    return Response.json({ deletion: await deleteRepository(prisma(), name, { deletedById: user.id, confirmed }) });
  });
}

const COUNT_KEYS: (keyof DeletionCounts)[] = ['snapshots', 'synthesisRuns', 'trajectories', 'approved', 'reviews', 'searchRuns'];

function isCounts(value: unknown): value is DeletionCounts {
  return !!value && typeof value === 'object' && COUNT_KEYS.every((k) => Number.isInteger((value as Record<string, unknown>)[k]));
}
