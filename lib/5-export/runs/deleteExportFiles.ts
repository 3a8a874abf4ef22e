import type { PrismaClient } from '@prisma/client';
import { RequestError } from '../../platform/http/requestError';
import { isUuid } from '../../platform/http/requestValues';
import { getExportRun, type ExportRunView } from './exportRuns';
import { removeExportDir } from './files';

/** A deletion the studio refuses; the message says why and what to do instead. */
export class ExportDeleteError extends RequestError {}

/**
 * Deletes a succeeded export's files from RETRACE_HOME/exports/<id>. The run stays, marked with
 * who deleted its files and when, as the record of what was exported (its card's figures stay).
 * Conditional on the row, so two people deleting at once both see it done once; a queued or
 * running export must be cancelled first, and a failed or cancelled one has no files left.
 */
export async function deleteExportFiles(prisma: PrismaClient, id: string, userId: string): Promise<ExportRunView> {
  if (!isUuid(id)) throw new ExportDeleteError(`No export ${JSON.stringify(String(id).slice(0, 100))}.`, 404);
  const deletedAt = new Date();
  const { count } = await prisma.exportRun.updateMany({
    where: { id, status: 'succeeded', filesDeletedAt: null },
    data: { filesDeletedAt: deletedAt, filesDeletedById: userId },
  });
  if (count === 0) throw await refusal(prisma, id);
  try {
    removeExportDir(id);
  } catch (err) {
    // The files are still there: the record must not say otherwise.
    await prisma.exportRun.updateMany({ where: { id, filesDeletedAt: deletedAt }, data: { filesDeletedAt: null, filesDeletedById: null } });
    throw new Error(`Could not delete the files of export ${id}: ${(err as Error).message}. Check the permissions of RETRACE_HOME/exports/${id} on the studio's machine.`);
  }
  return (await getExportRun(prisma, id))!;
}

async function refusal(prisma: PrismaClient, id: string): Promise<ExportDeleteError> {
  const run = await getExportRun(prisma, id);
  if (!run) return new ExportDeleteError(`No export ${id}.`, 404);
  if (run.filesDeletedAt) {
    const by = run.filesDeletedBy ?? 'someone';
    return new ExportDeleteError(`${by} already deleted this export's files at ${run.filesDeletedAt.toISOString().slice(11, 16)} UTC.`, 409);
  }
  if (run.status === 'queued' || run.status === 'running') {
    return new ExportDeleteError(`This export is ${run.status}: cancel it on the jobs page first (a cancelled export's files are removed).`, 409);
  }
  return new ExportDeleteError(`This export ${run.status === 'failed' ? 'failed' : 'was cancelled'}, so it has no files to delete.`, 409);
}
