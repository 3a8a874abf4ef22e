import fs from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { enqueue } from '../../platform/jobs/queue';
import { importQueue } from '../../platform/jobs/queues';
import { isRepositoryName, MAX_NAME_LENGTH } from '../repositoryName';
import { RequestError } from '../../platform/http/requestError';

export type ImportRequest =
  | { kind: 'path'; source: string; name?: string | null }
  | { kind: 'git'; source: string; name?: string | null }
  | { kind: 'upload'; fileName: string; uploadPath: string; name?: string | null };

export class ImportRequestError extends RequestError {}

const GIT_URL = /^(https?:\/\/|git:\/\/|ssh:\/\/|file:\/\/|[\w.-]+@[\w.-]+:)\S+$/;
const ARCHIVE = /\.(tar\.gz|tgz|zip)$/i;

/** Checks what a request names before anything is queued, so mistakes come back at once. */
export function checkImportRequest(request: ImportRequest): void {
  if (request.name != null && request.name !== '' && !isRepositoryName(request.name)) {
    throw new ImportRequestError(`The repository name must be 1 to ${MAX_NAME_LENGTH} characters without NUL.`);
  }
  if (request.kind === 'path') {
    const source = request.source.trim();
    if (!path.isAbsolute(source)) throw new ImportRequestError(`Give the folder as an absolute path on the studio's machine (got ${JSON.stringify(source.slice(0, 200))}).`);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(source);
    } catch {
      throw new ImportRequestError(`No folder or archive at ${source} on the studio's machine. Check the path, or upload the archive instead.`);
    }
    if (!stat.isDirectory() && !(stat.isFile() && ARCHIVE.test(source))) {
      throw new ImportRequestError(`${source} is neither a folder nor a .tar.gz/.tgz/.zip archive.`);
    }
  } else if (request.kind === 'git') {
    if (!GIT_URL.test(request.source.trim())) {
      throw new ImportRequestError('That is not a git URL: use https://, ssh://, git://, file:// or git@host:path.');
    }
  }
}

/**
 * Records an import and queues it; the returned row's id is what the page follows.
 * `requestedById`: the signed-in user who asked (null from the command line).
 */
export async function requestImport(prisma: PrismaClient, boss: PgBoss, request: ImportRequest, requestedById: string | null = null) {
  checkImportRequest(request);
  const name = request.name ? request.name : null;
  const run = await prisma.importRun.create({
    data:
      request.kind === 'upload'
        ? { sourceKind: 'upload', source: request.fileName, uploadPath: request.uploadPath, name, requestedById }
        : { sourceKind: request.kind, source: request.source.trim(), name, requestedById },
  });
  try {
    const jobId = await enqueue(boss, importQueue, { importRunId: run.id });
    return await prisma.importRun.update({ where: { id: run.id }, data: { jobId } });
  } catch (err) {
    await prisma.importRun.update({ where: { id: run.id }, data: { status: 'failed', error: `Could not queue the import: ${(err as Error).message}`, finishedAt: new Date() } });
    throw err;
  }
}
