import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { runExport } from '../lib/exportRuns/runExport';
import { consume } from '../lib/jobs/queue';
import { exportQueue } from '../lib/jobs/queues';

/** Consumer of the export queue: a thin shell over lib/exportRuns. */
export function startExportWorker(boss: PgBoss, prisma: PrismaClient, concurrency: number) {
  return consume(boss, exportQueue, ({ exportRunId }) => runExport(prisma, exportRunId), { concurrency });
}
