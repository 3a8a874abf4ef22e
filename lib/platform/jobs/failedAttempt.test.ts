import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeterministicError, failedAttempt, isDeterministic } from './failedAttempt';

test('a failed attempt is retried while attempts are left, failed on the last, and at once when deterministic', () => {
  const first = failedAttempt(new Error('timeout'), 0, 4);
  assert.equal(first.rethrow, true);
  assert.equal(first.final, false);
  assert.deepEqual(first.data, { status: 'queued', error: 'attempt 1 of 4 failed, retrying: timeout' });
  const last = failedAttempt(new Error('timeout'), 3, 4);
  assert.equal(last.final, true);
  assert.equal(last.rethrow, true);
  assert.equal(last.data.status, 'failed');
  const det = failedAttempt(new DeterministicError('bad input in a.py'), 0, 4);
  assert.equal(det.final, true);
  assert.equal(det.rethrow, false);
  assert.equal(det.data.status, 'failed');
  assert.match(det.data.error, /^bad input in a\.py It was not retried/);
  assert.equal(isDeterministic({ deterministic: true }), true);
  assert.equal(isDeterministic(new Error('x')), false);
});
