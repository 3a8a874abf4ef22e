import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '@prisma/client';
import type { PlanRepair } from '../planValidation';
import type { SynthesizedTrajectory } from '../types';
import { RunStoppedError } from '../../platform/jobs/stopped';
import { fileSha256 } from '../../1-ingest/structure/extractStructure';

const CHUNK = 1000;

/** sha256 over the plan and every step (kind, agent, file, text, action): equal for identical trajectories. */
export function trajectoryContentHash(t: SynthesizedTrajectory): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(t.plan));
  for (const s of t.steps) hash.update(`\0${JSON.stringify([s.ordinal, s.agent, s.file, s.kind, s.action?.type ?? null, s.action?.path ?? null, s.action?.content ?? null, s.content])}`);
  return hash.digest('hex');
}

/**
 * Step ordinal → id of the snapshot's File the step shows whole: a Write whose content is the
 * file at its path, and an observation right after a Read whose text is the whole file read
 * (not a truncation or a reference). Compared by File.sha256 (of the content, as ingestion
 * stored it), so no file content is transferred; a text that is not the file stays a copy.
 */
async function fileReferences(tx: Prisma.TransactionClient, snapshotId: string, t: SynthesizedTrajectory): Promise<Map<number, string>> {
  const wanted = new Map<number, { path: string; text: string }>();
  t.steps.forEach((s, i) => {
    if (s.kind === 'action' && s.action?.type === 'write' && s.action.path !== null) wanted.set(s.ordinal, { path: s.action.path, text: s.action.content });
    const read = t.steps[i - 1]?.action;
    if (s.kind === 'observation' && read?.type === 'read' && read.path !== null) wanted.set(s.ordinal, { path: read.path, text: s.content });
  });
  const paths = [...new Set([...wanted.values()].map((w) => w.path))];
  const files = new Map<string, { id: string; sha256: string }>();
  for (let i = 0; i < paths.length; i += CHUNK) {
    for (const f of await tx.file.findMany({ where: { snapshotId, path: { in: paths.slice(i, i + CHUNK) } }, select: { id: true, path: true, sha256: true } })) files.set(f.path, f);
  }
  const shown = new Map<number, string>();
  for (const [ordinal, { path, text }] of wanted) {
    const file = files.get(path);
    if (file && file.sha256 === fileSha256(text)) shown.set(ordinal, file.id);
  }
  return shown;
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
      const { snapshotId } = await tx.synthesisRun.findUniqueOrThrow({ where: { id: runId }, select: { snapshotId: true } });
      const shown = await fileReferences(tx, snapshotId, t);
      const rows: Prisma.StepCreateManyInput[] = t.steps.map((s) => {
        const fileId = shown.get(s.ordinal) ?? null;
        return {
          trajectoryId: trajectory.id,
          ordinal: s.ordinal,
          agent: s.agent,
          file: s.file,
          kind: s.kind,
          actionType: s.action?.type ?? null,
          actionPath: s.action?.path ?? null,
          // A step that shows a file whole stores the reference instead of the copy (loadTrajectory's stepTexts reads it back).
          content: fileId && s.kind === 'observation' ? null : s.content,
          actionContent: s.action && s.action.type !== 'read' && !fileId ? s.action.content : null,
          shownFileId: fileId,
          tokens: s.tokens,
          lossMasked: s.lossMasked,
          draft: s.draft ?? null,
        };
      });
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
