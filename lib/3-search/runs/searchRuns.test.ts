import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type PgBoss from 'pg-boss';
import { startWorkers } from '../../../workers/startWorkers';
import { ingest } from '../../1-ingest/ingest';
import { openBoss } from '../../platform/jobs/queue';
import { leakageReason } from '../leakage';
import { requestSynthesis } from '../../2-synthesize/runs/requestSynthesis';
import { resolveSynthesisConfig } from './searchConfig';
import { freshDatabase } from '../../testing/database';
import { tempTree } from '../../testing/tempTree';
import { until } from '../../testing/until';
import { resolveSearchConfig } from './config';
import { requestSearch, SearchAlreadyActiveError } from './requestSearch';
import { decodeTokenScores } from '../tokenScores';
import { getWriteTokenScores } from '../studio/tokenScoresQuery';
import { getStepBody } from '../studio/trajectoryQueries';
import { meanNll } from '../scoring/types';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let boss: PgBoss;
before(async () => {
  db = await freshDatabase('search_runs');
  boss = await openBoss(db.url);
});
after(async () => {
  await boss.stop({ graceful: false, wait: true, timeout: 5000 });
  await db.drop();
});

const LIBRARY = {
  'README.md': '# Ledger\n\nDouble-entry bookkeeping.\n',
  'ledger/__init__.py': '',
  'ledger/money.py': '"""Money amounts in cents."""\n\n\nclass Money:\n    def __init__(self, cents: int):\n        self.cents = cents\n\n    def add(self, other: "Money") -> "Money":\n        return Money(self.cents + other.cents)\n',
  'ledger/account.py': 'from ledger.money import Money\n\n\nclass Account:\n    """An account with a running balance."""\n\n    def __init__(self, name: str):\n        self.name = name\n        self.balance = Money(0)\n\n    def credit(self, amount: Money) -> None:\n        self.balance = self.balance.add(amount)\n',
  'ledger/journal.py': 'from ledger.account import Account\nfrom ledger.money import Money\n\n\ndef transfer(source: Account, target: Account, amount: Money) -> None:\n    """Moves an amount between two accounts."""\n    target.credit(amount)\n    source.credit(Money(-amount.cents))\n',
};

test('a synthesis configured with search is followed by a stored search: steps, candidates and means', async () => {
  await ingest(db.prisma, tempTree(LIBRARY), { name: 'ledger' });
  const synthesis = await requestSynthesis(db.prisma, boss, 'ledger', resolveSynthesisConfig({ provider: 'offline', search: true }));
  const workers = await startWorkers(db.url, { concurrency: 1, log: () => {} });
  try {
    await until('the search to end', async () => {
      const s = await db.prisma.searchRun.findFirst({ where: { trajectory: { runId: synthesis.id } } });
      return !!s && ['succeeded', 'failed'].includes(s.status);
    }, 90_000);
  } finally {
    await workers.stop();
  }
  const search = await db.prisma.searchRun.findFirstOrThrow({ where: { trajectory: { runId: synthesis.id } }, include: { steps: { include: { candidates: true }, orderBy: { stepOrdinal: 'asc' } } } });
  assert.equal(search.status, 'succeeded', search.error ?? '');
  assert.equal(search.scorerProvider, 'offline');
  // The run names what it ran with, and the default it took for want of a scoring server.
  const setup = search.setup as { proposer: { provider: string }; scorer: { provider: string; model: string }; fallbacks: string[] };
  assert.deepEqual([setup.proposer.provider, setup.scorer.provider, setup.scorer.model], ['offline', 'offline', 'offline-ngram-kn4-cache']);
  assert.deepEqual(setup.fallbacks, ['no scoring server is configured (RETRACE_SCORER_BASE_URL or --scorer-base-url): scored by the offline n-gram model']);
  assert.ok(search.steps.length >= 3, 'one searched Think per written source file with content');
  const files = new Map(Object.entries(LIBRARY));
  for (const step of search.steps) {
    assert.ok(step.nllAfter <= step.nllBefore, `${step.file}: ${step.nllAfter} <= ${step.nllBefore}`);
    assert.ok(step.candidates.length > 0);
    for (const c of step.candidates.filter((c) => c.accepted)) assert.equal(leakageReason(c.text, files.get(step.file) ?? ''), null);
    for (const c of step.candidates.filter((c) => !c.accepted)) assert.ok(c.rejectedBecause);
  }
  assert.ok(search.meanNllAfter! <= search.meanNllBefore!);
  assert.ok(search.scoredTokens > 0n);
});

test('each searched Write\'s per-token scores are stored in one blob and read back for the training view', async () => {
  const search = await db.prisma.searchRun.findFirstOrThrow({ where: { status: 'succeeded' }, include: { steps: true } });
  const writes = await db.prisma.step.findMany({ where: { trajectoryId: search.trajectoryId, actionType: 'write' }, orderBy: { ordinal: 'asc' } });
  for (const step of search.steps) {
    const write = writes.find((w) => w.actionPath === step.file)!;
    const result = await getWriteTokenScores(db.prisma, search.trajectoryId, write.ordinal);
    assert.ok('scores' in result, JSON.stringify(result));
    const { before, after } = decodeTokenScores(Buffer.from(result.scores.deflated, 'base64'));
    assert.equal(result.scores.thinkOrdinal, step.stepOrdinal);
    assert.ok(Math.abs(meanNll({ tokens: [], logprobs: [...before.logprobs] }, result.scores.logprobFloor) - step.nllBefore) < 1e-5);
    assert.ok(Math.abs(meanNll({ tokens: [], logprobs: [...after.logprobs] }, result.scores.logprobFloor) - step.nllAfter) < 1e-5);
    // Every token sits in the real file as written.
    const content = (await getStepBody(db.prisma, search.trajectoryId, write.ordinal))!.actionContent!;
    for (let i = 0; i < before.starts.length; i++) assert.ok(before.starts[i] >= 0 && before.ends[i] <= content.length && before.starts[i] < before.ends[i]);
  }
  const notWrite = await getWriteTokenScores(db.prisma, search.trajectoryId, 0);
  assert.deepEqual('error' in notWrite && notWrite.status, 400);
  assert.match('error' in notWrite ? notWrite.error : '', /is not a Write/);
  await db.prisma.searchStep.updateMany({ where: { searchRunId: search.id }, data: { tokenScores: null } });
  const old = await getWriteTokenScores(db.prisma, search.trajectoryId, writes.find((w) => w.actionPath === search.steps[0].file)!.ordinal);
  assert.match('error' in old ? old.error : '', /stored before per-token scores were kept: search it again/);
});

test('asking for the same search while it is active is refused; an incomplete trajectory is refused', async () => {
  const trajectory = await db.prisma.trajectory.findFirstOrThrow({ where: { complete: true } });
  const config = resolveSearchConfig({ rounds: 1, seed: 3 });
  const first = await requestSearch(db.prisma, boss, trajectory.id, config);
  await assert.rejects(requestSearch(db.prisma, boss, trajectory.id, config), (err: Error) => err instanceof SearchAlreadyActiveError && err.message.includes(first.id));
  await assert.rejects(requestSearch(db.prisma, boss, '00000000-0000-0000-0000-000000000000', config), /No trajectory/);
});
