import fs from 'node:fs';
import { failedAttempt } from '../../platform/jobs/failedAttempt';
import path from 'node:path';
import type { PrismaClient } from '@prisma/client';
import { ingest } from '../ingest';
import { progressWriter } from '../../platform/jobs/progressWriter';
import { importQueue } from '../../platform/jobs/queues';
import { RunStoppedError } from '../../platform/jobs/stopped';
import { WORKER_ID } from '../../platform/jobs/heartbeat';

const MAX_ATTEMPTS = (importQueue.options.retryLimit ?? 0) + 1;

/**
 * The import job handler: ingests the run's source, writing progress to the row as it goes.
 * A finished or cancelled run is left alone; an uploaded archive is removed once the run ends.
 * A run cancelled while it runs stops at its next progress write (before storing, when the
 * cancel comes in time; a snapshot already stored stays, and the run stays cancelled).
 */
export async function runImport(prisma: PrismaClient, importRunId: string): Promise<void> {
  const run = await prisma.importRun.findUnique({ where: { id: importRunId } });
  if (!run || run.status === 'succeeded' || run.status === 'cancelled') return;
  const startedAt = new Date();
  // Conditional, so a cancel that lands after the read above is not overwritten.
  const { count: claimed } = await prisma.importRun.updateMany({
    where: { id: run.id, status: { notIn: ['succeeded', 'cancelled'] } },
    data: { status: 'running', startedAt, heartbeatAt: new Date(), workerId: WORKER_ID, attempts: { increment: 1 }, error: null, phase: 'fetch', done: 0, total: 0 },
  });
  if (claimed === 0) return;
  // Progress is written only while the row is still this attempt's; otherwise the import stops.
  let stopped = false;
  const progress = progressWriter(async (phase, done, total) => {
    const { count } = await prisma.importRun.updateMany({ where: { id: run.id, status: 'running', startedAt }, data: { phase, done, total, heartbeatAt: new Date() } });
    if (count === 0) stopped = true;
  });
  const onProgress: typeof progress.update = (phase, done, total) => {
    if (stopped) throw new RunStoppedError(`Import ${run.id}`);
    progress.update(phase, done, total);
  };
  try {
    if (run.sourceKind === 'upload' && (!run.uploadPath || !fs.existsSync(run.uploadPath))) {
      throw new Error(`The uploaded archive ${run.source} is no longer on the studio's disk (${run.uploadPath ? path.basename(run.uploadPath) : 'no file'}); upload it again.`);
    }
    const summary = await ingest(prisma, run.uploadPath ?? run.source, {
      name: run.name ?? (run.sourceKind === 'upload' ? run.source.replace(/\.(tar\.gz|tgz|zip)$/i, '') : undefined),
      recordedSource: run.source,
      onProgress,
    });
    await progress.flush();
    const { count } = await prisma.importRun.updateMany({
      where: { id: run.id, status: { not: 'cancelled' } },
      data: { status: 'succeeded', repositoryName: summary.name, duplicateOf: summary.duplicateOf, snapshotId: summary.snapshotId, created: summary.created, phase: 'store', done: 1, total: 1, finishedAt: new Date() },
    });
    removeUpload(run.uploadPath);
    if (count === 0) throw new RunStoppedError(`Import ${run.id}`);
  } catch (err) {
    await progress.flush();
    if (err instanceof RunStoppedError) {
      // Cancelled: the archive goes; taken over by another worker: it still needs the archive.
      const now = await prisma.importRun.findUnique({ where: { id: run.id }, select: { status: true } });
      if (now?.status === 'cancelled') removeUpload(run.uploadPath);
      return;
    }
    const failed = failedAttempt(err, run.attempts, MAX_ATTEMPTS);
    await prisma.importRun.updateMany({ where: { id: run.id, status: { not: 'cancelled' } }, data: failed.data }).catch(() => undefined);
    if (failed.final) removeUpload(run.uploadPath);
    if (failed.rethrow) throw err;
  }
}

function removeUpload(file: string | null) {
  if (file) fs.rmSync(file, { force: true });
}
