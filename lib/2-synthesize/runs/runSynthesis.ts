import type { PrismaClient } from '@prisma/client';
import { failedAttempt } from '../../platform/jobs/failedAttempt';
import { RunStoppedError } from '../../platform/jobs/stopped';
import type { LlmAgentModel } from '../llmModel';
import { repairedAnything } from '../planValidation';
import { synthesize } from '../synthesize';
import { synthesisQueue } from '../../platform/jobs/queues';
import { agentModelFor, readPolicyFor, type SynthesisConfig } from './config';
import { withHeartbeat, WORKER_ID } from '../../platform/jobs/heartbeat';
import { loadStructure } from './loadStructure';
import { storeTrajectory, type StoredPlanRepair } from './storeTrajectory';

const MAX_ATTEMPTS = (synthesisQueue.options.retryLimit ?? 0) + 1;

/**
 * The synthesis job handler: runs one SynthesisRun to a stored, complete trajectory.
 * Safe to run again after a crash: LLM calls already made are answered from the call record,
 * and the trajectory is written in one transaction at the end. A run that already succeeded
 * or was cancelled is left alone; one cancelled while it runs stops at its next heartbeat or
 * file, and is never stored (storeTrajectory refuses a cancelled run in its transaction).
 * `afterStored` gets the stored trajectory and the run's configuration: the worker queues the
 * search the configuration asks for there (a later stage, so not imported here).
 */
export async function runSynthesis(
  prisma: PrismaClient,
  runId: string,
  options: { afterStored?: (trajectoryId: string, config: SynthesisConfig) => Promise<void> } = {},
): Promise<void> {
  const run = await prisma.synthesisRun.findUnique({ where: { id: runId } });
  if (!run || run.status === 'succeeded' || run.status === 'cancelled') return;
  const startedAt = new Date();
  // Conditional, so a cancel that lands after the read above is not overwritten.
  const { count: claimed } = await prisma.synthesisRun.updateMany({
    where: { id: runId, status: { notIn: ['succeeded', 'cancelled'] } },
    data: { status: 'running', startedAt, heartbeatAt: new Date(), workerId: WORKER_ID, attempts: { increment: 1 }, error: null, filesDone: 0 },
  });
  if (claimed === 0) return;
  try {
    const structure = await loadStructure(prisma, run.snapshotId);
    const model = agentModelFor(run.config as unknown as SynthesisConfig, prisma);
    // The heartbeat only touches the row while it is still this attempt's; otherwise stop.
    let stopped = false;
    let planRepair: StoredPlanRepair | null = null;
    const trajectory = await withHeartbeat(
      async (filesDone) => {
        const { count } = await prisma.synthesisRun.updateMany({ where: { id: runId, status: 'running', startedAt }, data: { heartbeatAt: new Date(), filesDone } });
        if (count === 0) stopped = true;
      },
      (setProgress) =>
        synthesize(structure, model, {
          readPolicy: readPolicyFor(run.config as unknown as SynthesisConfig),
          onPlanRepair: (repair) => (planRepair = repair),
          onFileDone: (done) => {
            if (stopped) throw new RunStoppedError(`Synthesis ${runId}`);
            setProgress(done);
          },
        }),
    );
    // Cancelled, or retried and started again elsewhere since the last heartbeat: leave it to the newer attempt.
    if (stopped || !(await prisma.synthesisRun.count({ where: { id: runId, status: 'running', startedAt } }))) throw new RunStoppedError(`Synthesis ${runId}`);
    // The language model's own repair (with whether it re-asked) is the one that changed the plan.
    const modelRepair = 'lastPlanRepair' in model ? (model as LlmAgentModel).lastPlanRepair : null;
    const repair = modelRepair && (modelRepair.reasked || repairedAnything(modelRepair)) ? modelRepair : planRepair;
    const trajectoryId = await storeTrajectory(prisma, runId, trajectory, repair);
    const config = run.config as unknown as SynthesisConfig;
    await options.afterStored?.(trajectoryId, config);
  } catch (err) {
    if (err instanceof RunStoppedError) return;
    // The queue retries the job; the run stays active (queued) until its last attempt fails.
    const failed = failedAttempt(err, run.attempts, MAX_ATTEMPTS);
    await prisma.synthesisRun.updateMany({ where: { id: runId, status: { not: 'cancelled' } }, data: failed.data }).catch(() => undefined);
    if (failed.rethrow) throw err;
  }
}
