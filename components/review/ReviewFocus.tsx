'use client';
import Link from 'next/link';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { TrajectoryReplay } from '@/components/replay/TrajectoryReplay';
import type { ReplayData } from '@/components/replay/data';
import { focusCommandOfKey, type FocusCommand } from '@/components/review/focusKeys';
import type { FocusWindow } from '@/components/review/focusQueue';
import type { QueueItem, QueueState } from '@/lib/4-review/queue';
import { describeDecision, MAX_NOTE_CHARS, STATE_LABELS, type RejectReasonName, type ReviewStateName } from '@/lib/4-review/reasons';
import { StudioRequestError } from '@/lib/platform/http/studioRequest';
import { fetchSummary, postDecision, replayOptions, summaryKey, summaryOptions } from './api';
import { ItemSummary } from './ItemSummary';
import { CheatSheet, ReasonPicker } from './Overlays';
import { ReviewHistory } from './ReviewHistory';
import { useFocusWindow } from './useFocusWindow';

export interface FocusViewer {
  name: string;
  email: string;
  role: string;
}

interface Props {
  state: QueueState;
  initial: FocusWindow<QueueItem>;
  /** The current item's replay, rendered with the page. */
  initialReplay: ReplayData | null;
  initialStep: number;
  /** Items in the queue when the page loaded. */
  total: number;
  viewer: FocusViewer | null;
  canDecide: boolean;
}

type Banner = { kind: 'info' | 'error' | 'stale'; text: string } | null;
type Overlay = 'reasons' | 'cheat-sheet' | null;

const TABS: QueueState[] = ['pending', 'approved', 'rejected', 'needs_resynthesis', 'all'];

/** Why this person cannot decide, in a sentence that says what to do. */
function refusal(viewer: FocusViewer | null): string {
  return viewer
    ? `${viewer.email} is a ${viewer.role}: deciding needs the reviewer role. Ask an admin.`
    : 'Sign in as a reviewer to decide: every decision is recorded with who made it.';
}

/**
 * The review focus view: one trajectory at a time (its figures, its review history and its
 * replay), decided with the keyboard, the next one already loaded.
 */
export function ReviewFocus({ state, initial, initialReplay, initialStep, total, viewer, canDecide }: Props) {
  const [banner, setBanner] = useState<Banner>(null);
  const showError = useCallback((text: string) => setBanner({ kind: 'error', text }), []);
  const { win, item, next, prev, update, loadingAfter } = useFocusWindow(state, initial, showError);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [noteOpen, setNoteOpen] = useState(false);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [decidedHere, setDecidedHere] = useState(0);
  const noteBox = useRef<HTMLTextAreaElement>(null);
  const queryClient = useQueryClient();
  const firstId = useRef(initialReplay?.id ?? null);

  const id = item?.id ?? null;
  const replay = useQuery({
    ...replayOptions(id ?? ''),
    enabled: id !== null,
    initialData: id !== null && id === initialReplay?.id ? initialReplay : undefined,
  });
  const summary = useQuery({ ...summaryOptions(id ?? ''), enabled: id !== null });

  // The URL names the current item, so a reload or a link comes back to it.
  useEffect(() => {
    if (!id) return;
    const url = new URL(window.location.href);
    if (url.searchParams.get('id') === id) return;
    url.searchParams.set('state', state);
    url.searchParams.set('id', id);
    url.searchParams.delete('step');
    window.history.replaceState(window.history.state, '', url);
  }, [id, state]);

  /** Reloads one item's state and version (after a refused decision), and its history. */
  const reload = useCallback(
    async (trajectoryId: string) => {
      const fresh = await fetchSummary(trajectoryId);
      queryClient.setQueryData(summaryKey(trajectoryId), fresh);
      update(trajectoryId, { reviewState: fresh.reviewState, reviewVersion: fresh.reviewVersion, reviewedAt: fresh.reviewedAt });
    },
    [queryClient, update],
  );

  const submit = useCallback(
    async (decision: ReviewStateName, reason: RejectReasonName | null, opts: { advance: boolean }) => {
      if (!item || saving) return;
      if (!canDecide) return setBanner({ kind: 'error', text: refusal(viewer) });
      setSaving(true);
      try {
        const res = await postDecision(item.id, { expectedVersion: item.reviewVersion, decision, reason, note: note.trim() || null });
        update(item.id, { reviewState: res.state, reviewVersion: res.version, reviewedAt: new Date().toISOString() });
        void queryClient.invalidateQueries({ queryKey: summaryKey(item.id) });
        setNote('');
        setNoteOpen(false);
        setDecidedHere((n) => n + 1);
        setBanner({ kind: 'info', text: `${item.repositoryName}: ${describeDecision(res.state, reason)} (version ${res.version}).` });
        if (opts.advance) next();
      } catch (err) {
        const e = err instanceof StudioRequestError ? err : new StudioRequestError((err as Error).message, 0);
        if (e.status === 409) {
          setBanner({ kind: 'stale', text: e.message });
          await reload(item.id).catch(() => undefined);
        } else {
          setBanner({ kind: 'error', text: e.message });
        }
      } finally {
        setSaving(false);
      }
    },
    [item, saving, canDecide, viewer, note, update, queryClient, next, reload],
  );

  const overlayRef = useRef<Overlay>(null);
  overlayRef.current = overlay;
  const run = useRef<(c: FocusCommand) => void>(() => {});
  run.current = (c) => {
    switch (c.type) {
      case 'approve':
        return void submit('approved', null, { advance: true });
      case 'resynthesize':
        return void submit('needs_resynthesis', null, { advance: true });
      case 'reject':
        if (!item) return;
        if (!canDecide) return setBanner({ kind: 'error', text: refusal(viewer) });
        return setOverlay('reasons');
      case 'pick-reason':
        setOverlay(null);
        return void submit('rejected', c.reason, { advance: true });
      case 'note':
        if (!canDecide) return setBanner({ kind: 'error', text: refusal(viewer) });
        setNoteOpen(true);
        return requestAnimationFrame(() => noteBox.current?.focus());
      case 'save-note': {
        if (!item || !note.trim()) return setBanner({ kind: 'error', text: 'Write a note first, then Ctrl+Enter saves it with the current decision.' });
        // A rejection is recorded again with its reason; any other state as it is.
        const reason = item.reviewState === 'rejected' ? (summary.data?.reviews.find((r) => r.version === item.reviewVersion)?.reason ?? null) : null;
        if (item.reviewState === 'rejected' && !reason) return setBanner({ kind: 'error', text: 'The rejection reason has not loaded yet: try again in a moment, or reject again with x.' });
        noteBox.current?.blur();
        return void submit(item.reviewState, reason, { advance: false });
      }
      case 'next':
        setBanner(null);
        return next();
      case 'prev':
        setBanner(null);
        return prev();
      case 'cheat-sheet':
        return setOverlay('cheat-sheet');
      case 'close':
        if (overlay) return setOverlay(null);
        noteBox.current?.blur();
        return setNoteOpen(note.trim().length > 0);
      case 'swallow':
        return;
    }
  };

  // Capture phase: the view's keys are claimed before the replay's listener sees them.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      const mode = overlayRef.current ?? (target && target === noteBox.current ? 'note' : 'browse');
      const command = focusCommandOfKey({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, target }, mode);
      if (!command) return;
      e.preventDefault();
      e.stopPropagation();
      run.current(command);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  const data = replay.data ?? null;
  const latest = summary.data;
  const changedSince = latest && item && latest.reviewVersion > item.reviewVersion;

  return (
    <div className="review-focus">
      <div className="review-toolbar">
        <nav className="review-tabs" aria-label="Queue">
          {TABS.map((s) => (
            <Link key={s} href={`/review?state=${s}`} className={s === state ? 'review-tab review-tab-active' : 'review-tab'} aria-current={s === state ? 'page' : undefined}>
              {s === 'all' ? 'All' : STATE_LABELS[s]}
            </Link>
          ))}
        </nav>
        <span className="muted small" data-testid="review-position">
          {`${total.toLocaleString('en-US')} in this queue when loaded`}
          {decidedHere ? ` · ${decidedHere} decided here` : ''}
          {viewer ? ` · ${viewer.name} (${viewer.role})` : ' · signed out'}
        </span>
        <span className="review-toolbar-actions">
          {canDecide && item ? (
            <>
              <button type="button" className="review-button review-approve" disabled={saving} onClick={() => run.current({ type: 'approve' })} title="a">
                Approve <kbd>a</kbd>
              </button>
              <button type="button" className="review-button review-reject" disabled={saving} onClick={() => run.current({ type: 'reject' })} title="x">
                Reject… <kbd>x</kbd>
              </button>
              <button
                type="button"
                className="review-button"
                disabled={saving}
                onClick={() => run.current({ type: 'resynthesize' })}
                title="e: marks it as needing re-synthesis; the 'Needs re-synthesis' tab queues new runs for those"
              >
                Needs re-synthesis <kbd>e</kbd>
              </button>
              <button type="button" className="review-button" onClick={() => run.current({ type: 'note' })} title="n">
                Note <kbd>n</kbd>
              </button>
            </>
          ) : null}
          <button type="button" className="review-button" onClick={() => run.current({ type: 'prev' })} title=",">
            ‹ Prev <kbd>,</kbd>
          </button>
          <button type="button" className="review-button" onClick={() => run.current({ type: 'next' })} title=".">
            Next › <kbd>.</kbd>
          </button>
          <button type="button" className="review-button" onClick={() => setOverlay('cheat-sheet')} title="?">
            Keys <kbd>?</kbd>
          </button>
        </span>
      </div>

      {banner ? (
        <div className={`review-banner review-banner-${banner.kind}`} data-testid="review-banner" role={banner.kind === 'info' ? 'status' : 'alert'}>
          <span>{banner.text}</span>
          {banner.kind === 'stale' && item ? <span className="muted small"> The item below now shows the current state and version.</span> : null}
          {!viewer && banner.kind === 'error' && !canDecide ? (
            <Link href={`/sign-in?next=${encodeURIComponent(`/review?state=${state}${id ? `&id=${id}` : ''}`)}`}> Sign in</Link>
          ) : null}
          <button type="button" className="review-banner-close" aria-label="Dismiss" onClick={() => setBanner(null)}>
            ×
          </button>
        </div>
      ) : null}

      {noteOpen && canDecide ? (
        <div className="review-note-editor">
          <label htmlFor="review-note" className="small muted">
            Note: goes with the next decision (<kbd>a</kbd> <kbd>x</kbd> <kbd>e</kbd> after <kbd>Esc</kbd>), or <kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves it with the current one.
          </label>
          <textarea id="review-note" ref={noteBox} value={note} maxLength={MAX_NOTE_CHARS} rows={3} onChange={(e) => setNote(e.target.value)} data-testid="review-note" />
          <span className="muted small">{`${note.length.toLocaleString('en-US')} / ${MAX_NOTE_CHARS.toLocaleString('en-US')}`}</span>
        </div>
      ) : null}

      {item ? (
        <div className="review-item" data-testid="review-item" data-trajectory-id={item.id} data-review-state={item.reviewState} data-review-version={item.reviewVersion} aria-busy={saving}>
          <ItemSummary item={item} />
          {changedSince ? (
            <p className="notice">
              {`Someone decided on this trajectory since it was loaded (now ${STATE_LABELS[latest.reviewState].toLowerCase()}, version ${latest.reviewVersion}). `}
              <button type="button" className="link-button" onClick={() => void reload(item.id)}>
                Reload it
              </button>{' '}
              before deciding.
            </p>
          ) : null}
          {latest?.supersededBy ? (
            <p className="notice">
              A newer trajectory of this repository replaces this one: <Link href={`/review?state=all&id=${latest.supersededBy.id}`}>review that one</Link>.
            </p>
          ) : null}
          <details className="review-item-history" open={(latest?.reviews.length ?? 0) > 0}>
            <summary className="small">{`Review history (${latest?.reviews.length ?? '…'})`}</summary>
            {latest ? <ReviewHistory reviews={latest.reviews} limit={5} /> : <p className="muted small">Loading…</p>}
          </details>
          {data ? (
            <TrajectoryReplay key={data.id} data={data} initialIndex={data.id === firstId.current ? initialStep : 0} keysOnQuestionMark={false} />
          ) : replay.isError ? (
            <div className="message error" role="alert">
              <h2>The replay did not load</h2>
              <p>{(replay.error as Error).message}</p>
              <button type="button" onClick={() => void replay.refetch()}>
                Try again
              </button>
            </div>
          ) : (
            <p className="muted review-loading">Loading the replay…</p>
          )}
        </div>
      ) : (
        <div className="message review-done" role="status">
          {loadingAfter ? (
            <p>Loading more of the queue…</p>
          ) : (
            <>
              <h2>{win.items.length ? 'All caught up' : `No ${state === 'all' ? '' : `${STATE_LABELS[state].toLowerCase()} `}trajectories to review`}</h2>
              <p>
                {`Nothing more in this queue${state === 'all' ? '' : ` (${STATE_LABELS[state].toLowerCase()})`}. `}
                See <Link href="/progress">review progress</Link>, or another queue above.
                {win.items.length ? ' Press , to go back.' : ''}
              </p>
            </>
          )}
        </div>
      )}

      {overlay === 'reasons' ? <ReasonPicker onPick={(reason) => run.current({ type: 'pick-reason', reason })} onClose={() => setOverlay(null)} /> : null}
      {overlay === 'cheat-sheet' ? <CheatSheet onClose={() => setOverlay(null)} /> : null}
    </div>
  );
}
