'use client';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useEffect, useRef, type RefObject } from 'react';
import type { NodeBox } from '@/components/graph/elkInput';
import { isInView } from '@/components/graph/viewport';

/** Something to bring into view once drawn: a file (or the folder node holding it). */
export interface CenterRequest {
  path: string;
  /** Zoom in to at least 1 (a search pick), else keep the zoom. */
  zoomIn: boolean;
  /** Move only when the node is not wholly in view (a click: the opening panel narrows the canvas). */
  onlyIfHidden?: boolean;
}

/** Screen pixels a node revealed after a click keeps from the canvas's edges. */
const REVEAL_MARGIN = 24;

export interface DrawnLayout {
  view: { nodeOf: Map<string, string> };
  positions: Map<string, NodeBox>;
}

/**
 * Moves the viewport once a layout is drawn (`drawn` is null while one runs): to the node a
 * request asks for, else, when `fitNext` is set, fitting the whole graph. The benchmark mark
 * `retrace:graph-drawn` goes once the first laid-out graph is fitted and painted.
 */
export function useViewportMoves(drawn: DrawnLayout | null, request: CenterRequest | null, setRequest: (r: CenterRequest | null) => void, fitNext: RefObject<boolean>) {
  const flow = useReactFlow();
  const store = useStoreApi();
  const marked = useRef(false);

  useEffect(() => {
    if (!drawn || !request) return;
    // Two frames: a selection opens the file panel, and the canvas's new width reaches React
    // Flow (its resize observer) only after the first; centring before would use the old width
    // and leave the node under the panel.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        setRequest(null);
        // A fit still to come (a double-click focuses) shows the clicked node anyway.
        if (request.onlyIfHidden && fitNext.current) return;
        fitNext.current = false;
        const id = drawn.view.nodeOf.get(request.path);
        const box = id ? drawn.positions.get(id) : undefined;
        const { width, height, transform } = store.getState();
        const [x, y, zoom] = transform;
        if (!box || (request.onlyIfHidden && isInView(box, { x, y, zoom }, { width, height }, REVEAL_MARGIN))) return;
        void flow.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom: request.zoomIn ? Math.max(zoom, 1) : zoom, duration: 250 });
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [drawn, request, setRequest, fitNext, flow, store]);

  useEffect(() => {
    if (!drawn || request) return;
    const frame = requestAnimationFrame(() => {
      let done: Promise<unknown> = Promise.resolve();
      if (fitNext.current) {
        done = flow.fitView({ padding: 0.06, maxZoom: 1.2 });
        fitNext.current = false;
      }
      if (!marked.current) {
        marked.current = true;
        void done.then(() => requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('retrace:graph-drawn'))));
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [drawn, request, fitNext, flow]);
}
