/** Small graphs for the graph view logic's tests. */
import type { GraphEdge, GraphFile } from './types';

export function file(path: string, extra: Partial<GraphFile> = {}): GraphFile {
  return { path, language: 'typescript', lines: 10, orderIndex: null, inCycle: false, component: null, ...extra };
}

export function edge(fromPath: string, toPath: string, kind: GraphEdge['kind'] = 'import'): GraphEdge {
  return { fromPath, toPath, kind };
}
