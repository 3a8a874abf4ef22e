'use client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { nllPoints } from '@/components/replay/chart';
import { codeTargetOf } from '@/components/replay/codeTarget';
import type { ReplayData } from '@/components/replay/data';
import { groupJump, layoutTimeline } from '@/components/replay/groups';
import { unpackSteps } from '@/components/replay/packedSteps';
import { commandOfKey, type ReplayCommand } from '@/components/replay/keyboard';
import { clampIndex, DEFAULT_SPEED, stepDelayMs, stepSpeed } from '@/components/replay/playback';
import { CandidatesPanel } from './CandidatesPanel';
import { CodePanel } from './CodePanel';
import { PerplexityChart } from './PerplexityChart';
import { usePrefetchNext, useStepBody } from './queries';
import { ReplayControls } from './ReplayControls';
import { RunHeader } from './RunHeader';
import { StepDetail } from './StepDetail';
import { SummaryHeader } from './SummaryHeader';
import { Timeline } from './Timeline';

export const INTERACTIVE_MARK = 'retrace:trajectory-interactive';
/** The URL follows the current step after it settles (holding an arrow key would flood history). */
const URL_DELAY_MS = 150;
/** Steps shown for less than this during playback do not fetch their bodies. */
const FAST_MS = 200;

interface Props {
  data: ReplayData;
  initialIndex: number;
  /** `?` opens the replay's list of keys; off where the page has its own (the review focus view's cheat sheet). */
  keysOnQuestionMark?: boolean;
}

/** The trajectory replay: timeline, controls, the current step, its code, and the search's perplexity. */
export function TrajectoryReplay({ data, initialIndex, keysOnQuestionMark = true }: Props) {
  const steps = useMemo(() => unpackSteps(data.packedSteps), [data.packedSteps]);
  const count = steps.length;
  const [index, setIndex] = useState(() => clampIndex(initialIndex, count));
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(DEFAULT_SPEED);
  const [showKeys, setShowKeys] = useState(false);
  // Collapsed groups show only their header. Moving to a step opens its group, so the step is in view.
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(() => new Set());
  const layout = useMemo(() => layoutTimeline(steps, collapsed), [steps, collapsed]);
  const currentGroup = count ? layout.groupOfStep[clampIndex(index, count)] : -1;
  useEffect(() => {
    setCollapsed((now) => (now.has(currentGroup) ? new Set([...now].filter((g) => g !== currentGroup)) : now));
    // Only when the step moves: "Collapse all" may close the current group until then.
  }, [index]);
  const toggleGroup = useCallback(
    (group: number) =>
      setCollapsed((now) => {
        const next = new Set(now);
        if (!next.delete(group)) next.add(group);
        return next;
      }),
    [],
  );
  const collapseAll = useCallback(() => setCollapsed(new Set(layout.groups.map((g) => g.index))), [layout.groups]);
  const expandAll = useCallback(() => setCollapsed(new Set()), []);
  const points = useMemo(() => nllPoints(steps), [steps]);
  const planPosition = useMemo(() => new Map(data.plan.map((p, i) => [p.path, i])), [data.plan]);
  const step = count ? steps[index] : null;
  const indexOfOrdinal = useMemo(() => new Map(steps.map((s, i) => [s.ordinal, i])), [steps]);

  const go = useCallback((i: number) => setIndex(clampIndex(i, count)), [count]);
  const togglePlay = useCallback(() => {
    // Play from the last step starts again from the first.
    if (!playing && index >= count - 1) setIndex(0);
    setPlaying(!playing);
  }, [playing, index, count]);
  const selectByUser = useCallback(
    (i: number) => {
      setPlaying(false);
      go(i);
    },
    [go],
  );

  // Keyboard: one listener for the page's lifetime, reading the latest state through a ref.
  const run = useRef<(command: ReplayCommand) => void>(() => {});
  const questionMarkRef = useRef(keysOnQuestionMark);
  questionMarkRef.current = keysOnQuestionMark;
  run.current = (command) => {
    if (command === 'shortcuts') return setShowKeys((open) => !open);
    if (command === 'toggle-play') return togglePlay();
    if (command === 'faster' || command === 'slower') return setSpeed((s) => stepSpeed(s, command === 'faster' ? 1 : -1));
    setPlaying(false);
    if (command === 'next') go(index + 1);
    else if (command === 'prev') go(index - 1);
    else if (command === 'first') go(0);
    else if (command === 'last') go(count - 1);
    else if (command === 'next-file' && count) go(groupJump(layout, index, 1));
    else if (command === 'prev-file' && count) go(groupJump(layout, index, -1));
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const command = commandOfKey({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, target: e.target as HTMLElement | null });
      if (!command || (command === 'shortcuts' && !questionMarkRef.current)) return;
      e.preventDefault();
      run.current(command);
    };
    window.addEventListener('keydown', onKey);
    // Children's effects ran first: the timeline's rows are in the DOM and the keys work now.
    if (performance.getEntriesByName(INTERACTIVE_MARK).length === 0) performance.mark(INTERACTIVE_MARK);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Playback: each step stays for a time that grows with its tokens, divided by the speed.
  useEffect(() => {
    if (!playing || !step) return;
    if (index >= count - 1) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => setIndex((i) => clampIndex(i + 1, count)), stepDelayMs(step.tokens, speed));
    return () => clearTimeout(timer);
  }, [playing, index, speed, step, count]);

  // The URL names the current step, so any step can be linked; no navigation, no reload.
  useEffect(() => {
    if (!step) return;
    const timer = setTimeout(() => {
      const url = new URL(window.location.href);
      if (url.searchParams.get('step') === String(step.ordinal)) return;
      url.searchParams.set('step', String(step.ordinal));
      window.history.replaceState(window.history.state, '', url);
    }, URL_DELAY_MS);
    return () => clearTimeout(timer);
  }, [step]);

  // Playing fast, bodies would arrive after their step is gone: show previews until it slows or stops.
  const fast = playing && step !== null && stepDelayMs(step.tokens, speed) < FAST_MS;
  const body = useStepBody(data.id, fast ? null : (step?.ordinal ?? null));
  const target = useMemo(() => codeTargetOf(steps, index), [steps, index]);
  const next = useMemo(() => {
    if (index + 1 >= count) return null;
    const t = codeTargetOf(steps, index + 1);
    return { ordinal: steps[index + 1].ordinal, path: t.kind === 'read' || t.kind === 'write' || t.kind === 'file' ? t.path : null };
  }, [steps, index, count]);
  usePrefetchNext(data.id, data.snapshotId, fast ? null : next, !body.isPending || fast);

  return (
    <div className="replay">
      <SummaryHeader data={data} steps={steps} current={step?.ordinal ?? null} onJump={(ordinal) => selectByUser(indexOfOrdinal.get(ordinal) ?? index)} />
      <div className="replay-bar">
        <RunHeader data={data} />
        <ReplayControls index={index} count={count} ordinal={step?.ordinal ?? null} playing={playing} speed={speed} onGo={selectByUser} onTogglePlay={togglePlay} onSpeed={setSpeed} keysOpen={showKeys} onKeysOpen={setShowKeys} />
      </div>
      <PerplexityChart points={points} current={index} searched={data.search !== null} trajectoryId={data.id} onJump={selectByUser} />
      <div className="replay-body">
        <aside className="replay-timeline-pane" aria-label="Timeline">
          <div className="pane-title">
            Timeline <span className="count">{count.toLocaleString('en-US')}</span>
            <span className="timeline-total" title={`${data.tokenCount.toLocaleString('en-US')} tokens in all`}>{`${data.tokenCount.toLocaleString('en-US')} tokens`}</span>
            {layout.groups.length > 1 ? (
              <span className="timeline-fold">
                <button type="button" onClick={collapseAll} title="Show only the group headers; moving to a step opens its group">
                  Collapse all
                </button>
                <button type="button" onClick={expandAll} disabled={collapsed.size === 0}>
                  Expand all
                </button>
              </span>
            ) : null}
          </div>
          <Timeline steps={steps} layout={layout} current={index} planPosition={planPosition} planSize={data.plan.length} onSelect={selectByUser} onToggleGroup={toggleGroup} />
        </aside>
        <div className="replay-main">
          {step ? (
            <>
              <StepDetail step={step} body={body.data} loading={body.isPending && !fast} error={body.error} onRetry={() => void body.refetch()} />
              <CodePanel deferBodies={fast} searched={data.search !== null} trajectoryId={data.id} snapshotId={data.snapshotId} target={target} requirements={data.requirements} plan={data.plan} />
              <CandidatesPanel step={step} body={body.data} loading={body.isPending && !fast} error={body.error} onRetry={() => void body.refetch()} />
            </>
          ) : (
            <div className="message" role="status">
              <h2>Empty trajectory</h2>
              <p>This trajectory has no steps to replay. Synthesize the repository again to get a new one.</p>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
