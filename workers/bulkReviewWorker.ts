import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { runBulkReview } from '../lib/4-review/runs/runBulkReview';
import { consume } from '../lib/platform/jobs/queue';
import { bulkReviewQueue } from '../lib/platform/jobs/queues';

/** Consumer of the bulk-review queue: a thin shell over lib/4-review/runs. */
export function startBulkReviewWorker(boss: PgBoss, prisma: PrismaClient, concurrency: number) {
  return consume(boss, bulkReviewQueue, ({ bulkRunId }) => runBulkReview(prisma, bulkRunId), { concurrency });
}
