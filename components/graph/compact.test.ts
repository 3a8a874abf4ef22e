import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeGraph, encodeGraph } from './compact';
import { edge, file } from './testFixtures';
import type { SnapshotGraph } from './types';

const graph: SnapshotGraph = {
  snapshotId: '6f1b8b56-cacc-465e-8dae-4255a02a013e',
  status: 'ready',
  files: [
    file('README.md', { language: null, lines: 3 }),
    file('src/a.py', { language: 'python', orderIndex: 0, component: 0, inCycle: true, lines: 0 }),
    file('src/b.ts', { orderIndex: 1, component: 0, inCycle: true }),
    file('src/c.ts', { orderIndex: 2, component: 1 }),
  ],
  edges: [edge('src/a.py', 'src/b.ts'), edge('src/b.ts', 'src/a.py', 'type_only'), edge('src/c.ts', 'src/b.ts')],
};

describe('compact graph', () => {
  test('round-trips every field', () => {
    assert.deepEqual(decodeGraph(encodeGraph(graph)), graph);
    assert.deepEqual(decodeGraph(JSON.parse(JSON.stringify(encodeGraph(graph)))), graph);
  });
  test('shares languages and numbers edges by file index', () => {
    const c = encodeGraph(graph);
    assert.deepEqual(c.languages, ['python', 'typescript']);
    assert.deepEqual(c.edges, [1, 2, 0, 2, 1, 1, 3, 2, 0]);
  });
  test('keeps same-package edges (kind 2)', () => {
    const g = { ...graph, edges: [...graph.edges, edge('src/c.ts', 'src/a.py', 'same_package')] };
    assert.deepEqual(encodeGraph(g).edges.slice(-3), [3, 1, 2]);
    assert.deepEqual(decodeGraph(encodeGraph(g)), g);
  });
  test('drops edges to files it does not list', () => {
    const c = encodeGraph({ ...graph, edges: [edge('src/a.py', 'gone.ts')] });
    assert.deepEqual(c.edges, []);
  });
});
