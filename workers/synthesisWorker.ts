import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { consume } from '../lib/platform/jobs/queue';
import { synthesisQueue } from '../lib/platform/jobs/queues';
import { runSynthesis } from '../lib/2-synthesize/runs/runSynthesis';
import { requestFollowOnSearch } from '../lib/3-search/runs/requestSearch';

/** Consumer of the synthesis queue: a thin shell over lib/2-synthesize/runs, handing a stored trajectory on to the search its run asks for. */
export function startSynthesisWorker(boss: PgBoss, prisma: PrismaClient, concurrency: number) {
  return consume(boss, synthesisQueue, ({ runId }) => runSynthesis(prisma, runId, { afterStored: (trajectoryId, config) => requestFollowOnSearch(prisma, boss, trajectoryId, config) }), {
    concurrency,
  });
}
