import Link from 'next/link';
import type { ReviewSummary } from '@/lib/4-review/queue';
import { STATE_LABELS } from '@/lib/4-review/reasons';
import { ReviewHistory } from './ReviewHistory';
import { StateBadge } from './StateBadge';

const short = (id: string) => id.slice(0, 8);

/** The review state, supersession and history of one trajectory (the replay page shows it under its title). */
export function ReviewPanel({ summary }: { summary: ReviewSummary }) {
  const { reviews, supersededBy, supersedes } = summary;
  return (
    <details className="panel review-panel" data-testid="review-panel" open={reviews.length > 0 || supersededBy !== null}>
      <summary className="review-panel-summary">
        <span className="run-label">Review</span> <StateBadge state={summary.reviewState} />
        <span className="muted small">{` version ${summary.reviewVersion} · ${reviews.length} decision${reviews.length === 1 ? '' : 's'}`}</span>
        {supersededBy ? <span className="tag review-superseded-tag">superseded</span> : null}
        <Link className="small review-panel-focus" href={`/review?state=${summary.reviewState}&id=${summary.trajectoryId}`}>
          Review in focus view
        </Link>
      </summary>
      {supersededBy ? (
        <p className="notice review-superseded">
          A newer trajectory of this repository replaces this one:{' '}
          <Link href={`/trajectories/${supersededBy.id}`}>
            <code>{short(supersededBy.id)}</code>
          </Link>{' '}
          ({STATE_LABELS[supersededBy.reviewState].toLowerCase()}, {supersededBy.createdAt.slice(0, 16).replace('T', ' ')} UTC). The reviews below stay with this one.
          {summary.reviewState === 'approved' && supersededBy.reviewState !== 'approved' ? ' Until the newer one is approved, this one stays in the export.' : ''}
        </p>
      ) : null}
      {supersedes.length > 0 ? (
        <p className="muted small">
          Replaces{' '}
          {supersedes.map((s, i) => (
            <span key={s.id}>
              {i > 0 ? ', ' : ''}
              <Link href={`/trajectories/${s.id}`}>
                <code>{short(s.id)}</code>
              </Link>{' '}
              ({STATE_LABELS[s.reviewState].toLowerCase()})
            </span>
          ))}
          .
        </p>
      ) : null}
      <ReviewHistory reviews={reviews} />
    </details>
  );
}
