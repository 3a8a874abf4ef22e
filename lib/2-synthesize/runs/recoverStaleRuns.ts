import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { bulkReviewQueue, exportQueue, importQueue, searchQueue, synthesisQueue } from '../../platform/jobs/queues';

/** A running run whose heartbeat is older than this (seconds) belongs to a dead worker. */
export const staleSeconds = () => Number(process.env.RETRACE_STALE_SECONDS ?? 60);

/** Tables of heartbeat-carrying runs and the queue each one's jobs live on. */
const RUN_KINDS = [
  { table: 'SynthesisRun', queue: synthesisQueue.name },
  { table: 'SearchRun', queue: searchQueue.name },
  { table: 'ImportRun', queue: importQueue.name },
  { table: 'BulkReviewRun', queue: bulkReviewQueue.name },
  { table: 'ExportRun', queue: exportQueue.name },
] as const;

/**
 * Finds runs whose worker died (kill -9, lost machine): their heartbeat stopped. Each is put
 * back to queued and its job failed in pg-boss, which retries it on any live worker; the retry
 * resumes from the recorded LLM calls. Safe to run from every worker at once: the UPDATE
 * claims each stale run for exactly one of them.
 */
export async function recoverStaleRuns(prisma: PrismaClient, boss: PgBoss): Promise<string[]> {
  const recovered: string[] = [];
  for (const { table, queue } of RUN_KINDS) {
    // The table name is one of the constants above, never user input.
    const stale = await prisma.$queryRawUnsafe<{ id: string; jobId: string | null }[]>(
      `UPDATE "${table}"
          SET status = 'queued', error = 'the worker running it stopped responding; retrying', "heartbeatAt" = NULL
        WHERE status = 'running' AND "heartbeatAt" < now() - make_interval(secs => $1)
      RETURNING id, "jobId"`,
      staleSeconds(),
    );
    for (const run of stale) {
      if (run.jobId) await boss.fail(queue, run.jobId, { reason: 'worker stopped responding' });
      recovered.push(run.id);
    }
  }
  return recovered;
}
