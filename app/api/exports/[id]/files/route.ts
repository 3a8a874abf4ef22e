import { requireRole } from '@/lib/platform/auth/guard';
import { prisma } from '@/lib/platform/db/client';
import { deleteExportFiles } from '@/lib/5-export/runs/deleteExportFiles';
import { answerRequest } from '@/lib/platform/http/requestError';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;

/**
 * Deletes a succeeded export's files; the export stays listed with who deleted them and when.
 * 200 with the export; 404 unknown; 409 running, failed, cancelled or already deleted (the
 * message says which); 401/403 unless a reviewer or admin is signed in.
 */
export async function DELETE(request: Request, { params }: { params: Params }): Promise<Response> {
  return answerRequest(async () => {
    const user = await requireRole(request.headers, 'reviewer');
    const { id } = await params;
    return Response.json(await deleteExportFiles(prisma(), id, user.id));
  });
}
