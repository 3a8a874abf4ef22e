import os from 'node:os';
import type { PrismaClient } from '@prisma/client';
import { synthesize } from '../agents/synthesize';
import { synthesisQueue } from '../jobs/queues';
import { agentModelFor, type SynthesisConfig } from './config';
import { loadStructure } from './loadStructure';
import { storeTrajectory } from './storeTrajectory';

const MAX_ATTEMPTS = (synthesisQueue.options.retryLimit ?? 0) + 1;

export const WORKER_ID = `${os.hostname()}:${process.pid}`;

/** How often a running run's heartbeat is written (seconds). */
export const heartbeatSeconds = () => Number(process.env.RETRACE_HEARTBEAT_SECONDS ?? 5);

/**
 * The synthesis job handler: runs one SynthesisRun to a stored, complete trajectory.
 * Safe to run again after a crash: LLM calls already made are answered from the call record,
 * and the trajectory is written in one transaction at the end. A run that already succeeded
 * or was cancelled is left alone.
 */
export async function runSynthesis(prisma: PrismaClient, runId: string): Promise<void> {
  const run = await prisma.synthesisRun.findUnique({ where: { id: runId } });
  if (!run || run.status === 'succeeded' || run.status === 'cancelled') return;
  await prisma.synthesisRun.update({
    where: { id: runId },
    data: { status: 'running', startedAt: new Date(), heartbeatAt: new Date(), workerId: WORKER_ID, attempts: { increment: 1 }, error: null, filesDone: 0 },
  });
  let filesDone = 0;
  let written = 0;
  const heartbeat = setInterval(() => {
    // Progress rides on the heartbeat so a big repository does not write once per file.
    written = filesDone;
    prisma.synthesisRun
      .update({ where: { id: runId }, data: { heartbeatAt: new Date(), filesDone: written } })
      .catch(() => undefined);
  }, heartbeatSeconds() * 1000);
  try {
    const structure = await loadStructure(prisma, run.snapshotId);
    const model = agentModelFor(run.config as unknown as SynthesisConfig, prisma);
    const trajectory = await synthesize(structure, model, {
      onFileDone: (done) => {
        filesDone = done;
      },
    });
    clearInterval(heartbeat);
    await storeTrajectory(prisma, runId, trajectory);
  } catch (err) {
    clearInterval(heartbeat);
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
