import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ELK from 'elkjs/lib/elk.bundled.js';
import { collapseGraph } from './collapse';
import { WRAP_ABOVE_NODES, buildElkGraph, layoutEdges, layoutKey, nodeSize, positionsOf } from './elkInput';
import { edge, file } from './testFixtures';
import type { EdgeKind } from './types';

const files = [file('main.ts', { lines: 5000 }), file('svc.ts', { lines: 100 }), file('db.ts', { lines: 0 }), file('README.md', { language: null })];
const edges = [edge('main.ts', 'svc.ts'), edge('svc.ts', 'db.ts'), edge('main.ts', 'db.ts', 'type_only')];

describe('ELK input', () => {
  test('bigger files get bigger boxes', () => {
    const g = collapseGraph(files, edges, { depth: null });
    const size = (id: string) => nodeSize(g.nodes.find((n) => n.id === id)!);
    const [main, svc, db] = [size('main.ts'), size('svc.ts'), size('db.ts')];
    assert.ok(main.width > svc.width && svc.width > db.width);
    assert.ok(main.height > db.height);
  });

  test('lays out dependencies first: every file right of what it imports', async () => {
    const g = collapseGraph(files, edges, { depth: null });
    const input = buildElkGraph(g);
    assert.equal(input.children?.length, 4);
    // Reversed for ELK: imported → importer.
    assert.deepEqual(input.edges?.[0].sources, ['svc.ts']);
    const result = await new ELK().layout(input);
    const pos = positionsOf(result);
    assert.equal(pos.size, 4);
    assert.ok(pos.get('db.ts')!.x < pos.get('svc.ts')!.x);
    assert.ok(pos.get('svc.ts')!.x < pos.get('main.ts')!.x);
  });

  test('the layout key changes with the nodes and edges, not otherwise', () => {
    const a = layoutKey(collapseGraph(files, edges, { depth: null }));
    assert.equal(a, layoutKey(collapseGraph([...files], [...edges], { depth: null })));
    assert.notEqual(a, layoutKey(collapseGraph(files, edges.slice(1), { depth: null })));
  });
});

describe('layoutEdges', () => {
  test('a sparse graph keeps every edge', () => {
    const g = collapseGraph(files, edges, { depth: null });
    assert.equal(layoutEdges(g).length, 3);
  });
  test("a dense graph keeps each importer's heaviest edges, value imports before type-only ones", () => {
    const nodes = ['a', 'b', 'c', 'd', 'e'].map((p) => file(`${p}/x.ts`));
    const g = collapseGraph(nodes, [], { depth: null });
    const mk = (source: string, target: string, count: number, kind: EdgeKind = 'import') => ({ id: `${source}->${target}`, source, target, kind, count, inCycle: false });
    g.edges = [mk('a/x.ts', 'b/x.ts', 1), mk('a/x.ts', 'c/x.ts', 5), mk('a/x.ts', 'd/x.ts', 2, 'type_only'), mk('a/x.ts', 'e/x.ts', 2), mk('b/x.ts', 'c/x.ts', 1), mk('c/x.ts', 'd/x.ts', 1)];
    // 6 edges over 5 nodes: dense at one per node; each importer keeps its heaviest edge.
    assert.deepEqual(
      layoutEdges(g, 1).map((e) => e.id),
      ['a/x.ts->c/x.ts', 'b/x.ts->c/x.ts', 'c/x.ts->d/x.ts'],
    );
    // At two per node: a keeps c (5) and, of the two weighing 2, the value import e.
    assert.deepEqual(layoutEdges(g, 2), g.edges);
    g.edges.push(mk('b/x.ts', 'd/x.ts', 1), mk('b/x.ts', 'e/x.ts', 1), mk('d/x.ts', 'e/x.ts', 1), mk('e/x.ts', 'a/x.ts', 1), mk('c/x.ts', 'e/x.ts', 1));
    assert.deepEqual(
      layoutEdges(g, 2)
        .filter((e) => e.source === 'a/x.ts')
        .map((e) => e.id),
      ['a/x.ts->c/x.ts', 'a/x.ts->e/x.ts'],
    );
    // Same weight: a same-package use comes after a type-only import.
    g.edges = [mk('a/x.ts', 'b/x.ts', 1, 'same_package'), mk('a/x.ts', 'c/x.ts', 1, 'type_only'), mk('b/x.ts', 'c/x.ts', 1), mk('c/x.ts', 'd/x.ts', 1), mk('d/x.ts', 'e/x.ts', 1), mk('e/x.ts', 'a/x.ts', 1)];
    assert.deepEqual(
      layoutEdges(g, 1)
        .filter((e) => e.source === 'a/x.ts')
        .map((e) => e.id),
      ['a/x.ts->c/x.ts'],
    );
  });
});

describe('wrapping', () => {
  test('only graphs above WRAP_ABOVE_NODES wrap into rows', () => {
    const small = collapseGraph(files, edges, { depth: null });
    assert.equal(buildElkGraph(small).layoutOptions?.['elk.layered.wrapping.strategy'], undefined);
    const many = Array.from({ length: WRAP_ABOVE_NODES + 1 }, (_, i) => file(`f${i}.ts`));
    assert.equal(buildElkGraph(collapseGraph(many, [], { depth: null })).layoutOptions?.['elk.layered.wrapping.strategy'], 'MULTI_EDGE');
  });
});
