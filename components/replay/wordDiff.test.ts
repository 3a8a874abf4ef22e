import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffCounts, wordDiff } from './wordDiff';

test('a word diff keeps common words, marks removed and added ones, and rebuilds both texts', () => {
  const before = 'Next is `a.ts`. It defines\nthe `A` class.';
  const after = 'Next is `a.ts`. It defines the `A` class and `b`.\n\nWriting it now.';
  const parts = wordDiff(before, after);
  assert.equal(parts.filter((p) => p.kind !== 'added').map((p) => p.text).join('').replace(/\s+/g, ' '), before.replace(/\s+/g, ' '));
  assert.equal(parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join(''), after);
  assert.ok(parts.some((p) => p.kind === 'added' && p.text.includes('Writing')));
  assert.deepEqual(diffCounts(parts), { removed: 1, added: 6 });
  assert.deepEqual(wordDiff('same text', 'same text'), [{ kind: 'same', text: 'same text' }]);
  assert.deepEqual(wordDiff('', 'new'), [{ kind: 'added', text: 'new' }]);
});
