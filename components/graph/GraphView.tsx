'use client';
import '@xyflow/react/dist/style.css';
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, type NodeMouseHandler } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ancestorFolders, chooseCollapseDepth, closableFolderOf, collapseGraph, folderFileCounts, withoutFolder } from '@/lib/graphView/collapse';
import { layoutEdges, type NodeBox } from '@/lib/graphView/elkInput';
import { focusSubgraph } from '@/lib/graphView/focus';
import { orderSteps, overlayAt } from '@/lib/graphView/orderOverlay';
import { makePalette, type ColourBy } from '@/lib/graphView/palette';
import { decodeGraph, type CompactGraph } from '@/lib/graphView/compact';
import type { SnapshotGraph } from '@/lib/graphView/types';
import type { CollapsedGraph } from '@/lib/graphView/collapse';
import { FileNode } from './FileNode';
import { FilePanel } from './FilePanel';
import { FolderNode } from './FolderNode';
import { GraphToolbar } from './GraphToolbar';
import { toFlowEdges, toFlowNodes, type GraphFlowNode } from './flowElements';
import { useElkLayout } from './useElkLayout';

interface Props {
  /** The snapshot graph as the page sends it (lib/graphView/compact). */
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
}

function GraphCanvas({ graph: compact, repository, snapshot }: CanvasProps) {
  const graph: SnapshotGraph = useMemo(() => decodeGraph(compact), [compact]);
  const { files, edges } = graph;
  const flow = useReactFlow();
  const [colourBy, setColourBy] = useState<ColourBy>('language');
  const [grouping, setGrouping] = useState(true);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [focusOn, setFocusOn] = useState<{ path: string; transitive: boolean } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [orderStep, setOrderStep] = useState<number | null>(null);
  const [attempt, setAttempt] = useState(0);
  /** What to bring into view once it is drawn: a file (or the folder node holding it). */
  const [pendingCenter, setPendingCenter] = useState<{ path: string; zoomIn: boolean } | null>(null);
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

  // Keep drawing the last laid-out graph while the next layout runs (no blank flash).
  const [shown, setShown] = useState<Shown | null>(null);
  useEffect(() => {
    if (layout.status === 'done') setShown({ key: layout.key, view, positions: layout.positions });
  }, [layout]); // eslint-disable-line react-hooks/exhaustive-deps

  const palette = useMemo(() => makePalette(files, colourBy), [files, colourBy]);
  const steps = useMemo(() => orderSteps(files), [files]);
  const overlay = useMemo(() => (orderStep === null ? null : overlayAt(steps, edges, orderStep)), [steps, edges, orderStep]);

  const nodes = useMemo(() => (shown ? toFlowNodes(shown.view, shown.positions, { palette, selected, focus, overlay }) : []), [shown, palette, selected, focus, overlay]);
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

  // Viewport: centre on what was asked for, else fit the whole graph after a relayout. The
  // benchmark mark goes once the first laid-out graph is fitted and painted.
  const settled = shown !== null && layout.status === 'done' && shown.key === layout.key;
  const marked = useRef(false);
  useEffect(() => {
    if (!settled || !shown) return;
    const frame = requestAnimationFrame(() => {
      let done: Promise<unknown> = Promise.resolve();
      if (pendingCenter) {
        const id = shown.view.nodeOf.get(pendingCenter.path);
        const box = id ? shown.positions.get(id) : undefined;
        if (box) done = flow.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom: pendingCenter.zoomIn ? Math.max(flow.getZoom(), 1) : flow.getZoom(), duration: 250 });
        setPendingCenter(null);
        fitNext.current = false;
      } else if (fitNext.current) {
        done = flow.fitView({ padding: 0.06, maxZoom: 1.2 });
        fitNext.current = false;
      }
      if (!marked.current) {
        marked.current = true;
        void done.then(() => requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('retrace:graph-drawn'))));
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [settled, shown, pendingCenter, flow]);

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
        expandedCount={expanded.size}
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
        onExitFocus={() => {
          setFocusOn(null);
          if (selected) setPendingCenter({ path: selected, zoomIn: true });
          else fitNext.current = true;
        }}
        overlay={overlay}
        orderTotal={steps.length}
        onOverlay={(on) => {
          setOrderStep(on ? 0 : null);
          if (on && steps.length > 0) setPendingCenter({ path: steps[0].path, zoomIn: true });
        }}
        onStep={step}
        drawn={{ nodes: nodes.length, edges: flowEdges.length, total: shown?.view.edges.length ?? 0 }}
        allEdges={allEdges}
        onAllEdges={backbone || allEdges ? setAllEdges : null}
      />
      <div className="graph-body">
        <div className="graph-canvas" data-testid="graph-canvas" data-layout={layout.status}>
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
            <MiniMap<GraphFlowNode> pannable zoomable nodeColor={(n) => n.data.colour} nodeStrokeWidth={0} />
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
