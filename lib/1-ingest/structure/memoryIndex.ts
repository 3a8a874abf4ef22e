import type { RepoIndex } from './types';

/** A RepoIndex over an in-memory map of path → text; used by tests and by callers that already hold the files. */
export function memoryIndex(files: Record<string, string>, rootName?: string): RepoIndex {
  const map = new Map(Object.entries(files));
  return { files: new Set(map.keys()), read: (p) => map.get(p), rootName };
}
