import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { consume } from '../lib/jobs/queue';
import { searchQueue } from '../lib/jobs/queues';
import { runSearch } from '../lib/searchRuns/runSearch';

/** Consumer of the search queue: a thin shell over lib/searchRuns. */
export function startSearchWorker(boss: PgBoss, prisma: PrismaClient, concurrency: number) {
  return consume(boss, searchQueue, ({ searchRunId }) => runSearch(prisma, searchRunId), { concurrency });
}
