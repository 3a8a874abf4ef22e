import type { PrismaClient } from '@prisma/client';
import type { SynthesizedTrajectory } from '../types';

/** A stored step's text columns and, when it shows a file whole, that file's content (`shownFile`). */
export interface StoredStepTexts {
  actionType: string | null;
  content: string | null;
  actionContent: string | null;
  shownFile: { content: string } | null;
}

/**
 * The one place a stored step's texts come back whole. A step that shows a file (`shownFileId`,
 * see prisma/schema.prisma) stores no copy of it: an observation's `content` and a write's
 * `actionContent` are then the File's content. Prisma selects include `STEP_TEXTS_SELECT`.
 */
export function stepTexts(s: StoredStepTexts): { content: string; actionContent: string | null } {
  const file = s.shownFile?.content ?? null;
  const content = s.content ?? file;
  if (content === null) throw new Error('A stored step has neither its text nor a file to show.');
  const actionContent = s.actionContent ?? (s.actionType === 'write' ? file : null);
  return { content, actionContent };
}

/** What `stepTexts` needs, for a Prisma step select. */
export const STEP_TEXTS_SELECT = { actionType: true, content: true, actionContent: true, shownFile: { select: { content: true } } } as const;

/** A stored, complete trajectory back in the shape the agents produced it. */
export async function loadTrajectory(prisma: PrismaClient, trajectoryId: string): Promise<{ trajectory: SynthesizedTrajectory; snapshotId: string; repositoryId: string }> {
  const t = await prisma.trajectory.findUnique({
    where: { id: trajectoryId },
    include: {
      run: { include: { snapshot: { select: { repositoryId: true } } } },
      plan: { orderBy: { ordinal: 'asc' } },
      steps: { orderBy: { ordinal: 'asc' }, include: { shownFile: { select: { content: true } } } },
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
      steps: t.steps.map((s) => {
        const { content, actionContent } = stepTexts(s);
        return {
          ordinal: s.ordinal,
          agent: s.agent,
          file: s.file,
          kind: s.kind,
          action: s.actionType ? { type: s.actionType, path: s.actionPath, content: actionContent ?? '' } : null,
          content,
          tokens: s.tokens,
          lossMasked: s.lossMasked,
          ...(s.draft !== null ? { draft: s.draft } : {}),
        };
      }),
      tokenCount: t.tokenCount,
    },
  };
}
