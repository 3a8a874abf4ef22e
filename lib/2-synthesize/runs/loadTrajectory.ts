import type { PrismaClient } from '@prisma/client';
import type { SynthesizedTrajectory } from '../types';

/** A stored, complete trajectory back in the shape the agents produced it. */
export async function loadTrajectory(prisma: PrismaClient, trajectoryId: string): Promise<{ trajectory: SynthesizedTrajectory; snapshotId: string; repositoryId: string }> {
  const t = await prisma.trajectory.findUnique({
    where: { id: trajectoryId },
    include: {
      run: { include: { snapshot: { select: { repositoryId: true } } } },
      plan: { orderBy: { ordinal: 'asc' } },
      steps: { orderBy: { ordinal: 'asc' } },
    },
  });
  if (!t) throw new Error(`No trajectory ${trajectoryId}. List them with: npm run --silent retrace -- jobs`);
  if (!t.complete) throw new Error(`Trajectory ${trajectoryId} is not complete (its synthesis has not finished).`);
  return {
    snapshotId: t.run.snapshotId,
    repositoryId: t.run.snapshot.repositoryId,
    trajectory: {
      provider: t.run.provider as SynthesizedTrajectory['provider'],
      model: t.run.model,
      offline: t.run.provider === 'offline',
      plan: { requirements: t.requirements, files: t.plan.map((p) => ({ path: p.path, purpose: p.purpose, needs: p.needs, keySymbols: p.keySymbols })) },
      steps: t.steps.map((s) => ({
        ordinal: s.ordinal,
        agent: s.agent,
        file: s.file,
        kind: s.kind,
        action: s.actionType ? { type: s.actionType, path: s.actionPath, content: s.actionContent ?? '' } : null,
        content: s.content,
        tokens: s.tokens,
        lossMasked: s.lossMasked,
        ...(s.draft !== null ? { draft: s.draft } : {}),
      })),
      tokenCount: t.tokenCount,
    },
  };
}
