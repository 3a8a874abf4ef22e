import { createPrismaClient } from '../lib/platform/db/client';
import { openBoss } from '../lib/platform/jobs/queue';
import { recoverStaleRuns, staleSeconds } from '../lib/2-synthesize/runs/recoverStaleRuns';
import { startBulkReviewWorker } from './bulkReviewWorker';
import { startExportWorker } from './exportWorker';
import { startImportWorker } from './importWorker';
import { startSearchWorker } from './searchWorker';
import { startSynthesisWorker } from './synthesisWorker';

export interface RunningWorkers {
  stop: () => Promise<void>;
}

/**
 * Starts every queue consumer against one database, plus the stale-run watch. Any number of
 * these, on any number of machines, can share the database.
 */
export async function startWorkers(databaseUrl: string, options: { concurrency?: number; log?: (line: string) => void } = {}): Promise<RunningWorkers> {
  const log = options.log ?? ((line: string) => console.log(line));
  const prisma = createPrismaClient(databaseUrl);
  const boss = await openBoss(databaseUrl);
  await startSynthesisWorker(boss, prisma, options.concurrency ?? 2);
  await startSearchWorker(boss, prisma, options.concurrency ?? 2);
  await startImportWorker(boss, prisma, 1);
  await startBulkReviewWorker(boss, prisma, 1);
  await startExportWorker(boss, prisma, 1);
  const watch = async () => {
    try {
      const recovered = await recoverStaleRuns(prisma, boss);
      for (const id of recovered) log(`run ${id}: its worker stopped responding; queued again`);
    } catch (err) {
      log(`stale-run check failed: ${(err as Error).message}`);
    }
  };
  await watch();
  const timer = setInterval(watch, Math.max(1, staleSeconds() / 3) * 1000);
  return {
    stop: async () => {
      clearInterval(timer);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await prisma.$disconnect();
    },
  };
}
