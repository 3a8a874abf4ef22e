import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { consume } from '../lib/platform/jobs/queue';
import { searchQueue } from '../lib/platform/jobs/queues';
import { runSearch } from '../lib/3-search/runs/runSearch';

/** Consumer of the search queue: a thin shell over lib/3-search/runs. */
export function startSearchWorker(boss: PgBoss, prisma: PrismaClient, concurrency: number) {
  return consume(boss, searchQueue, ({ searchRunId }) => runSearch(prisma, searchRunId), { concurrency });
}
