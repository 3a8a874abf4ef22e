import { requireRole } from '@/lib/platform/auth/guard';
import { prisma } from '@/lib/platform/db/client';
import { getExportRun, listExportRuns } from '@/lib/5-export/runs/exportRuns';
import { requestExport } from '@/lib/5-export/runs/requestExport';
import { webBoss } from '@/lib/platform/jobs/webBoss';
import { answerRequest } from '@/lib/platform/http/requestError';

export const dynamic = 'force-dynamic';

/** The latest exports, newest first, with the files of the finished ones. */
export async function GET(): Promise<Response> {
  return Response.json(await listExportRuns(prisma()));
}

/**
 * Starts an export. JSON body: the export options (`status`, `repository`, `includeSuperseded`,
 * `limit`, `format`, `tokenizer`, `context`, `pad`, `withText`, `atif`), checked as `retrace
 * export` checks them. 202 with the export (follow it at /api/exports/ID); 400 with what to fix;
 * 401/403 unless a reviewer or admin is signed in.
 */
export async function POST(request: Request): Promise<Response> {
  return answerRequest(async () => {
    const user = await requireRole(request.headers, 'reviewer');
    const body = (await request.json().catch(() => null)) as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return Response.json({ error: 'Send the export options as a JSON object, e.g. { "format": "jsonl", "atif": true }.' }, { status: 400 });
    }
    const run = await requestExport(prisma(), await webBoss(), { options: body, requestedById: user.id });
    return Response.json(await getExportRun(prisma(), run.id), { status: 202 });
  });
}
