import assert from 'node:assert/strict';
import { test } from 'node:test';
import { structureOf } from '../1-ingest/ingest';
import { tempTree } from '../testing/tempTree';
import { mainAgentContextOf } from './mainAgentContext';
import { createOfflineModel, offlinePlanEntry } from './offlineModel';
import { assertValidPlan, planViolations, repairedAnything, repairPlan } from './planValidation';
import { synthesize } from './synthesize';
import { PYTHON_PACKAGE, TS_WITH_CYCLE } from './testRepos';
import type { AgentModel } from './types';

test('planViolations names unknown, duplicate, missing and misordered entries', async () => {
  const structure = await structureOf(tempTree(TS_WITH_CYCLE));
  const plan = await createOfflineModel().plan(mainAgentContextOf(structure));
  assert.deepEqual(planViolations(structure.order, plan), []);
  assert.doesNotThrow(() => assertValidPlan(structure.order, plan));

  const [a, b, ...rest] = plan.files;
  const bad = { ...plan, files: [b, a, ...rest] };
  assert.deepEqual(planViolations(structure.order, bad), ['plan entry 0 is "src/point.ts", but the implementation order has "src/empty.ts" there']);
  const wrong = { ...plan, files: [a, a, { ...b, path: 'src/nope.ts' }, ...rest] };
  assert.deepEqual(planViolations(structure.order, wrong), [
    'plan lists "src/empty.ts" more than once',
    'plan lists "src/nope.ts", which is not a source file',
    'plan leaves out "src/point.ts"',
  ]);
  assert.throws(() => assertValidPlan(structure.order, wrong, 'offline plan'), /Invalid offline plan: plan lists "src\/empty\.ts" more than once/);
});

test('repairPlan maps a hand-written plan onto the real files and records every repair', async () => {
  const structure = await structureOf(tempTree(PYTHON_PACKAGE));
  assert.deepEqual(structure.order, ['inventory/models.py', 'inventory/stock.py', 'inventory/__init__.py', 'inventory/report.py', 'tests/__init__.py', 'tests/test_stock.py']);
  const proposed = {
    requirements: '# Inventory\n\nTrack stock.',
    files: [
      { path: 'inventory/stock.py', purpose: 'Stock levels.', needs: 'Item from models.py', keySymbols: ['Stock', 'Warehouse'] },
      { path: './inventory/models.py', purpose: 'The Item data class.', needs: '', keySymbols: ['Item'] },
      { path: 'inventory/stock.py', purpose: 'Again.', needs: 'x', keySymbols: [] },
      { path: 'inventory/cli.py', purpose: 'Invented.', needs: 'x', keySymbols: ['main'] },
      { path: 'inventory\\report.py', purpose: 'Reports.', needs: 'Stock', keySymbols: [] },
      { path: 'tests/test_stock.py', purpose: '  ', needs: 'Stock and Item', keySymbols: ['test_add'] },
      'not an object',
    ],
  };
  const { plan, repair } = repairPlan(structure, proposed);
  assert.deepEqual(plan.files.map((f) => f.path), structure.order);
  assert.equal(plan.requirements, '# Inventory\n\nTrack stock.');
  assert.deepEqual(repair.unknown, ['inventory/cli.py', '']);
  assert.deepEqual(repair.duplicates, ['inventory/stock.py']);
  assert.deepEqual(repair.missing, ['inventory/__init__.py', 'tests/__init__.py']);
  assert.deepEqual(repair.normalized, ['./inventory/models.py', 'inventory\\report.py']);
  assert.equal(repair.reordered, true);
  assert.equal(repair.unknownSymbols, 1); // Warehouse
  assert.equal(repair.filledFields, 2); // models.py needs, test_stock.py purpose
  assert.ok(repairedAnything(repair));

  const byPath = new Map(plan.files.map((f) => [f.path, f]));
  assert.deepEqual(byPath.get('inventory/stock.py'), { path: 'inventory/stock.py', purpose: 'Stock levels.', needs: 'Item from models.py', keySymbols: ['Stock'] });
  assert.equal(byPath.get('inventory/models.py')!.needs, offlinePlanEntry(structure, 'inventory/models.py').needs);
  assert.deepEqual(byPath.get('inventory/__init__.py'), offlinePlanEntry(structure, 'inventory/__init__.py'));
  // No key symbols given for a file that has symbols: the offline ones.
  assert.deepEqual(byPath.get('inventory/report.py')!.keySymbols, ['HEADER', 'report']);
  assert.equal(byPath.get('tests/test_stock.py')!.purpose, offlinePlanEntry(structure, 'tests/test_stock.py').purpose);
  assert.deepEqual(planViolations(structure.order, plan), []);

  // Repairing a valid plan changes nothing.
  const again = repairPlan(structure, plan);
  assert.deepEqual(again.plan, plan);
  assert.equal(repairedAnything(again.repair), false);

  // Garbage: everything from the offline model.
  const empty = repairPlan(structure, { files: 'nope' });
  assert.equal(empty.repair.missing.length, 6);
  assert.equal(empty.repair.filledFields, 1);
  assert.deepEqual(empty.plan.files, structure.order.map((p) => offlinePlanEntry(structure, p)));
});

test('synthesize rejects an offline plan that breaks the order, and repairs a non-offline one', async () => {
  const structure = await structureOf(tempTree(TS_WITH_CYCLE));
  const offline = createOfflineModel();
  const broken: AgentModel = {
    ...offline,
    plan: async (c) => {
      const p = await offline.plan(c);
      return { ...p, files: [...p.files].reverse() };
    },
  };
  await assert.rejects(synthesize(structure, broken), /Invalid plan from offline-structural-v1: plan entry 0 is "test\/shape\.test\.ts"/);
  const repairs: unknown[] = [];
  const online: AgentModel = { ...broken, provider: 'openai', offline: false, model: 'test-model' };
  const t = await synthesize(structure, online, { onPlanRepair: (r) => repairs.push(r) });
  assert.deepEqual(t.plan.files.map((f) => f.path), structure.order);
  assert.equal(repairs.length, 1);
  assert.equal((repairs[0] as { reordered: boolean }).reordered, true);
});
