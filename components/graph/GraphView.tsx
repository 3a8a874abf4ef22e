'use client';
import '@xyflow/react/dist/style.css';
import { Background, Controls, ReactFlow, ReactFlowProvider, type NodeMouseHandler } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ancestorFolders, chooseCollapseDepth, closableFolderOf, collapseGraph, folderFileCounts, openedFolders, withoutFolder } from '@/components/graph/collapse';
import { describeEdgeTally, tallyEdges } from '@/components/graph/edgeTally';
import { layoutEdges, type NodeBox } from '@/components/graph/elkInput';
import { focusSubgraph } from '@/components/graph/focus';
import { distinguishingLabels } from '@/components/graph/labels';
import { boundsOf } from '@/components/graph/viewport';
import { orderSteps, overlayAt } from '@/components/graph/orderOverlay';
import { makePalette, type ColourBy } from '@/components/graph/palette';
import { decodeGraph, type CompactGraph } from '@/components/graph/compact';
import type { SnapshotGraph } from '@/components/graph/types';
import type { CollapsedGraph } from '@/components/graph/collapse';
import { FileNode } from './FileNode';
import { FilePanel } from './FilePanel';
import { FolderNode } from './FolderNode';
import { GraphToolbar } from './GraphToolbar';
import { GraphViewport } from './GraphViewport';
import { toFlowEdges, toFlowNodes, type GraphFlowNode } from './flowElements';
import { useElkLayout } from './useElkLayout';
import { useViewportMoves, type CenterRequest } from './useViewportMoves';

interface Props {
  /** The snapshot graph as the page sends it (components/graph/compact). */
  graph: CompactGraph;
  repository: string;
  /** Snapshot to keep in links (only when the page was asked for one). */
  snapshot: string | null;
}

const NODE_TYPES = { file: FileNode, folder: FolderNode };
/** Past this many drawn nodes, React Flow renders only what is in view. */
const VIRTUALIZE_ABOVE = 400;

/** The dependency graph of a snapshot: ELK-laid-out, with folders, focus, search, order overlay and a file panel. */
export function GraphView(props: Props) {
  if (props.graph.files.length === 0) {
    return (
      <div className="message" role="status">
        <h2>No files</h2>
        <p>This snapshot has no files, so its graph is empty.</p>
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <GraphCanvas {...props} />
    </ReactFlowProvider>
  );
}

interface CanvasProps {
  graph: CompactGraph;
  repository: string;
  snapshot: string | null;
}

interface Shown {
  key: string;
  view: CollapsedGraph;
  positions: Map<string, NodeBox>;
  /** Edges of the focus subgraph the view was drawn from, or null without focus. */
  inFocus: number | null;
}

function GraphCanvas({ graph: compact, repository, snapshot }: CanvasProps) {
  const graph: SnapshotGraph = useMemo(() => decodeGraph(compact), [compact]);
  const { files, edges } = graph;
  const canvasRef = useRef<HTMLDivElement>(null);
  const [colourBy, setColourBy] = useState<ColourBy>('language');
  const [grouping, setGrouping] = useState(true);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [focusOn, setFocusOn] = useState<{ path: string; transitive: boolean } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [orderStep, setOrderStep] = useState<number | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pendingCenter, setPendingCenter] = useState<CenterRequest | null>(null);
  const fitNext = useRef(true);

  const focus = useMemo(() => (focusOn ? focusSubgraph(files, edges, focusOn.path, focusOn.transitive) : null), [files, edges, focusOn]);
  const baseFiles = focus?.files ?? files;
  const baseEdges = focus?.edges ?? edges;
  const depth = useMemo(() => (grouping ? chooseCollapseDepth(baseFiles) : null), [grouping, baseFiles]);
  const view = useMemo(() => collapseGraph(baseFiles, baseEdges, { depth, expanded }), [baseFiles, baseEdges, depth, expanded]);
  const folderCounts = useMemo(() => folderFileCounts(baseFiles), [baseFiles]);
  // The folder the selected file's panel can close again (its innermost opened one).
  const closable = selected ? closableFolderOf(selected, depth, expanded, folderCounts) : null;
  const layout = useElkLayout(view, attempt);
  const labels = useMemo(() => distinguishingLabels(files.map((f) => f.path)), [files]);

  // Keep drawing the last laid-out graph while the next layout runs (no blank flash).
  const [shown, setShown] = useState<Shown | null>(null);
  useEffect(() => {
    if (layout.status === 'done') setShown({ key: layout.key, view, positions: layout.positions, inFocus: focus ? focus.edges.length : null });
  }, [layout]); // eslint-disable-line react-hooks/exhaustive-deps

  const palette = useMemo(() => makePalette(files, colourBy), [files, colourBy]);
  const steps = useMemo(() => orderSteps(files), [files]);
  const overlay = useMemo(() => (orderStep === null ? null : overlayAt(steps, edges, orderStep)), [steps, edges, orderStep]);

  const nodes = useMemo(() => (shown ? toFlowNodes(shown.view, shown.positions, { palette, labels, selected, focus, overlay }) : []), [shown, palette, labels, selected, focus, overlay]);
  // A dense graph (collapsed folders) draws its layout backbone, each node's heaviest edges,
  // plus every edge of the selected node; "all edges" draws the rest too.
  const [allEdges, setAllEdges] = useState(false);
  const backbone = useMemo(() => {
    if (!shown) return null;
    const kept = layoutEdges(shown.view);
    return kept.length === shown.view.edges.length ? null : new Set(kept.map((e) => e.id));
  }, [shown]);
  const flowEdges = useMemo(() => {
    if (!shown) return [];
    const hot = new Set<string>();
    for (const p of [selected, overlay?.current]) {
      const id = p ? shown.view.nodeOf.get(p) : undefined;
      if (id) hot.add(id);
    }
    return toFlowEdges(shown.view, hot, allEdges ? null : backbone);
  }, [shown, selected, overlay, allEdges, backbone]);
  const edgeText = useMemo(
    () => (shown ? describeEdgeTally(tallyEdges(edges.length, shown.inFocus, shown.view, new Set(flowEdges.map((e) => e.id)))) : null),
    [shown, edges.length, flowEdges],
  );
  const bounds = useMemo(() => (shown ? boundsOf(shown.positions.values()) : null), [shown]);
  const collapsible = useMemo(() => openedFolders(expanded, depth, folderCounts).length > 0, [expanded, depth, folderCounts]);

  const settled = shown !== null && layout.status === 'done' && shown.key === layout.key;
  useViewportMoves(settled ? shown : null, pendingCenter, setPendingCenter, fitNext);

  const exitFocus = () => {
    setFocusOn(null);
    if (selected) setPendingCenter({ path: selected, zoomIn: true });
    else fitNext.current = true;
  };

  // Esc leaves focus mode, then closes the file panel (not while typing or in the code).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const t = e.target instanceof Element ? e.target : null;
      if (t?.closest('input, textarea, select, [contenteditable="true"], .monaco-editor, [role="dialog"]')) return;
      if (focusOn) exitFocus();
      else if (selected) setSelected(null);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const pick = useCallback(
    (path: string) => {
      if (focus && !focus.files.some((f) => f.path === path)) setFocusOn(null);
      setExpanded((prev) => new Set([...prev, ...ancestorFolders(path)]));
      setSelected(path);
      setPendingCenter({ path, zoomIn: true });
    },
    [focus],
  );

  const onNodeClick: NodeMouseHandler<GraphFlowNode> = useCallback(
    (_e, node) => {
      if (node.type === 'folder') {
        const folder = node.data.folder;
        setExpanded((prev) => new Set([...prev, folder]));
        // Keep the opened folder in view: centre on its first file once laid out again.
        const first = files.find((f) => f.path.startsWith(`${folder}/`));
        if (first) setPendingCenter({ path: first.path, zoomIn: false });
      } else {
        setSelected(node.data.path);
        // The file panel opens and narrows the canvas: keep the node clear of it.
        setPendingCenter({ path: node.data.path, zoomIn: false, onlyIfHidden: true });
      }
    },
    [files],
  );

  const step = (delta: number) => {
    const next = overlayAt(steps, edges, (overlay?.step ?? 0) + delta);
    if (!next) return;
    setOrderStep(next.step);
    setPendingCenter({ path: next.current, zoomIn: false });
  };

  return (
    <div className={`graph-view${selected ? ' with-panel' : ''}`}>
      <GraphToolbar
        files={files}
        onPick={pick}
        colourBy={colourBy}
        onColourBy={setColourBy}
        legend={palette.legend}
        grouping={grouping}
        onGrouping={(on) => {
          setGrouping(on);
          fitNext.current = true;
        }}
        canCollapseAll={collapsible}
        onCollapseAll={() => {
          setExpanded(new Set());
          fitNext.current = true;
        }}
        focusPath={focus?.path ?? null}
        transitive={focusOn?.transitive ?? false}
        onTransitive={(t) => {
          if (focusOn) setFocusOn({ ...focusOn, transitive: t });
          fitNext.current = true;
        }}
        onExitFocus={exitFocus}
        overlay={overlay}
        orderTotal={steps.length}
        onOverlay={(on) => {
          setOrderStep(on ? 0 : null);
          if (on && steps.length > 0) setPendingCenter({ path: steps[0].path, zoomIn: true });
        }}
        onStep={step}
        drawn={{ nodes: nodes.length, edges: edgeText }}
        allEdges={allEdges}
        onAllEdges={backbone || allEdges ? setAllEdges : null}
      />
      <div className="graph-body">
        <div className="graph-canvas" data-testid="graph-canvas" data-layout={layout.status} ref={canvasRef}>
          {layout.status === 'error' ? (
            <div className="message error graph-layout-error" role="alert">
              <h2>The graph could not be laid out</h2>
              <p>{layout.error}</p>
              <button type="button" onClick={() => setAttempt((a) => a + 1)}>
                Try again
              </button>
            </div>
          ) : null}
          {layout.status === 'running' ? (
            <div className="graph-busy" role="status">
              Laying out {view.nodes.length} nodes…
            </div>
          ) : null}
          <ReactFlow<GraphFlowNode>
            nodes={nodes}
            edges={flowEdges}
            nodeTypes={NODE_TYPES}
            onNodeClick={onNodeClick}
            onNodeDoubleClick={(_e, node) => {
              if (node.type !== 'file') return;
              setFocusOn({ path: node.data.path, transitive: focusOn?.transitive ?? false });
              fitNext.current = true;
            }}
            zoomOnDoubleClick={false}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            onlyRenderVisibleElements={nodes.length > VIRTUALIZE_ABOVE}
            minZoom={0.05}
            maxZoom={2.5}
          >
            <Background gap={24} size={1} />
            <Controls showInteractive={false} />
            <GraphViewport canvas={canvasRef} bounds={bounds} />
          </ReactFlow>
        </div>
        {selected ? (
          <FilePanel
            snapshotId={graph.snapshotId}
            path={selected}
            repository={repository}
            linkSnapshot={snapshot}
            focused={focus?.path === selected}
            onFocus={(path) => {
              setFocusOn({ path, transitive: focusOn?.transitive ?? false });
              fitNext.current = true;
            }}
            onClose={() => setSelected(null)}
            closableFolder={closable}
            onCloseFolder={(folder) => {
              setExpanded((prev) => withoutFolder(prev, folder));
              // The file is drawn in its folder node now: bring that into view.
              setPendingCenter({ path: selected, zoomIn: false });
            }}
          />
        ) : null}
      </div>
    </div>
  );
}
