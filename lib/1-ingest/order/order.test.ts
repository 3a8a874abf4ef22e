import assert from 'node:assert/strict';
import { test } from 'node:test';
import { implementationOrder } from './order';

const e = (from: string, to: string) => ({ from, to });

test('dependencies come before dependents', () => {
  const { order, cycles } = implementationOrder({ nodes: ['app.ts', 'lib.ts', 'util.ts'], edges: [e('app.ts', 'lib.ts'), e('lib.ts', 'util.ts')] });
  assert.deepEqual(order, ['util.ts', 'lib.ts', 'app.ts']);
  assert.deepEqual(cycles, []);
});

test('independent files are ordered by path', () => {
  const { order } = implementationOrder({ nodes: ['c', 'a', 'b'], edges: [] });
  assert.deepEqual(order, ['a', 'b', 'c']);
});

test('ties among ready components go to the smallest path', () => {
  // z has no deps, m depends on a: a and z are ready first, a wins; then m (ready, "m" < "z").
  const { order } = implementationOrder({ nodes: ['z', 'm', 'a'], edges: [e('m', 'a')] });
  assert.deepEqual(order, ['a', 'm', 'z']);
});

test('a cycle is one component, ordered by fewest unplaced in-cycle dependencies', () => {
  // x -> y -> z -> x, and y -> x too: z has 1 in-cycle dep (x), x has 1 (y), y has 2 (z, x).
  const { order, cycles, componentOf } = implementationOrder({
    nodes: ['x', 'y', 'z', 'main'],
    edges: [e('x', 'y'), e('y', 'z'), e('z', 'x'), e('y', 'x'), e('main', 'y')],
  });
  // x and z tie on 1: x by path. Placing x frees y by one (y: 1) and z (z: 0) -> z, then y.
  assert.deepEqual(cycles, [['x', 'z', 'y']]);
  assert.deepEqual(order, ['x', 'z', 'y', 'main']);
  assert.equal(componentOf.get('x'), componentOf.get('y'));
  assert.notEqual(componentOf.get('x'), componentOf.get('main'));
});

test('self-imports are not cycles', () => {
  const { cycles, order } = implementationOrder({ nodes: ['a'], edges: [e('a', 'a')] });
  assert.deepEqual(cycles, []);
  assert.deepEqual(order, ['a']);
});

test('a 20,000-node chain does not overflow the stack', () => {
  const nodes = Array.from({ length: 20000 }, (_, i) => `f${String(i).padStart(5, '0')}`);
  const edges = nodes.slice(1).map((n, i) => e(nodes[i], n)); // f0 -> f1 -> ... : last first
  const { order } = implementationOrder({ nodes, edges });
  assert.equal(order[0], nodes[nodes.length - 1]);
  assert.equal(order[order.length - 1], nodes[0]);
});

test('every edge outside cycles points backwards in the order', () => {
  const nodes = Array.from({ length: 300 }, (_, i) => `n${i}`);
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const edges = Array.from({ length: 900 }, () => e(nodes[Math.floor(rand() * 300)], nodes[Math.floor(rand() * 300)]));
  const { order, componentOf } = implementationOrder({ nodes, edges });
  const pos = new Map(order.map((p, i) => [p, i]));
  assert.equal(order.length, 300);
  for (const { from, to } of edges) {
    if (componentOf.get(from) !== componentOf.get(to)) assert.ok(pos.get(to)! < pos.get(from)!, `${to} before ${from}`);
  }
});

test('an edge to an unknown node is a programming error', () => {
  assert.throws(() => implementationOrder({ nodes: ['a'], edges: [e('a', 'b')] }), /not a node/);
});
