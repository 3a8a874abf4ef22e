import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { requestSearch } from '../searchRuns/requestSearch';
import { synthesize } from '../agents/synthesize';
import { synthesisQueue } from '../jobs/queues';
import { agentModelFor, type SynthesisConfig } from './config';
import { withHeartbeat, WORKER_ID } from './heartbeat';
import { loadStructure } from './loadStructure';
import { storeTrajectory } from './storeTrajectory';

const MAX_ATTEMPTS = (synthesisQueue.options.retryLimit ?? 0) + 1;

/**
 * The synthesis job handler: runs one SynthesisRun to a stored, complete trajectory.
 * Safe to run again after a crash: LLM calls already made are answered from the call record,
 * and the trajectory is written in one transaction at the end. A run that already succeeded
 * or was cancelled is left alone.
 */
export async function runSynthesis(prisma: PrismaClient, runId: string, options: { boss?: PgBoss } = {}): Promise<void> {
  const run = await prisma.synthesisRun.findUnique({ where: { id: runId } });
  if (!run || run.status === 'succeeded' || run.status === 'cancelled') return;
  await prisma.synthesisRun.update({
    where: { id: runId },
    data: { status: 'running', startedAt: new Date(), heartbeatAt: new Date(), workerId: WORKER_ID, attempts: { increment: 1 }, error: null, filesDone: 0 },
  });
  try {
    const structure = await loadStructure(prisma, run.snapshotId);
    const model = agentModelFor(run.config as unknown as SynthesisConfig, prisma);
    const trajectory = await withHeartbeat(
      (filesDone) => prisma.synthesisRun.update({ where: { id: runId }, data: { heartbeatAt: new Date(), filesDone } }),
      (setProgress) => synthesize(structure, model, { onFileDone: (done) => setProgress(done) }),
    );
    const trajectoryId = await storeTrajectory(prisma, runId, trajectory);
    const config = run.config as unknown as SynthesisConfig;
    if (config.search && options.boss) await requestSearch(prisma, options.boss, trajectoryId, config.search);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // The queue retries the job; the run stays active (queued) until its last attempt fails.
    const last = run.attempts + 1 >= MAX_ATTEMPTS;
    await prisma.synthesisRun
      .update({
        where: { id: runId },
        data: last
          ? { status: 'failed', error: message, finishedAt: new Date() }
          : { status: 'queued', error: `attempt ${run.attempts + 1} of ${MAX_ATTEMPTS} failed, retrying: ${message}` },
      })
      .catch(() => undefined);
    throw err;
  }
}
