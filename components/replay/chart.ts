/**
 * The perplexity chart's geometry: one slot per searched step, in trajectory order, with a bar
 * for the NLL before search and one for after; a y scale from 0 to a round maximum.
 */

export interface NllPoint {
  ordinal: number;
  /** Index of the step in the trajectory. */
  step: number;
  /** The file whose Write the searched Think precedes (null if unknown). */
  file: string | null;
  before: number;
  after: number;
}

export interface ChartBar extends NllPoint {
  x: number;
  width: number;
  /** Heights in pixels, from the baseline. */
  beforeHeight: number;
  afterHeight: number;
}

export interface ChartLayout {
  yMax: number;
  ticks: number[];
  bars: ChartBar[];
  /** Width of one slot (a before bar and an after bar, and a gap). */
  slot: number;
}

/** The searched steps of a trajectory, as chart points. */
export function nllPoints(steps: readonly { ordinal: number; file?: string | null; search: { nllBefore: number; nllAfter: number } | null }[]): NllPoint[] {
  const points: NllPoint[] = [];
  steps.forEach((s, step) => {
    if (s.search && Number.isFinite(s.search.nllBefore) && Number.isFinite(s.search.nllAfter)) {
      points.push({ ordinal: s.ordinal, step, file: s.file ?? null, before: s.search.nllBefore, after: s.search.nllAfter });
    }
  });
  return points;
}

/** A round number ≥ max (1, 2, 2.5 or 5 times a power of ten); 1 for nothing to show. */
export function niceMax(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= max * (1 - 1e-12)) return m * power;
  return 10 * power;
}

/** Bars over a plot of `width` × `height` pixels (the axes are drawn outside it). */
export function chartLayout(points: readonly NllPoint[], width: number, height: number): ChartLayout {
  const yMax = niceMax(points.reduce((m, p) => Math.max(m, p.before, p.after), 0));
  const ticks = [0, yMax / 2, yMax];
  const slot = points.length > 0 ? width / points.length : width;
  const gap = slot >= 6 ? Math.max(1, slot * 0.2) : 0;
  const barWidth = Math.max(0.5, (slot - gap) / 2);
  const scale = (v: number) => Math.max(0, Math.min(height, (Math.max(0, v) / yMax) * height));
  const bars = points.map((p, i) => ({ ...p, x: i * slot + gap / 2, width: barWidth, beforeHeight: scale(p.before), afterHeight: scale(p.after) }));
  return { yMax, ticks, bars, slot };
}

/** The bar a pointer at x (plot coordinates) is over: the nearest slot. */
export function barIndexAt(layout: ChartLayout, x: number): number {
  if (layout.bars.length === 0) return -1;
  return Math.max(0, Math.min(layout.bars.length - 1, Math.floor(x / layout.slot)));
}
