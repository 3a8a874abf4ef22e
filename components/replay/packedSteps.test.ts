import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StepOutline } from '@/lib/3-search/studio/trajectoryQueries';
import { packSteps, unpackSteps } from './packedSteps';

const base: StepOutline = { ordinal: 0, agent: 'main', file: null, kind: 'think', actionType: null, actionPath: null, tokens: 12, lossMasked: false, preview: 'Plan it.', truncated: false, hasActionContent: false, hasDraft: false, search: null };
const steps: StepOutline[] = [
  base,
  { ...base, ordinal: 1, kind: 'action', actionType: 'plan', hasActionContent: true, preview: 'Plan(2 files)' },
  { ...base, ordinal: 2, agent: 'sub', file: 'src/b.ts', kind: 'action', actionType: 'read', actionPath: 'src/a.ts', preview: 'Read(src/a.ts)' },
  { ...base, ordinal: 3, agent: 'sub', file: 'src/b.ts', kind: 'observation', lossMasked: true, preview: 'export const a = 1; 🙂 '.repeat(2), truncated: true },
  { ...base, ordinal: 4, agent: 'sub', file: 'src/b.ts', kind: 'think', preview: 'Now b.', search: { nllBefore: 1.25, nllAfter: 0.5 } },
  { ...base, ordinal: 7, agent: 'sub', file: 'src/b.ts', kind: 'action', actionType: 'write', actionPath: 'src/b.ts', hasActionContent: true, hasDraft: true, preview: 'Write(src/b.ts)' },
];

test('packing and unpacking gives the steps back, paths interned, no preview for Reads and Writes', () => {
  const packed = packSteps(steps);
  assert.deepEqual(packed.paths, ['src/b.ts', 'src/a.ts']);
  const back = unpackSteps(JSON.parse(JSON.stringify(packed)));
  const expected = steps.map((s) => (s.actionType === 'read' || s.actionType === 'write' ? { ...s, preview: '', truncated: true } : s));
  assert.deepEqual(back, expected);
});

test('long previews are cut by code points and marked truncated', () => {
  const long = { ...base, preview: '🙂'.repeat(50) + 'x'.repeat(100) };
  const [back] = unpackSteps(packSteps([long], 60));
  assert.equal(Array.from(back.preview).length, 60);
  assert.ok(long.preview.startsWith(back.preview));
  assert.equal(back.truncated, true);
  const [short] = unpackSteps(packSteps([base], 60));
  assert.equal(short.truncated, false);
});

test('the packed form is much smaller than the objects', () => {
  const many = Array.from({ length: 2000 }, (_, i) => ({ ...steps[i % steps.length], ordinal: i, preview: `${i} ${'y'.repeat(150)}`, truncated: true }));
  const objects = JSON.stringify(many).length;
  const packed = JSON.stringify(packSteps(many)).length;
  assert.ok(packed < objects * 0.5, `${packed} < half of ${objects}`);
});
