import type { ReviewRecord } from '@/lib/4-review/queue';
import { reasonLabel, STATE_LABELS } from '@/lib/4-review/reasons';
import { StateBadge } from './StateBadge';

/** Every decision on a trajectory, newest first: who, when, from which state to which, why. Notes are rendered as text. */
export function ReviewHistory({ reviews, limit }: { reviews: ReviewRecord[]; limit?: number }) {
  if (reviews.length === 0) return <p className="muted small review-history-empty">No decision yet.</p>;
  const shown = limit ? reviews.slice(0, limit) : reviews;
  return (
    <ol className="review-history" data-testid="review-history">
      {shown.map((r) => (
        <li key={r.id} className="review-record">
          <div className="review-record-head">
            <StateBadge state={r.decision} />
            {r.reason ? <span className="review-reason">{reasonLabel(r.reason)}</span> : null}
            <span className="muted small">
              {`v${r.version} · from ${STATE_LABELS[r.previousState].toLowerCase()} · `}
              <span title={r.reviewer.email}>{r.reviewer.name}</span>
              {` · ${r.createdAt.slice(0, 16).replace('T', ' ')} UTC`}
              {r.bulkRunId ? ' · bulk' : ''}
            </span>
          </div>
          {r.note ? <p className="review-note">{r.note}</p> : null}
        </li>
      ))}
      {shown.length < reviews.length ? <li className="muted small">{`${reviews.length - shown.length} earlier decision${reviews.length - shown.length === 1 ? '' : 's'}…`}</li> : null}
    </ol>
  );
}
