import type { PrismaClient } from '@prisma/client';
import { RunStoppedError } from '../../platform/jobs/stopped';
import type { SearchResult } from '../types';
import { encodeTokenScores } from '../tokenScores';

/** Writes a search's steps and candidates, marks it succeeded and puts its means on the trajectory, in one transaction. */
export async function storeSearch(prisma: PrismaClient, searchRunId: string, result: SearchResult): Promise<void> {
  await prisma.$transaction(
    async (tx) => {
      await tx.searchStep.deleteMany({ where: { searchRunId } });
      for (const step of result.steps) {
        const stored = await tx.searchStep.create({
          data: {
            searchRunId,
            stepOrdinal: step.ordinal,
            file: step.file,
            nllBefore: step.nllBefore,
            nllAfter: step.nllAfter,
            finalText: step.finalText,
            tokenScores: step.tokenScores ? encodeTokenScores(step.tokenScores) : null,
          },
        });
        await tx.searchCandidate.createMany({
          data: step.candidates.map((c, ordinal) => ({ searchStepId: stored.id, round: c.round, ordinal, text: c.text, nll: c.nll, accepted: c.accepted, rejectedBecause: c.rejectedBecause })),
        });
      }
      // A search cancelled meanwhile stays cancelled: throwing rolls its steps back.
      const { count } = await tx.searchRun.updateMany({
        where: { id: searchRunId, status: { not: 'cancelled' } },
        data: {
          status: 'succeeded',
          finishedAt: new Date(),
          error: null,
          stepsDone: result.steps.length,
          scoredTokens: BigInt(result.scoredTokens),
          budgetExhausted: result.budgetExhausted,
          meanNllBefore: result.meanNllBefore,
          meanNllAfter: result.meanNllAfter,
        },
      });
      if (count === 0) throw new RunStoppedError(`Search ${searchRunId}`);
      const run = await tx.searchRun.findUniqueOrThrow({ where: { id: searchRunId }, select: { trajectoryId: true } });
      // The latest succeeded search's means, kept on the trajectory for review filters.
      await tx.trajectory.update({ where: { id: run.trajectoryId }, data: { nllBefore: result.meanNllBefore, nllAfter: result.meanNllAfter } });
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
}
