import type { PrismaClient } from '@prisma/client';
import { searchQueue } from '../jobs/queues';
import { searchTrajectory } from '../search/searchTrajectory';
import { withHeartbeat, WORKER_ID } from '../synthesis/heartbeat';
import { loadStructure } from '../synthesis/loadStructure';
import { loadTrajectory } from '../synthesis/loadTrajectory';
import { proposerFor, scorerFor, type SearchConfig } from './config';
import { storeSearch } from './storeSearch';

const MAX_ATTEMPTS = (searchQueue.options.retryLimit ?? 0) + 1;

/**
 * The search job handler. Safe to run again after a crash: proposals and server scores are
 * answered from the call record, the offline scorer is deterministic, and results are written
 * in one transaction at the end.
 */
export async function runSearch(prisma: PrismaClient, searchRunId: string): Promise<void> {
  const run = await prisma.searchRun.findUnique({ where: { id: searchRunId } });
  if (!run || run.status === 'succeeded' || run.status === 'cancelled') return;
  await prisma.searchRun.update({
    where: { id: searchRunId },
    data: { status: 'running', startedAt: new Date(), heartbeatAt: new Date(), workerId: WORKER_ID, attempts: { increment: 1 }, error: null, stepsDone: 0 },
  });
  try {
    const config = run.config as unknown as SearchConfig;
    const { trajectory, snapshotId, repositoryId } = await loadTrajectory(prisma, run.trajectoryId);
    const structure = await loadStructure(prisma, snapshotId);
    const scorer = await scorerFor(config, { prisma, structure, repositoryId });
    const proposer = proposerFor(config, structure, prisma);
    const result = await withHeartbeat(
      (stepsDone) => prisma.searchRun.update({ where: { id: searchRunId }, data: { heartbeatAt: new Date(), stepsDone } }),
      async (setProgress) => {
        return searchTrajectory(trajectory, structure, scorer, proposer, config.settings, {
          onStep: (done, total) => {
            setProgress(done);
            if (done === 1) void prisma.searchRun.update({ where: { id: searchRunId }, data: { stepsTotal: total } }).catch(() => undefined);
          },
        });
      },
    );
    await storeSearch(prisma, searchRunId, result);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const last = run.attempts + 1 >= MAX_ATTEMPTS;
    await prisma.searchRun
      .update({
        where: { id: searchRunId },
        data: last ? { status: 'failed', error: message, finishedAt: new Date() } : { status: 'queued', error: `attempt ${run.attempts + 1} of ${MAX_ATTEMPTS} failed, retrying: ${message}` },
      })
      .catch(() => undefined);
    throw err;
  }
}
