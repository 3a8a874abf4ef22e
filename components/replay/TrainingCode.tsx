'use client';
import { useMemo, useState } from 'react';
import { CodeEditor, type CodeRegion } from '@/components/code/CodeEditor';
import { formatDelta, formatNll } from '@/components/replay/format';
import { heatFigures, heatSpans, tokenAt, type HeatMode } from '@/components/replay/tokenHeat';
import type { FileDetail } from '@/lib/1-ingest/studio/queries';
import { errorText, useWriteTokenScores } from './queries';

type View = 'code' | HeatMode;

const VIEWS: { view: View; label: string; title: string }[] = [
  { view: 'code', label: 'Code', title: 'The file as written, its lines marked' },
  { view: 'before', label: 'Log-prob before', title: 'Each token coloured by its log-probability under the scoring model, with the original Think' },
  { view: 'after', label: 'After search', title: 'The same with the Think the search kept (the exported one)' },
  { view: 'change', label: 'Change', title: 'How much more (blue) or less (orange) likely each token became with the kept Think' },
];

const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * The training view of a Write: the real file as the sample trains on it, each token coloured by
 * its log-probability under the scoring model before or after the search's rewrite of the Think,
 * or by the change; hovering a token gives its figures. A Write's content is trained on whole
 * (only Observations are loss-masked in the flattened sample), which the legend says.
 */
export function TrainingCode({ trajectoryId, writeOrdinal, file, region }: { trajectoryId: string; writeOrdinal: number; file: FileDetail; region: CodeRegion | null }) {
  const [view, setView] = useState<View>('code');
  const [hovered, setHovered] = useState<number | null>(null);
  const scores = useWriteTokenScores(trajectoryId, view === 'code' ? null : writeOrdinal);
  const data = scores.data;
  const heat = useMemo(() => (data && view !== 'code' ? heatSpans(file.content, data.scores, view, data.logprobFloor) : null), [data, view, file.content]);
  const set = data ? (view === 'before' ? data.scores.before : data.scores.after) : null;
  const token = set && hovered !== null ? tokenAt(set, hovered) : -1;
  const figures = useMemo(() => (data ? { before: heatFigures(data.scores.before, data.logprobFloor), after: heatFigures(data.scores.after, data.logprobFloor) } : null), [data]);

  return (
    <div className="training-code" data-view={view}>
      <div className="training-bar" role="group" aria-label="Training view">
        {VIEWS.map((v) => (
          <button key={v.view} type="button" className="training-mode" aria-pressed={view === v.view} title={v.title} onClick={() => setView(v.view)}>
            {v.label}
          </button>
        ))}
        <span className="train-tag" title="In the flattened sample a Write's content is trained on (labels = ids); only Observations are loss-masked">
          trained on: the whole file
        </span>
      </div>
      <div className="training-editor">
        <CodeEditor path={file.path} content={file.content} language={file.language} region={view === 'code' ? region : null} heat={heat} onHoverOffset={view === 'code' ? undefined : setHovered} height="100%" />
      </div>
      {view !== 'code' ? (
        <div className="training-status" data-testid="training-status" aria-live="polite">
          {scores.isPending ? (
            'Loading the per-token scores…'
          ) : scores.error ? (
            <span role="alert">{errorText(scores.error)}</span>
          ) : data && set && figures ? (
            <>
              <HeatLegend view={view} />
              <span className="training-figures" data-testid="training-figures">
                {`${data.scorer.model} · ${n(set.logprobs.length)} tokens · NLL ${formatNll(data.nllBefore)} → ${formatNll(data.nllAfter)} · at the floor (${data.logprobFloor}): ${pct(figures.before.atFloor)} → ${pct(figures.after.atFloor)}`}
                {figures.after.unplaced ? ` · ${n(figures.after.unplaced)} tokens could not be placed in the file` : ''}
              </span>
              {token >= 0 ? <TokenFigures content={file.content} data={data} start={set.starts[token]} end={set.ends[token]} /> : <span className="muted">Hover a token for its log-probabilities.</span>}
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** The hovered token's log-probabilities before and after (each where a token starts at the same place). */
function TokenFigures({ content, data, start, end }: { content: string; data: NonNullable<ReturnType<typeof useWriteTokenScores>['data']>; start: number; end: number }) {
  const at = (set: typeof data.scores.before) => {
    const i = tokenAt(set, start);
    return i >= 0 && set.starts[i] === start ? set.logprobs[i] : null;
  };
  const before = at(data.scores.before);
  const after = at(data.scores.after);
  const text = content.slice(start, end);
  const lp = (x: number | null) => (x === null ? '—' : x.toFixed(3));
  const floor = data.logprobFloor;
  return (
    <span className="training-token" data-testid="training-token">
      <code>{JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}</code>
      {` log p ${lp(before)} before, ${lp(after)} after`}
      {before === null || after === null ? '' : ` (${formatDelta(Math.max(before, floor), Math.max(after, floor))} clipped)`}
    </span>
  );
}

function HeatLegend({ view }: { view: HeatMode }) {
  const items =
    view === 'change'
      ? [['heat-d-m3', 'much less likely'], ['heat-d-m1', 'less'], ['heat-d-p1', 'more'], ['heat-d-p3', 'much more likely']]
      : [['heat-lp-0', 'p ≥ 0.95'], ['heat-lp-1', '≥ 0.6'], ['heat-lp-2', '≥ 0.37'], ['heat-lp-3', '≥ 0.22'], ['heat-lp-4', 'above the floor'], ['heat-lp-5', 'at the floor']];
  return (
    <span className="heat-legend" aria-label="Colour legend">
      {items.map(([cls, label]) => (
        <span key={cls} className="heat-legend-item">
          <span className={`heat-swatch ${cls}`} aria-hidden="true" />
          {label}
        </span>
      ))}
    </span>
  );
}
