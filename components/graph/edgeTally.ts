/**
 * What the edge count says: how many of the snapshot's file-to-file edges the drawn lines
 * stand for, and why the others are not drawn. Three things hide edges: focus mode leaves out
 * the files outside the focus, a collapsed folder swallows the edges between its own files,
 * and a dense graph draws each node's heaviest edges only (its layout backbone, see
 * elkInput's layoutEdges) until "All edges" is ticked. Lines between folder nodes merge
 * edges: one line stands for all the edges between the two folders.
 */
import { MAX_LAYOUT_EDGES_PER_NODE } from './elkInput';
import type { ViewGraph } from './types';

export interface EdgeTally {
  /** File-to-file edges of the snapshot. */
  total: number;
  /** Edges some drawn line stands for. */
  shown: number;
  /** Lines drawn. */
  lines: number;
  /** Edges with an end outside the focused file's neighbourhood. */
  outsideFocus: number;
  /** Edges between two files drawn in the same folder node. */
  insideFolders: number;
  /** Edges of lines a dense graph does not draw (not in its backbone, not the selected file's). */
  thinnedOut: number;
}

/**
 * `total`: the snapshot's edges; `inFocus`: the focus subgraph's edges, or null without focus;
 * `view`: the drawn graph (each view edge counts the file edges it merges); `drawn`: ids of the
 * view edges actually drawn.
 */
export function tallyEdges(total: number, inFocus: number | null, view: ViewGraph, drawn: ReadonlySet<string>): EdgeTally {
  const considered = inFocus ?? total;
  let merged = 0;
  let shown = 0;
  let lines = 0;
  for (const e of view.edges) {
    merged += e.count;
    if (!drawn.has(e.id)) continue;
    shown += e.count;
    lines++;
  }
  return { total, shown, lines, outsideFocus: total - considered, insideFolders: considered - merged, thinnedOut: merged - shown };
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

export interface HiddenEdges {
  /** e.g. `64 inside collapsed folders`. */
  text: string;
  /** Why, and how to see them. */
  why: string;
}

export interface EdgeTallyText {
  /** e.g. `54 of 118 edges shown`, or `118 edges` when nothing is hidden. */
  summary: string;
  /** Why the others are hidden, biggest first. */
  hidden: HiddenEdges[];
}

export function describeEdgeTally(t: EdgeTally): EdgeTallyText {
  const asLines = t.lines !== t.shown ? ` as ${count(t.lines)} line${t.lines === 1 ? '' : 's'}` : '';
  const noun = t.total === 1 ? 'edge' : 'edges';
  if (t.shown === t.total) return { summary: `${count(t.total)} ${noun}${asLines}`, hidden: [] };
  const reasons: [number, HiddenEdges][] = [
    [t.insideFolders, { text: `${count(t.insideFolders)} inside collapsed folders`, why: 'Edges between files drawn in one folder node: open the folder to see them.' }],
    [t.outsideFocus, { text: `${count(t.outsideFocus)} outside the focus`, why: 'Edges of files that are neither the focused file nor its dependencies or dependents: Show all (Esc) brings them back.' }],
    [
      t.thinnedOut,
      {
        text: `${count(t.thinnedOut)} thinned out (dense graph)`,
        why: `A dense graph draws each node's ${MAX_LAYOUT_EDGES_PER_NODE} heaviest edges and every edge of the selected file: tick All edges to draw the rest.`,
      },
    ],
  ];
  return {
    summary: `${count(t.shown)} of ${count(t.total)} ${noun} shown${asLines}`,
    hidden: reasons
      .filter(([n]) => n > 0)
      .sort((a, b) => b[0] - a[0])
      .map(([, reason]) => reason),
  };
}
