'use client';
import { memo, useEffect, useMemo, useState } from 'react';
import { chartLayout, type NllPoint } from '@/components/replay/chart';
import { formatNll } from '@/components/replay/format';

/** The SVG's own coordinates; it stretches to the panel's width. */
const WIDTH = 1000;
const HEIGHT = 100;

interface Props {
  points: NllPoint[];
  /** Step index of the current step. */
  current: number;
  searched: boolean;
  trajectoryId: string;
  onJump(stepIndex: number): void;
}

/**
 * NLL of the real code before (grey) and after (blue) search, one pair of bars per searched
 * Think, over the whole trajectory. Clicking a bar goes to its step.
 */
export function PerplexityChart({ points, current, searched, trajectoryId, onJump }: Props) {
  const layout = useMemo(() => chartLayout(points, WIDTH, HEIGHT), [points]);
  // Bars are drawn after the first paint: the timeline and keys come first, the chart a frame later.
  const [drawn, setDrawn] = useState(false);
  useEffect(() => setDrawn(true), []);
  const [hovered, setHovered] = useState<number | null>(null);
  const hover = hovered !== null ? layout.bars[hovered] : null;
  // The current step, or the last searched step before it.
  let at = -1;
  for (let lo = 0, hi = points.length - 1; lo <= hi; ) {
    const mid = (lo + hi) >> 1;
    if (points[mid].step <= current) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const onCurrent = at >= 0 && points[at].step === current;
  return (
    <section className="perplexity panel" aria-label="Perplexity before and after search">
      <div className="perplexity-head">
        <h2>NLL per searched Think</h2>
        <span className="legend">
          <span className="legend-swatch before" aria-hidden="true" /> before search <span className="legend-swatch after" aria-hidden="true" /> after
        </span>
        <span className="muted small perplexity-readout" aria-live="off">
          {hover ? `Step ${hover.ordinal}${hover.file ? ` (${hover.file})` : ''}: NLL ${formatNll(hover.before)} → ${formatNll(hover.after)}` : points.length ? `${points.length} searched · click a bar to go to its step` : null}
        </span>
      </div>
      <div className="perplexity-plot" data-testid="perplexity-chart">
        {!searched ? (
          <p className="muted small">
            No search has run on this trajectory. Run one with <code>{`npm run --silent retrace -- search ${trajectoryId} --wait`}</code>.
          </p>
        ) : points.length === 0 ? (
          <p className="muted small">The search scored no step of this trajectory.</p>
        ) : (
          <>
            <div className="perplexity-axis" aria-hidden="true">
              <span>{formatNll(layout.yMax)}</span>
              <span>{formatNll(layout.yMax / 2)}</span>
              <span>0</span>
            </div>
            {drawn ? <Bars layout={layout} onJump={onJump} onHover={setHovered} /> : <div className="perplexity-svg" />}
            {at >= 0 ? (
              <div
                className={`perplexity-cursor${onCurrent ? ' on-bar' : ''}`}
                style={{ left: `calc(var(--axis-w) + (100% - var(--axis-w)) * ${(layout.bars[at].x + layout.bars[at].width) / WIDTH})` }}
                aria-hidden="true"
              />
            ) : null}
          </>
        )}
      </div>
    </section>
  );
}

/** The bars change only with the data, not with the current step: memoized. */
const Bars = memo(function Bars({ layout, onJump, onHover }: { layout: ReturnType<typeof chartLayout>; onJump(stepIndex: number): void; onHover(bar: number | null): void }) {
  return (
    <svg
      className="perplexity-svg"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label="NLL before and after search per searched step"
      onMouseLeave={() => onHover(null)}
    >
      {layout.ticks.map((t) => (
        <line key={t} className="perplexity-grid" x1={0} x2={WIDTH} y1={HEIGHT - (t / layout.yMax) * HEIGHT} y2={HEIGHT - (t / layout.yMax) * HEIGHT} vectorEffect="non-scaling-stroke" />
      ))}
      {layout.bars.map((b, i) => (
        <g key={b.ordinal} className="nll-bar" data-testid="nll-bar" data-ordinal={b.ordinal} onClick={() => onJump(b.step)} onMouseEnter={() => onHover(i)}>
          <title>{`Step ${b.ordinal}${b.file ? ` · ${b.file}` : ''}: NLL ${formatNll(b.before)} → ${formatNll(b.after)}`}</title>
          <rect className="nll-hit" x={b.x - 0.5} y={0} width={b.width * 2 + 1} height={HEIGHT} />
          <rect className="nll-before" x={b.x} y={HEIGHT - b.beforeHeight} width={b.width} height={b.beforeHeight} />
          <rect className="nll-after" x={b.x + b.width} y={HEIGHT - b.afterHeight} width={b.width} height={b.afterHeight} />
        </g>
      ))}
    </svg>
  );
});
