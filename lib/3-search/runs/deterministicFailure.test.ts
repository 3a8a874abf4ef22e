/**
 * A job that fails the same way on every attempt is failed at once (not retried four times), says what
 * and where in its error and in the jobs list, and Retry on it explains why it would fail again.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type PgBoss from 'pg-boss';
import { startWorkers } from '../../../workers/startWorkers';
import { ingest } from '../../1-ingest/ingest';
import { openBoss } from '../../platform/jobs/queue';
import { JobActionError, retryJob } from '../../studio/jobs/jobActions';
import { listJobs } from '../../studio/jobs/listJobs';
import { resolveConfig } from '../../2-synthesize/runs/config';
import { requestSynthesis } from '../../2-synthesize/runs/requestSynthesis';
import { freshDatabase } from '../../testing/database';
import { tempTree } from '../../testing/tempTree';
import { until } from '../../testing/until';
import { resolveSearchConfig } from './config';
import { requestSearch } from './requestSearch';
import { startRealTokenizerServer } from '../scoring/testing/realTokenizerServer';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let boss: PgBoss;
before(async () => {
  db = await freshDatabase('deterministic_failure');
  boss = await openBoss(db.url);
});
after(async () => {
  await boss.stop({ graceful: false, wait: true, timeout: 5000 });
  await db.drop();
});

test('a deterministic failure is not retried, names the file, and Retry says why it would fail again', async () => {
  await ingest(db.prisma, tempTree({ 'calc/__init__.py': '', 'calc/add.py': 'def add(a, b):\n    return a + b\n', 'calc/main.py': 'from calc.add import add\n\nprint(add(1, 2))\n' }), { name: 'calc' });
  const synthesis = await requestSynthesis(db.prisma, boss, 'calc', resolveConfig({ provider: 'offline' }));
  const workers = await startWorkers(db.url, { concurrency: 1, log: () => {} });
  try {
    await until('the synthesis', async () => (await db.prisma.synthesisRun.findUniqueOrThrow({ where: { id: synthesis.id } })).status === 'succeeded');
    const trajectory = await db.prisma.trajectory.findUniqueOrThrow({ where: { runId: synthesis.id } });
    // A stored trajectory whose Write no longer matches the file (a copy in place of the file it referenced): every search attempt meets it.
    await db.prisma.step.updateMany({ where: { trajectoryId: trajectory.id, actionType: 'write', actionPath: 'calc/add.py' }, data: { actionContent: 'def add(a, b):\n    return a - b\n', shownFileId: null } });
    const search = await requestSearch(db.prisma, boss, trajectory.id, resolveSearchConfig({ rounds: 1 }));
    await until('the search to fail', async () => (await db.prisma.searchRun.findUniqueOrThrow({ where: { id: search.id } })).status === 'failed');
    const failed = await db.prisma.searchRun.findUniqueOrThrow({ where: { id: search.id } });
    assert.equal(failed.attempts, 1, 'not retried');
    assert.equal(failed.errorDeterministic, true);
    assert.match(failed.error!, /Write of calc\/add\.py is not the file's real content/);
    assert.match(failed.error!, /not retried/);
    const [job] = (await listJobs(db.prisma, { kind: 'search' })).filter((j) => j.id === search.id);
    assert.equal(job.errorDeterministic, true);
    assert.match(job.error!, /calc\/add\.py/);

    await assert.rejects(retryJob(db.prisma, boss, 'search', search.id), (err: Error) => err instanceof JobActionError && /would fail the same way/.test(err.message) && /calc\/add\.py/.test(err.message));
    const forced = await retryJob(db.prisma, boss, 'search', search.id, { force: true });
    assert.equal(forced.status, 'queued');
    await until('the forced retry to fail again', async () => (await db.prisma.searchRun.findUniqueOrThrow({ where: { id: search.id } })).status === 'failed');
    assert.equal((await db.prisma.searchRun.findUniqueOrThrow({ where: { id: search.id } })).attempts, 1);
  } finally {
    await workers.stop();
  }
});

test('a scoring server that cannot be aligned fails the search at once: one request, not retried', async () => {
  // No /tokenize and no tokenizer.json: text alignment, which a character split across tokens defeats.
  const { server } = await startRealTokenizerServer({ routes: { tokenize: 'none' } });
  await ingest(db.prisma, tempTree({ 'hello/__init__.py': '', 'hello/greet.py': 'GREETING = "こんにちは、世界"\n\n\ndef greet():\n    return GREETING\n' }), { name: 'hello' });
  const synthesis = await requestSynthesis(db.prisma, boss, 'hello', resolveConfig({ provider: 'offline' }));
  const workers = await startWorkers(db.url, { concurrency: 1, log: () => {} });
  try {
    await until('the synthesis', async () => (await db.prisma.synthesisRun.findUniqueOrThrow({ where: { id: synthesis.id } })).status === 'succeeded');
    const trajectory = await db.prisma.trajectory.findUniqueOrThrow({ where: { runId: synthesis.id } });
    const config = resolveSearchConfig({ rounds: 1, proposer: 'offline', scorerBaseUrl: server.baseUrl, scorerModel: 'fake-model' });
    const search = await requestSearch(db.prisma, boss, trajectory.id, config);
    await until('the search to fail', async () => (await db.prisma.searchRun.findUniqueOrThrow({ where: { id: search.id } })).status === 'failed');
    const failed = await db.prisma.searchRun.findUniqueOrThrow({ where: { id: search.id } });
    assert.equal(failed.attempts, 1, 'not retried');
    assert.equal(failed.errorDeterministic, true);
    assert.match(failed.error!, /This server cannot be scored reliably in echo mode: .*RETRACE_SCORER_TOKENIZER/);
    assert.equal(server.requestsTo('/v1/completions').length, 1, 'one request, not six');
    assert.match((failed.setup as { fallbacks: string[] }).fallbacks.join('\n'), /no tokenize endpoint/);
  } finally {
    await workers.stop();
    await server.close();
  }
});
