import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { runBulkReview } from '../lib/bulkReview/runBulkReview';
import { consume } from '../lib/jobs/queue';
import { bulkReviewQueue } from '../lib/jobs/queues';

/** Consumer of the bulk-review queue: a thin shell over lib/bulkReview. */
export function startBulkReviewWorker(boss: PgBoss, prisma: PrismaClient, concurrency: number) {
  return consume(boss, bulkReviewQueue, ({ bulkRunId }) => runBulkReview(prisma, bulkRunId), { concurrency });
}
