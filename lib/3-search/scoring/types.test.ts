import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LOGPROB_FLOOR, meanNll, perplexity } from './types';

test('meanNll is the mean negative log-probability, each clipped at the floor (default -2)', () => {
  assert.equal(DEFAULT_LOGPROB_FLOOR, -2);
  assert.equal(meanNll({ tokens: ['a', 'b'], logprobs: [-0.5, -1.5] }), 1);
  // -7 is clipped to -2: (0.5 + 2) / 2.
  assert.equal(meanNll({ tokens: ['a', 'b'], logprobs: [-0.5, -7] }), 1.25);
  assert.equal(meanNll({ tokens: ['a', 'b'], logprobs: [-0.5, -7] }, -10), 3.75);
  assert.equal(meanNll({ tokens: ['a'], logprobs: [-3] }, -2.5), 2.5);
});

test('meanNll: non-finite log-probabilities count at the floor; an empty target is 0', () => {
  assert.equal(meanNll({ tokens: ['a', 'b'], logprobs: [Number.NEGATIVE_INFINITY, -1] }), 1.5);
  assert.equal(meanNll({ tokens: ['a'], logprobs: [Number.NaN] }), 2);
  assert.equal(meanNll({ tokens: [], logprobs: [] }), 0);
});

test('perplexity = exp(mean NLL)', () => {
  assert.equal(perplexity(0), 1);
  assert.ok(Math.abs(perplexity(2) - Math.exp(2)) < 1e-12);
  assert.ok(Math.abs(perplexity(meanNll({ tokens: ['a', 'b'], logprobs: [-1, -3] })) - Math.exp(1.5)) < 1e-12);
});
