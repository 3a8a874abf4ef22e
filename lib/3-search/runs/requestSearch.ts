import { Prisma, type PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { enqueue } from '../../platform/jobs/queue';
import { searchQueue } from '../../platform/jobs/queues';
import { lockRepositoryForShare } from '../../1-ingest/repositoryLock';
import type { SynthesisConfig } from '../../2-synthesize/runs/resolveConfig';
import { searchConfigHash, type SearchConfig } from './searchConfig';

export class SearchAlreadyActiveError extends Error {}

/** Creates a queued search of a complete trajectory and enqueues its job; refused while the same search is active. */
export async function requestSearch(prisma: PrismaClient, boss: PgBoss, trajectoryId: string, config: SearchConfig) {
  const trajectory = await prisma.trajectory.findUnique({ where: { id: trajectoryId } });
  if (!trajectory) throw new Error(`No trajectory ${trajectoryId}. List runs and their trajectories with: npm run --silent retrace -- jobs`);
  if (!trajectory.complete) throw new Error(`Trajectory ${trajectoryId} is not complete yet: wait for its synthesis to finish.`);
  const configHash = searchConfigHash(config);
  const snapshot = await prisma.snapshot.findFirst({ where: { runs: { some: { id: trajectory.runId } } }, select: { repositoryId: true } });
  const gone = `The repository of trajectory ${trajectoryId} was just deleted, with its trajectories.`;
  if (!snapshot) throw new Error(gone);
  let run;
  try {
    run = await prisma.$transaction(async (tx) => {
      // Held until the search exists, so a deletion of the repository at this moment sees it (and refuses) or came first.
      if (!(await lockRepositoryForShare(tx, snapshot.repositoryId))) throw new Error(gone);
      return tx.searchRun.create({
        data: {
          trajectoryId,
          config: config as unknown as Prisma.InputJsonValue,
          configHash,
          scorerProvider: config.scorer.provider,
          scorerModel: config.scorer.model,
          proposerProvider: config.proposer.provider,
          proposerModel: config.proposer.model,
        },
      });
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      const active = await prisma.searchRun.findFirst({ where: { trajectoryId, configHash, status: { in: ['queued', 'running'] } } });
      throw new SearchAlreadyActiveError(`A search of trajectory ${trajectoryId} with this configuration is already ${active?.status ?? 'active'} (search ${active?.id ?? '?'}).`);
    }
    throw err;
  }
  const jobId = await enqueue(boss, searchQueue, { searchRunId: run.id });
  return prisma.searchRun.update({ where: { id: run.id }, data: { jobId } });
}

/** Queues the search a synthesis run's configuration asks for (`resolveSynthesisConfig`), once its trajectory is stored. */
export async function requestFollowOnSearch(prisma: PrismaClient, boss: PgBoss, trajectoryId: string, config: SynthesisConfig): Promise<void> {
  if (config.search) await requestSearch(prisma, boss, trajectoryId, config.search as SearchConfig);
}
