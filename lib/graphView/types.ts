/**
 * The shapes the graph view works on. The input is the snapshot graph the API serves
 * (lib/studio/graphQueries); the output is what gets laid out and drawn: file nodes, folder
 * nodes standing for collapsed folders, and edges aggregated between them.
 */
import type { GraphEdge, GraphFile, SnapshotGraph } from '../studio/graphQueries';

export type { GraphEdge, GraphFile, SnapshotGraph };

export type EdgeKind = GraphEdge['kind'];

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
  /** Whether any file inside is part of an import cycle. */
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
  /** 'type_only' when every import it stands for is type-only. */
  kind: EdgeKind;
  /** How many file-to-file edges it stands for (1 between two files). */
  count: number;
  /** Whether it stands for an edge inside an import cycle (both ends in one component). */
  inCycle: boolean;
}

export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
}
