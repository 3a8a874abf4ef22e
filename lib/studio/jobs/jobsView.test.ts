import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { startWorkers } from '../../../workers/startWorkers';
import { requestImport } from '../../1-ingest/runs/requestImport';
import { runImport } from '../../1-ingest/runs/runImport';
import { ingest } from '../../1-ingest/ingest';
import { openBoss } from '../../platform/jobs/queue';
import { bulkReviewQueue, searchQueue, synthesisQueue } from '../../platform/jobs/queues';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../platform/llm/testing/fakeOpenAIServer';
import { resolveSearchConfig } from '../../3-search/runs/config';
import { requestSearch } from '../../3-search/runs/requestSearch';
import { runSearch } from '../../3-search/runs/runSearch';
import { resolveConfig } from '../../2-synthesize/runs/config';
import { requestResynthesis } from '../resynthesis';
import { requestSynthesis } from '../../2-synthesize/runs/requestSynthesis';
import { runSynthesis } from '../../2-synthesize/runs/runSynthesis';
import { freshDatabase } from '../../testing/database';
import { tempTree } from '../../testing/tempTree';
import { cancelJob, JobActionError, retryJob } from './jobActions';
import { listJobs, searchNotes } from './listJobs';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let boss: PgBoss;
let server: FakeOpenAIServer;
const REVIEWER = { id: 'user-rita', name: 'Rita Reviewer', email: 'rita@example.com', role: 'reviewer' };

before(async () => {
  process.env.RETRACE_HEARTBEAT_SECONDS = '0.2';
  db = await freshDatabase('jobs_view');
  boss = await openBoss(db.url);
  server = await startFakeOpenAIServer({
    latencyMs: 200,
    responder: (body) => (body.response_format ? JSON.stringify({ requirements: '# Requirements\n\nA chain of modules.', files: [] }) : `Thinking (${body.messages.length} messages).`),
  });
  await db.prisma.user.create({ data: REVIEWER });
  await ingest(db.prisma, tempTree({ 'README.md': '# Alpha\n', 'alpha/__init__.py': '', 'alpha/a.py': 'X = 1\n', 'alpha/b.py': 'from alpha.a import X\n\nY = X + 1\n' }), { name: 'alpha' });
});
after(async () => {
  await boss.stop({ graceful: false, wait: true, timeout: 5000 });
  await server.close();
  await db.drop();
});

const offline = (seed: number) => resolveConfig({ provider: 'offline', seed });
const status = async (id: string) => (await db.prisma.synthesisRun.findUniqueOrThrow({ where: { id } })).status;
const refused = (status: number, message: RegExp) => (err: unknown) => err instanceof JobActionError && err.status === status && message.test(err.message);

/** The client with `$transaction` wrapped: `beforeStore` runs just before the results are written. */
function cancellingBeforeStore(prisma: PrismaClient, beforeStore: () => Promise<unknown>): PrismaClient {
  return new Proxy(prisma, {
    get(target, prop) {
      if (prop === '$transaction') return async (...args: unknown[]) => (await beforeStore(), (target.$transaction as (...a: unknown[]) => unknown)(...args));
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('the list', () => {
  test('shows every kind, newest first, with progress, subject and who asked', async () => {
    const imported = await requestImport(db.prisma, boss, { kind: 'path', source: tempTree({ 'x.ts': 'export const x = 1;\n' }), name: 'beta' });
    await db.prisma.importRun.update({ where: { id: imported.id }, data: { requestedById: REVIEWER.id } });
    await runImport(db.prisma, imported.id);
    const [queued] = await requestResynthesis(db.prisma, boss, { repositories: ['alpha'], config: offline(1), requestedById: REVIEWER.id });
    assert.ok('runId' in queued);
    await runSynthesis(db.prisma, queued.runId);
    const trajectory = await db.prisma.trajectory.findUniqueOrThrow({ where: { runId: queued.runId } });
    const search = await requestSearch(db.prisma, boss, trajectory.id, resolveSearchConfig({ scorer: 'offline', proposer: 'offline', rounds: 1, candidates: 1 }));
    await runSearch(db.prisma, search.id);
    const bulk = await db.prisma.bulkReviewRun.create({ data: { requestedById: REVIEWER.id, selection: { ids: [trajectory.id] }, decision: 'approved', done: 1, total: 1, status: 'succeeded' } });

    const jobs = await listJobs(db.prisma, { limit: 50 });
    const byKind = new Map(jobs.map((j) => [j.kind, j]));
    assert.deepEqual([...byKind.keys()].sort(), ['bulk-review', 'import', 'search', 'synthesis']);
    for (let i = 1; i < jobs.length; i++) assert.ok(jobs[i - 1].createdAt >= jobs[i].createdAt, 'newest first');

    const synthesis = byKind.get('synthesis')!;
    assert.equal(synthesis.id, queued.runId);
    assert.equal(synthesis.subject, 'alpha');
    assert.equal(synthesis.status, 'succeeded');
    assert.equal(synthesis.requestedBy, 'Rita Reviewer');
    assert.equal(synthesis.trajectoryId, trajectory.id);
    assert.equal(synthesis.progress.unit, 'files');
    assert.ok(synthesis.progress.total > 0 && synthesis.progress.done === synthesis.progress.total);

    const searched = byKind.get('search')!;
    assert.equal(searched.subject, 'alpha');
    assert.equal(searched.status, 'succeeded', searched.error ?? '');
    assert.equal(searched.progress.unit, 'steps');
    assert.equal(searched.requestedBy, 'Rita Reviewer', 'a search started by a synthesis is credited to who asked for it');
    // Its stored setup, in words (offline scorer and proposer asked for: no fallback taken).
    assert.deepEqual(searched.notes, ['proposed by offline · offline-structural-v1']);
    assert.deepEqual(byKind.get('synthesis')!.notes, []);

    const imp = byKind.get('import')!;
    assert.equal(imp.subject, 'beta');
    assert.equal(imp.requestedBy, 'Rita Reviewer');
    assert.deepEqual(imp.progress, { done: 1, total: 1, unit: 'store' });

    const review = byKind.get('bulk-review')!;
    assert.equal(review.id, bulk.id);
    assert.equal(review.subject, '1 selected trajectory');
    assert.deepEqual(review.progress, { done: 1, total: 1, unit: 'trajectories' });

    assert.deepEqual(
      (await listJobs(db.prisma, { kind: 'search' })).map((j) => j.id),
      [search.id],
    );
    assert.equal((await listJobs(db.prisma, { status: 'queued' })).length, 0);
    assert.equal((await listJobs(db.prisma, { limit: 2 })).length, 2);
  });
});

describe('cancel', () => {
  test('a queued run: cancelled in the table and in pg-boss; a worker picking it up later does nothing', async () => {
    const run = await requestSynthesis(db.prisma, boss, 'alpha', offline(2));
    assert.deepEqual(await cancelJob(db.prisma, boss, 'synthesis', run.id), { kind: 'synthesis', id: run.id, status: 'cancelled' });
    assert.equal((await boss.getJobById(synthesisQueue.name, run.jobId!))?.state, 'cancelled');
    await runSynthesis(db.prisma, run.id);
    assert.equal(await status(run.id), 'cancelled');
    assert.equal(await db.prisma.trajectory.count({ where: { runId: run.id } }), 0);
  });

  test('a running synthesis notices at its heartbeat and stops without storing', { timeout: 60_000 }, async () => {
    const files: Record<string, string> = { 'chain/__init__.py': '' };
    for (let i = 0; i < 24; i++) files[`chain/m${String(i).padStart(2, '0')}.py`] = i === 0 ? 'X = 0\n' : `from chain.m${String(i - 1).padStart(2, '0')} import X\n\nY = X + ${i}\n`;
    await ingest(db.prisma, tempTree(files), { name: 'chain' });
    const run = await requestSynthesis(db.prisma, boss, 'chain', resolveConfig({ provider: 'openai', model: 'fake-coder', baseUrl: server.baseUrl }));
    const running = runSynthesis(db.prisma, run.id);
    while ((await status(run.id)) !== 'running') await new Promise((r) => setTimeout(r, 20));
    await cancelJob(db.prisma, boss, 'synthesis', run.id);
    await running; // returns: a cancelled run is not an error for the queue
    const after = await db.prisma.synthesisRun.findUniqueOrThrow({ where: { id: run.id } });
    assert.equal(after.status, 'cancelled');
    assert.equal(after.error, null);
    assert.equal(await db.prisma.trajectory.count({ where: { runId: run.id } }), 0);
    assert.ok(after.filesDone < after.filesTotal, `stopped early (${after.filesDone}/${after.filesTotal})`);
  });

  test('a synthesis cancelled at the moment it stores is rolled back and stays cancelled', async () => {
    const run = await requestSynthesis(db.prisma, boss, 'alpha', offline(3));
    await runSynthesis(cancellingBeforeStore(db.prisma, () => cancelJob(db.prisma, boss, 'synthesis', run.id)), run.id);
    assert.equal(await status(run.id), 'cancelled');
    assert.equal(await db.prisma.trajectory.count({ where: { runId: run.id } }), 0);
  });

  test('a search cancelled at the moment it stores keeps no steps', async () => {
    const trajectory = await db.prisma.trajectory.findFirstOrThrow({ where: { complete: true } });
    const search = await requestSearch(db.prisma, boss, trajectory.id, resolveSearchConfig({ scorer: 'offline', proposer: 'offline', rounds: 1, candidates: 1, seed: 9 }));
    await runSearch(cancellingBeforeStore(db.prisma, () => cancelJob(db.prisma, boss, 'search', search.id)), search.id);
    assert.equal((await db.prisma.searchRun.findUniqueOrThrow({ where: { id: search.id } })).status, 'cancelled');
    assert.equal(await db.prisma.searchStep.count({ where: { searchRunId: search.id } }), 0);
    assert.equal((await boss.getJobById(searchQueue.name, search.jobId!))?.state, 'cancelled');
  });
  test('an import cancelled while it runs stays cancelled and records no repository', async () => {
    const queued = await requestImport(db.prisma, boss, { kind: 'path', source: tempTree({ 'y.ts': 'export const y = 2;\n' }), name: 'gamma' });
    let cancelled = false;
    // The first progress write is where the cancel lands: as if someone clicked Cancel just then.
    const prisma = new Proxy(db.prisma, {
      get(target, prop) {
        if (prop !== 'importRun') return Reflect.get(target, prop, target);
        return new Proxy(target.importRun, {
          get(delegate, method) {
            const fn = Reflect.get(delegate, method, delegate);
            if (method !== 'updateMany') return typeof fn === 'function' ? fn.bind(delegate) : fn;
            return async (args: { data: { phase?: string } }) => {
              if (args.data.phase && !cancelled) {
                cancelled = true;
                await cancelJob(db.prisma, boss, 'import', queued.id);
              }
              return fn.call(delegate, args);
            };
          },
        });
      },
    }) as PrismaClient;
    await runImport(prisma, queued.id);
    const run = await db.prisma.importRun.findUniqueOrThrow({ where: { id: queued.id } });
    assert.deepEqual([run.status, run.repositoryName, run.error], ['cancelled', null, null]);
  });
});

describe('retry', () => {
  test('a failed run is queued again with a fresh job and runs to the end on a worker', { timeout: 60_000 }, async () => {
    const run = await requestSynthesis(db.prisma, boss, 'alpha', offline(4));
    await db.prisma.synthesisRun.update({ where: { id: run.id }, data: { status: 'failed', error: 'the server said no', attempts: 4, finishedAt: new Date() } });
    await boss.cancel(synthesisQueue.name, run.jobId!); // as if pg-boss had given up on it
    const retried = await retryJob(db.prisma, boss, 'synthesis', run.id);
    assert.notEqual(retried.jobId, run.jobId);
    const queued = await db.prisma.synthesisRun.findUniqueOrThrow({ where: { id: run.id } });
    assert.deepEqual([queued.status, queued.attempts, queued.error, queued.jobId], ['queued', 0, null, retried.jobId]);
    assert.deepEqual((await boss.getJobById(synthesisQueue.name, retried.jobId))?.data, { runId: run.id });

    const workers = await startWorkers(db.url, { concurrency: 1, log: () => {} });
    try {
      const deadline = Date.now() + 45_000;
      while (!['succeeded', 'failed'].includes(await status(run.id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await workers.stop();
    }
    const done = await db.prisma.synthesisRun.findUniqueOrThrow({ where: { id: run.id } });
    assert.equal(done.status, 'succeeded', done.error ?? '');
    assert.equal(done.attempts, 1);
    assert.equal(await db.prisma.trajectory.count({ where: { runId: run.id, complete: true } }), 1);
  });

  test('a cancelled run can be retried, unless an equal run is active meanwhile', async () => {
    const first = await requestSynthesis(db.prisma, boss, 'alpha', offline(5));
    await cancelJob(db.prisma, boss, 'synthesis', first.id);
    const second = await requestSynthesis(db.prisma, boss, 'alpha', offline(5));
    await assert.rejects(retryJob(db.prisma, boss, 'synthesis', first.id), refused(409, /already queued or running/));
    assert.equal(await status(first.id), 'cancelled');
    await cancelJob(db.prisma, boss, 'synthesis', second.id);
    await retryJob(db.prisma, boss, 'synthesis', first.id);
    assert.equal(await status(first.id), 'queued');
    await cancelJob(db.prisma, boss, 'synthesis', first.id);
  });
});

describe('bulk reviews', () => {
  test('a failed bulk review is retried on its own queue; cancelling it cancels the job', async () => {
    const trajectory = await db.prisma.trajectory.findFirstOrThrow({ where: { complete: true } });
    const bulk = await db.prisma.bulkReviewRun.create({
      data: { requestedById: REVIEWER.id, selection: { ids: [{ id: trajectory.id, version: 0 }] }, decision: 'rejected', reason: 'other', status: 'failed', error: 'lost the database', done: 0, total: 1 },
    });
    const retried = await retryJob(db.prisma, boss, 'bulk-review', bulk.id);
    assert.deepEqual((await boss.getJobById(bulkReviewQueue.name, retried.jobId))?.data, { bulkRunId: bulk.id });
    await cancelJob(db.prisma, boss, 'bulk-review', bulk.id);
    assert.equal((await boss.getJobById(bulkReviewQueue.name, retried.jobId))?.state, 'cancelled');
    const listed = (await listJobs(db.prisma, { kind: 'bulk-review', status: 'cancelled' })).find((j) => j.id === bulk.id);
    assert.deepEqual([listed?.subject, listed?.detail, listed?.error], ['1 selected trajectory', 'rejected · other', null]);
  });
});

describe('refused transitions', () => {
  test('say what state the job is in and what is allowed', async () => {
    const succeeded = (await db.prisma.synthesisRun.findFirstOrThrow({ where: { status: 'succeeded' } })).id;
    await assert.rejects(cancelJob(db.prisma, boss, 'synthesis', succeeded), refused(409, /is succeeded: only queued or running jobs can be cancelled/));
    await assert.rejects(retryJob(db.prisma, boss, 'synthesis', succeeded), refused(409, /is succeeded: only failed or cancelled jobs can be retried/));
    const queued = await requestSynthesis(db.prisma, boss, 'alpha', offline(6));
    await assert.rejects(retryJob(db.prisma, boss, 'synthesis', queued.id), refused(409, /is queued/));
    await cancelJob(db.prisma, boss, 'synthesis', queued.id);
    await assert.rejects(cancelJob(db.prisma, boss, 'synthesis', queued.id), refused(409, /is cancelled/));
    await assert.rejects(cancelJob(db.prisma, boss, 'nonsense', queued.id), refused(400, /Unknown job kind "nonsense"/));
    await assert.rejects(cancelJob(db.prisma, boss, 'search', 'not-a-uuid'), refused(404, /No search job/));
    await assert.rejects(retryJob(db.prisma, boss, 'import', '00000000-0000-4000-8000-000000000000'), refused(404, /No import job/));
  });
});

test('a server-scored search says how it aligned tokens and its context, then each fallback', () => {
  const setup = {
    proposer: { provider: 'openai', model: 'gen', baseUrl: 'http://127.0.0.1:8000/v1' },
    scorer: { provider: 'openai', model: 'scorer', baseUrl: 'http://127.0.0.1:8001/v1', mode: 'echo', alignment: 'token-ids', alignmentTokenizer: 'server /tokenize', contextTokens: 32768 },
    fallbacks: ['the scoring model\'s context is not known'],
  };
  assert.deepEqual(searchNotes(setup), [
    'proposed by openai · gen',
    'scored in echo mode, aligned by token ids (server /tokenize), context 32,768 tokens',
    "fallback: the scoring model's context is not known",
  ]);
  assert.deepEqual(searchNotes({ ...setup, scorer: { ...setup.scorer, alignment: 'text', contextTokens: null } })[1], 'scored in echo mode, aligned by text');
  assert.deepEqual(searchNotes(null), []);
  assert.deepEqual(searchNotes('not an object'), []);
});
