'use client';
import { MiniMap, useStore } from '@xyflow/react';
import { useLayoutEffect, type RefObject } from 'react';
import type { NodeBox } from '@/components/graph/elkInput';
import { inverseZoom, isInView, labelScale, showsDetails } from '@/components/graph/viewport';
import type { GraphFlowNode } from './flowElements';

/** How far (screen pixels) the graph may reach past the canvas before the minimap shows. */
const MINIMAP_TOLERANCE = 8;

/**
 * What follows the viewport, inside <ReactFlow>: the label scale and level of detail, set as
 * CSS on the canvas (--label-scale, --inverse-zoom, data-detail) so nodes restyle without
 * re-rendering; and the minimap, drawn only while part of the graph is out of view (at fit
 * view it would only cover nodes).
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

  const partlyHidden = useStore((s) => {
    if (!bounds || s.width === 0 || s.height === 0) return false;
    const [x, y, z] = s.transform;
    return !isInView(bounds, { x, y, zoom: z }, s, -MINIMAP_TOLERANCE);
  });
  if (!partlyHidden) return null;
  return <MiniMap<GraphFlowNode> pannable zoomable nodeColor={(n) => n.data.colour} nodeStrokeWidth={0} style={{ width: 160, height: 110 }} ariaLabel="Minimap" />;
}
