import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { requireRole } from '@/lib/platform/auth/guard';
import { prisma } from '@/lib/platform/db/client';
import { checkImportRequest, requestImport, type ImportRequest } from '@/lib/1-ingest/runs/requestImport';
import { listImportRuns, getImportRun } from '@/lib/1-ingest/runs/importRuns';
import { saveUpload, uploadFileName } from '@/lib/1-ingest/runs/saveUpload';
import { webBoss } from '@/lib/platform/jobs/webBoss';
import { answerRequest } from '@/lib/platform/http/requestError';

export const dynamic = 'force-dynamic';

/** The latest imports. */
export async function GET(): Promise<Response> {
  return Response.json(await listImportRuns(prisma()));
}

/**
 * Starts an import. JSON `{ kind: 'path' | 'git', source, name? }`, or an archive as the raw
 * body with `?filename=NAME.tar.gz&name=`. 202 with the import (follow it at /api/imports/ID);
 * 400 with what to fix; 401/403 unless a reviewer or admin is signed in (checked before the
 * upload is read).
 */
export async function POST(request: Request): Promise<Response> {
  const url = new URL(request.url);
  let importRequest: ImportRequest;
  return answerRequest(async () => {
    const user = await requireRole(request.headers, 'reviewer');
    if ((request.headers.get('content-type') ?? '').startsWith('application/json')) {
      const body = (await request.json().catch(() => null)) as { kind?: unknown; source?: unknown; name?: unknown } | null;
      if (!body || (body.kind !== 'path' && body.kind !== 'git') || typeof body.source !== 'string' || body.source.trim() === '') {
        return Response.json({ error: 'Send { "kind": "path" | "git", "source": "...", "name"?: "..." }, or upload an archive.' }, { status: 400 });
      }
      importRequest = { kind: body.kind, source: body.source, name: typeof body.name === 'string' ? body.name.trim() : null };
    } else {
      const fileName = uploadFileName(url.searchParams.get('filename'));
      const name = url.searchParams.get('name')?.trim() || null;
      checkImportRequest({ kind: 'upload', fileName, uploadPath: '', name }); // before the bytes are stored
      const saved = await saveUpload(request.body as WebReadableStream<Uint8Array> | null, fileName);
      importRequest = { kind: 'upload', fileName, uploadPath: saved.path, name };
    }
    const run = await requestImport(prisma(), await webBoss(), importRequest, user.id);
    return Response.json(await getImportRun(prisma(), run.id), { status: 202 });
  });
}
