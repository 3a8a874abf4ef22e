import { Prisma, type PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { enqueue } from '../../platform/jobs/queue';
import { synthesisQueue } from '../../platform/jobs/queues';
import { lockRepositoryForShare } from '../../1-ingest/repositoryLock';
import { configHash, type SynthesisConfig } from './resolveConfig';

export class SynthesisAlreadyActiveError extends Error {}

/**
 * Creates a queued run for the latest ready snapshot of a repository and enqueues its job.
 * Refused with a clear message while a run of the same snapshot and configuration is queued
 * or running (a partial unique index makes this hold across processes). `requestedById` is
 * the studio user who asked (none from the command line). The repository row is locked while the
 * run is created, so a deletion at the same moment either refuses (it sees the run) or came first.
 */
export async function requestSynthesis(prisma: PrismaClient, boss: PgBoss, repositoryName: string, config: SynthesisConfig, options: { requestedById?: string | null } = {}) {
  const snapshot = await prisma.snapshot.findFirst({
    where: { repository: { name: repositoryName }, status: 'ready' },
    orderBy: { createdAt: 'desc' },
  });
  if (!snapshot) {
    const known = await prisma.repository.count({ where: { name: repositoryName } });
    throw new Error(
      known
        ? `Repository ${repositoryName} has no ready snapshot: ingest it again.`
        : `No repository named ${repositoryName}. Ingest it first: npm run --silent retrace -- ingest SOURCE --name ${repositoryName}`,
    );
  }
  const hash = configHash(config);
  let run;
  try {
    run = await prisma.$transaction(async (tx) => {
      // Held until the run exists: a deletion of the repository at this moment waits and then sees it (and refuses), or came first.
      if (!(await lockRepositoryForShare(tx, snapshot.repositoryId))) throw new Error(`Repository ${repositoryName} was just deleted: ingest it again to synthesize it.`);
      return tx.synthesisRun.create({
        data: {
          snapshotId: snapshot.id,
          requestedById: options.requestedById ?? null,
          provider: config.provider,
          model: config.model,
          config: config as unknown as Prisma.InputJsonValue,
          configHash: hash,
          filesTotal: snapshot.sourceFileCount,
        },
      });
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      const active = await prisma.synthesisRun.findFirst({ where: { snapshotId: snapshot.id, configHash: hash, status: { in: ['queued', 'running'] } } });
      throw new SynthesisAlreadyActiveError(
        `A synthesis of ${repositoryName} with this configuration is already ${active?.status ?? 'active'} (run ${active?.id ?? '?'}). ` +
          `Wait for it (retrace jobs) or choose another configuration.`,
      );
    }
    throw err;
  }
  const jobId = await enqueue(boss, synthesisQueue, { runId: run.id });
  return prisma.synthesisRun.update({ where: { id: run.id }, data: { jobId } });
}
