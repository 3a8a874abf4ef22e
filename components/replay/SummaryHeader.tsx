'use client';
import { useMemo } from 'react';
import type { ReplayData } from '@/components/replay/data';
import { formatDelta, formatNll } from '@/components/replay/format';
import { nextOrdinal, trajectorySummary } from '@/components/replay/summary';
import type { StepOutline } from '@/lib/3-search/studio/trajectoryQueries';

interface Props {
  data: ReplayData;
  steps: readonly StepOutline[];
  /** The current step's ordinal (a figure's click goes to its next step after this one). */
  current: number | null;
  onJump: (ordinal: number) => void;
}

/**
 * The trajectory at a glance, above its replay: files, steps, trained and masked tokens, plan
 * coverage and repairs, the search's figures and the worst files. A figure with steps behind it
 * is a button; repeated clicks walk through those steps.
 */
export function SummaryHeader({ data, steps, current, onJump }: Props) {
  const summary = useMemo(() => trajectorySummary(steps, data.plan, data.facts, data.offline), [steps, data.plan, data.facts, data.offline]);
  const from = current ?? -1;
  const jump = (ordinals: readonly number[]) => {
    const to = nextOrdinal(ordinals, from);
    if (to !== null) onJump(to);
  };
  return (
    <section className="traj-summary" aria-label="Trajectory summary" data-testid="trajectory-summary">
      <dl className="traj-figures">
        {summary.figures.map((f) => (
          <div key={f.key} className={`traj-figure${f.warn ? ' traj-figure-warn' : ''}`} data-figure={f.key}>
            <dt>{f.label}</dt>
            <dd>
              {f.ordinals.length ? (
                <button type="button" className="traj-figure-value" title={f.title} onClick={() => jump(f.ordinals)}>
                  {f.value}
                </button>
              ) : (
                <span className="traj-figure-value" title={f.title}>
                  {f.value}
                </span>
              )}
            </dd>
          </div>
        ))}
      </dl>
      {summary.worstFiles.length ? (
        <div className="traj-worst" data-testid="worst-files">
          <span className="run-label" title="Searched files with the highest NLL of their real code after the search: where the reasoning helps the least">
            Worst files by NLL
          </span>
          <ol>
            {summary.worstFiles.map((w) => (
              <li key={w.file}>
                <button type="button" title={`Go to the Write of ${w.file}`} onClick={() => onJump(w.ordinal)}>
                  <code>{w.file}</code> {formatNll(w.nllAfter)}
                </button>{' '}
                <span className="muted">{`(${formatDelta(w.nllBefore, w.nllAfter)})`}</span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}
