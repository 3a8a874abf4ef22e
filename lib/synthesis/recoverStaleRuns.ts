import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { synthesisQueue } from '../jobs/queues';

/** A running run whose heartbeat is older than this (seconds) belongs to a dead worker. */
export const staleSeconds = () => Number(process.env.RETRACE_STALE_SECONDS ?? 60);

/**
 * Finds runs whose worker died (kill -9, lost machine): their heartbeat stopped. Each is put
 * back to queued and its job failed in pg-boss, which retries it on any live worker; the retry
 * resumes from the recorded LLM calls. Safe to run from every worker at once: the UPDATE
 * claims each stale run for exactly one of them.
 */
export async function recoverStaleRuns(prisma: PrismaClient, boss: PgBoss): Promise<string[]> {
  const stale = await prisma.$queryRaw<{ id: string; jobId: string | null }[]>`
    UPDATE "SynthesisRun"
       SET status = 'queued', error = 'the worker running it stopped responding; retrying', "heartbeatAt" = NULL
     WHERE status = 'running'
       AND "heartbeatAt" < now() - make_interval(secs => ${staleSeconds()})
    RETURNING id, "jobId"`;
  for (const run of stale) {
    if (run.jobId) await boss.fail(synthesisQueue.name, run.jobId, { reason: 'worker stopped responding' });
  }
  return stale.map((r) => r.id);
}
