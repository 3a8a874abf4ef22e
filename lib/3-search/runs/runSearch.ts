import type { Prisma, PrismaClient } from '@prisma/client';
import { failedAttempt } from '../../platform/jobs/failedAttempt';
import { searchQueue } from '../../platform/jobs/queues';
import { RunStoppedError } from '../../platform/jobs/stopped';
import { searchTrajectory } from '../searchTrajectory';
import { withHeartbeat, WORKER_ID } from '../../platform/jobs/heartbeat';
import { loadStructure } from '../../2-synthesize/runs/loadStructure';
import { loadTrajectory } from '../../2-synthesize/runs/loadTrajectory';
import { proposerFor, scorerFor, type SearchConfig } from './config';
import { searchSetup } from './searchSetup';
import { storeSearch } from './storeSearch';

const MAX_ATTEMPTS = (searchQueue.options.retryLimit ?? 0) + 1;

/**
 * The search job handler. Safe to run again after a crash: proposals and server scores are
 * answered from the call record, the offline scorer is deterministic, and results are written
 * in one transaction at the end. A search cancelled while it runs stops at its next heartbeat
 * or step and is never stored (storeSearch refuses a cancelled run in its transaction).
 */
export async function runSearch(prisma: PrismaClient, searchRunId: string): Promise<void> {
  const run = await prisma.searchRun.findUnique({ where: { id: searchRunId } });
  if (!run || run.status === 'succeeded' || run.status === 'cancelled') return;
  const startedAt = new Date();
  // Conditional, so a cancel that lands after the read above is not overwritten.
  const { count: claimed } = await prisma.searchRun.updateMany({
    where: { id: searchRunId, status: { notIn: ['succeeded', 'cancelled'] } },
    data: { status: 'running', startedAt, heartbeatAt: new Date(), workerId: WORKER_ID, attempts: { increment: 1 }, error: null, stepsDone: 0 },
  });
  if (claimed === 0) return;
  try {
    const config = run.config as unknown as SearchConfig;
    const { trajectory, snapshotId, repositoryId } = await loadTrajectory(prisma, run.trajectoryId);
    const structure = await loadStructure(prisma, snapshotId);
    const scorer = await scorerFor(config, { prisma, structure, repositoryId });
    const proposer = proposerFor(config, structure, prisma);
    // Recorded before searching, so a run that fails still says what it ran with.
    const setup = await searchSetup(config, scorer);
    await prisma.searchRun.update({ where: { id: searchRunId }, data: { setup: setup as unknown as Prisma.InputJsonValue } });
    // The heartbeat only touches the row while it is still this attempt's; otherwise stop.
    let stopped = false;
    const result = await withHeartbeat(
      async (stepsDone) => {
        const { count } = await prisma.searchRun.updateMany({ where: { id: searchRunId, status: 'running', startedAt }, data: { heartbeatAt: new Date(), stepsDone } });
        if (count === 0) stopped = true;
      },
      async (setProgress) => {
        return searchTrajectory(trajectory, structure, scorer, proposer, config.settings, {
          onStep: (done, total) => {
            if (stopped) throw new RunStoppedError(`Search ${searchRunId}`);
            setProgress(done);
            if (done === 1) void prisma.searchRun.update({ where: { id: searchRunId }, data: { stepsTotal: total } }).catch(() => undefined);
          },
        });
      },
    );
    // Cancelled, or retried and started again elsewhere since the last heartbeat: leave it to the newer attempt.
    if (stopped || !(await prisma.searchRun.count({ where: { id: searchRunId, status: 'running', startedAt } }))) throw new RunStoppedError(`Search ${searchRunId}`);
    await storeSearch(prisma, searchRunId, result);
  } catch (err) {
    if (err instanceof RunStoppedError) return;
    const failed = failedAttempt(err, run.attempts, MAX_ATTEMPTS);
    await prisma.searchRun.updateMany({ where: { id: searchRunId, status: { not: 'cancelled' } }, data: failed.data }).catch(() => undefined);
    if (failed.rethrow) throw err;
  }
}
