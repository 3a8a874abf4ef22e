import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { consume } from '../lib/jobs/queue';
import { synthesisQueue } from '../lib/jobs/queues';
import { runSynthesis } from '../lib/synthesis/runSynthesis';

/** Consumer of the synthesis queue: a thin shell over lib/synthesis. */
export function startSynthesisWorker(boss: PgBoss, prisma: PrismaClient, concurrency: number) {
  return consume(boss, synthesisQueue, ({ runId }) => runSynthesis(prisma, runId, { boss }), { concurrency });
}
