/**
 * The shapes the graph view works on. The input is the snapshot graph the API serves
 * (lib/1-ingest/studio/graphQueries.ts); the output is what gets laid out and drawn: file nodes, folder
 * nodes standing for collapsed folders, and edges aggregated between them.
 */
import type { GraphEdge, GraphFile, SnapshotGraph } from '@/lib/1-ingest/studio/graphQueries';

export type { GraphEdge, GraphFile, SnapshotGraph };

/**
 * The database's edge kinds: an import, a type-only import, or a Go/Java same-package use (no import
 * statement: a file uses a top-level name another file of its package declares).
 */
export type EdgeKind = GraphEdge['kind'];

/**
 * Strongest first: an aggregated edge takes the strongest kind it stands for, so it is `type_only` or
 * `same_package` only when every edge it stands for is.
 */
export const EDGE_KIND_RANK: Readonly<Record<EdgeKind, number>> = { import: 0, type_only: 1, same_package: 2 };

export interface FileViewNode {
  kind: 'file';
  /** The file path. */
  id: string;
  file: GraphFile;
}

export interface FolderViewNode {
  kind: 'folder';
  /** `folder:` + the folder path, never a file path. */
  id: string;
  /** Folder path without a trailing slash, e.g. `src/lib`. */
  folder: string;
  fileCount: number;
  lines: number;
  /** Whether any file inside is part of a dependency cycle. */
  inCycle: boolean;
  /** The language most of its files have (null when none is parsed source). */
  language: string | null;
  /** Files inside, by path. */
  paths: string[];
}

export type ViewNode = FileViewNode | FolderViewNode;

export interface ViewEdge {
  /** `source->target`. */
  id: string;
  /** Node id of the importing side. */
  source: string;
  /** Node id of the imported side. */
  target: string;
  /** The strongest kind among the edges it stands for (see EDGE_KIND_RANK). */
  kind: EdgeKind;
  /** How many file-to-file edges it stands for (1 between two files). */
  count: number;
  /** Whether it stands for an edge inside a dependency cycle (both ends in one component). */
  inCycle: boolean;
}

export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
}
