/**
 * Focus mode: one file with what it imports (dependencies) and what imports it (dependents),
 * directly or transitively. The rest of the graph is left out, so even a large repository
 * shows a focused file's neighbourhood file by file.
 */
import type { GraphEdge, GraphFile } from './types';

export interface Adjacency {
  /** path → files it imports. */
  out: Map<string, string[]>;
  /** path → files importing it. */
  in: Map<string, string[]>;
}

export function adjacencyOf(edges: readonly GraphEdge[]): Adjacency {
  const out = new Map<string, string[]>();
  const inc = new Map<string, string[]>();
  for (const e of edges) {
    if (e.fromPath === e.toPath) continue;
    (out.get(e.fromPath) ?? out.set(e.fromPath, []).get(e.fromPath)!).push(e.toPath);
    (inc.get(e.toPath) ?? inc.set(e.toPath, []).get(e.toPath)!).push(e.fromPath);
  }
  return { out, in: inc };
}

/** Files reachable from `start` along `next` (one step, or every step when transitive), without `start`. */
export function reachable(next: Map<string, string[]>, start: string, transitive: boolean): Set<string> {
  const seen = new Set<string>();
  const queue = [...(next.get(start) ?? [])];
  while (queue.length > 0) {
    const p = queue.shift()!;
    if (p === start || seen.has(p)) continue;
    seen.add(p);
    if (transitive) queue.push(...(next.get(p) ?? []));
  }
  return seen;
}

export interface Focus {
  path: string;
  dependencies: Set<string>;
  dependents: Set<string>;
  /** The focused file, its dependencies and dependents, by path. */
  files: GraphFile[];
  /** Edges between those files. */
  edges: GraphEdge[];
}

/** The focus subgraph of `path`, or null when the graph has no such file. */
export function focusSubgraph(files: readonly GraphFile[], edges: readonly GraphEdge[], path: string, transitive: boolean): Focus | null {
  if (!files.some((f) => f.path === path)) return null;
  const adj = adjacencyOf(edges);
  const dependencies = reachable(adj.out, path, transitive);
  const dependents = reachable(adj.in, path, transitive);
  const keep = new Set([path, ...dependencies, ...dependents]);
  return {
    path,
    dependencies,
    dependents,
    files: files.filter((f) => keep.has(f.path)),
    edges: edges.filter((e) => keep.has(e.fromPath) && keep.has(e.toPath)),
  };
}
