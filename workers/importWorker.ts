import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { runImport } from '../lib/imports/runImport';
import { consume } from '../lib/jobs/queue';
import { importQueue } from '../lib/jobs/queues';

/** Consumer of the import queue: a thin shell over lib/imports. */
export function startImportWorker(boss: PgBoss, prisma: PrismaClient, concurrency: number) {
  return consume(boss, importQueue, ({ importRunId }) => runImport(prisma, importRunId), { concurrency });
}
