import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type PgBoss from 'pg-boss';
import pg from 'pg';
import { exportDir } from '../5-export/runs/files';
import { ingest } from '../1-ingest/ingest';
import { listJobs } from './jobs/listJobs';
import { openBoss } from '../platform/jobs/queue';
import { decide } from '../4-review/decide';
import { createTestUser, storeTestTrajectory } from '../4-review/testing';
import type { Prisma } from '@prisma/client';
import { configHash, resolveConfig } from '../2-synthesize/runs/config';
import { loadStructure } from '../2-synthesize/runs/loadStructure';
import { storeTrajectory } from '../2-synthesize/runs/storeTrajectory';
import { createOfflineModel } from '../2-synthesize/offlineModel';
import { synthesize } from '../2-synthesize/synthesize';
import { requestSynthesis } from '../2-synthesize/runs/requestSynthesis';
import { freshDatabase } from '../testing/database';
import { tempTree } from '../testing/tempTree';
import { deleteRepository, latestDeletion, previewRepositoryDeletion, RepositoryDeletionError } from './deleteRepository';

/** Deleting a repository against a real PostgreSQL: what goes, what stays, refusals, and races with a synthesis being asked for. */

let db: Awaited<ReturnType<typeof freshDatabase>>;
let boss: PgBoss;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-delete-repo-'));
let reviewerId: string;
let treeDir: string;

before(async () => {
  process.env.RETRACE_HOME = home;
  db = await freshDatabase('delete_repository');
  boss = await openBoss(db.url);
  reviewerId = (await createTestUser(db.prisma, 'Dana Deleter')).id;
  treeDir = tempTree(TREE);
});
after(async () => {
  await boss.stop({ graceful: false, wait: true, timeout: 5000 });
  await db.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

const TREE = { 'README.md': '# Demo\n', 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': "import { a } from './a';\nimport x from 'left-pad';\nexport const b = a + 1;\n", 'dist/out.js': 'x' };

/** A repository ingested for real (files, outlines, edges, imports, skipped paths) with a reviewed trajectory and a search. */
async function seed(name: string): Promise<{ trajectoryId: string }> {
  await ingest(db.prisma, treeDir, { name });
  const trajectoryId = await storeTestTrajectory(db.prisma, { repositoryName: name });
  await decide(db.prisma, { trajectoryId, expectedVersion: 0, decision: 'approved', reviewerId });
  await decide(db.prisma, { trajectoryId, expectedVersion: 1, decision: 'rejected', reason: 'other', reviewerId });
  await decide(db.prisma, { trajectoryId, expectedVersion: 2, decision: 'approved', reviewerId });
  await db.prisma.searchRun.create({
    data: { trajectoryId, config: {}, configHash: `h-${name}`, scorerProvider: 'offline', scorerModel: 'm', proposerProvider: 'offline', proposerModel: 'm', status: 'succeeded', steps: { create: { stepOrdinal: 0, file: 'src/file0.ts', nllBefore: 2, nllAfter: 1, finalText: 't', candidates: { create: { round: 0, ordinal: 0, text: 't', nll: 1, accepted: true } } } } },
  });
  return { trajectoryId };
}

/** Rows of every table that hangs off a repository, for the repository named `name` (by the cascade's path). */
async function rowsOf(name: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const { rows } = await c.query(
      `WITH s AS (SELECT s.id FROM "Snapshot" s JOIN "Repository" r ON r.id = s."repositoryId" WHERE r.name = $1),
            f AS (SELECT id FROM "File" WHERE "snapshotId" IN (SELECT id FROM s)),
            run AS (SELECT id FROM "SynthesisRun" WHERE "snapshotId" IN (SELECT id FROM s)),
            t AS (SELECT id FROM "Trajectory" WHERE "runId" IN (SELECT id FROM run)),
            sr AS (SELECT id FROM "SearchRun" WHERE "trajectoryId" IN (SELECT id FROM t))
       SELECT (SELECT count(*) FROM s)::int AS snapshots, (SELECT count(*) FROM f)::int AS files,
              (SELECT count(*) FROM "Symbol" WHERE "fileId" IN (SELECT id FROM f))::int AS symbols,
              (SELECT count(*) FROM "Edge" WHERE "snapshotId" IN (SELECT id FROM s))::int AS edges,
              (SELECT count(*) FROM "ImportRef" WHERE "snapshotId" IN (SELECT id FROM s))::int AS imports,
              (SELECT count(*) FROM "SkippedFile" WHERE "snapshotId" IN (SELECT id FROM s))::int AS skipped,
              (SELECT count(*) FROM run)::int AS runs, (SELECT count(*) FROM t)::int AS trajectories,
              (SELECT count(*) FROM "Step" WHERE "trajectoryId" IN (SELECT id FROM t))::int AS steps,
              (SELECT count(*) FROM "PlanEntry" WHERE "trajectoryId" IN (SELECT id FROM t))::int AS plan,
              (SELECT count(*) FROM "Review" WHERE "trajectoryId" IN (SELECT id FROM t))::int AS reviews,
              (SELECT count(*) FROM sr)::int AS searches,
              (SELECT count(*) FROM "SearchStep" WHERE "searchRunId" IN (SELECT id FROM sr))::int AS "searchSteps"`,
      [name],
    );
    return rows[0];
  } finally {
    await c.end();
  }
}

/** A succeeded studio export whose manifest names these repositories, as runExport leaves it. */
async function writtenExport(repositories: string[], filesDeleted = false): Promise<string> {
  const run = await db.prisma.exportRun.create({ data: { options: {}, status: 'succeeded', filesDeletedAt: filesDeleted ? new Date() : null } });
  fs.mkdirSync(exportDir(run.id), { recursive: true });
  fs.writeFileSync(path.join(exportDir(run.id), 'manifest.json'), JSON.stringify({ samples: repositories.map((repository) => ({ repository })) }));
  return run.id;
}

const refusedWith = (status: number, message: RegExp) => (err: unknown) => err instanceof RepositoryDeletionError && err.status === status && message.test(err.message);

describe('deleting a repository', () => {
  test('the preview names what goes; deletion removes exactly that, leaves another repository and the export files alone, and is recorded', async () => {
    const { trajectoryId } = await seed('doomed');
    await seed('bystander');
    const holding = await writtenExport(['doomed', 'bystander', 'doomed']);
    const other = await writtenExport(['bystander']);
    await writtenExport(['doomed'], true); // its files were deleted: nothing of doomed left on disk
    const doomedSnapshot = (await db.prisma.snapshot.findFirstOrThrow({ where: { repository: { name: 'doomed' } } })).id;
    const importRun = await db.prisma.importRun.create({ data: { sourceKind: 'path', source: '/x/doomed', status: 'succeeded', repositoryName: 'doomed', snapshotId: doomedSnapshot } });
    const bystanderBefore = await rowsOf('bystander');

    const preview = (await previewRepositoryDeletion(db.prisma, 'doomed'))!;
    assert.deepEqual(preview.counts, { snapshots: 2, synthesisRuns: 1, trajectories: 1, approved: 1, reviews: 3, searchRuns: 1 });
    assert.deepEqual(preview.exports.map((e) => [e.id, e.trajectories]), [[holding, 2]]);
    assert.deepEqual(preview.jobs, []);
    assert.equal(preview.refusal, null);
    const before = await rowsOf('doomed');
    assert.ok(before.files > 0 && before.symbols > 0 && before.edges > 0 && before.imports > 0 && before.skipped > 0 && before.steps > 0 && before.searchSteps > 0, JSON.stringify(before));

    const record = await deleteRepository(db.prisma, 'doomed', { deletedById: reviewerId, confirmed: preview.counts });
    assert.equal(record.name, 'doomed');
    assert.equal(record.repositoryId, preview.repository.id);
    assert.deepEqual(record.counts, preview.counts);
    assert.deepEqual(record.exportRunIds, [holding]);
    assert.equal(record.deletedBy, 'Dana Deleter');
    assert.ok(Date.now() - record.deletedAt.getTime() < 60_000);

    assert.equal(await db.prisma.repository.count({ where: { name: 'doomed' } }), 0);
    assert.ok(Object.values(await rowsOf('doomed')).every((n) => n === 0));
    // Nothing keyed by the deleted rows is left pointing at them.
    assert.equal(await db.prisma.trajectory.count({ where: { id: trajectoryId } }), 0);
    assert.equal(await db.prisma.file.count({ where: { snapshotId: doomedSnapshot } }), 0);
    assert.equal((await db.prisma.importRun.findUniqueOrThrow({ where: { id: importRun.id } })).snapshotId, null, 'the import record stays, without its snapshot');
    const importJob = (await listJobs(db.prisma, { kind: 'import' })).find((j) => j.id === importRun.id)!;
    assert.deepEqual([importJob.subject, importJob.repositoryName], ['doomed', null], '/jobs still names it, without a link to a page that is gone');
    assert.deepEqual(await rowsOf('bystander'), bystanderBefore);
    // Export files are files: both stay as written.
    assert.ok(fs.existsSync(path.join(exportDir(holding), 'manifest.json')));
    assert.ok(fs.existsSync(path.join(exportDir(other), 'manifest.json')));
    assert.equal((await latestDeletion(db.prisma, 'doomed'))?.id, record.id);
    assert.equal(await previewRepositoryDeletion(db.prisma, 'doomed'), null);
    await assert.rejects(deleteRepository(db.prisma, 'doomed', { deletedById: reviewerId }), refusedWith(404, /No repository named "doomed"\. Dana Deleter deleted it at /));
  });

  test('reviews of other repositories stay append-only: the trigger lets only the repository being deleted lose its reviews', async () => {
    const review = await db.prisma.review.findFirstOrThrow({ where: { trajectory: { run: { snapshot: { repository: { name: 'bystander' } } } } } });
    await assert.rejects(db.prisma.review.delete({ where: { id: review.id } }), /append-only/);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      // Naming another repository's id in the setting does not unlock this one's reviews.
      await c.query('BEGIN');
      await c.query(`SELECT set_config('retrace.deleting_repository', $1, true)`, ['00000000-0000-0000-0000-000000000000']);
      await assert.rejects(c.query(`DELETE FROM "Review" WHERE id = $1`, [review.id]), /append-only/);
      await c.query('ROLLBACK');
    } finally {
      await c.end();
    }
  });

  test('refused while a job works on it, naming the job and what to do; nothing is deleted', async () => {
    const { trajectoryId } = await seed('busy');
    const snapshot = await db.prisma.snapshot.findFirstOrThrow({ where: { repository: { name: 'busy' }, status: 'ready' }, orderBy: { createdAt: 'desc' } });
    const run = await db.prisma.synthesisRun.create({ data: { snapshotId: snapshot.id, provider: 'offline', model: 'offline-structural-v1', config: {}, configHash: 'queued-one', status: 'queued' } });
    const before = await rowsOf('busy');
    const preview = (await previewRepositoryDeletion(db.prisma, 'busy'))!;
    assert.deepEqual(preview.jobs.map((j) => [j.kind, j.id, j.status]), [['synthesis', run.id, 'queued']]);
    assert.match(preview.refusal!, /busy cannot be deleted while a job works on it: synthesis offline · offline-structural-v1 \(synthesis job [0-9a-f]{8}, queued\)\. Wait for it to finish, or cancel it on the jobs page \(\/jobs\)/);
    await assert.rejects(deleteRepository(db.prisma, 'busy', { deletedById: reviewerId }), refusedWith(409, /cannot be deleted while a job works on it/));
    assert.deepEqual(await rowsOf('busy'), before);

    // Cancelled (as /jobs does), other kinds take its place one at a time.
    await db.prisma.synthesisRun.update({ where: { id: run.id }, data: { status: 'cancelled' } });
    const search = await db.prisma.searchRun.create({ data: { trajectoryId, config: {}, configHash: 'running-search', scorerProvider: 'offline', scorerModel: 'm', proposerProvider: 'offline', proposerModel: 'm', status: 'running' } });
    assert.deepEqual((await previewRepositoryDeletion(db.prisma, 'busy'))!.jobs.map((j) => j.kind), ['search']);
    await db.prisma.searchRun.update({ where: { id: search.id }, data: { status: 'failed' } });

    const unnamedImport = await db.prisma.importRun.create({ data: { sourceKind: 'path', source: '/srv/code/busy/', status: 'running' } });
    const otherImport = await db.prisma.importRun.create({ data: { sourceKind: 'git', source: 'https://example.org/x/other.git', status: 'queued' } });
    assert.deepEqual((await previewRepositoryDeletion(db.prisma, 'busy'))!.jobs.map((j) => [j.kind, j.id]), [['import', unnamedImport.id]]);
    await db.prisma.importRun.updateMany({ where: { id: { in: [unnamedImport.id, otherImport.id] } }, data: { status: 'succeeded' } });

    const bystanderTrajectory = (await db.prisma.trajectory.findFirstOrThrow({ where: { run: { snapshot: { repository: { name: 'bystander' } } } } })).id;
    const bulkElsewhere = await db.prisma.bulkReviewRun.create({ data: { requestedById: reviewerId, selection: { ids: [{ id: bystanderTrajectory, version: 3 }] }, decision: 'approved', status: 'queued' } });
    const bulkHere = await db.prisma.bulkReviewRun.create({ data: { requestedById: reviewerId, selection: { filter: { repository: 'bus' } }, decision: 'rejected', reason: 'other', status: 'running' } });
    assert.deepEqual((await previewRepositoryDeletion(db.prisma, 'busy'))!.jobs.map((j) => [j.kind, j.id]), [['bulk-review', bulkHere.id]]);
    await db.prisma.bulkReviewRun.updateMany({ where: { id: { in: [bulkElsewhere.id, bulkHere.id] } }, data: { status: 'succeeded' } });

    const exportElsewhere = await db.prisma.exportRun.create({ data: { options: { status: 'approved', repository: 'bystander' }, status: 'running' } });
    const exportPending = await db.prisma.exportRun.create({ data: { options: { status: 'pending' }, status: 'queued' } }); // busy has no pending trajectory
    const exportAll = await db.prisma.exportRun.create({ data: { options: { status: 'approved' }, status: 'queued' } });
    assert.deepEqual((await previewRepositoryDeletion(db.prisma, 'busy'))!.jobs.map((j) => [j.kind, j.id]), [['export', exportAll.id]]);
    await db.prisma.exportRun.updateMany({ where: { id: { in: [exportElsewhere.id, exportPending.id, exportAll.id] } }, data: { status: 'cancelled' } });

    assert.equal((await deleteRepository(db.prisma, 'busy', { deletedById: null })).deletedBy, null);
  });

  test('counts that changed since the confirmation are refused with the new figures', async () => {
    const { trajectoryId } = await seed('moving');
    const seen = (await previewRepositoryDeletion(db.prisma, 'moving'))!.counts;
    await decide(db.prisma, { trajectoryId, expectedVersion: 3, decision: 'rejected', reason: 'duplicate', reviewerId });
    await assert.rejects(deleteRepository(db.prisma, 'moving', { deletedById: reviewerId, confirmed: seen }), (err: unknown) => {
      assert.ok(err instanceof RepositoryDeletionError && err.status === 409, String(err));
      assert.match(err.message, /changed since you confirmed: it is now .*4 reviews/);
      assert.equal((err.body() as { preview: { counts: { reviews: number } } }).preview.counts.reviews, 4);
      return true;
    });
    assert.equal(await db.prisma.repository.count({ where: { name: 'moving' } }), 1);
  });

  test('two people deleting at once: one deletes, the other is told who did', async () => {
    await seed('twice');
    const results = await Promise.allSettled([deleteRepository(db.prisma, 'twice', { deletedById: reviewerId }), deleteRepository(db.prisma, 'twice', { deletedById: reviewerId })]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.ok(refusedWith(404, /deleted it at/)(failed.reason), String(failed.reason));
    assert.equal(await db.prisma.repositoryDeletion.count({ where: { name: 'twice' } }), 1);
  });

  test('a repository whose trajectory shows its files whole (steps referencing File rows) is deleted with them', async () => {
    const { snapshotId } = await ingest(db.prisma, treeDir, { name: 'shown' });
    const trajectory = await synthesize(await loadStructure(db.prisma, snapshotId), createOfflineModel());
    const config = resolveConfig({ provider: 'offline' });
    const run = await db.prisma.synthesisRun.create({ data: { snapshotId, provider: config.provider, model: config.model, config: config as unknown as Prisma.InputJsonValue, configHash: configHash(config), status: 'running' } });
    const trajectoryId = await storeTrajectory(db.prisma, run.id, trajectory);
    assert.ok((await db.prisma.step.count({ where: { trajectoryId, shownFileId: { not: null } } })) >= 2, 'its Writes reference its files');
    await deleteRepository(db.prisma, 'shown', { deletedById: reviewerId });
    assert.deepEqual(Object.values(await rowsOf('shown')).filter((n) => n !== 0), []);
    assert.equal(await db.prisma.step.count({ where: { trajectoryId } }), 0);
  });
});

describe('a synthesis asked for while the repository is being deleted', () => {
  const offline = resolveConfig({ provider: 'offline' });

  test('a synthesis holding the repository first makes the deletion wait, then refuse', async () => {
    await ingest(db.prisma, treeDir, { name: 'race-a' });
    const repo = await db.prisma.repository.findUniqueOrThrow({ where: { name: 'race-a' } });
    const snapshot = await db.prisma.snapshot.findFirstOrThrow({ where: { repositoryId: repo.id } });
    // What requestSynthesis does inside its transaction, held open here.
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query('BEGIN');
    await c.query(`SELECT id FROM "Repository" WHERE id = $1 FOR SHARE`, [repo.id]);
    let settled = false;
    const deletion = deleteRepository(db.prisma, 'race-a', { deletedById: reviewerId }).finally(() => (settled = true));
    deletion.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(settled, false, 'the deletion waits for the synthesis request');
    await c.query(`INSERT INTO "SynthesisRun" (id, "snapshotId", provider, model, config, "configHash") VALUES (gen_random_uuid(), $1, 'offline', 'm', '{}', 'race')`, [snapshot.id]);
    await c.query('COMMIT');
    await c.end();
    await assert.rejects(deletion, refusedWith(409, /synthesis offline · m \(synthesis job [0-9a-f]{8}, queued\)/));
    assert.equal(await db.prisma.repository.count({ where: { name: 'race-a' } }), 1);
  });

  test('a deletion holding the repository first makes the synthesis request wait, then fail saying so', async () => {
    await ingest(db.prisma, treeDir, { name: 'race-b' });
    const repo = await db.prisma.repository.findUniqueOrThrow({ where: { name: 'race-b' } });
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query('BEGIN');
    await c.query(`SELECT id FROM "Repository" WHERE id = $1 FOR UPDATE`, [repo.id]);
    let settled = false;
    const request = requestSynthesis(db.prisma, boss, 'race-b', offline).finally(() => (settled = true));
    request.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(settled, false, 'the request waits for the deletion');
    await c.query(`DELETE FROM "Repository" WHERE id = $1`, [repo.id]);
    await c.query('COMMIT');
    await c.end();
    await assert.rejects(request, /Repository race-b was just deleted/);
    assert.equal(await db.prisma.synthesisRun.count({ where: { snapshot: { repositoryId: repo.id } } }), 0);
  });

  test('both at once, many times: either the run is queued and the deletion refused, or the deletion done and the request refused', async () => {
    for (let i = 0; i < 6; i++) {
      const name = `race-many-${i}`;
      await ingest(db.prisma, treeDir, { name });
      const [asked, deleted] = await Promise.allSettled([requestSynthesis(db.prisma, boss, name, offline), deleteRepository(db.prisma, name, { deletedById: reviewerId })]);
      assert.notEqual(asked.status === 'fulfilled', deleted.status === 'fulfilled', `exactly one wins (${i}): ${JSON.stringify([asked, deleted].map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')))}`);
      if (asked.status === 'fulfilled') {
        assert.ok(refusedWith(409, /cannot be deleted while a job works on it/)((deleted as PromiseRejectedResult).reason));
        assert.equal((await db.prisma.synthesisRun.findUniqueOrThrow({ where: { id: asked.value.id } })).status, 'queued');
        await db.prisma.synthesisRun.update({ where: { id: asked.value.id }, data: { status: 'cancelled' } });
      } else {
        assert.match(String(asked.reason), /was just deleted|No repository named/);
        assert.equal(await db.prisma.synthesisRun.count({ where: { snapshot: { repository: { name } } } }), 0);
      }
    }
  });
});
