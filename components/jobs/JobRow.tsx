'use client';
import Link from 'next/link';
import { useState } from 'react';
import { repositoryHref } from '@/components/repositories/links';
import { studioRequest } from '@/lib/platform/http/studioRequest';
import { ACTIVE, formatDuration, formatTime, KIND_LABELS, type JobJson } from './types';

/** Sends a cancel or retry; resolves, or rejects with the server's message. */
async function act(job: JobJson, action: 'cancel' | 'retry', force = false): Promise<void> {
  await studioRequest(`/api/jobs/${encodeURIComponent(job.kind)}/${encodeURIComponent(job.id)}/${action}${force ? '?force=1' : ''}`, { method: 'POST' });
}

function Progress({ job }: { job: JobJson }) {
  const { done, total, unit } = job.progress;
  if (job.status === 'queued') return <span className="muted">waiting for a worker</span>;
  if (total <= 0) return job.status === 'running' ? <progress aria-label="Progress" /> : <span className="muted">—</span>;
  return (
    <span className="job-progress">
      <progress max={total} value={Math.min(done, total)} aria-label={`${done} of ${total} ${unit}`} />
      <span className="muted">
        {done}/{total} {unit}
      </span>
    </span>
  );
}

function Timing({ job, now }: { job: JobJson; now: number }) {
  const started = job.startedAt ? Date.parse(job.startedAt) : null;
  const end = job.finishedAt ? Date.parse(job.finishedAt) : now;
  return (
    <span className="job-timing">
      <span title="Queued at (UTC)">{formatTime(job.createdAt)}</span>
      {started !== null ? <span className="muted">{`${job.status === 'running' ? 'running for' : 'took'} ${formatDuration(end - started)}`}</span> : null}
      {job.status === 'running' && job.heartbeatAt ? <span className="muted">{`heartbeat ${formatDuration(now - Date.parse(job.heartbeatAt))} ago`}</span> : null}
    </span>
  );
}

/** One job: what, state, progress, timing, its error in full, and (for reviewers) cancel or retry. */
export function JobRow({ job, canAct, now, onChanged }: { job: JobJson; canAct: boolean; now: number; onChanged: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: 'cancel' | 'retry', force = false) => {
    setBusy(true);
    setError(null);
    try {
      await act(job, action, force);
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const active = ACTIVE.has(job.status);
  return (
    <tr data-testid="job-row" data-kind={job.kind} data-status={job.status} data-subject={job.subject} data-job-id={job.id}>
      <td>
        <span className={`job-kind job-kind-${job.kind}`}>{KIND_LABELS[job.kind] ?? job.kind}</span>
        <div className="muted small" title={job.id}>
          <code>{job.id.slice(0, 8)}</code>
        </div>
      </td>
      <td className="job-subject">
        {job.repositoryName ? <Link href={repositoryHref(job.repositoryName)}>{job.subject}</Link> : <span>{job.subject}</span>}
        {job.detail ? <div className="muted small">{job.detail}</div> : null}
        {job.notes.length > 0 ? (
          <ul className="job-notes muted small" data-testid="job-notes">
            {job.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        ) : null}
        {job.trajectoryId && job.status === 'succeeded' && job.kind === 'synthesis' ? (
          <div className="small">
            <Link href={`/trajectories/${job.trajectoryId}`}>trajectory {job.trajectoryId.slice(0, 8)}</Link>
            {job.identicalTo ? (
              <span className="muted" data-testid="job-identical">
                {' '}
                · identical to the previous trajectory <Link href={`/trajectories/${job.identicalTo}`}>{job.identicalTo.slice(0, 8)}</Link> (nothing changed)
              </span>
            ) : null}
          </div>
        ) : null}
        {job.kind === 'export' && job.status === 'succeeded' ? (
          <div className="small">
            <Link href="/export">download its files</Link>
          </div>
        ) : null}
      </td>
      <td>
        <span className={`status status-run-${job.status}`}>{job.status}</span>
        {job.attempts > 1 ? <div className="muted small">{`attempt ${job.attempts}`}</div> : null}
        {job.status === 'failed' && job.errorDeterministic ? <div className="muted small">not retried: it fails the same way every time</div> : null}
      </td>
      <td className="job-progress-cell">
        <Progress job={job} />
        {job.error ? <pre className={`job-error${job.status === 'failed' ? ' is-failed' : ''}`}>{job.error}</pre> : null}
      </td>
      <td className="small">
        <Timing job={job} now={now} />
      </td>
      <td className="small">{job.requestedBy ?? <span className="muted">command line</span>}</td>
      <td className="job-actions">
        {canAct && active ? (
          <button type="button" data-testid="job-cancel" disabled={busy} onClick={() => void run('cancel')}>
            Cancel
          </button>
        ) : null}
        {canAct && (job.status === 'failed' || job.status === 'cancelled') ? (
          job.errorDeterministic ? (
            <button
              type="button"
              data-testid="job-retry"
              disabled={busy}
              title="This error repeats on the same input and configuration: a retry fails the same way unless Retrace was fixed or upgraded since."
              onClick={() => void run('retry', true)}
            >
              Retry anyway
            </button>
          ) : (
            <button type="button" data-testid="job-retry" disabled={busy} onClick={() => void run('retry')}>
              Retry
            </button>
          )
        ) : null}
        {error ? (
          <p className="job-action-error" role="alert">
            {error}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
