'use client';
import type { EdgeTallyText } from '@/components/graph/edgeTally';
import type { OverlayState } from '@/components/graph/orderOverlay';
import type { ColourBy, LegendEntry } from '@/components/graph/palette';
import type { GraphFile } from '@/components/graph/types';
import { GraphSearch } from './GraphSearch';

export interface GraphToolbarProps {
  files: readonly GraphFile[];
  onPick: (path: string) => void;
  colourBy: ColourBy;
  onColourBy: (by: ColourBy) => void;
  legend: LegendEntry[];
  grouping: boolean;
  onGrouping: (on: boolean) => void;
  /** Whether a folder the user opened is drawn open ("Collapse all" closes them). */
  canCollapseAll: boolean;
  onCollapseAll: () => void;
  focusPath: string | null;
  transitive: boolean;
  onTransitive: (on: boolean) => void;
  onExitFocus: () => void;
  overlay: OverlayState | null;
  orderTotal: number;
  onOverlay: (on: boolean) => void;
  onStep: (delta: number) => void;
  /** Nodes drawn; what the edge count says (null before the first layout). */
  drawn: { nodes: number; edges: EdgeTallyText | null };
  allEdges: boolean;
  /** null when every edge is drawn anyway (a sparse graph). */
  onAllEdges: ((on: boolean) => void) | null;
}

/** Search, colouring, folder grouping, focus and the implementation-order stepper. */
export function GraphToolbar(p: GraphToolbarProps) {
  return (
    <div className="graph-toolbar">
      <div className="graph-toolbar-row">
        <GraphSearch files={p.files} onPick={p.onPick} />
        <label className="graph-control">
          Colour by{' '}
          <select value={p.colourBy} onChange={(e) => p.onColourBy(e.target.value as ColourBy)} aria-label="Colour by">
            <option value="language">language</option>
            <option value="folder">top folder</option>
          </select>
        </label>
        <label className="graph-control">
          <input type="checkbox" checked={p.grouping} onChange={(e) => p.onGrouping(e.target.checked)} /> Group large folders
        </label>
        {p.canCollapseAll ? (
          <button type="button" onClick={p.onCollapseAll}>
            Collapse all
          </button>
        ) : null}
        {p.onAllEdges ? (
          <label className="graph-control" title="A dense graph draws each node's heaviest edges and every edge of the selected file">
            <input type="checkbox" checked={p.allEdges} onChange={(e) => p.onAllEdges?.(e.target.checked)} /> All edges
          </label>
        ) : null}
        <span className="graph-drawn muted" data-testid="graph-drawn">
          {p.drawn.nodes} nodes · {p.drawn.edges?.summary ?? '…'}
          {p.drawn.edges?.hidden.map((h, i) => (
            <span key={h.text} className="graph-hidden-edges" title={h.why}>
              {i === 0 ? ': ' : ', '}
              {h.text}
            </span>
          ))}
        </span>
      </div>
      <div className="graph-toolbar-row">
        {p.focusPath !== null ? (
          <span className="graph-focus" data-testid="graph-focus">
            Focus: <code>{p.focusPath}</code>
            <label className="graph-control">
              <input type="checkbox" checked={p.transitive} onChange={(e) => p.onTransitive(e.target.checked)} /> transitive
            </label>
            <button type="button" onClick={p.onExitFocus} aria-keyshortcuts="Escape" title="Leave focus mode (Esc)">
              Show all <kbd>Esc</kbd>
            </button>
          </span>
        ) : null}
        <span className="graph-order" data-testid="order-overlay">
          <label className="graph-control">
            <input type="checkbox" checked={p.overlay !== null} disabled={p.orderTotal === 0} onChange={(e) => p.onOverlay(e.target.checked)} /> Implementation order
          </label>
          {p.overlay ? (
            <>
              <button type="button" onClick={() => p.onStep(-1)} disabled={p.overlay.step === 0} aria-label="Previous file in the order">
                ◀ Prev
              </button>
              <span className="graph-order-step">
                {p.overlay.step + 1} / {p.overlay.total}: <code>{p.overlay.current}</code>
                {p.overlay.deps.size > 0 ? ` · reads ${p.overlay.deps.size} written file${p.overlay.deps.size === 1 ? '' : 's'}` : ''}
                {p.overlay.pendingDeps.size > 0 ? ` · ${p.overlay.pendingDeps.size} in its cycle still to write` : ''}
              </span>
              <button type="button" onClick={() => p.onStep(1)} disabled={p.overlay.step >= p.overlay.total - 1} aria-label="Next file in the order">
                Next ▶
              </button>
            </>
          ) : null}
        </span>
      </div>
      <ul className="graph-legend" aria-label="Legend">
        {p.legend.slice(0, 12).map((l) => (
          <li key={l.key}>
            <span className="swatch" style={{ background: l.colour }} aria-hidden="true" /> {l.label} <span className="muted">{l.count}</span>
          </li>
        ))}
        <li>
          <span className="edge-sample edge-sample-import" aria-hidden="true" /> import
        </li>
        <li>
          <span className="edge-sample edge-sample-type" aria-hidden="true" /> type-only
        </li>
        <li title="Go or Java: uses a name another file of its package declares, without an import">
          <span className="edge-sample edge-sample-same-package" aria-hidden="true" />{' '}
          same package
        </li>
        <li>
          <span className="edge-sample edge-sample-cycle" aria-hidden="true" /> cycle
        </li>
        <li className="muted">arrows point at the imported file; dependencies on the left</li>
      </ul>
    </div>
  );
}
