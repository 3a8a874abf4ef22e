'use client';
import { MiniMap, useStore } from '@xyflow/react';
import { useEffect, useLayoutEffect, type RefObject } from 'react';
import type { NodeBox } from '@/components/graph/elkInput';
import { cardPlacement, inverseZoom, isInView, labelScale, showsDetails } from '@/components/graph/viewport';
import type { GraphFlowNode } from './flowElements';

/** How far (screen pixels) the graph may reach past the canvas before the minimap shows. */
const MINIMAP_TOLERANCE = 8;

/**
 * What follows the viewport, inside <ReactFlow>: the label scale and level of detail, set as
 * CSS on the canvas (--label-scale, --inverse-zoom, data-detail) so nodes restyle without
 * re-rendering; and the minimap, drawn only while part of the graph is out of view (at fit
 * view it would only cover nodes). It also keeps a hovered node's card inside the canvas
 * (cardPlacement), by data attributes on the node the CSS reads.
 */
export function GraphViewport({ canvas, bounds }: { canvas: RefObject<HTMLDivElement | null>; bounds: NodeBox | null }) {
  const zoom = useStore((s) => s.transform[2]);
  const scale = labelScale(zoom);
  const inverse = inverseZoom(zoom);
  const detail = showsDetails(zoom) ? 'full' : 'compact';
  useLayoutEffect(() => {
    const el = canvas.current;
    if (!el) return;
    el.style.setProperty('--label-scale', String(scale));
    el.style.setProperty('--inverse-zoom', String(inverse));
    el.dataset.detail = detail;
  }, [canvas, scale, inverse, detail]);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    // One delegated listener: the card shows on :hover, so it can be measured as the pointer enters.
    const place = (event: PointerEvent) => {
      const node = (event.target as Element | null)?.closest<HTMLElement>('.react-flow__node');
      const card = node?.querySelector<HTMLElement>('.graph-node-card');
      if (!node || !card || (event.relatedTarget instanceof Node && node.contains(event.relatedTarget))) return;
      const size = card.getBoundingClientRect();
      if (size.width === 0) return;
      const { vertical, horizontal } = cardPlacement(node.getBoundingClientRect(), size, el.getBoundingClientRect());
      node.dataset.card = `${vertical} ${horizontal}`;
    };
    el.addEventListener('pointerover', place);
    return () => el.removeEventListener('pointerover', place);
  }, [canvas]);

  const partlyHidden = useStore((s) => {
    if (!bounds || s.width === 0 || s.height === 0) return false;
    const [x, y, z] = s.transform;
    return !isInView(bounds, { x, y, zoom: z }, s, -MINIMAP_TOLERANCE);
  });
  if (!partlyHidden) return null;
  return <MiniMap<GraphFlowNode> pannable zoomable nodeColor={(n) => n.data.colour} nodeStrokeWidth={0} style={{ width: 160, height: 110 }} ariaLabel="Minimap" />;
}
