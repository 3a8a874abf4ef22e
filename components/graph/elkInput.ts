/**
 * The ELK input for a drawn graph, and the positions read back from ELK's answer. Layered,
 * left to right, dependencies first: ELK gets each edge reversed (imported → importer), so a
 * file sits to the right of everything it imports (big graphs wrap into rows). The options
 * favour speed (one sweep of crossing minimisation, Brandes–Köpf placement, straight edges:
 * React Flow draws its own).
 */
import type { ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api';
import { EDGE_KIND_RANK, type ViewEdge, type ViewGraph, type ViewNode } from './types';

export const ELK_LAYOUT_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'POLYLINE',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.layered.thoroughness': '1',
  'elk.layered.cycleBreaking.strategy': 'GREEDY',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.nodeNode': '14',
  'elk.separateConnectedComponents': 'true',
  'elk.spacing.componentComponent': '36',
  'elk.aspectRatio': '1.6',
};

/**
 * Above this many nodes, a long chain of layers (typical of collapsed folders) wraps into rows
 * instead of one strip many screens wide; rows still read dependencies first, left to right,
 * top to bottom. Small graphs never wrap (ELK would wrap even three nodes). Big graphs also
 * use the simple node placement: a fifth faster than Brandes–Köpf and more compact rows.
 */
export const WRAP_ABOVE_NODES = 40;
const BIG_GRAPH: LayoutOptions = { 'elk.layered.wrapping.strategy': 'MULTI_EDGE', 'elk.layered.nodePlacement.strategy': 'SIMPLE' };

/** 0 for an empty file, 1 at 10,000 lines and beyond (log scale: sizes stay comparable). */
export function sizeScale(lines: number): number {
  return Math.min(1, Math.log10(1 + Math.max(0, lines)) / 4);
}

/**
 * Box of a drawn node: wider with more lines (files and folders alike). Tall enough for two
 * lines of label: zoomed out, a label grows to keep its size on screen (viewport.ts) as far
 * as its node's height holds it, and a long name wraps instead of being cut. A layered graph
 * is usually wider than the canvas, so the height costs no zoom at fit view.
 */
export function nodeSize(node: ViewNode): { width: number; height: number } {
  const s = sizeScale(node.kind === 'file' ? node.file.lines : node.lines);
  if (node.kind === 'file') return { width: Math.round(150 + 90 * s), height: Math.round(64 + 16 * s) };
  return { width: Math.round(180 + 90 * s), height: Math.round(72 + 16 * s) };
}

/** Edges per node ELK sees at most once the graph is dense (see layoutEdges). */
export const MAX_LAYOUT_EDGES_PER_NODE = 3;

/**
 * The edges that shape the layout. A sparse graph keeps them all; a dense one (more than
 * MAX_LAYOUT_EDGES_PER_NODE per node on average, typical of collapsed folders, where nearly
 * every folder imports every other) keeps each importer's heaviest few: layered layout time
 * grows with edges times layers spanned, and 3,000 aggregated edges take ELK tens of seconds.
 * Every edge is still drawn; only the positions come from this backbone.
 */
export function layoutEdges(graph: ViewGraph, maxPerNode = MAX_LAYOUT_EDGES_PER_NODE): ViewEdge[] {
  if (graph.edges.length <= maxPerNode * graph.nodes.length) return graph.edges;
  const bySource = new Map<string, ViewEdge[]>();
  for (const e of graph.edges) (bySource.get(e.source) ?? bySource.set(e.source, []).get(e.source)!).push(e);
  const kept: ViewEdge[] = [];
  for (const list of bySource.values()) {
    list.sort((a, b) => b.count - a.count || EDGE_KIND_RANK[a.kind] - EDGE_KIND_RANK[b.kind] || (a.id < b.id ? -1 : 1));
    kept.push(...list.slice(0, maxPerNode));
  }
  return kept;
}

export function buildElkGraph(graph: ViewGraph, options: LayoutOptions = ELK_LAYOUT_OPTIONS): ElkNode {
  if (graph.nodes.length > WRAP_ABOVE_NODES) options = { ...options, ...BIG_GRAPH };
  const children: ElkNode[] = graph.nodes.map((n) => ({ id: n.id, ...nodeSize(n) }));
  const edges: ElkExtendedEdge[] = layoutEdges(graph).map((e) => ({ id: e.id, sources: [e.target], targets: [e.source] }));
  return { id: 'root', layoutOptions: options, children, edges };
}

export interface NodeBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Node id → laid-out box; nodes ELK left without a position get none. */
export function positionsOf(result: ElkNode): Map<string, NodeBox> {
  const out = new Map<string, NodeBox>();
  for (const c of result.children ?? []) {
    if (typeof c.x === 'number' && typeof c.y === 'number') out.set(c.id, { x: c.x, y: c.y, width: c.width ?? 0, height: c.height ?? 0 });
  }
  return out;
}

/** A key that changes exactly when the layout must be redone (nodes, their sizes, edges). */
export function layoutKey(graph: ViewGraph): string {
  return `${graph.nodes.map((n) => `${n.id}:${n.kind === 'folder' ? n.fileCount : ''}`).join('|')}#${graph.edges.map((e) => e.id).join('|')}`;
}
