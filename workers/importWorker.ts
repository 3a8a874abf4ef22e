import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { runImport } from '../lib/1-ingest/runs/runImport';
import { consume } from '../lib/platform/jobs/queue';
import { importQueue } from '../lib/platform/jobs/queues';

/** Consumer of the import queue: a thin shell over lib/1-ingest/runs. */
export function startImportWorker(boss: PgBoss, prisma: PrismaClient, concurrency: number) {
  return consume(boss, importQueue, ({ importRunId }) => runImport(prisma, importRunId), { concurrency });
}
