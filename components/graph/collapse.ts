/**
 * Folder collapsing: above a number of visible nodes, the files under a folder at some depth
 * are drawn as one folder node, and the edges between them are aggregated. The depth is the
 * deepest one that keeps the graph within the threshold; folders the user expanded show their
 * files and their sub-folders (collapsed in turn, one level down).
 */
import { EDGE_KIND_RANK, type FolderViewNode, type GraphEdge, type GraphFile, type ViewEdge, type ViewGraph, type ViewNode } from './types';

/** Above this many visible nodes, folders collapse. */
export const COLLAPSE_THRESHOLD = 150;

const FOLDER_PREFIX = 'folder:';

export function folderNodeId(folder: string): string {
  return FOLDER_PREFIX + folder;
}

export function isFolderNodeId(id: string): boolean {
  return id.startsWith(FOLDER_PREFIX);
}

/** `a/b/c.ts` → `['a', 'a/b']`, shallowest first; a root file has none. */
export function ancestorFolders(path: string): string[] {
  const parts = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

function depthOf(folder: string): number {
  return folder.split('/').length;
}

/** Number of files under each folder, at any depth. */
export function folderFileCounts(files: readonly GraphFile[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of files) for (const a of ancestorFolders(f.path)) counts.set(a, (counts.get(a) ?? 0) + 1);
  return counts;
}

/**
 * The folder node a file is drawn in, or null when it is drawn as itself: its shallowest
 * ancestor at `depth` or deeper that is not expanded. A folder holding a single file never
 * collapses (a folder node would hide it and save nothing).
 */
function collapsedAncestor(path: string, depth: number | null, expanded: ReadonlySet<string>, counts: Map<string, number>): string | null {
  if (depth === null) return null;
  for (const a of ancestorFolders(path)) {
    if (depthOf(a) >= depth && !expanded.has(a) && (counts.get(a) ?? 0) > 1) return a;
  }
  return null;
}

function visibleCount(files: readonly GraphFile[], depth: number, counts: Map<string, number>): number {
  const seen = new Set<string>();
  const none = new Set<string>();
  for (const f of files) seen.add(collapsedAncestor(f.path, depth, none, counts) ?? `file:${f.path}`);
  return seen.size;
}

/**
 * The folder depth from which folders collapse, or null when every file fits: the deepest
 * depth that keeps at most `threshold` nodes, else 1 (top folders) when even that is too many.
 * User expansions do not change it, so expanding one folder never collapses another.
 */
export function chooseCollapseDepth(files: readonly GraphFile[], threshold = COLLAPSE_THRESHOLD): number | null {
  if (files.length <= threshold) return null;
  const counts = folderFileCounts(files);
  let maxDepth = 0;
  for (const folder of counts.keys()) maxDepth = Math.max(maxDepth, depthOf(folder));
  for (let d = maxDepth; d >= 1; d--) if (visibleCount(files, d, counts) <= threshold) return d;
  return maxDepth === 0 ? null : 1;
}

/**
 * The folder "Collapse folder" closes for a drawn file: its innermost ancestor that the user
 * opened and that would be a folder node again once closed; null when there is none (the file
 * is drawn because nothing collapses there).
 */
export function closableFolderOf(path: string, depth: number | null, expanded: ReadonlySet<string>, counts: Map<string, number>): string | null {
  if (depth === null) return null;
  const folders = ancestorFolders(path);
  for (let i = folders.length - 1; i >= 0; i--) {
    const a = folders[i];
    if (depthOf(a) >= depth && expanded.has(a) && (counts.get(a) ?? 0) > 1) return a;
  }
  return null;
}

/**
 * The folders the user opened that are drawn open now: closing one would draw a folder node
 * again (it is at or below the collapse depth and holds several files) and no folder around
 * it is still closed. "Collapse all" has something to do only when there is one (a search
 * pick opens every folder above the file, which in a small graph changes nothing).
 */
export function openedFolders(expanded: ReadonlySet<string>, depth: number | null, counts: Map<string, number>): string[] {
  if (depth === null) return [];
  const collapsible = (f: string) => depthOf(f) >= depth && (counts.get(f) ?? 0) > 1;
  return [...expanded].filter((f) => collapsible(f) && ancestorFolders(f).every((a) => !collapsible(a) || expanded.has(a))).sort();
}

/** `expanded` without `folder` and the folders inside it (closing a folder closes what was opened in it). */
export function withoutFolder(expanded: ReadonlySet<string>, folder: string): Set<string> {
  return new Set([...expanded].filter((f) => f !== folder && !f.startsWith(`${folder}/`)));
}

export interface CollapseOptions {
  /** Folder depth from which folders collapse (chooseCollapseDepth), or null for none. */
  depth: number | null;
  /** Folders the user opened. */
  expanded?: ReadonlySet<string>;
}

export interface CollapsedGraph extends ViewGraph {
  /** The node each file is drawn in (its own path, or a folder node id). */
  nodeOf: Map<string, string>;
}

/** Rank for node order: files in implementation order first, then the rest by path. */
function byOrder(a: GraphFile, b: GraphFile): number {
  const oa = a.orderIndex ?? Number.MAX_SAFE_INTEGER;
  const ob = b.orderIndex ?? Number.MAX_SAFE_INTEGER;
  return oa - ob || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

/** Whether a file edge is part of a dependency cycle: both ends in the same strongly connected component of several files. */
export function isCycleEdge(from: GraphFile | undefined, to: GraphFile | undefined): boolean {
  return !!from && !!to && from.inCycle && to.inCycle && from.component !== null && from.component === to.component;
}

/**
 * The drawn graph: files, or the folder nodes they collapse into, in implementation order;
 * one edge per pair of drawn nodes (edges inside one folder node disappear), a value import
 * when any edge it stands for is one.
 */
export function collapseGraph(files: readonly GraphFile[], edges: readonly GraphEdge[], options: CollapseOptions): CollapsedGraph {
  const expanded = options.expanded ?? new Set<string>();
  const counts = folderFileCounts(files);
  const nodeOf = new Map<string, string>();
  const nodes: ViewNode[] = [];
  const folders = new Map<string, FolderViewNode & { languageCounts: Map<string, number> }>();
  const fileByPath = new Map<string, GraphFile>();

  for (const f of [...files].sort(byOrder)) {
    fileByPath.set(f.path, f);
    const folder = collapsedAncestor(f.path, options.depth, expanded, counts);
    if (folder === null) {
      nodeOf.set(f.path, f.path);
      nodes.push({ kind: 'file', id: f.path, file: f });
      continue;
    }
    const id = folderNodeId(folder);
    nodeOf.set(f.path, id);
    let node = folders.get(id);
    if (!node) {
      node = { kind: 'folder', id, folder, fileCount: 0, lines: 0, inCycle: false, language: null, paths: [], languageCounts: new Map() };
      folders.set(id, node);
      nodes.push(node);
    }
    node.fileCount++;
    node.lines += f.lines;
    node.inCycle ||= f.inCycle;
    node.paths.push(f.path);
    if (f.language) node.languageCounts.set(f.language, (node.languageCounts.get(f.language) ?? 0) + 1);
  }
  for (const node of folders.values()) {
    node.paths.sort();
    let best: string | null = null;
    for (const [lang, n] of node.languageCounts) if (best === null || n > node.languageCounts.get(best)! || (n === node.languageCounts.get(best)! && lang < best)) best = lang;
    node.language = best;
  }
  // Plain objects out (no helper maps): they cross to the renderer as data.
  const plainNodes = nodes.map((n) => (n.kind === 'folder' ? stripCounts(folders.get(n.id)!) : n));

  const viewEdges = new Map<string, ViewEdge>();
  for (const e of edges) {
    const source = nodeOf.get(e.fromPath);
    const target = nodeOf.get(e.toPath);
    if (!source || !target || source === target) continue;
    const id = `${source}->${target}`;
    const cyc = isCycleEdge(fileByPath.get(e.fromPath), fileByPath.get(e.toPath));
    const existing = viewEdges.get(id);
    if (existing) {
      existing.count++;
      if (EDGE_KIND_RANK[e.kind] < EDGE_KIND_RANK[existing.kind]) existing.kind = e.kind;
      existing.inCycle ||= cyc;
    } else {
      viewEdges.set(id, { id, source, target, kind: e.kind, count: 1, inCycle: cyc });
    }
  }
  return { nodes: plainNodes, edges: [...viewEdges.values()], nodeOf };
}

function stripCounts(node: FolderViewNode & { languageCounts?: unknown }): FolderViewNode {
  const { languageCounts: _unused, ...rest } = node;
  return rest;
}
