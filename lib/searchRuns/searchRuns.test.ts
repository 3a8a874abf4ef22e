import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type PgBoss from 'pg-boss';
import { startWorkers } from '../../workers/startWorkers';
import { ingest } from '../ingest/ingest';
import { openBoss } from '../jobs/queue';
import { leakageReason } from '../search/leakage';
import { resolveConfig } from '../synthesis/config';
import { requestSynthesis } from '../synthesis/requestSynthesis';
import { freshDatabase } from '../testing/database';
import { tempTree } from '../testing/tempTree';
import { until } from '../testing/until';
import { resolveSearchConfig } from './config';
import { requestSearch, SearchAlreadyActiveError } from './requestSearch';

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
  const synthesis = await requestSynthesis(db.prisma, boss, 'ledger', resolveConfig({ provider: 'offline', search: true }));
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

test('asking for the same search while it is active is refused; an incomplete trajectory is refused', async () => {
  const trajectory = await db.prisma.trajectory.findFirstOrThrow({ where: { complete: true } });
  const config = resolveSearchConfig({ rounds: 1, seed: 3 });
  const first = await requestSearch(db.prisma, boss, trajectory.id, config);
  await assert.rejects(requestSearch(db.prisma, boss, trajectory.id, config), (err: Error) => err instanceof SearchAlreadyActiveError && err.message.includes(first.id));
  await assert.rejects(requestSearch(db.prisma, boss, '00000000-0000-0000-0000-000000000000', config), /No trajectory/);
});
