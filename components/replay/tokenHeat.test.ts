import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TokenScoreSet } from '@/lib/3-search/tokenScoresFormat';
import { changeBucket, heatFigures, heatSpans, logprobBucket, tokenAt } from './tokenHeat';

const set = (starts: number[], ends: number[], logprobs: number[]): TokenScoreSet => ({ starts: Int32Array.from(starts), ends: Int32Array.from(ends), logprobs: Float32Array.from(logprobs) });

const content = 'def f(x):\n    return x\n';
// Tokens as the offline scorer splits it: words, operators, the line break with its indentation.
const starts = [0, 4, 5, 6, 7, 8, 9, 14, 21, 22];
const ends = [3, 5, 6, 7, 8, 9, 14, 20, 22, 23];

test('log-probabilities fall in buckets from likely to at the floor', () => {
  assert.equal(logprobBucket(-0.01, -2), 0);
  assert.equal(logprobBucket(-0.3, -2), 1);
  assert.equal(logprobBucket(-0.9, -2), 2);
  assert.equal(logprobBucket(-1.2, -2), 3);
  assert.equal(logprobBucket(-1.9, -2), 4);
  assert.equal(logprobBucket(-2, -2), 5);
  assert.equal(logprobBucket(-Infinity, -2), 5);
  assert.equal(changeBucket(0.01), 0);
  assert.equal(changeBucket(-0.1), -1);
  assert.equal(changeBucket(0.5), 2);
  assert.equal(changeBucket(-1.5), -3);
});

test('spans cover the visible part of each token; layout tokens are not coloured', () => {
  const before = set(starts, ends, [-0.01, -3, -0.4, -0.1, -0.1, -0.1, -0.2, -1.7, -0.6, -0.1]);
  const spans = heatSpans(content, { before, after: before }, 'before', -2);
  assert.deepEqual(spans.map((s) => content.slice(s.start, s.end)), ['def', 'f', '(', 'x', ')', ':', 'return', 'x']);
  assert.deepEqual(spans.map((s) => s.className).slice(0, 3), ['heat-lp-0', 'heat-lp-5', 'heat-lp-1']);
});

test('the change view compares tokens that start at the same place, clipped at the floor', () => {
  const before = set(starts, ends, [-1, -5, -1, -1, -1, -1, -1, -1, -1, -1]);
  const after = set(starts, ends, [-0.1, -4, -1.8, -1, -1, -1, -1, -1, -1, -1]);
  const spans = heatSpans(content, { before, after }, 'change', -2);
  // -4 and -5 are both at the floor: no change.
  assert.deepEqual(spans.slice(0, 3).map((s) => s.className), ['heat-d-p3', 'heat-d-p0', 'heat-d-m3']);
  // A token after the rewrite with no counterpart before is left uncoloured.
  const shifted = set([1, ...starts.slice(1)], [3, ...ends.slice(1)], after.logprobs as unknown as number[]);
  assert.equal(heatSpans(content, { before, after: shifted }, 'change', -2).length, spans.length - 1);
});

test('tokenAt finds the token under an offset, also past unplaced tokens', () => {
  const s = set([0, -1, 4, 10], [3, -1, 8, 12], [-1, -1, -1, -1]);
  assert.equal(tokenAt(s, 0), 0);
  assert.equal(tokenAt(s, 2), 0);
  assert.equal(tokenAt(s, 3), -1);
  assert.equal(tokenAt(s, 5), 2);
  assert.equal(tokenAt(s, 11), 3);
  assert.equal(tokenAt(s, 12), -1);
  assert.equal(tokenAt(set([-1, -1, 5], [-1, -1, 6], [0, 0, 0]), 5), 2);
});

test('figures recompute the clipped NLL the search stored', () => {
  const f = heatFigures(set([0, 2, -1], [1, 3, -1], [-0.5, -Infinity, -3]), -2);
  assert.equal(f.tokens, 3);
  assert.equal(f.unplaced, 1);
  assert.ok(Math.abs(f.nll - 4.5 / 3) < 1e-9);
  assert.ok(Math.abs(f.atFloor - 2 / 3) < 1e-9);
});
