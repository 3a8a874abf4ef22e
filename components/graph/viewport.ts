/**
 * The viewport's part in legibility. Labels keep a readable size on screen as the view zooms
 * out (they grow in graph units, up to a limit and to what their node's height holds), and
 * below DETAIL_ZOOM nodes show their label only (order number and line count go to the hover
 * card). Geometry in graph units (ELK's boxes) against a viewport `{x, y, zoom}` as React Flow
 * keeps it: a graph point p is drawn at p * zoom + (x, y) in the canvas.
 */
import type { NodeBox } from './elkInput';

/** Font size of node labels, in graph units at zoom 1, and the size they keep on screen below it. */
export const LABEL_PX = 12;
/** Labels grow at most this much in graph units (so they keep LABEL_PX on screen down to zoom 1/3). */
export const MAX_LABEL_SCALE = 3;
/** Below this zoom, nodes show their label only. */
export const DETAIL_ZOOM = 0.9;

/**
 * 1/zoom, rounded up to steps of 1/20: what keeps a size constant on screen. In steps, so
 * zooming restyles the nodes only when a step changes.
 */
export function inverseZoom(zoom: number): number {
  return zoom > 0 ? Math.ceil((1 / zoom) * 20) / 20 : 1;
}

/**
 * How much labels are enlarged at this zoom: 1 at zoom 1 and above, 1/zoom below (so they keep
 * LABEL_PX on screen), at most MAX_LABEL_SCALE.
 */
export function labelScale(zoom: number): number {
  return Math.min(MAX_LABEL_SCALE, Math.max(1, inverseZoom(zoom)));
}

export function showsDetails(zoom: number): boolean {
  return zoom >= DETAIL_ZOOM;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** The smallest box holding every box, or null for none. */
export function boundsOf(boxes: Iterable<NodeBox>): NodeBox | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const b of boxes) {
    minX = Math.min(minX, b.x);
    minY = Math.min(minY, b.y);
    maxX = Math.max(maxX, b.x + b.width);
    maxY = Math.max(maxY, b.y + b.height);
  }
  return minX === Infinity ? null : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/**
 * Whether a box is drawn wholly inside a canvas of `size`, at least `margin` screen pixels from
 * its edges (a negative margin tolerates that much outside).
 */
export function isInView(box: NodeBox, viewport: Viewport, size: { width: number; height: number }, margin = 0): boolean {
  const left = box.x * viewport.zoom + viewport.x;
  const top = box.y * viewport.zoom + viewport.y;
  const right = left + box.width * viewport.zoom;
  const bottom = top + box.height * viewport.zoom;
  return left >= margin && top >= margin && right <= size.width - margin && bottom <= size.height - margin;
}

/** Screen rectangle (as getBoundingClientRect gives it). */
export interface ScreenRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Where a node's hover card goes: above or below the node, from its left edge or back from its right. */
export interface CardPlacement {
  vertical: 'above' | 'below';
  horizontal: 'start' | 'end';
}

/**
 * Keeps a node's hover card inside the canvas: above the node unless it would leave the canvas
 * at the top and there is more room below; from the node's left edge unless it would leave the
 * canvas on the right and there is more room to the left. `card` is the card's size on screen.
 */
export function cardPlacement(node: ScreenRect, card: { width: number; height: number }, canvas: ScreenRect, gap = 4): CardPlacement {
  const roomAbove = node.top - canvas.top - gap;
  const roomBelow = canvas.bottom - node.bottom - gap;
  const vertical = card.height > roomAbove && roomBelow > roomAbove ? 'below' : 'above';
  const roomRight = canvas.right - node.left;
  const roomLeft = node.right - canvas.left;
  const horizontal = card.width > roomRight && roomLeft > roomRight ? 'end' : 'start';
  return { vertical, horizontal };
}
