import { prisma } from '@/lib/platform/db/client';
import { latestDeletion, previewRepositoryDeletion } from '@/lib/studio/deleteRepository';
import { decodeSegment } from '@/lib/platform/http/requestValues';

export const dynamic = 'force-dynamic';

type Params = Promise<{ name: string }>;

/**
 * What deleting the repository would remove (counts, the studio exports whose files hold it) and
 * the jobs that keep it from being deleted now. 404 for an unknown repository, with `deletion`
 * when one by that name was deleted.
 */
export async function GET(_request: Request, { params }: { params: Params }): Promise<Response> {
  const name = decodeSegment((await params).name);
  const preview = await previewRepositoryDeletion(prisma(), name);
  if (preview) return Response.json(preview);
  const deletion = await latestDeletion(prisma(), name);
  return Response.json({ error: `No repository named ${JSON.stringify(name.slice(0, 200))}.`, deletion }, { status: 404 });
}
