import { STATE_LABELS, type ReviewStateName } from '@/lib/4-review/reasons';

/** A trajectory's review state as a coloured chip. */
export function StateBadge({ state }: { state: ReviewStateName }) {
  return <span className={`review-state review-state-${state}`}>{STATE_LABELS[state]}</span>;
}
