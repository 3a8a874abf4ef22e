import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { runExport } from '../lib/5-export/runs/runExport';
import { consume } from '../lib/platform/jobs/queue';
import { exportQueue } from '../lib/platform/jobs/queues';

/** Consumer of the export queue: a thin shell over lib/5-export/runs. */
export function startExportWorker(boss: PgBoss, prisma: PrismaClient, concurrency: number) {
  return consume(boss, exportQueue, ({ exportRunId }) => runExport(prisma, exportRunId), { concurrency });
}
