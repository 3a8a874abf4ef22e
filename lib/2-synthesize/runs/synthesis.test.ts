import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type PgBoss from 'pg-boss';
import { checkGrounding } from '../grounding';
import { ingest } from '../../1-ingest/ingest';
import { openBoss } from '../../platform/jobs/queue';
import { freshDatabase } from '../../testing/database';
import { tempTree } from '../../testing/tempTree';
import { startWorkers, type RunningWorkers } from '../../../workers/startWorkers';
import { resolveConfig } from './config';
import { loadStructure } from './loadStructure';
import { loadTrajectory } from './loadTrajectory';
import { requestSynthesis, SynthesisAlreadyActiveError } from './requestSynthesis';
import type { Prisma } from '@prisma/client';
import { createOfflineModel } from '../offlineModel';
import { synthesize } from '../synthesize';
import { listJobs } from '../../studio/jobs/listJobs';
import { configHash } from './config';
import { storeTrajectory, trajectoryContentHash } from './storeTrajectory';
import { getStepBody, getTrajectoryOutline, PREVIEW_CHARS } from '../../3-search/studio/trajectoryQueries';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let boss: PgBoss;
before(async () => {
  db = await freshDatabase('synthesis');
  boss = await openBoss(db.url);
});
after(async () => {
  await boss.stop({ graceful: false, wait: true, timeout: 5000 });
  await db.drop();
});

async function waitForRun(runId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await db.prisma.synthesisRun.findUniqueOrThrow({ where: { id: runId } });
    if (['succeeded', 'failed', 'cancelled'].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const FIXTURE = {
  'README.md': '# Shapes\n\nA tiny geometry library.\n',
  'shapes/__init__.py': '',
  'shapes/base.py': '"""Base shape."""\n\nclass Shape:\n    def area(self) -> float:\n        raise NotImplementedError\n',
  'shapes/circle.py': 'from shapes.base import Shape\n\nclass Circle(Shape):\n    def __init__(self, r):\n        self.r = r\n\n    def area(self):\n        return 3.14159 * self.r ** 2\n',
  'main.py': 'from shapes.circle import Circle\n\nprint(Circle(2).area())\n',
};

test('a queued synthesis is run by a worker into one complete, grounded trajectory stored as rows', async () => {
  await ingest(db.prisma, tempTree(FIXTURE), { name: 'shapes' });
  const run = await requestSynthesis(db.prisma, boss, 'shapes', resolveConfig({ provider: 'offline' }));
  assert.equal(run.status, 'queued');
  assert.ok(run.jobId);
  let workers: RunningWorkers | undefined;
  try {
    workers = await startWorkers(db.url, { concurrency: 1, log: () => {} });
    const done = await waitForRun(run.id);
    assert.equal(done.status, 'succeeded', done.error ?? '');
    assert.equal(done.filesDone, done.filesTotal);
  } finally {
    await workers?.stop();
  }
  const trajectory = await db.prisma.trajectory.findUniqueOrThrow({ where: { runId: run.id }, include: { steps: { orderBy: { ordinal: 'asc' } }, plan: { orderBy: { ordinal: 'asc' } } } });
  assert.equal(trajectory.complete, true);
  assert.equal(trajectory.stepCount, trajectory.steps.length);
  assert.deepEqual(
    trajectory.plan.map((p) => p.path),
    ['shapes/__init__.py', 'shapes/base.py', 'shapes/circle.py', 'main.py'].filter((p) => trajectory.plan.some((e) => e.path === p)),
  );
  const structure = await loadStructure(db.prisma, run.snapshotId);
  const stored = await loadTrajectory(db.prisma, trajectory.id);
  const violations = checkGrounding(structure, stored.trajectory);
  assert.deepEqual(violations, []);
});

test('asking again while a run of the same snapshot and configuration is active is refused', async () => {
  await ingest(db.prisma, tempTree({ 'a.py': 'import b\n', 'b.py': '' }), { name: 'twice' });
  const config = resolveConfig({ provider: 'offline' });
  const first = await requestSynthesis(db.prisma, boss, 'twice', config);
  await assert.rejects(requestSynthesis(db.prisma, boss, 'twice', config), (err: Error) => {
    assert.ok(err instanceof SynthesisAlreadyActiveError);
    assert.match(err.message, new RegExp(`already queued \\(run ${first.id}\\)`));
    return true;
  });
  // Another configuration is a different synthesis.
  const other = await requestSynthesis(db.prisma, boss, 'twice', resolveConfig({ provider: 'offline', seed: 7 }));
  assert.notEqual(other.id, first.id);
});

test('an unknown repository is refused with what to do', async () => {
  await assert.rejects(requestSynthesis(db.prisma, boss, 'nope', resolveConfig({ provider: 'offline' })), /No repository named nope\. Ingest it first/);
});

test('a re-run that changes nothing is stored as identical to the previous trajectory, and listed so', async () => {
  const { snapshotId } = await ingest(db.prisma, tempTree({ 'a.py': 'from b import f\n\nf()\n', 'b.py': 'def f():\n    return 1\n' }), { name: 'identical' });
  const structure = await loadStructure(db.prisma, snapshotId);
  const trajectory = await synthesize(structure, createOfflineModel());
  const config = resolveConfig({ provider: 'offline' });
  const store = async (t: typeof trajectory) => {
    const run = await db.prisma.synthesisRun.create({ data: { snapshotId, provider: config.provider, model: config.model, config: config as unknown as Prisma.InputJsonValue, configHash: configHash(config), status: 'running' } });
    return { runId: run.id, trajectoryId: await storeTrajectory(db.prisma, run.id, t) };
  };
  const first = await store(trajectory);
  const second = await store(trajectory);
  const changed = await store({ ...trajectory, steps: trajectory.steps.map((s, i) => (i === 0 ? { ...s, content: `${s.content} (edited)` } : s)) });
  const row = (id: string) => db.prisma.trajectory.findUniqueOrThrow({ where: { id } });
  assert.equal((await row(first.trajectoryId)).identicalToId, null);
  assert.equal((await row(second.trajectoryId)).identicalToId, first.trajectoryId);
  assert.equal((await row(changed.trajectoryId)).identicalToId, null);
  const jobs = await listJobs(db.prisma, { kind: 'synthesis' });
  assert.equal(jobs.find((j) => j.id === second.runId)?.identicalTo, first.trajectoryId);
  assert.equal(jobs.find((j) => j.id === changed.runId)?.identicalTo, null);
});

test('a stored trajectory references the files it shows whole instead of copying them, and reads back the same', async () => {
  const base = Array.from({ length: 40 }, (_, i) => `def f${i}(x):\n    return x + ${i}\n\n`).join('');
  const { snapshotId } = await ingest(
    db.prisma,
    tempTree({
      'pkg/__init__.py': '',
      'pkg/base.py': base,
      'pkg/small.py': 'from pkg.base import f1\n\n\ndef small():\n    return f1(1)\n',
      'pkg/a.py': 'from pkg.base import f2\nfrom pkg.small import small\n\nprint(f2(small()))\n',
      'pkg/b.py': 'from pkg.small import small\n\nprint(small())\n',
    }),
    { name: 'references' },
  );
  const structure = await loadStructure(db.prisma, snapshotId);
  // base.py is read truncated, then as a reference; small.py in full, then as a reference.
  const trajectory = await synthesize(structure, createOfflineModel(), { readPolicy: { maxChars: 400, repeated: 'once' } });
  const config = resolveConfig({ provider: 'offline' });
  const run = await db.prisma.synthesisRun.create({ data: { snapshotId, provider: config.provider, model: config.model, config: config as unknown as Prisma.InputJsonValue, configHash: configHash(config), status: 'running' } });
  const trajectoryId = await storeTrajectory(db.prisma, run.id, trajectory);

  const files = new Map((await db.prisma.file.findMany({ where: { snapshotId }, select: { id: true, path: true, content: true } })).map((f) => [f.path, f]));
  const rows = await db.prisma.step.findMany({ where: { trajectoryId }, orderBy: { ordinal: 'asc' } });
  const seen = { writes: 0, whole: 0, truncated: 0, references: 0 };
  for (const [i, row] of rows.entries()) {
    const step = trajectory.steps[i];
    const read = trajectory.steps[i - 1]?.action;
    if (step.action?.type === 'write') {
      seen.writes++;
      const file = files.get(step.action.path!)!;
      assert.equal(row.shownFileId, file.id, `${step.action.path}: the Write references its File`);
      assert.equal(row.actionContent, null, 'and holds no copy');
      assert.equal(row.content, `Write(${step.action.path})`);
      assert.equal(file.content, step.action.content);
    } else if (step.kind === 'observation' && read?.type === 'read') {
      const file = files.get(read.path!)!;
      if (step.content === file.content) {
        seen.whole++;
        assert.equal(row.shownFileId, file.id, `the whole Read of ${read.path} references its File`);
        assert.equal(row.content, null, 'and holds no copy');
      } else {
        if (step.content.includes('is shown in full earlier')) seen.references++;
        else seen.truncated++;
        assert.equal(row.shownFileId, null, 'a truncation or a reference stays text');
        assert.equal(row.content, step.content);
      }
    } else {
      assert.equal(row.shownFileId, null, `step ${i} (${step.kind}) shows no file`);
      assert.equal(row.content, step.content);
    }
  }
  assert.deepEqual(seen, { writes: 5, whole: 1, truncated: 1, references: 2 });

  // Read back: the same trajectory, grounded (every Write is its File), with the same content hash.
  const stored = await loadTrajectory(db.prisma, trajectoryId);
  assert.deepEqual(stored.trajectory, trajectory);
  assert.deepEqual(checkGrounding(structure, stored.trajectory), []);
  const { contentHash } = await db.prisma.trajectory.findUniqueOrThrow({ where: { id: trajectoryId } });
  assert.equal(contentHash, trajectoryContentHash(stored.trajectory));

  // The studio's replay reads the same texts: the outline's previews and a step's bodies.
  const outline = (await getTrajectoryOutline(db.prisma, trajectoryId))!;
  for (const step of trajectory.steps) {
    const o = outline.steps[step.ordinal];
    assert.equal(o.preview, [...step.content].slice(0, PREVIEW_CHARS).join(''));
    assert.equal(o.truncated, [...step.content].length > PREVIEW_CHARS);
    assert.equal(o.hasActionContent, step.action !== null && step.action.type !== 'read');
    const body = (await getStepBody(db.prisma, trajectoryId, step.ordinal))!;
    assert.equal(body.content, step.content);
    assert.equal(body.actionContent, step.action && step.action.type !== 'read' ? step.action.content : null);
  }

  // The database keeps it so: no copy beside a reference, no step without its text or file.
  const write = rows.find((r) => r.actionType === 'write')!;
  await assert.rejects(db.prisma.step.update({ where: { id: write.id }, data: { actionContent: 'a copy' } }), /Step_shows_file_once/);
  await assert.rejects(db.prisma.step.update({ where: { id: write.id }, data: { shownFileId: null } }), /Step_write_text_or_file/);
  const observation = rows.find((r) => r.kind === 'observation' && r.shownFileId)!;
  await assert.rejects(db.prisma.step.update({ where: { id: observation.id }, data: { shownFileId: null } }), /Step_text_or_file/);
});
