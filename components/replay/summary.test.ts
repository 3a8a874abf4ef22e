import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StepOutline } from '@/lib/3-search/studio/trajectoryQueries';
import { nextOrdinal, planRepairText, trajectorySummary } from './summary';

type S = Pick<StepOutline, 'ordinal' | 'agent' | 'file' | 'kind' | 'actionType' | 'actionPath' | 'tokens' | 'lossMasked' | 'search'>;
const step = (ordinal: number, x: Partial<S>): S => ({ ordinal, agent: 'sub', file: null, kind: 'think', actionType: null, actionPath: null, tokens: 10, lossMasked: false, search: null, ...x });

// Main agent: think, plan. Then a.py (think, read b.py, observation, think searched, write) and b.py (think searched, write).
const STEPS: S[] = [
  step(0, { agent: 'main' }),
  step(1, { agent: 'main', kind: 'action', actionType: 'plan', tokens: 40 }),
  step(2, { file: 'a.py' }),
  step(3, { file: 'a.py', kind: 'action', actionType: 'read', actionPath: 'b.py', tokens: 5 }),
  step(4, { file: 'a.py', kind: 'observation', tokens: 200, lossMasked: true }),
  step(5, { file: 'a.py', search: { nllBefore: 1.5, nllAfter: 1.2 } }),
  step(6, { file: 'a.py', kind: 'action', actionType: 'write', actionPath: 'a.py', tokens: 300 }),
  step(7, { file: 'b.py', search: { nllBefore: 0.9, nllAfter: 0.9 } }),
  step(8, { file: 'b.py', kind: 'action', actionType: 'write', actionPath: 'b.py', tokens: 100 }),
];
const PLAN = [{ ordinal: 0, path: 'b.py', purpose: '', needs: '', keySymbols: [] }, { ordinal: 1, path: 'a.py', purpose: '', needs: '', keySymbols: [] }];
const figure = (s: ReturnType<typeof trajectorySummary>, key: string) => s.figures.find((f) => f.key === key)!;

test('figures count files, steps, trained and masked tokens, and point at their steps', () => {
  const s = trajectorySummary(STEPS, PLAN, { sourceFiles: ['b.py', 'a.py', 'c.py'], planRepair: null, rejections: [[5, 'leakage'], [5, 'leakage'], [7, 'repetition'], [7, 'other']] }, true);
  assert.deepEqual(figure(s, 'files'), { ...figure(s, 'files'), value: '2', ordinals: [6, 8] });
  assert.equal(figure(s, 'steps').value, '9');
  assert.equal(figure(s, 'trained').value, String(10 + 40 + 10 + 5 + 10 + 300 + 10 + 100));
  assert.deepEqual([figure(s, 'masked').value, figure(s, 'masked').ordinals], ['200', [4]]);
  assert.equal(figure(s, 'plan').value, '2 of 3 source files');
  assert.match(figure(s, 'plan').title, /Not in the plan: c\.py/);
  assert.equal(figure(s, 'plan').warn, true);
  assert.deepEqual(figure(s, 'plan').ordinals, [1]);
  assert.equal(figure(s, 'repairs').value, 'none');
  assert.match(figure(s, 'repairs').title, /offline plan is valid/);
  assert.deepEqual([figure(s, 'improved').value, figure(s, 'improved').ordinals], ['1 of 2', [5]]);
  assert.equal(figure(s, 'nll').value, '1.200 → 1.050 (−0.150)');
  assert.deepEqual([figure(s, 'leakage').value, figure(s, 'leakage').ordinals], ['2', [5]]);
  assert.deepEqual([figure(s, 'repetition').value, figure(s, 'repetition').ordinals], ['1', [7]]);
  // Worst file first, each pointing at its Write.
  assert.deepEqual(s.worstFiles, [{ file: 'a.py', nllBefore: 1.5, nllAfter: 1.2, ordinal: 6 }, { file: 'b.py', nllBefore: 0.9, nllAfter: 0.9, ordinal: 8 }]);
});

test('an unsearched trajectory has no search figures; a repaired plan says what was repaired', () => {
  const unsearched = STEPS.map((x) => ({ ...x, search: null }));
  const repair = { unknown: ['x.py'], duplicates: [], missing: ['a.py', 'b.py'], normalized: [], reordered: true, unknownSymbols: 0, filledFields: 0, reasked: true };
  const s = trajectorySummary(unsearched, PLAN, { sourceFiles: ['a.py', 'b.py'], planRepair: repair, rejections: [] }, false);
  assert.equal(s.figures.find((f) => f.key === 'improved'), undefined);
  assert.deepEqual(s.worstFiles, []);
  assert.equal(figure(s, 'repairs').value, 'repaired');
  assert.equal(figure(s, 'repairs').warn, true);
  assert.equal(planRepairText(repair), '1 unknown path dropped, 2 missing files filled in, put in implementation order, the model was asked again');
});

test('repeated clicks walk through a figure\'s steps and wrap around', () => {
  assert.equal(nextOrdinal([4, 9, 20], 0), 4);
  assert.equal(nextOrdinal([4, 9, 20], 4), 9);
  assert.equal(nextOrdinal([4, 9, 20], 20), 4);
  assert.equal(nextOrdinal([], 3), null);
});
