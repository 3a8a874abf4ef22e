import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Prisma, PrismaClient } from '@prisma/client';
import { createOfflineModel, OFFLINE_MODEL } from '../../2-synthesize/offlineModel';
import { synthesize } from '../../2-synthesize/synthesize';
import type { SynthesizedTrajectory } from '../../2-synthesize/types';
import { ingest } from '../../1-ingest/ingest';
import { buildOfflineScorer } from '../scoring/offlineScorer';
import { createOfflineProposer } from '../offlineProposer';
import { searchTrajectory } from '../searchTrajectory';
import type { SearchResult } from '../types';
import { resolveSearchConfig, searchConfigHash } from '../runs/config';
import { storeSearch } from '../runs/storeSearch';
import { configHash, resolveConfig } from '../../2-synthesize/runs/config';
import { loadStructure } from '../../2-synthesize/runs/loadStructure';
import { storeTrajectory } from '../../2-synthesize/runs/storeTrajectory';
import { freshDatabase } from '../../testing/database';
import { tempTree } from '../../testing/tempTree';
import { getStepBody, getTrajectoryOutline, listTrajectories, parseOrdinal, PREVIEW_CHARS } from './trajectoryQueries';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let prisma: PrismaClient;
let trajectory: SynthesizedTrajectory;
let trajectoryId: string;
let search: SearchResult;
let searchRunId: string;

const LONG_DOC = 'Money amounts are kept in whole cents so that sums never drift. '.repeat(6);
const LIBRARY = {
  'README.md': '# Ledger\n\nDouble-entry bookkeeping.\n',
  'ledger/__init__.py': '',
  'ledger/money.py': `"""${LONG_DOC}"""\n\n\nclass Money:\n    def __init__(self, cents: int):\n        self.cents = cents\n\n    def add(self, other: "Money") -> "Money":\n        return Money(self.cents + other.cents)\n`,
  'ledger/account.py': 'from ledger.money import Money\n\n\nclass Account:\n    """An account with a running balance."""\n\n    def __init__(self, name: str):\n        self.name = name\n        self.balance = Money(0)\n\n    def credit(self, amount: Money) -> None:\n        self.balance = self.balance.add(amount)\n',
  'ledger/journal.py': 'from ledger.account import Account\nfrom ledger.money import Money\n\n\ndef transfer(source: Account, target: Account, amount: Money) -> None:\n    """Moves an amount between two accounts."""\n    target.credit(amount)\n    source.credit(Money(-amount.cents))\n',
};

/** Prisma's write path keeps about 16 significant digits of a double: compare stored floats with a tolerance. */
function near(actual: number | null | undefined, expected: number, what: string) {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≈ ${expected}`);
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

async function createSearchRun(status: 'queued' | 'failed', createdAt: Date) {
  const config = resolveSearchConfig({ scorer: 'offline', proposer: 'offline' });
  return prisma.searchRun.create({
    data: {
      trajectoryId,
      config: config as unknown as Prisma.InputJsonValue,
      configHash: searchConfigHash(config),
      scorerProvider: config.scorer.provider,
      scorerModel: config.scorer.model,
      proposerProvider: config.proposer.provider,
      proposerModel: config.proposer.model,
      status,
      createdAt,
    },
  });
}

before(async () => {
  db = await freshDatabase('studio_trajectories');
  prisma = db.prisma;

  // The real pipeline, in-process: ingest → synthesize offline → store → search offline → store.
  const ingested = await ingest(prisma, tempTree(LIBRARY), { name: 'ledger' });
  const structure = await loadStructure(prisma, ingested.snapshotId);
  trajectory = await synthesize(structure, createOfflineModel());
  const config = resolveConfig({ provider: 'offline' });
  const run = await prisma.synthesisRun.create({
    data: {
      snapshotId: ingested.snapshotId,
      provider: config.provider,
      model: config.model,
      config: config as unknown as Prisma.InputJsonValue,
      configHash: configHash(config),
      filesTotal: ingested.sourceFiles,
      status: 'running',
    },
  });
  trajectoryId = await storeTrajectory(prisma, run.id, trajectory);

  const scorer = await buildOfflineScorer({ prisma: null, structure, excludeRepositoryId: null });
  search = await searchTrajectory(trajectory, structure, scorer, createOfflineProposer(structure));
  const now = Date.now();
  // An older search that failed, the succeeded one, and a newer one that failed: the succeeded one counts.
  await createSearchRun('failed', new Date(now - 60_000));
  searchRunId = (await createSearchRun('queued', new Date(now - 30_000))).id;
  await storeSearch(prisma, searchRunId, search);
  await createSearchRun('failed', new Date(now));
});

after(async () => {
  const shared = (globalThis as { retracePrisma?: PrismaClient }).retracePrisma;
  await shared?.$disconnect();
  await db?.drop();
});

test('the pipeline produced what the assertions below rely on', () => {
  assert.ok(trajectory.steps.length > 10);
  assert.ok(search.steps.length >= 2, 'some Thinks were searched');
  assert.ok(trajectory.steps.some((s) => s.content.length > PREVIEW_CHARS), 'some step is longer than a preview');
});

test('listTrajectories gives the complete trajectories with the latest succeeded search summary', async () => {
  const rows = await listTrajectories(prisma, 'ledger');
  assert.equal(rows.length, 1);
  const [row] = rows;
  assert.equal(row.id, trajectoryId);
  assert.equal(row.provider, 'offline');
  assert.equal(row.model, OFFLINE_MODEL);
  assert.equal(row.offline, true);
  assert.equal(row.stepCount, trajectory.steps.length);
  assert.equal(row.tokenCount, trajectory.tokenCount);
  assert.ok(row.search);
  assert.equal(row.search.id, searchRunId);
  assert.equal(row.search.scorerProvider, 'offline');
  assert.equal(row.search.scorerModel, 'offline-ngram-kn4-cache');
  assert.equal(row.search.offline, true);
  near(row.search.meanNllBefore, search.meanNllBefore, 'meanNllBefore');
  near(row.search.meanNllAfter, search.meanNllAfter, 'meanNllAfter');

  assert.deepEqual(await listTrajectories(prisma, 'nope'), []);
  assert.deepEqual(await listTrajectories(prisma, ''), []);
  assert.deepEqual(await listTrajectories(prisma, 'a\0b'), []);
});

test('getTrajectoryOutline gives the header and every step in order, with previews instead of bodies', async () => {
  const outline = await getTrajectoryOutline(prisma, trajectoryId);
  assert.ok(outline);
  assert.equal(outline.repositoryName, 'ledger');
  assert.equal(outline.provider, 'offline');
  assert.equal(outline.offline, true);
  assert.equal(outline.requirements, trajectory.plan.requirements);
  assert.deepEqual(
    outline.plan.map((p) => p.path),
    trajectory.plan.files.map((f) => f.path),
  );
  assert.equal(outline.search?.id, searchRunId);
  assert.equal(outline.steps.length, trajectory.steps.length);
  outline.steps.forEach((step, i) => {
    const real = trajectory.steps[i];
    assert.equal(step.ordinal, real.ordinal);
    assert.equal(step.agent, real.agent);
    assert.equal(step.file, real.file);
    assert.equal(step.kind, real.kind);
    assert.equal(step.actionType, real.action?.type ?? null);
    assert.equal(step.actionPath, real.action?.path ?? null);
    assert.equal(step.tokens, real.tokens);
    assert.equal(step.lossMasked, real.lossMasked);
    assert.ok([...step.preview].length <= PREVIEW_CHARS);
    assert.ok(real.content.startsWith(step.preview));
    assert.equal(step.truncated, [...real.content].length > PREVIEW_CHARS);
    assert.equal(step.hasDraft, (real.draft ?? null) !== null);
    // No body in the outline: no key but these, and no full content beyond the preview.
    assert.deepEqual(Object.keys(step).sort(), ['actionPath', 'actionType', 'agent', 'file', 'hasActionContent', 'hasDraft', 'kind', 'lossMasked', 'ordinal', 'preview', 'search', 'tokens', 'truncated']);
  });
  const json = JSON.stringify(outline.steps);
  assert.ok(!json.includes(LONG_DOC), 'the written file is not in the outline');

  const searched = new Map(search.steps.map((s) => [s.ordinal, s]));
  for (const step of outline.steps) {
    const s = searched.get(step.ordinal);
    if (s) {
      assert.equal(step.kind, 'think');
      assert.ok(step.search, `step ${step.ordinal} was searched`);
      near(step.search.nllBefore, s.nllBefore, `step ${step.ordinal} nllBefore`);
      near(step.search.nllAfter, s.nllAfter, `step ${step.ordinal} nllAfter`);
    } else {
      assert.equal(step.search, null);
    }
  }
});

test('getStepBody gives the real file of a Write and the candidates of a searched Think', async () => {
  const write = trajectory.steps.find((s) => s.action?.type === 'write' && s.action.path === 'ledger/money.py');
  assert.ok(write);
  const body = await getStepBody(prisma, trajectoryId, write.ordinal);
  assert.ok(body);
  assert.equal(body.actionType, 'write');
  assert.equal(body.actionPath, 'ledger/money.py');
  assert.equal(body.actionContent, LIBRARY['ledger/money.py']);
  assert.equal(body.content, write.content);
  assert.equal(body.search, null);

  const searchedStep = search.steps[0];
  const think = await getStepBody(prisma, trajectoryId, String(searchedStep.ordinal));
  assert.ok(think);
  assert.equal(think.kind, 'think');
  assert.equal(think.content, trajectory.steps[searchedStep.ordinal].content);
  assert.ok(think.search);
  assert.equal(think.search.searchRunId, searchRunId);
  near(think.search.nllBefore, searchedStep.nllBefore, 'nllBefore');
  near(think.search.nllAfter, searchedStep.nllAfter, 'nllAfter');
  assert.equal(think.search.finalText, searchedStep.finalText);
  assert.deepEqual(
    think.search.candidates.map(({ round, text, accepted, rejectedBecause }) => ({ round, text, accepted, rejectedBecause })),
    searchedStep.candidates.map(({ round, text, accepted, rejectedBecause }) => ({ round, text, accepted, rejectedBecause })),
  );
  think.search.candidates.forEach((c, i) => {
    const expected = searchedStep.candidates[i].nll;
    if (expected === null) assert.equal(c.nll, null);
    else near(c.nll, expected, `candidate ${i} nll`);
  });
  assert.ok(think.search.candidates.length > 0);
});

test('invalid or unknown ids and ordinals give null', async () => {
  assert.equal(await getTrajectoryOutline(prisma, 'not-a-uuid'), null);
  assert.equal(await getTrajectoryOutline(prisma, "'; DROP TABLE \"Step\"; --"), null);
  assert.equal(await getTrajectoryOutline(prisma, UNKNOWN), null);
  assert.equal(await getStepBody(prisma, 'nope', 0), null);
  assert.equal(await getStepBody(prisma, UNKNOWN, 0), null);
  assert.equal(await getStepBody(prisma, trajectoryId, trajectory.steps.length), null);
  for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 31, '1e3', '-1', '', 'x', '0x10', '99999999999']) {
    assert.equal(await getStepBody(prisma, trajectoryId, bad), null, `ordinal ${String(bad)}`);
  }
  assert.equal(parseOrdinal(' 7 '), 7);
  assert.equal(parseOrdinal(0), 0);
  assert.equal(parseOrdinal('2147483648'), null);
});

test('the outline of a 3,000-step trajectory comes back whole', async () => {
  const repo = await prisma.repository.create({ data: { name: 'big', source: '/src/big', sourceKind: 'directory' } });
  const snapshot = await prisma.snapshot.create({ data: { repositoryId: repo.id, contentHash: 'big', status: 'ready', languages: ['python'] } });
  const run = await prisma.synthesisRun.create({ data: { snapshotId: snapshot.id, provider: 'offline', model: OFFLINE_MODEL, config: {}, configHash: 'big', status: 'succeeded' } });
  const STEPS = 3000;
  const t = await prisma.trajectory.create({ data: { runId: run.id, requirements: '# Big', stepCount: STEPS, tokenCount: STEPS * 100, complete: true } });
  const body = 'x'.repeat(4000);
  const rows: Prisma.StepCreateManyInput[] = Array.from({ length: STEPS }, (_, ordinal) => {
    const kind = (['think', 'action', 'observation'] as const)[ordinal % 3];
    return {
      trajectoryId: t.id,
      ordinal,
      agent: 'sub',
      file: `pkg/m${Math.floor(ordinal / 3)}.py`,
      kind,
      actionType: kind === 'action' ? 'write' : null,
      actionPath: kind === 'action' ? `pkg/m${Math.floor(ordinal / 3)}.py` : null,
      content: `${ordinal}: ${body}`,
      actionContent: kind === 'action' ? body : null,
      tokens: 100,
      lossMasked: kind === 'observation',
    };
  });
  for (let i = 0; i < rows.length; i += 1000) await prisma.step.createMany({ data: rows.slice(i, i + 1000) });

  await getTrajectoryOutline(prisma, t.id); // warm up the connection and plans
  const started = performance.now();
  const outline = await getTrajectoryOutline(prisma, t.id);
  const ms = performance.now() - started;
  console.log(`getTrajectoryOutline: ${STEPS} steps in ${ms.toFixed(1)} ms`);
  assert.ok(outline);
  assert.equal(outline.steps.length, STEPS);
  assert.deepEqual(
    outline.steps.map((s) => s.ordinal),
    rows.map((r) => r.ordinal),
  );
  assert.ok(outline.steps.every((s) => s.preview.length <= PREVIEW_CHARS && s.truncated));
});

test('the route handlers answer 200, 400 and 404 with JSON', async () => {
  process.env.DATABASE_URL = db.url;
  const outlineRoute = await import('../../../app/api/trajectories/[id]/route');
  const stepRoute = await import('../../../app/api/trajectories/[id]/steps/[ordinal]/route');
  assert.equal(outlineRoute.dynamic, 'force-dynamic');
  assert.equal(stepRoute.dynamic, 'force-dynamic');
  const call = async (route: typeof outlineRoute | typeof stepRoute, params: Record<string, string>) => {
    const res = await (route.GET as (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>)(new Request('http://127.0.0.1/'), { params: Promise.resolve(params) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const ok = await call(outlineRoute, { id: trajectoryId });
  assert.equal(ok.status, 200);
  assert.equal((ok.body.steps as unknown[]).length, trajectory.steps.length);
  assert.equal((await call(outlineRoute, { id: 'nope' })).status, 400);
  assert.equal((await call(outlineRoute, { id: UNKNOWN })).status, 404);

  const write = trajectory.steps.find((s) => s.action?.type === 'write' && s.action.path === 'ledger/money.py');
  assert.ok(write);
  const body = await call(stepRoute, { id: trajectoryId, ordinal: String(write.ordinal) });
  assert.equal(body.status, 200);
  assert.equal(body.body.actionContent, LIBRARY['ledger/money.py']);
  assert.equal((await call(stepRoute, { id: 'nope', ordinal: '0' })).status, 400);
  assert.equal((await call(stepRoute, { id: trajectoryId, ordinal: '-1' })).status, 400);
  assert.equal((await call(stepRoute, { id: trajectoryId, ordinal: 'abc' })).status, 400);
  assert.equal((await call(stepRoute, { id: trajectoryId, ordinal: String(trajectory.steps.length) })).status, 404);
  assert.equal((await call(stepRoute, { id: UNKNOWN, ordinal: '0' })).status, 404);
});
