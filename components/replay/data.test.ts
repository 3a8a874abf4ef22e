import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexOfOrdinal, initialStepIndex } from './data';

const steps = [0, 1, 2, 5, 6].map((ordinal) => ({ ordinal }));

test('ordinals are found by binary search', () => {
  assert.equal(indexOfOrdinal(steps, 0), 0);
  assert.equal(indexOfOrdinal(steps, 5), 3);
  assert.equal(indexOfOrdinal(steps, 3), -1);
  assert.equal(indexOfOrdinal([], 0), -1);
});

test('the ?step= parameter picks a step, clamped; invalid values start at the beginning', () => {
  assert.equal(initialStepIndex(steps, '5'), 3);
  assert.equal(initialStepIndex(steps, ' 6 '), 4);
  assert.equal(initialStepIndex(steps, '3'), 3, 'a gap goes to the next step');
  assert.equal(initialStepIndex(steps, '900'), 4);
  assert.equal(initialStepIndex(steps, ['1', '2']), 1);
  for (const bad of [undefined, '', '-1', 'abc', '1e3', '0x10', '99999999999']) assert.equal(initialStepIndex(steps, bad), 0, String(bad));
  assert.equal(initialStepIndex([], '4'), 0);
});
