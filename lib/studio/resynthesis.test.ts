import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type PgBoss from 'pg-boss';
import { ingest } from '../1-ingest/ingest';
import { openBoss } from '../platform/jobs/queue';
import { freshDatabase } from '../testing/database';
import { tempTree } from '../testing/tempTree';
import { requestResynthesis, resynthesisConfig, resynthesisRepositories, ResynthesisRequestError } from './resynthesis';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let boss: PgBoss;
before(async () => {
  db = await freshDatabase('resynthesize');
  boss = await openBoss(db.url);
});
after(async () => {
  await boss.stop({ graceful: false, wait: true, timeout: 5000 });
  await db.drop();
});

const NO_ENV = {} as NodeJS.ProcessEnv;

test('the form’s settings become a configuration through the CLI’s resolvers', () => {
  const plain = resynthesisConfig({ provider: 'offline', search: false }, NO_ENV);
  assert.equal(plain.provider, 'offline');
  assert.equal(plain.search, null);
  const searched = resynthesisConfig({ provider: 'offline', search: true, scorer: 'offline', rounds: '2', candidates: 3 }, NO_ENV);
  assert.deepEqual([searched.search?.settings.rounds, searched.search?.settings.candidates, searched.search?.proposer.provider], [2, 3, 'offline']);
  const llm = resynthesisConfig({ provider: 'openai', model: 'qwen-coder', search: true, rounds: 1 }, { RETRACE_LLM_BASE_URL: 'http://127.0.0.1:9/v1' } as unknown as NodeJS.ProcessEnv);
  assert.deepEqual([llm.model, llm.baseUrl, llm.search?.proposer.model], ['qwen-coder', 'http://127.0.0.1:9/v1', 'qwen-coder']);
});

test('bad settings are refused with what to fix', () => {
  const cases: [Parameters<typeof resynthesisConfig>[0], RegExp][] = [
    [{ provider: 'anthropic' }, /provider must be "offline" or "openai"/],
    [{ provider: 'offline', search: true, rounds: 0 }, /rounds must be a whole number from 1 to 20/],
    [{ provider: 'offline', search: true, candidates: 2.5 }, /candidates must be a whole number/],
    [{ provider: 'offline', search: 'yes' }, /search must be true or false/],
    [{ provider: 'openai' }, /Choose the generation model/],
    [{ provider: 'openai', model: 'm' }, /RETRACE_LLM_BASE_URL/],
    [{ provider: 'offline', search: true, scorer: 'openai', scorerModel: 'base' }, /RETRACE_SCORER_BASE_URL|scor/i],
  ];
  for (const [settings, message] of cases) assert.throws(() => resynthesisConfig(settings, NO_ENV), (err: Error) => err instanceof ResynthesisRequestError && message.test(err.message), String(message));
  assert.throws(() => resynthesisRepositories([]), /Select at least one repository/);
  assert.throws(() => resynthesisRepositories(['a', 3]), /by its name/);
  assert.deepEqual(resynthesisRepositories(['a', 'b', 'a']), ['a', 'b']);
});

test('one run per repository, with who asked; refusals are per repository and the others go ahead', async () => {
  await db.prisma.user.create({ data: { id: 'user-1', name: 'Ada', email: 'ada@example.com', role: 'reviewer' } });
  await ingest(db.prisma, tempTree({ 'a.py': 'import b\n', 'b.py': 'X = 1\n' }), { name: 'one' });
  await ingest(db.prisma, tempTree({ 'c.ts': 'export const c = 1;\n' }), { name: 'two' });
  const config = resynthesisConfig({ provider: 'offline' }, NO_ENV);
  const results = await requestResynthesis(db.prisma, boss, { repositories: ['one', 'two', 'missing'], config, requestedById: 'user-1' });
  assert.deepEqual(results.map((r) => [r.repository, 'runId' in r]), [['one', true], ['two', true], ['missing', false]]);
  assert.match('error' in results[2] ? results[2].error : '', /No repository named missing/);
  for (const r of results.filter((r) => 'runId' in r)) {
    const run = await db.prisma.synthesisRun.findUniqueOrThrow({ where: { id: r.runId } });
    assert.deepEqual([run.status, run.requestedById, !!run.jobId], ['queued', 'user-1', true]);
  }
  const again = await requestResynthesis(db.prisma, boss, { repositories: ['one'], config, requestedById: 'user-1' });
  assert.match('error' in again[0] ? again[0].error : '', /already queued/);
});
