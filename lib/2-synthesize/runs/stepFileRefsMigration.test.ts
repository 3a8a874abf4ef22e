/**
 * Migration 20261208000000_step_file_refs on a database holding steps stored the old way (every
 * Write and Read observation a copy): a database at the migration before it gets old-style rows,
 * then the migration runs, and the rows are what storeTrajectory stores today (the reference where
 * the text is the snapshot's file at that path, the text elsewhere) and read back unchanged.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Prisma } from '@prisma/client';
import { ingest } from '../../1-ingest/ingest';
import { applyMigrations, readMigrations } from '../../platform/db/migrate';
import { freshDatabase } from '../../testing/database';
import { tempTree } from '../../testing/tempTree';
import { checkGrounding } from '../grounding';
import { createOfflineModel } from '../offlineModel';
import { synthesize } from '../synthesize';
import type { SynthesizedTrajectory } from '../types';
import { configHash, resolveConfig } from './config';
import { loadStructure } from './loadStructure';
import { loadTrajectory } from './loadTrajectory';
import { storeTrajectory, trajectoryContentHash } from './storeTrajectory';

const MIGRATION = '20261208000000_step_file_refs';
let db: Awaited<ReturnType<typeof freshDatabase>>;

before(async () => {
  db = await freshDatabase('step_refs_migration', readMigrations().filter((m) => m.name < MIGRATION));
});

after(async () => {
  await db?.drop();
});

const TREE = {
  'pkg/__init__.py': '',
  'pkg/base.py': Array.from({ length: 40 }, (_, i) => `def f${i}(x):\n    return x + ${i}\n\n`).join(''),
  'pkg/small.py': 'from pkg.base import f1\n\n\ndef small():\n    return f1(1)\n',
  'pkg/a.py': 'from pkg.base import f2\nfrom pkg.small import small\n\nprint(f2(small()))\n',
  'pkg/b.py': 'from pkg.small import small\n\nprint(small())\n',
};

/** A run and its trajectory with every step stored as before the migration: texts copied. */
async function storeOldStyle(snapshotId: string, t: SynthesizedTrajectory, name: string): Promise<string> {
  const config = resolveConfig({ provider: 'offline', seed: name.length });
  const run = await db.prisma.synthesisRun.create({ data: { snapshotId, provider: config.provider, model: config.model, config: config as unknown as Prisma.InputJsonValue, configHash: configHash(config), status: 'succeeded' } });
  const { repositoryId } = await db.prisma.snapshot.findUniqueOrThrow({ where: { id: snapshotId } });
  const trajectory = await db.prisma.trajectory.create({
    data: { runId: run.id, requirements: t.plan.requirements, stepCount: t.steps.length, tokenCount: t.tokenCount, complete: true, repositoryId, contentHash: trajectoryContentHash(t) },
  });
  await db.prisma.planEntry.createMany({ data: t.plan.files.map((f, ordinal) => ({ trajectoryId: trajectory.id, ordinal, path: f.path, purpose: f.purpose, needs: f.needs, keySymbols: f.keySymbols })) });
  for (const s of t.steps) {
    await db.prisma.$executeRaw`
      INSERT INTO "Step" ("id", "trajectoryId", "ordinal", "agent", "file", "kind", "actionType", "actionPath", "content", "actionContent", "tokens", "lossMasked")
      VALUES (gen_random_uuid(), ${trajectory.id}::uuid, ${s.ordinal}, ${s.agent}::"StepAgent", ${s.file}, ${s.kind}::"StepKind", ${s.action?.type ?? null}::"ActionType",
              ${s.action?.path ?? null}, ${s.content}, ${s.action && s.action.type !== 'read' ? s.action.content : null}, ${s.tokens}, ${s.lossMasked})`;
  }
  return trajectory.id;
}

interface StepColumns {
  ordinal: number;
  content: string | null;
  actionContent: string | null;
  shownFileId: string | null;
}

const columns = (trajectoryId: string) =>
  db.prisma.$queryRaw<StepColumns[]>`SELECT "ordinal", "content", "actionContent", "shownFileId"::text AS "shownFileId" FROM "Step" WHERE "trajectoryId" = ${trajectoryId}::uuid ORDER BY "ordinal"`;
/** The same, before the migration: there is no shownFileId yet. */
const oldColumns = (trajectoryId: string) =>
  db.prisma.$queryRaw<StepColumns[]>`SELECT "ordinal", "content", "actionContent", NULL::text AS "shownFileId" FROM "Step" WHERE "trajectoryId" = ${trajectoryId}::uuid ORDER BY "ordinal"`;

test('the migration turns copies of the real file into references, in SQL, and leaves every other text as it was', async () => {
  const { snapshotId } = await ingest(db.prisma, tempTree(TREE), { name: 'old-steps' });
  // Another snapshot of the same paths and contents: a step references its own snapshot's file.
  const { snapshotId: otherSnapshotId } = await ingest(db.prisma, tempTree(TREE), { name: 'old-steps-twin' });
  const structure = await loadStructure(db.prisma, snapshotId);
  const trajectory = await synthesize(structure, createOfflineModel(), { readPolicy: { maxChars: 400, repeated: 'once' } });
  const oldId = await storeOldStyle(snapshotId, trajectory, 'old');
  // A Write whose stored copy is not the file (edited by hand, or from a model's draft): it must stay a copy.
  const edited: SynthesizedTrajectory = {
    ...trajectory,
    steps: trajectory.steps.map((s) => (s.action?.type === 'write' && s.action.path === 'pkg/a.py' ? { ...s, action: { ...s.action, content: `${s.action.content}# edited\n` } } : s)),
  };
  const editedId = await storeOldStyle(otherSnapshotId, edited, 'edited');
  const before = await oldColumns(oldId);
  assert.ok(before.every((r) => r.shownFileId === null && r.content !== null));

  assert.deepEqual(await applyMigrations(db.url), [MIGRATION]);

  // The same rows storeTrajectory writes today, for the same trajectory.
  const config = resolveConfig({ provider: 'offline', seed: 99 });
  const run = await db.prisma.synthesisRun.create({ data: { snapshotId, provider: config.provider, model: config.model, config: config as unknown as Prisma.InputJsonValue, configHash: configHash(config), status: 'running' } });
  const newId = await storeTrajectory(db.prisma, run.id, trajectory);
  const migrated = await columns(oldId);
  assert.deepEqual(migrated, await columns(newId));
  const files = new Map((await db.prisma.file.findMany({ where: { snapshotId }, select: { id: true, path: true } })).map((f) => [f.id, f.path]));
  const referenced = migrated.filter((r) => r.shownFileId !== null);
  assert.equal(referenced.length, 5 + 1, 'five Writes and the one Read in full');
  assert.ok(referenced.every((r) => files.has(r.shownFileId!)), 'every reference is to a file of its own snapshot');
  // Every text that is not the whole file is untouched.
  for (const [i, r] of migrated.entries()) if (r.shownFileId === null) assert.deepEqual(r, { ...before[i] });

  const loaded = await loadTrajectory(db.prisma, oldId);
  assert.deepEqual(loaded.trajectory, trajectory);
  assert.deepEqual(checkGrounding(structure, loaded.trajectory), []);
  assert.equal(trajectoryContentHash(loaded.trajectory), (await db.prisma.trajectory.findUniqueOrThrow({ where: { id: oldId } })).contentHash);

  // The edited Write stays a copy; the rest of that trajectory references the twin snapshot's files.
  const editedRows = await columns(editedId);
  const editedWrite = editedRows[edited.steps.findIndex((s) => s.action?.type === 'write' && s.action.path === 'pkg/a.py')];
  assert.equal(editedWrite.shownFileId, null);
  assert.match(editedWrite.actionContent!, /# edited\n$/);
  const twinFiles = new Set((await db.prisma.file.findMany({ where: { snapshotId: otherSnapshotId }, select: { id: true } })).map((f) => f.id));
  assert.equal(editedRows.filter((r) => r.shownFileId !== null && twinFiles.has(r.shownFileId)).length, 4 + 1);
  assert.deepEqual((await loadTrajectory(db.prisma, editedId)).trajectory, edited);
});
