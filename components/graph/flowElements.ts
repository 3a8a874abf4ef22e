/**
 * The drawn graph as React Flow nodes and edges: positions from ELK, colours from the palette,
 * and the classes that show selection, focus, cycles and the order overlay. Edges run from
 * the dependency (left) to the importing file (right), with the arrowhead on the dependency:
 * an arrow points at what is imported.
 */
import { MarkerType, type Edge, type Node } from '@xyflow/react';
import type { NodeBox } from '@/components/graph/elkInput';
import type { Focus } from '@/components/graph/focus';
import { fileName, type FileLabel } from '@/components/graph/labels';
import { overlayRole, type OverlayState } from '@/components/graph/orderOverlay';
import { SAME_PACKAGE_EDGE, type Palette } from '@/components/graph/palette';
import type { EdgeKind, ViewGraph, ViewNode } from '@/components/graph/types';

export interface FileNodeData extends Record<string, unknown> {
  path: string;
  name: string;
  /** The folder part that tells this file apart from others of its name (`core/`), or empty. */
  folder: string;
  lines: number;
  /** 1-based position in the implementation order, or null. */
  order: number | null;
  colour: string;
  inCycle: boolean;
  /** Extra classes: selection, focus role, overlay role. */
  marks: string;
}

export interface FolderNodeData extends Record<string, unknown> {
  folder: string;
  fileCount: number;
  lines: number;
  colour: string;
  inCycle: boolean;
  marks: string;
}

export type FileFlowNode = Node<FileNodeData, 'file'>;
export type FolderFlowNode = Node<FolderNodeData, 'folder'>;
export type GraphFlowNode = FileFlowNode | FolderFlowNode;

export interface Decorations {
  palette: Palette;
  /** Every file's label (distinguishingLabels). */
  labels: ReadonlyMap<string, FileLabel>;
  selected: string | null;
  focus: Focus | null;
  overlay: OverlayState | null;
}

function pathsOf(node: ViewNode): string[] {
  return node.kind === 'file' ? [node.file.path] : node.paths;
}

function marksOf(node: ViewNode, d: Decorations): string {
  const marks: string[] = [];
  const paths = pathsOf(node);
  if (d.selected !== null && paths.includes(d.selected)) marks.push('is-selected');
  if (d.focus) {
    if (paths.includes(d.focus.path)) marks.push('focus-center');
    else if (paths.some((p) => d.focus!.dependencies.has(p))) marks.push('focus-dependency');
    else if (paths.some((p) => d.focus!.dependents.has(p))) marks.push('focus-dependent');
  }
  if (d.overlay) marks.push(`order-${overlayRole(d.overlay, paths)}`);
  return marks.join(' ');
}

export function toFlowNodes(graph: ViewGraph, positions: Map<string, NodeBox>, d: Decorations): GraphFlowNode[] {
  const out: GraphFlowNode[] = [];
  for (const n of graph.nodes) {
    const box = positions.get(n.id);
    if (!box) continue;
    // Sizes are known from the layout: given as measured, React Flow can fit the view at once.
    const size = { width: box.width, height: box.height };
    const common = { id: n.id, position: { x: box.x, y: box.y }, ...size, measured: size, draggable: false, connectable: false };
    if (n.kind === 'file') {
      const f = n.file;
      const label = d.labels.get(f.path) ?? { folder: '', name: fileName(f.path) };
      out.push({
        ...common,
        type: 'file',
        data: {
          path: f.path,
          name: label.name,
          folder: label.folder,
          lines: f.lines,
          order: f.orderIndex === null ? null : f.orderIndex + 1,
          colour: d.palette.colourOf(n),
          inCycle: f.inCycle,
          marks: marksOf(n, d),
        },
      });
    } else {
      out.push({
        ...common,
        type: 'folder',
        data: { folder: n.folder, fileCount: n.fileCount, lines: n.lines, colour: d.palette.colourOf(n), inCycle: n.inCycle, marks: marksOf(n, d) },
      });
    }
  }
  return out;
}

const EDGE_KIND_CLASS: Readonly<Record<EdgeKind, string>> = {
  import: 'graph-edge-import',
  type_only: 'graph-edge-type',
  same_package: 'graph-edge-same-package',
};

/**
 * `hot`: node ids whose edges stand out (the selected file's node, the overlay's current one);
 * they are always drawn. `only`: when set, the other edges drawn (a dense graph's backbone).
 */
export function toFlowEdges(graph: ViewGraph, hot: ReadonlySet<string>, only: ReadonlySet<string> | null): Edge[] {
  const out: Edge[] = [];
  for (const e of graph.edges) {
    const isHot = hot.has(e.source) || hot.has(e.target);
    if (!isHot && only && !only.has(e.id)) continue;
    const cls = ['graph-edge', EDGE_KIND_CLASS[e.kind], e.inCycle ? 'graph-edge-cycle' : '', isHot ? 'graph-edge-hot' : ''].filter(Boolean).join(' ');
    const samePackage = e.kind === 'same_package';
    const colour = e.inCycle ? '#c92a2a' : isHot ? '#0b5cad' : samePackage ? SAME_PACKAGE_EDGE.colour : '#9aa4ae';
    out.push({
      id: e.id,
      // Drawn dependency → importer, as laid out; the arrowhead sits on the dependency.
      source: e.target,
      target: e.source,
      className: cls,
      markerStart: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: colour },
      // Colour inline (the arrowhead needs it too); the dash of each kind comes from its class.
      style: { stroke: colour, strokeWidth: Math.min(4, 1 + Math.log2(e.count)) },
      focusable: false,
      data: { count: e.count, kind: e.kind },
    });
  }
  return out;
}
