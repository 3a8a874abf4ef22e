import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { startWorkers } from '../../../workers/startWorkers';
import { openBoss } from '../../platform/jobs/queue';
import { exportQueue } from '../../platform/jobs/queues';
import { cancelJob, retryJob } from '../../studio/jobs/jobActions';
import { listJobs } from '../../studio/jobs/listJobs';
import { decide } from '../../4-review/decide';
import { createTestUser, storeTestTrajectory } from '../../4-review/testing';
import { recoverStaleRuns } from '../../2-synthesize/runs/recoverStaleRuns';
import { freshDatabase } from '../../testing/database';
import { getExportRun, listExportRuns } from './exportRuns';
import { exportDir, exportFilePath, listExportFiles } from './files';
import { checkExportOptions, ExportRequestError, requestExport } from './requestExport';
import { runExport } from './runExport';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let boss: PgBoss;
let reviewer: { id: string; name: string };
const approved: string[] = [];
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-export-runs-'));

before(async () => {
  process.env.RETRACE_HOME = home;
  process.env.RETRACE_STALE_SECONDS = '1';
  db = await freshDatabase('export_runs');
  boss = await openBoss(db.url);
  reviewer = await createTestUser(db.prisma, 'Erin Exporter');
  for (const name of ['exp-one', 'exp-two']) {
    const id = await storeTestTrajectory(db.prisma, { repositoryName: name, files: 3 });
    await decide(db.prisma, { trajectoryId: id, expectedVersion: 0, decision: 'approved', reviewerId: reviewer.id });
    approved.push(id);
  }
});
after(async () => {
  delete process.env.RETRACE_STALE_SECONDS;
  await boss.stop({ graceful: false, wait: true, timeout: 5000 });
  await db.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

const refusedWith = (message: RegExp) => (err: unknown) => err instanceof ExportRequestError && message.test(err.message);

/** The client with exportRun.updateMany wrapped: `onProgress` runs before the first progress write. */
function onFirstProgressWrite(prisma: PrismaClient, onProgress: () => Promise<unknown>): PrismaClient {
  let fired = false;
  return new Proxy(prisma, {
    get(target, prop) {
      if (prop !== 'exportRun') return Reflect.get(target, prop, target);
      return new Proxy(target.exportRun, {
        get(delegate, method) {
          const fn = Reflect.get(delegate, method, delegate);
          if (method !== 'updateMany') return typeof fn === 'function' ? fn.bind(delegate) : fn;
          return async (args: { data: { done?: number; status?: string } }) => {
            if (!fired && args.data.done !== undefined && args.data.status === undefined) {
              fired = true;
              await onProgress();
            }
            return fn.call(delegate, args);
          };
        },
      });
    },
  }) as PrismaClient;
}

describe('checking a request', () => {
  test('refuses what the command line refuses, in the words of the form, and tokenizer paths not on this machine', () => {
    const notJson = path.join(home, 'tokenizer.txt');
    fs.writeFileSync(notJson, '');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ status: 'great' }, /The status filter takes approved, pending, rejected, needs_resynthesis or all, not "great"/],
      [{ format: 'csv' }, /The format takes jsonl or parquet/],
      [{ tokenizer: 'gpt9' }, /Unknown tokenizer "gpt9"/],
      [{ tokenizer: notJson }, /Unknown tokenizer/],
      [{ tokenizer: 'relative/tokenizer.json' }, /absolute path on the studio's machine/],
      [{ tokenizer: path.join(home, 'missing', 'tokenizer.json') }, /No file at .*tokenizer\.json/],
      [{ context: 0 }, /The context length takes a positive whole number/],
      [{ context: '12x' }, /The context length takes a positive whole number/],
      [{ atif: 'yes' }, /"ATIF" is true or false/],
    ];
    for (const [options, message] of cases) assert.throws(() => checkExportOptions(options), refusedWith(message), JSON.stringify(options));
    assert.deepEqual(checkExportOptions({ format: 'parquet', tokenizer: 'o200k', context: '4096', atif: true, repository: '' }), {
      status: 'approved',
      includeSuperseded: false,
      format: 'parquet',
      tokenizer: 'o200k',
      context: 4096,
      pad: false,
      withText: false,
      atif: true,
    });
  });

  test('a selection that matches nothing is refused at once with what to do, and nothing is recorded', async () => {
    await assert.rejects(requestExport(db.prisma, boss, { options: { status: 'rejected' }, requestedById: null }), refusedWith(/No trajectories are rejected .*"include superseded" is ticked.*choose another status/));
    await assert.rejects(requestExport(db.prisma, boss, { options: { repository: 'nope' }, requestedById: null }), refusedWith(/No repository named "nope"/));
    assert.equal(await db.prisma.exportRun.count(), 0);
  });
});

describe('running exports', () => {
  let firstId: string;

  test('queued with a job, then written under RETRACE_HOME/exports/ID with progress, the summary and every file listed', async () => {
    const queued = await requestExport(db.prisma, boss, { options: { atif: true, context: 4096 }, requestedById: reviewer.id });
    firstId = queued.id;
    assert.equal(queued.status, 'queued');
    assert.deepEqual((await boss.getJobById(exportQueue.name, queued.jobId!))?.data, { exportRunId: queued.id });

    await runExport(db.prisma, queued.id);
    const done = await getExportRun(db.prisma, queued.id);
    assert.equal(done?.status, 'succeeded', done?.error ?? '');
    assert.deepEqual([done?.done, done?.total, done?.attempts, done?.requestedBy], [2, 2, 1, 'Erin Exporter']);
    assert.equal(done?.summary?.counts.trajectories, 2);
    assert.ok((done?.summary?.tokens.trained ?? 0) > 0);
    assert.deepEqual(
      done?.files.map((f) => f.name),
      ['README.md', 'manifest.json', 'data-00000.jsonl', ...approved.map((id) => `atif/${id}.json`).sort()],
    );
    assert.equal(exportDir(queued.id), path.join(home, 'exports', queued.id));
    assert.ok(!JSON.stringify(done).includes(home), 'no path on the studio’s disk reaches the browser');
    const card = fs.readFileSync(exportFilePath(queued.id, 'README.md')!, 'utf8');
    assert.match(card, /exp-one/);
    // Running the finished export again changes nothing.
    await runExport(db.prisma, queued.id);
    assert.equal((await getExportRun(db.prisma, queued.id))?.finishedAt?.getTime(), done?.finishedAt?.getTime());
  });

  test('file names from requests are looked up in the listing only', () => {
    const dir = exportDir(firstId);
    fs.writeFileSync(path.join(home, 'secret.txt'), 'not yours');
    fs.symlinkSync(path.join(home, 'secret.txt'), path.join(dir, 'link.txt'));
    fs.mkdirSync(path.join(dir, 'other'));
    fs.writeFileSync(path.join(dir, 'other', 'x.json'), '{}');
    assert.ok(!listExportFiles(firstId).some((f) => f.name === 'link.txt' || f.name.startsWith('other')), 'symlinks and unknown folders are never listed');
    for (const name of ['../secret.txt', 'link.txt', 'other/x.json', 'atif/../README.md', 'atif/', 'atif', '/etc/passwd', 'README.md/', '.', '..', '', 'a\\b', 'missing.json', `atif/${approved[0]}.json/x`]) {
      assert.equal(exportFilePath(firstId, name), null, name);
    }
    assert.equal(exportFilePath('../../etc', 'README.md'), null);
    assert.equal(exportFilePath('00000000-0000-4000-8000-000000000000', 'README.md'), null);
    assert.equal(exportFilePath(firstId, `atif/${approved[0]}.json`), path.join(dir, 'atif', `${approved[0]}.json`));
    assert.deepEqual(listExportFiles('not-a-uuid'), []);
  });

  test('a retry writes over the earlier attempt’s files, as --overwrite does', async () => {
    const queued = await requestExport(db.prisma, boss, { options: { repository: 'exp-one' }, requestedById: null });
    fs.mkdirSync(exportDir(queued.id), { recursive: true });
    fs.writeFileSync(path.join(exportDir(queued.id), 'data-00007.jsonl'), 'stale\n');
    await runExport(db.prisma, queued.id);
    const done = await getExportRun(db.prisma, queued.id);
    assert.deepEqual(
      done?.files.map((f) => f.name),
      ['README.md', 'manifest.json', 'data-00000.jsonl'],
    );
  });

  test('a tokenizer that cannot be read: retried once, then failed with the reason and no files', async () => {
    const broken = path.join(home, 'broken', 'tokenizer.json');
    fs.mkdirSync(path.dirname(broken));
    fs.writeFileSync(broken, '{ not json');
    const queued = await requestExport(db.prisma, boss, { options: { tokenizer: broken }, requestedById: null });
    await assert.rejects(runExport(db.prisma, queued.id), /Cannot read the tokenizer/);
    let state = await getExportRun(db.prisma, queued.id);
    assert.equal(state?.status, 'queued');
    assert.match(state?.error ?? '', /attempt 1 of 2 failed, retrying: Cannot read the tokenizer/);
    await assert.rejects(runExport(db.prisma, queued.id));
    state = await getExportRun(db.prisma, queued.id);
    assert.equal(state?.status, 'failed');
    assert.match(state?.error ?? '', /^Cannot read the tokenizer .*tokenizer\.json/);
    assert.deepEqual(state?.files, []);
    assert.equal(fs.existsSync(exportDir(queued.id)), false);
  });
});

describe('on the jobs page', () => {
  test('listed with its selection, cancelled while it runs (files removed), then retried to the end on a worker', { timeout: 60_000 }, async () => {
    const queued = await requestExport(db.prisma, boss, { options: { status: 'approved', format: 'parquet', atif: true }, requestedById: reviewer.id });
    const listed = (await listJobs(db.prisma, { kind: 'export' })).find((j) => j.id === queued.id);
    assert.deepEqual([listed?.subject, listed?.detail, listed?.status, listed?.requestedBy, listed?.progress.unit], ['every repository · approved', 'parquet · llama3 · ATIF', 'queued', 'Erin Exporter', 'trajectories']);

    await runExport(
      onFirstProgressWrite(db.prisma, () => cancelJob(db.prisma, boss, 'export', queued.id)),
      queued.id,
    );
    let run = await db.prisma.exportRun.findUniqueOrThrow({ where: { id: queued.id } });
    assert.deepEqual([run.status, run.error, run.summary], ['cancelled', null, null]);
    assert.equal(fs.existsSync(exportDir(queued.id)), false, 'a cancelled export leaves no files');
    assert.equal((await boss.getJobById(exportQueue.name, queued.jobId!))?.state, 'cancelled');

    const retried = await retryJob(db.prisma, boss, 'export', queued.id);
    assert.deepEqual((await boss.getJobById(exportQueue.name, retried.jobId))?.data, { exportRunId: queued.id });
    const workers = await startWorkers(db.url, { concurrency: 1, log: () => {} });
    try {
      const deadline = Date.now() + 45_000;
      while (!['succeeded', 'failed'].includes((await db.prisma.exportRun.findUniqueOrThrow({ where: { id: queued.id } })).status) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await workers.stop();
    }
    run = await db.prisma.exportRun.findUniqueOrThrow({ where: { id: queued.id } });
    assert.equal(run.status, 'succeeded', run.error ?? '');
    assert.ok(listExportFiles(queued.id).some((f) => f.name === 'data-00000.parquet'));
    assert.ok((await listExportRuns(db.prisma)).some((r) => r.id === queued.id));
  });

  test('an export whose worker stopped responding is queued again', async () => {
    const queued = await requestExport(db.prisma, boss, { options: {}, requestedById: null });
    await db.prisma.exportRun.update({ where: { id: queued.id }, data: { status: 'running', startedAt: new Date(), heartbeatAt: new Date(Date.now() - 10_000) } });
    assert.ok((await recoverStaleRuns(db.prisma, boss)).includes(queued.id));
    assert.equal((await db.prisma.exportRun.findUniqueOrThrow({ where: { id: queued.id } })).status, 'queued');
    await cancelJob(db.prisma, boss, 'export', queued.id);
  });
});
