import type { Prisma, PrismaClient } from '@prisma/client';
import { failedAttempt } from '../../platform/jobs/failedAttempt';
import { parseExportSettings, type ExportSettingsInput } from '../options';
import { exportDataset } from '../runExport';
import { progressWriter } from '../../platform/jobs/progressWriter';
import { exportQueue } from '../../platform/jobs/queues';
import { RunStoppedError } from '../../platform/jobs/stopped';
import { WORKER_ID } from '../../platform/jobs/heartbeat';
import type { ExportRunSummary } from './exportRuns';
import { exportDir, removeExportDir } from './files';

const MAX_ATTEMPTS = (exportQueue.options.retryLimit ?? 0) + 1;
/** A heartbeat even while one large trajectory is being tokenized (stale after 60 s by default). */
const HEARTBEAT_MS = 1000;

/**
 * The export job handler: `exportDataset` into RETRACE_HOME/exports/<id> (an earlier attempt's
 * files are replaced, as with --overwrite), trajectories done / total and the heartbeat written a
 * few times a second, the summary stored at the end. A finished or cancelled run is left alone.
 * A run cancelled while it runs stops at its next progress write and its partial files are
 * removed; so are a failed run's, so only a succeeded export ever offers files.
 */
export async function runExport(prisma: PrismaClient, exportRunId: string): Promise<void> {
  const run = await prisma.exportRun.findUnique({ where: { id: exportRunId } });
  if (!run || run.status === 'succeeded' || run.status === 'cancelled') return;
  const startedAt = new Date();
  // Conditional, so a cancel that lands after the read above is not overwritten.
  const { count: claimed } = await prisma.exportRun.updateMany({
    where: { id: run.id, status: { notIn: ['succeeded', 'cancelled'] } },
    data: { status: 'running', startedAt, heartbeatAt: new Date(), workerId: WORKER_ID, attempts: { increment: 1 }, error: null, done: 0, total: 0 },
  });
  if (claimed === 0) return;
  const mine = { id: run.id, status: 'running' as const, startedAt };
  // Progress is written only while the row is still this attempt's; otherwise the export stops.
  let stopped = false;
  const progress = progressWriter(async (_phase, done, total) => {
    const { count } = await prisma.exportRun.updateMany({ where: mine, data: { done, total, heartbeatAt: new Date() } });
    if (count === 0) stopped = true;
  });
  let last: [string, number, number] = ['select', 0, 0];
  const heartbeat = setInterval(() => progress.update(...last), HEARTBEAT_MS);
  try {
    const settings = parseExportSettings(run.options as ExportSettingsInput);
    const summary = await exportDataset(prisma, { ...settings, out: exportDir(run.id), overwrite: true }, (phase, done, total) => {
      if (stopped) throw new RunStoppedError(`Export ${run.id}`);
      // Trajectories are the unit: selecting counts as none done, the card as all done.
      if (phase === 'export') last = [phase, done, total];
      else if (phase === 'card') last = [phase, last[2], last[2]];
      progress.update(...last);
    });
    clearInterval(heartbeat);
    await progress.flush();
    const stored: ExportRunSummary = { files: summary.files, counts: summary.counts, tokens: summary.tokens };
    const { count } = await prisma.exportRun.updateMany({
      where: mine,
      data: { status: 'succeeded', summary: stored as unknown as Prisma.InputJsonValue, done: summary.counts.trajectories, total: summary.counts.trajectories, finishedAt: new Date() },
    });
    if (count === 0) throw new RunStoppedError(`Export ${run.id}`);
  } catch (err) {
    clearInterval(heartbeat);
    await progress.flush();
    if (err instanceof RunStoppedError) {
      // Cancelled: its files go; taken over by another worker: that attempt owns the folder now.
      const now = await prisma.exportRun.findUnique({ where: { id: run.id }, select: { status: true } });
      if (now?.status === 'cancelled') removeExportDir(run.id);
      return;
    }
    const failed = failedAttempt(err, run.attempts, MAX_ATTEMPTS);
    const { count } = await prisma.exportRun.updateMany({ where: mine, data: failed.data }).catch(() => ({ count: 0 }));
    if (failed.final && count > 0) removeExportDir(run.id);
    if (failed.rethrow) throw err;
  }
}
