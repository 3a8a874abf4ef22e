import assert from 'node:assert/strict';
import { test } from 'node:test';
import { repeatedBlock } from './repetition';

test('a Think with a second copy of a paragraph or of consecutive lines is a repeat; lists and short lines are not', () => {
  const decl = '- `export type Listener = () => void`\n- `export class Subscribable<TListener>` — listeners and hooks\n- `protected onSubscribe(): void`';
  assert.equal(repeatedBlock(`The file defines, in order:\n${decl}\n\nWriting it now.`), null);
  assert.match(repeatedBlock(`The file defines, in order:\n${decl}\n\nAgain:\n${decl}\n\nWriting it now.`)!, /^repeats itself: the lines "- `export type Listener/);
  const para = 'Next is `subscribable.ts`, the base class that every manager in this package extends.';
  assert.match(repeatedBlock(`${para}\n\nIt builds on nothing.\n\n${para}`)!, /^repeats itself: the paragraph/);
  assert.equal(repeatedBlock('ok\nok\nok\n- a\n- a'), null, 'short lines repeat naturally');
});
