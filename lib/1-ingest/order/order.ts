/**
 * Strongly connected components and the implementation order (dependencies first).
 *
 * Edges of every kind count alike: imports, type-only imports, and Go/Java same-package uses (files of one
 * package use each other without imports; see lib/1-ingest/structure/samePackage.ts).
 *
 * Rules, so that the same graph always gives the same order:
 * - Components are found with Tarjan's algorithm (iterative: 20,000-file graphs must not
 *   overflow the stack). A component of two or more files is a cycle; self-imports are ignored.
 * - Components are ordered topologically over the condensed graph, dependencies before
 *   dependents. Among components that are ready at the same time, the one whose smallest path
 *   sorts first (by code unit) goes first.
 * - Inside a cycle, files are placed greedily: next is the file with the fewest in-cycle
 *   dependencies not yet placed (the cheapest place to break the cycle), ties by path.
 */

export interface DependencyGraph {
  /** Nodes; every edge endpoint must be one of them. */
  nodes: readonly string[];
  /** `from` depends on (imports) `to`. */
  edges: readonly { from: string; to: string }[];
}

export interface ImplementationPlan {
  /** Every node once, dependencies before dependents. */
  order: string[];
  /** Components of two or more nodes, each in its in-cycle order; listed in implementation order. */
  cycles: string[][];
  /** For each node, the index of its component in implementation order. */
  componentOf: Map<string, number>;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function implementationOrder(graph: DependencyGraph): ImplementationPlan {
  const nodes = [...new Set(graph.nodes)].sort(byCodeUnit);
  const indexOf = new Map(nodes.map((n, i) => [n, i]));
  const deps: number[][] = nodes.map(() => []);
  for (const { from, to } of graph.edges) {
    const f = indexOf.get(from);
    const t = indexOf.get(to);
    if (f === undefined || t === undefined) throw new Error(`edge ${from} -> ${to} names a file that is not a node`);
    if (f !== t) deps[f].push(t);
  }
  for (let i = 0; i < deps.length; i++) deps[i] = [...new Set(deps[i])].sort((a, b) => a - b);

  const components = stronglyConnectedComponents(deps);
  const compOf = new Int32Array(nodes.length);
  components.forEach((members, c) => members.forEach((m) => (compOf[m] = c)));

  // Condensed graph: component → components it depends on.
  const compDeps = components.map(() => new Set<number>());
  const dependents = components.map(() => new Set<number>());
  deps.forEach((targets, f) => {
    for (const t of targets) {
      const cf = compOf[f];
      const ct = compOf[t];
      if (cf !== ct) {
        compDeps[cf].add(ct);
        dependents[ct].add(cf);
      }
    }
  });
  // Members are sorted, so a component's smallest path is its first member.
  const key = components.map((members) => members[0]);
  const remaining = compDeps.map((s) => s.size);
  const ready = new MinHeap<number>((a, b) => key[a] - key[b]);
  remaining.forEach((n, c) => n === 0 && ready.push(c));

  const order: string[] = [];
  const cycles: string[][] = [];
  const componentOf = new Map<string, number>();
  let position = 0;
  while (ready.size > 0) {
    const c = ready.pop()!;
    const members = components[c];
    const placed = members.length > 1 ? orderInsideCycle(members, deps, compOf, c) : members;
    const paths = placed.map((m) => nodes[m]);
    for (const p of paths) {
      order.push(p);
      componentOf.set(p, position);
    }
    if (paths.length > 1) cycles.push(paths);
    position++;
    for (const d of dependents[c]) if (--remaining[d] === 0) ready.push(d);
  }
  return { order, cycles, componentOf };
}

function orderInsideCycle(members: number[], deps: number[][], compOf: Int32Array, c: number): number[] {
  const unplacedDeps = new Map<number, number>();
  for (const m of members) unplacedDeps.set(m, deps[m].filter((t) => compOf[t] === c).length);
  const dependentsInside = new Map<number, number[]>(members.map((m) => [m, []]));
  for (const m of members) for (const t of deps[m]) if (compOf[t] === c) dependentsInside.get(t)!.push(m);
  const placed: number[] = [];
  const left = new Set(members); // members are sorted by path, so iteration order breaks ties
  while (left.size > 0) {
    let best = -1;
    let bestCount = Infinity;
    for (const m of left) {
      const n = unplacedDeps.get(m)!;
      if (n < bestCount) {
        best = m;
        bestCount = n;
        if (n === 0) break;
      }
    }
    left.delete(best);
    placed.push(best);
    for (const d of dependentsInside.get(best)!) unplacedDeps.set(d, unplacedDeps.get(d)! - 1);
  }
  return placed;
}

/** Tarjan's algorithm without recursion. Returns components with sorted members. */
export function stronglyConnectedComponents(deps: number[][]): number[][] {
  const n = deps.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const callStack: { v: number; next: number }[] = [];
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    callStack.push({ v: root, next: 0 });
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (callStack.length > 0) {
      const frame = callStack[callStack.length - 1];
      const { v } = frame;
      if (frame.next < deps[v].length) {
        const w = deps[v][frame.next++];
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          callStack.push({ v: w, next: 0 });
        } else if (onStack[w]) {
          low[v] = Math.min(low[v], index[w]);
        }
        continue;
      }
      callStack.pop();
      if (callStack.length > 0) {
        const parent = callStack[callStack.length - 1].v;
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === index[v]) {
        const members: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          members.push(w);
        } while (w !== v);
        components.push(members.sort((a, b) => a - b));
      }
    }
  }
  return components;
}

class MinHeap<T> {
  private items: T[] = [];
  constructor(private readonly compare: (a: T, b: T) => number) {}
  get size() {
    return this.items.length;
  }
  push(item: T) {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.compare(a[i], a[p]) >= 0) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.compare(a[l], a[m]) < 0) m = l;
        if (r < a.length && this.compare(a[r], a[m]) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
