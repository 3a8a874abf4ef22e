import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clampIndex, SPEEDS, stepDelayMs, stepSpeed } from './playback';

test('longer steps stay longer, up to a cap; speed divides the delay', () => {
  assert.equal(stepDelayMs(0, 1), 600);
  assert.ok(stepDelayMs(400, 1) > stepDelayMs(10, 1));
  assert.equal(stepDelayMs(1_000_000, 1), 2400);
  assert.equal(stepDelayMs(0, 2), 300);
  assert.equal(stepDelayMs(0, 1000), 40, 'never faster than the floor');
  assert.equal(stepDelayMs(NaN, NaN), 600);
  assert.equal(stepDelayMs(-5, 0), 600);
});

test('speeds step through the list and stay at the ends', () => {
  assert.equal(stepSpeed(1, 1), 2);
  assert.equal(stepSpeed(1, -1), 0.5);
  assert.equal(stepSpeed(SPEEDS[0], -1), SPEEDS[0]);
  assert.equal(stepSpeed(SPEEDS[SPEEDS.length - 1], 1), SPEEDS[SPEEDS.length - 1]);
  assert.equal(stepSpeed(3, 1), 8, 'an off-list speed snaps to the next one up, then moves');
});

test('indices clamp to the trajectory', () => {
  assert.equal(clampIndex(-3, 10), 0);
  assert.equal(clampIndex(12, 10), 9);
  assert.equal(clampIndex(4.7, 10), 4);
  assert.equal(clampIndex(5, 0), 0);
});
