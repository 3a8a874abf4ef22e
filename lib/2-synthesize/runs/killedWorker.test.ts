/**
 * A worker killed with SIGKILL in the middle of a synthesis: the run's heartbeat goes stale,
 * another worker takes the job again, continues from the recorded LLM calls (the server is
 * not asked again for what it already answered) and ends with exactly one complete trajectory.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type PgBoss from 'pg-boss';
import { ingest } from '../../1-ingest/ingest';
import { openBoss } from '../../platform/jobs/queue';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../platform/llm/testing/fakeOpenAIServer';
import { freshDatabase } from '../../testing/database';
import { tempTree } from '../../testing/tempTree';
import { until } from '../../testing/until';
import { resolveConfig } from './config';
import { requestSynthesis } from './requestSynthesis';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let boss: PgBoss;
let server: FakeOpenAIServer;
const workers: ChildProcess[] = [];

before(async () => {
  db = await freshDatabase('killed_worker');
  boss = await openBoss(db.url);
  server = await startFakeOpenAIServer({
    latencyMs: 150,
    // Plans come back empty (the agents fill every file in deterministically); thoughts are short.
    responder: (body) => (body.response_format ? JSON.stringify({ requirements: '# Requirements\n\nA numbered module chain.', files: [] }) : `Thinking about it (${body.messages.length} messages).`),
  });
});
after(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await boss.stop({ graceful: false, wait: true, timeout: 5000 });
  await server.close();
  await db.drop();
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('lib/cli/main.ts'), 'worker', '--concurrency', '1'], {
    env: { ...process.env, DATABASE_URL: db.url, RETRACE_LLM_BASE_URL: server.baseUrl, RETRACE_LLM_MODEL: 'fake-coder', RETRACE_HEARTBEAT_SECONDS: '1', RETRACE_STALE_SECONDS: '3' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', () => {});
  workers.push(child);
  return child;
}

test('kill -9 mid-run: the job is retried, resumes from recorded calls and ends with one complete trajectory', { timeout: 180_000 }, async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 30; i++) files[`chain/m${String(i).padStart(2, '0')}.py`] = i === 0 ? 'X = 0\n' : `from chain.m${String(i - 1).padStart(2, '0')} import X\n\nY${i} = X + ${i}\n`;
  files['chain/__init__.py'] = '';
  await ingest(db.prisma, tempTree(files), { name: 'chain' });
  const run = await requestSynthesis(db.prisma, boss, 'chain', resolveConfig({ provider: 'openai', model: 'fake-coder', baseUrl: server.baseUrl }));

  const first = startWorker();
  const chat = () => server.requestsTo('/v1/chat/completions');
  await until('the first worker to be well into the run', () => chat().length >= 12, 60_000, 100);
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  const answeredBeforeKill = chat().length;
  const midway = await db.prisma.synthesisRun.findUniqueOrThrow({ where: { id: run.id } });
  assert.equal(midway.status, 'running');
  assert.equal(await db.prisma.trajectory.count({ where: { runId: run.id, complete: true } }), 0, 'nothing shown as complete mid-run');

  startWorker();
  await until('the run to end', async () => ['succeeded', 'failed'].includes((await db.prisma.synthesisRun.findUniqueOrThrow({ where: { id: run.id } })).status), 120_000, 100);
  const finished = await db.prisma.synthesisRun.findUniqueOrThrow({ where: { id: run.id } });
  assert.equal(finished.status, 'succeeded', finished.error ?? '');
  assert.equal(finished.attempts, 2);
  const trajectories = await db.prisma.trajectory.findMany({ where: { runId: run.id } });
  assert.equal(trajectories.length, 1);
  assert.equal(trajectories[0].complete, true);
  assert.equal(await db.prisma.step.count({ where: { trajectoryId: trajectories[0].id, kind: 'action', actionType: 'write' } }), 31);
  // The empty plans were repaired: every file filled in, which the summary header reports.
  assert.equal((trajectories[0].planRepair as { missing: string[] } | null)?.missing.length, 31);

  // Only requests that were still unanswered when the worker died may be asked twice.
  const bodies = chat().map((r) => JSON.stringify(r.body));
  const repeated = bodies.length - new Set(bodies).size;
  assert.ok(repeated <= 8, `${repeated} requests were asked again`);
  assert.ok(bodies.length > answeredBeforeKill, 'the second worker continued the run');
  const recorded = await db.prisma.llmCall.count();
  assert.equal(recorded, new Set(bodies).size, 'every distinct request is recorded once');
});
