/**
 * Node colours: by language (fixed, so TypeScript is the same blue in every repository) or by
 * top folder (a palette handed out in path order, so a repository keeps its colours between
 * visits). Both give a legend.
 */
import type { GraphFile, ViewNode } from './types';

export type ColourBy = 'language' | 'folder';

export const LANGUAGE_COLOURS: Readonly<Record<string, string>> = {
  typescript: '#2f6fd0',
  javascript: '#b8860b',
  python: '#2b8a3e',
  go: '#0c8599',
  rust: '#c2410c',
  java: '#b02a37',
};

/** Files that are not parsed source (README, config...) and anything unknown. */
export const OTHER_COLOUR = '#868e96';

/** Distinct, readable on white; repeats past twelve top folders. */
const FOLDER_PALETTE = ['#2f6fd0', '#e8590c', '#2b8a3e', '#c2255c', '#7048e8', '#0c8599', '#b8860b', '#5c940d', '#d6336c', '#1864ab', '#862e9c', '#495057'];

/**
 * Edges: same-package uses (Go/Java files using their package's names without an import) are drawn dotted
 * and lighter than imports; the legend's sample uses the same values.
 */
/** Lighter than import edges (their dots are drawn by `.graph-edge-same-package` in globals.css). */
export const SAME_PACKAGE_EDGE = { colour: '#c4cbd2' } as const;

export const ROOT_FOLDER = '(root)';

/** First path segment, or `(root)` for a file at the top. */
export function topFolderOf(path: string): string {
  const i = path.indexOf('/');
  return i < 0 ? ROOT_FOLDER : path.slice(0, i);
}

export function languageColour(language: string | null): string {
  return (language && LANGUAGE_COLOURS[language]) || OTHER_COLOUR;
}

export interface LegendEntry {
  key: string;
  label: string;
  colour: string;
  /** Files it covers. */
  count: number;
}

export interface Palette {
  by: ColourBy;
  colourOf(node: ViewNode): string;
  legend: LegendEntry[];
}

/** The palette for a graph's files: colours, and a legend with the most files first. */
export function makePalette(files: readonly GraphFile[], by: ColourBy): Palette {
  const counts = new Map<string, number>();
  const keyOfFile = (f: GraphFile) => (by === 'language' ? (f.language ?? 'other') : topFolderOf(f.path));
  for (const f of files) counts.set(keyOfFile(f), (counts.get(keyOfFile(f)) ?? 0) + 1);

  const folderColour = new Map<string, string>();
  if (by === 'folder') {
    [...counts.keys()].sort().forEach((k, i) => folderColour.set(k, k === ROOT_FOLDER ? OTHER_COLOUR : FOLDER_PALETTE[i % FOLDER_PALETTE.length]));
  }
  const colourOfKey = (key: string) => (by === 'language' ? languageColour(key === 'other' ? null : key) : (folderColour.get(key) ?? OTHER_COLOUR));
  const nodeKey = (node: ViewNode) =>
    by === 'language' ? (node.kind === 'file' ? node.file.language : node.language) ?? 'other' : topFolderOf(node.kind === 'file' ? node.file.path : `${node.folder}/`);

  const legend = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([key, count]) => ({ key, label: key, colour: colourOfKey(key), count }));
  return { by, colourOf: (node) => colourOfKey(nodeKey(node)), legend };
}
