import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceObservation, truncateObservation } from '@/lib/2-synthesize/readPolicy';
import { codeTargetOf, readRegionsOf, writeRegionOf, type TargetableStep } from './codeTarget';

const s = (ordinal: number, agent: 'main' | 'sub', file: string | null, kind: TargetableStep['kind'], actionType: TargetableStep['actionType'] = null, actionPath: string | null = null, hasDraft = false): TargetableStep => ({
  ordinal,
  agent,
  file,
  kind,
  actionType,
  actionPath,
  hasDraft,
});

// The shape lib/2-synthesize/synthesize.ts produces.
const steps: TargetableStep[] = [
  s(0, 'main', null, 'think'),
  s(1, 'main', null, 'action', 'plan'),
  s(2, 'main', null, 'observation'),
  s(3, 'sub', 'b.ts', 'think'),
  s(4, 'sub', 'b.ts', 'action', 'read', 'a.ts'),
  s(5, 'sub', 'b.ts', 'observation'),
  s(6, 'sub', 'b.ts', 'think'),
  s(7, 'sub', 'b.ts', 'action', 'write', 'b.ts', true),
  s(8, 'sub', 'b.ts', 'observation'),
];

test('each step shows the right code', () => {
  assert.deepEqual(codeTargetOf(steps, 0), { kind: 'none' });
  assert.deepEqual(codeTargetOf(steps, 1), { kind: 'plan', ordinal: 1 });
  assert.deepEqual(codeTargetOf(steps, 2), { kind: 'none' });
  assert.deepEqual(codeTargetOf(steps, 3), { kind: 'file', path: 'b.ts' });
  assert.deepEqual(codeTargetOf(steps, 4), { kind: 'read', path: 'a.ts', observationOrdinal: 5 });
  assert.deepEqual(codeTargetOf(steps, 5), { kind: 'read', path: 'a.ts', observationOrdinal: 5 });
  assert.deepEqual(codeTargetOf(steps, 6), { kind: 'file', path: 'b.ts' });
  assert.deepEqual(codeTargetOf(steps, 7), { kind: 'write', path: 'b.ts', writeOrdinal: 7, hasDraft: true });
  assert.deepEqual(codeTargetOf(steps, 8), { kind: 'write', path: 'b.ts', writeOrdinal: 7, hasDraft: true });
  assert.deepEqual(codeTargetOf(steps, 99), { kind: 'none' });
  assert.deepEqual(codeTargetOf([], 0), { kind: 'none' });
});

test('a read with no observation after it still shows the file read', () => {
  assert.deepEqual(codeTargetOf([s(0, 'sub', 'b', 'action', 'read', 'a')], 0), { kind: 'read', path: 'a', observationOrdinal: null });
});

test('a whole read is the whole file; a write is the whole file', () => {
  assert.deepEqual(readRegionsOf('x\ny\n', 2), { regions: [{ startLine: 1, endLine: 2, kind: 'read' }], omitted: null });
  assert.deepEqual(readRegionsOf(null, 0), { regions: [{ startLine: 1, endLine: 1, kind: 'read' }], omitted: null });
  assert.deepEqual(writeRegionOf(40), { startLine: 1, endLine: 40, kind: 'write' });
});

test('a truncated read marks the head and the tail the observation kept', () => {
  const lines = Array.from({ length: 100 }, (_, i) => `line ${String(i + 1).padStart(3, '0')} ${'x'.repeat(20)}`);
  const content = `${lines.join('\n')}\n`;
  const observation = truncateObservation(content, { maxChars: 900 });
  assert.notEqual(observation, content);
  const head = observation.split('\n').findIndex((l) => l.startsWith('... [truncated'));
  const { regions, omitted } = readRegionsOf(observation, 100);
  assert.equal(regions.length, 2);
  assert.deepEqual(regions[0], { startLine: 1, endLine: head, kind: 'read' });
  assert.ok(omitted);
  assert.equal(omitted.startLine, head + 1);
  assert.equal(regions[1].startLine, omitted.endLine + 1);
  assert.equal(regions[1].endLine, 100);
  // The tail region is exactly the tail the observation shows.
  const tailLines = observation.slice(observation.indexOf('...\n') + 4).split('\n').filter(Boolean);
  assert.equal(tailLines[0], lines[regions[1].startLine - 1]);
});

test('a file of one huge line truncates to the marker alone: nothing marked as read', () => {
  const content = 'y'.repeat(5000);
  const { regions, omitted } = readRegionsOf(truncateObservation(content, { maxChars: 100 }), 1);
  assert.deepEqual(regions, []);
  assert.deepEqual(omitted, { startLine: 1, endLine: 1 });
});

test('text that only mentions the marker is not a truncation', () => {
  assert.deepEqual(readRegionsOf('say "[truncated by Retrace: " here\n', 3).regions, [{ startLine: 1, endLine: 3, kind: 'read' }]);
});

test('a reference read marks the declaration lines it lists', () => {
  const content = 'import x\n\nexport function a() {\n  return 1;\n}\n\nexport const b = 2;\n';
  const obs = referenceObservation('a.ts', content, [3, 7]);
  assert.deepEqual(readRegionsOf(obs, 7, content), {
    regions: [
      { startLine: 3, endLine: 3, kind: 'read' },
      { startLine: 7, endLine: 7, kind: 'read' },
    ],
    omitted: null,
    reference: true,
  });
});
