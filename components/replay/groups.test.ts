import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupJump, groupSteps, layoutTimeline, stickyGroupOf, type GroupableStep } from './groups';

const step = (ordinal: number, agent: 'main' | 'sub', file: string | null, tokens = 10, searched = false): GroupableStep => ({
  ordinal,
  agent,
  file,
  tokens,
  search: searched ? { nllBefore: 1, nllAfter: 0.9 } : null,
});

const steps = [step(0, 'main', null), step(1, 'main', null, 5), step(2, 'sub', 'a.ts'), step(3, 'sub', 'a.ts', 10, true), step(4, 'sub', 'b.ts'), step(5, 'sub', 'b.ts', 7)];

test('groups the main agent, then one group per file, with token totals', () => {
  const groups = groupSteps(steps);
  assert.deepEqual(
    groups.map((g) => [g.kind, g.file, g.first, g.last, g.tokens, g.searched]),
    [
      ['main', null, 0, 1, 15, 0],
      ['file', 'a.ts', 2, 3, 20, 1],
      ['file', 'b.ts', 4, 5, 17, 0],
    ],
  );
  assert.deepEqual(groupSteps([]), []);
});

test('a file written twice (not consecutively) gives two groups', () => {
  const groups = groupSteps([step(0, 'sub', 'a'), step(1, 'sub', 'b'), step(2, 'sub', 'a')]);
  assert.deepEqual(
    groups.map((g) => g.file),
    ['a', 'b', 'a'],
  );
});

test('rows are a header per group followed by its steps, with maps both ways', () => {
  const layout = layoutTimeline(steps);
  assert.deepEqual(
    layout.rows.map((r) => (r.type === 'group' ? `g${r.group}` : `s${r.step}`)),
    ['g0', 's0', 's1', 'g1', 's2', 's3', 'g2', 's4', 's5'],
  );
  assert.deepEqual([...layout.rowOfStep], [1, 2, 4, 5, 7, 8]);
  assert.deepEqual([...layout.groupOfStep], [0, 0, 1, 1, 2, 2]);
});

test('group jumps go to the next group, or back to the start of this one first', () => {
  const layout = layoutTimeline(steps);
  assert.equal(groupJump(layout, 0, 1), 2);
  assert.equal(groupJump(layout, 3, 1), 4);
  assert.equal(groupJump(layout, 5, 1), 5, 'no group after the last');
  assert.equal(groupJump(layout, 5, -1), 4, 'start of its own group first');
  assert.equal(groupJump(layout, 4, -1), 2);
  assert.equal(groupJump(layout, 0, -1), 0);
});

test('2,000 steps lay out quickly', () => {
  const many = Array.from({ length: 2000 }, (_, i) => step(i, i < 3 ? 'main' : 'sub', i < 3 ? null : `f${Math.floor(i / 11)}.ts`));
  const started = performance.now();
  const layout = layoutTimeline(many);
  assert.ok(performance.now() - started < 50);
  assert.equal(layout.rows.length, 2000 + layout.groups.length);
});

test('a collapsed group shows only its header and its steps map to that header', () => {
  const layout = layoutTimeline(steps, new Set([0, 1]));
  assert.deepEqual(
    layout.rows.map((r) => (r.type === 'group' ? `g${r.group}` : `s${r.step}`)),
    ['g0', 'g1', 'g2', 's4', 's5'],
  );
  assert.deepEqual([...layout.rowOfStep], [0, 0, 1, 1, 3, 4]);
  assert.deepEqual([...layout.groupOfStep], [0, 0, 1, 1, 2, 2], 'groups do not change');
  assert.deepEqual([...layout.collapsed], [0, 1]);
  assert.equal(groupJump(layout, 0, 1), 2, 'jumping by file is the same whatever is collapsed');
});

test('the sticky header is the group of the first visible step row, none when a header is first', () => {
  const layout = layoutTimeline(steps);
  assert.equal(stickyGroupOf(layout, 0), null);
  assert.equal(stickyGroupOf(layout, 2), 0);
  assert.equal(stickyGroupOf(layout, 5), 1);
  assert.equal(stickyGroupOf(layout, 6), null);
  assert.equal(stickyGroupOf(layout, 99), null);
});
