'use client';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { BulkReviewRunView } from '@/lib/4-review/runs/bulkRuns';
import { studioRequest } from '@/lib/platform/http/studioRequest';
import { REJECT_REASONS } from '@/lib/4-review/reasons';
import type { ReviewFilter } from '@/lib/4-review/studio/filter';
import { formatCount, plural } from '@/lib/platform/format';

export type BulkTarget = { kind: 'ids'; ids: { id: string; version: number }[] } | { kind: 'filter'; filter: ReviewFilter; total: number };

const FINISHED = ['succeeded', 'failed', 'cancelled'];

async function postBulk(target: BulkTarget, decision: 'approved' | 'rejected', reason: string, note: string): Promise<{ run: BulkReviewRunView; queued: boolean }> {
  const body = {
    ...(target.kind === 'ids' ? { ids: target.ids } : { filter: target.filter }),
    decision,
    ...(decision === 'rejected' ? { reason } : {}),
    ...(note.trim() ? { note: note.trim() } : {}),
  };
  const run = await studioRequest<BulkReviewRunView>('/api/review/bulk', { json: body });
  // Small selections come back decided; larger ones as a queued job to follow.
  return { run, queued: !FINISHED.includes(run.status) };
}

function resultMessage(run: BulkReviewRunView): string {
  if (run.status === 'failed') return `The bulk decision failed after ${plural(run.decided, 'decision')}: ${run.error ?? 'no reason given'}`;
  const verb = run.decision === 'approved' ? 'Approved' : run.decision === 'rejected' ? 'Rejected' : 'Marked';
  const skipped =
    run.skipped === 1
      ? ' 1 item was skipped: someone else decided it after you selected it, and that decision stands.'
      : run.skipped > 1
        ? ` ${formatCount(run.skipped)} items were skipped: someone else decided them after you selected them, and those decisions stand.`
        : '';
  return `${verb} ${plural(run.decided, 'trajectory', 'trajectories')}.${skipped}`;
}

/** Approve / Reject for the selection; a large one runs as a job whose progress is shown here. */
export function BulkBar({ target, count, onDecided }: { target: BulkTarget | null; count: number; onDecided: () => void }) {
  const router = useRouter();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [result, setResult] = useState<BulkReviewRunView | null>(null);

  const { data: progress } = useQuery({
    queryKey: ['bulk-review', runId],
    enabled: runId !== null,
    queryFn: ({ signal }) => studioRequest<BulkReviewRunView>(`/api/review/bulk/${runId}`, { signal }),
    refetchInterval: (q) => (q.state.data && FINISHED.includes(q.state.data.status) ? false : 400),
  });
  const finished = progress && FINISHED.includes(progress.status) ? progress : null;
  useEffect(() => {
    if (!finished) return;
    setResult(finished);
    setRunId(null);
    setBusy(false);
    router.refresh();
  }, [finished, router]);

  async function decide(decision: 'approved' | 'rejected') {
    setError(null);
    setResult(null);
    if (!target || count === 0) return setError('Select trajectories first: tick rows, or select everything matching the filter.');
    if (decision === 'rejected' && !reason) return setError('Choose a reason for the rejection.');
    setBusy(true);
    try {
      const { run, queued } = await postBulk(target, decision, reason, note);
      onDecided();
      if (queued) {
        setRunId(run.id);
        return;
      }
      setResult(run);
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    }
    setBusy(false);
  }

  const running = runId !== null;
  return (
    <div className="rt-bulk" aria-label="Bulk decision">
      <span className="rt-bulk-count">{count > 0 ? `${formatCount(count)} selected` : 'Nothing selected'}</span>
      <button type="button" className="rt-approve" data-testid="bulk-approve" disabled={busy} onClick={() => decide('approved')}>
        Approve
      </button>
      <label className="rt-reason">
        <span className="visually-hidden">Rejection reason</span>
        <select data-testid="bulk-reason" value={reason} onChange={(e) => setReason(e.target.value)} disabled={busy}>
          <option value="">Reason…</option>
          {REJECT_REASONS.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="rt-reject" data-testid="bulk-reject" disabled={busy} onClick={() => decide('rejected')}>
        Reject
      </button>
      <input type="text" className="rt-note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="Note (optional)" maxLength={2000} aria-label="Note" disabled={busy} />
      {running ? (
        <div className="rt-progress" data-testid="bulk-progress" role="status">
          <span>{progress?.status === 'running' ? 'Deciding' : 'Queued'}</span>
          <progress max={Math.max(1, progress?.total ?? 1)} value={progress?.done ?? 0} />
          <span className="muted">
            {formatCount(progress?.done ?? 0)}/{formatCount(progress?.total ?? 0)}
            {progress && progress.skipped > 0 ? `, ${formatCount(progress.skipped)} skipped` : ''}
          </span>
        </div>
      ) : null}
      {result ? (
        <p className={`rt-result${result.status === 'failed' ? ' is-failed' : ''}`} data-testid="bulk-result" role="status" data-decided={result.decided} data-skipped={result.skipped}>
          {resultMessage(result)}
        </p>
      ) : null}
      {error ? (
        <p className="rt-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
