import assert from 'node:assert/strict';
import { test } from 'node:test';
import { focusCommandOfKey } from './focusKeys';
import { appendPage, currentItem, move, needsPageAfter, prefetchIds, prependPage, replaceItem, type FocusWindow } from './focusQueue';
import { describeDecision, formatDecisionTime } from '@/lib/4-review/reasons';
import { commandOfKey } from '../replay/keyboard';

test('browse keys decide and navigate; none of them is a replay key', () => {
  const type = (key: string) => focusCommandOfKey({ key }, 'browse')?.type ?? null;
  assert.equal(type('a'), 'approve');
  assert.equal(type('x'), 'reject');
  assert.equal(type('e'), 'resynthesize');
  assert.equal(type('n'), 'note');
  assert.equal(type('.'), 'next');
  assert.equal(type(','), 'prev');
  assert.equal(type('?'), 'cheat-sheet');
  for (const key of ['a', 'x', 'e', 'n', '.', ',']) assert.equal(commandOfKey({ key }), null, `${key} is free in the replay`);
  // '?' is both: the replay's key list on its own page, the cheat sheet in the focus view, whose
  // replay is told to leave it alone (TrajectoryReplay keysOnQuestionMark={false}).
  assert.equal(commandOfKey({ key: '?' }), 'shortcuts');
  for (const key of [' ', 'ArrowRight', 'j', 'k', '[', ']', 'Home', 'End', '+', '-', '1']) assert.equal(type(key), null, `${key} stays the replay's`);
  assert.equal(focusCommandOfKey({ key: 'a', ctrlKey: true }, 'browse'), null);
  assert.equal(focusCommandOfKey({ key: 'a', target: { tagName: 'TEXTAREA' } }, 'browse'), null);
  assert.equal(focusCommandOfKey({ key: 'a', target: { tagName: 'DIV', isContentEditable: true } }, 'browse'), null);
});

test('the reason picker takes 1–7 and Esc, and swallows the rest', () => {
  assert.deepEqual(focusCommandOfKey({ key: '1' }, 'reasons'), { type: 'pick-reason', reason: 'hallucinated_plan' });
  assert.deepEqual(focusCommandOfKey({ key: '6' }, 'reasons'), { type: 'pick-reason', reason: 'duplicate' });
  assert.deepEqual(focusCommandOfKey({ key: '7' }, 'reasons'), { type: 'pick-reason', reason: 'other' });
  assert.deepEqual(focusCommandOfKey({ key: 'Escape' }, 'reasons'), { type: 'close' });
  assert.deepEqual(focusCommandOfKey({ key: 'ArrowRight' }, 'reasons'), { type: 'swallow' });
  assert.deepEqual(focusCommandOfKey({ key: '8' }, 'reasons'), { type: 'swallow' });
  assert.deepEqual(focusCommandOfKey({ key: '?' }, 'cheat-sheet'), { type: 'close' });
  assert.deepEqual(focusCommandOfKey({ key: 'j' }, 'cheat-sheet'), { type: 'swallow' });
});

test('in the note, only Esc and Ctrl+Enter are commands', () => {
  const textarea = { tagName: 'TEXTAREA' };
  assert.equal(focusCommandOfKey({ key: 'a', target: textarea }, 'note'), null);
  assert.equal(focusCommandOfKey({ key: 'Enter', target: textarea }, 'note'), null);
  assert.deepEqual(focusCommandOfKey({ key: 'Enter', ctrlKey: true, target: textarea }, 'note'), { type: 'save-note' });
  assert.deepEqual(focusCommandOfKey({ key: 'Escape', target: textarea }, 'note'), { type: 'close' });
});

test('the focus window pages, moves and replaces items', () => {
  const item = (id: string) => ({ id, v: 0 });
  let w: FocusWindow<{ id: string; v: number }> = { items: ['c', 'd'].map(item), index: 0, moreAfter: true, moreBefore: true };
  assert.equal(needsPageAfter(w), true);
  w = appendPage(w, ['d', 'e', 'f'].map(item), 3);
  assert.deepEqual(w.items.map((i) => i.id), ['c', 'd', 'e', 'f']);
  assert.equal(w.moreAfter, true);
  w = appendPage(w, [], 3);
  assert.equal(w.moreAfter, false);
  assert.equal(needsPageAfter(w), false);
  w = prependPage(w, ['a', 'b'].map(item), 5);
  assert.equal(currentItem(w)?.id, 'c');
  assert.equal(w.moreBefore, false);
  assert.deepEqual(prefetchIds(w), ['d', 'e', 'b']);
  w = replaceItem(w, 'c', { v: 1 });
  assert.equal(currentItem(w)?.v, 1);
  w = move(w, 10);
  assert.equal(w.index, 6);
  assert.equal(currentItem(w), null, 'past the end');
  assert.equal(move(w, -10).index, 0);
});

test('decisions and times read as sentences', () => {
  assert.equal(describeDecision('rejected', 'target_leakage'), 'rejected (leakage of the target)');
  assert.equal(describeDecision('needs_resynthesis', null), 'needs re-synthesis');
  const now = new Date('2026-11-21T15:00:00Z');
  assert.equal(formatDecisionTime(new Date('2026-11-21T14:02:30Z'), now), '14:02 UTC');
  assert.equal(formatDecisionTime('2026-11-20T09:05:00Z', now), '2026-11-20 09:05 UTC');
});
