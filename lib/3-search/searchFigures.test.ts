import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchFigures, searchFiguresText } from './searchFigures';

test('search figures count improved steps, their mean gain and pre-scoring rejections by reason', () => {
  const f = searchFigures([
    { nllBefore: 1.5, nllAfter: 1.2, candidates: [{ nll: 1.2, rejectedBecause: null }, { nll: null, rejectedBecause: 'leaks the target: copies the line "x"' }] },
    { nllBefore: 1.0, nllAfter: 0.9, candidates: [{ nll: null, rejectedBecause: 'repeats itself: the paragraph "p" appears twice' }, { nll: null, rejectedBecause: 'empty' }] },
    { nllBefore: 2.0, nllAfter: 2.0, candidates: [{ nll: 2.1, rejectedBecause: 'not lower than the best so far (2.1 ≥ 2.0)' }, { nll: null, rejectedBecause: 'not scored: the scored-token budget ran out' }] },
  ]);
  assert.equal(f.searchedSteps, 3);
  assert.equal(f.improvedSteps, 2);
  assert.ok(Math.abs(f.meanImprovement! - 0.2) < 1e-9);
  assert.deepEqual(f.rejected, { leakage: 1, repetition: 1, other: 1 });
  assert.equal(searchFiguresText(f), '2 of 3 steps improved (mean NLL −0.200); rejected before scoring: 1 leaking the target, 1 repeating themselves, 1 other');
});
