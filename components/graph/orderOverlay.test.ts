import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clampStep, orderSteps, overlayAt, overlayRole } from './orderOverlay';
import { edge, file } from './testFixtures';

const files = [file('README.md'), file('c.ts', { orderIndex: 2 }), file('a.ts', { orderIndex: 0 }), file('b.ts', { orderIndex: 1 }), file('d.ts', { orderIndex: 3 })];
// c imports a and d (d comes later: a cycle c ↔ d).
const edges = [edge('c.ts', 'a.ts'), edge('c.ts', 'd.ts'), edge('d.ts', 'c.ts'), edge('b.ts', 'a.ts')];
const steps = orderSteps(files);

describe('order overlay', () => {
  test('steps are the ordered files only', () => {
    assert.deepEqual(
      steps.map((f) => f.path),
      ['a.ts', 'b.ts', 'c.ts', 'd.ts'],
    );
  });
  test('a step highlights the file, what was written before and which of those it imports', () => {
    const s = overlayAt(steps, edges, 2)!;
    assert.equal(s.current, 'c.ts');
    assert.deepEqual([...s.written], ['a.ts', 'b.ts']);
    assert.deepEqual([...s.deps], ['a.ts']);
    assert.deepEqual([...s.pendingDeps], ['d.ts']);
    assert.equal(overlayRole(s, ['c.ts']), 'current');
    assert.equal(overlayRole(s, ['b.ts']), 'written');
    assert.equal(overlayRole(s, ['b.ts', 'a.ts']), 'dep');
    assert.equal(overlayRole(s, ['d.ts', 'README.md']), 'pending');
  });
  test('steps are clamped; no ordered file means no overlay', () => {
    assert.equal(overlayAt(steps, edges, 99)!.current, 'd.ts');
    assert.equal(overlayAt(steps, edges, -3)!.current, 'a.ts');
    assert.equal(overlayAt(steps, edges, 0)!.written.size, 0);
    assert.equal(clampStep(5, 0), null);
    assert.equal(overlayAt([], edges, 0), null);
  });
});
