/**
 * The graph's search box: finds files by path, case-insensitively. Best matches first: the
 * whole path, then the file name exactly, as a prefix, containing the query, then anywhere in
 * the path; shorter paths first within a rank.
 */
import type { GraphFile } from './types';

export const MAX_SEARCH_RESULTS = 20;

function rank(path: string, q: string): number {
  const p = path.toLowerCase();
  if (p === q) return 0;
  const name = p.slice(p.lastIndexOf('/') + 1);
  if (name === q) return 1;
  if (name.startsWith(q)) return 2;
  if (name.includes(q)) return 3;
  if (p.includes(q)) return 4;
  return -1;
}

/** Paths matching the query, best first; an empty query matches nothing. */
export function searchFiles(files: readonly GraphFile[], query: string, limit = MAX_SEARCH_RESULTS): string[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const hits: { path: string; rank: number }[] = [];
  for (const f of files) {
    const r = rank(f.path, q);
    if (r >= 0) hits.push({ path: f.path, rank: r });
  }
  hits.sort((a, b) => a.rank - b.rank || a.path.length - b.path.length || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return hits.slice(0, limit).map((h) => h.path);
}
