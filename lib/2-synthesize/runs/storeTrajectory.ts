import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '@prisma/client';
import type { PlanRepair } from '../planValidation';
import type { SynthesizedTrajectory } from '../types';
import { RunStoppedError } from '../../platform/jobs/stopped';

const CHUNK = 1000;

/** sha256 over the plan and every step (kind, agent, file, text, action): equal for identical trajectories. */
export function trajectoryContentHash(t: SynthesizedTrajectory): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(t.plan));
  for (const s of t.steps) hash.update(`\0${JSON.stringify([s.ordinal, s.agent, s.file, s.kind, s.action?.type ?? null, s.action?.path ?? null, s.action?.content ?? null, s.content])}`);
  return hash.digest('hex');
}

/**
 * Writes a run's trajectory (plan entries and steps as rows) and marks the run succeeded, in
 * one transaction: a trajectory is visible only complete. A trajectory left by an earlier
 * attempt of the same run is replaced. The new trajectory supersedes the repository's older ones.
 */
/** What was repaired in a language model's plan, as stored on the trajectory (planRepair). */
export type StoredPlanRepair = PlanRepair & { reasked?: boolean };

export async function storeTrajectory(prisma: PrismaClient, runId: string, t: SynthesizedTrajectory, planRepair: StoredPlanRepair | null = null): Promise<string> {
  return prisma.$transaction(
    async (tx) => {
      await tx.trajectory.deleteMany({ where: { runId } });
      const trajectory = await tx.trajectory.create({
        data: { runId, requirements: t.plan.requirements, stepCount: t.steps.length, tokenCount: t.tokenCount, complete: false, planRepair: planRepair ? (planRepair as unknown as Prisma.InputJsonObject) : undefined },
      });
      await tx.planEntry.createMany({
        data: t.plan.files.map((f, ordinal) => ({ trajectoryId: trajectory.id, ordinal, path: f.path, purpose: f.purpose, needs: f.needs, keySymbols: f.keySymbols })),
      });
      const rows: Prisma.StepCreateManyInput[] = t.steps.map((s) => ({
        trajectoryId: trajectory.id,
        ordinal: s.ordinal,
        agent: s.agent,
        file: s.file,
        kind: s.kind,
        actionType: s.action?.type ?? null,
        actionPath: s.action?.path ?? null,
        content: s.content,
        actionContent: s.action && s.action.type !== 'read' ? s.action.content : null,
        tokens: s.tokens,
        lossMasked: s.lossMasked,
        draft: s.draft ?? null,
      }));
      for (let i = 0; i < rows.length; i += CHUNK) await tx.step.createMany({ data: rows.slice(i, i + CHUNK) });
      const { repositoryId } = await tx.snapshot.findFirstOrThrow({ where: { runs: { some: { id: runId } } }, select: { repositoryId: true } });
      // A re-run that changed nothing is said to be identical to the repository's previous trajectory.
      const contentHash = trajectoryContentHash(t);
      const previous = await tx.trajectory.findFirst({ where: { repositoryId, complete: true, id: { not: trajectory.id } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true, contentHash: true } });
      const identicalToId = previous && previous.contentHash === contentHash ? previous.id : null;
      await tx.trajectory.update({ where: { id: trajectory.id }, data: { complete: true, repositoryId, contentHash, identicalToId } });
      // The newest trajectory of a repository supersedes the older ones; their reviews stay.
      await tx.trajectory.updateMany({ where: { repositoryId, complete: true, id: { not: trajectory.id } }, data: { supersededById: trajectory.id } });
      // A run cancelled meanwhile stays cancelled: throwing rolls the whole trajectory back.
      const { count } = await tx.synthesisRun.updateMany({
        where: { id: runId, status: { not: 'cancelled' } },
        data: { status: 'succeeded', finishedAt: new Date(), error: null, filesDone: t.plan.files.length },
      });
      if (count === 0) throw new RunStoppedError(`Synthesis ${runId}`);
      return trajectory.id;
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
}
