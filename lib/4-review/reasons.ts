/**
 * Review states and rejection reasons as people see them. No database or server imports: the
 * focus view's client code uses these too.
 */

export const REVIEW_STATES = ['pending', 'approved', 'rejected', 'needs_resynthesis'] as const;
export type ReviewStateName = (typeof REVIEW_STATES)[number];

export const REJECT_REASON_VALUES = ['hallucinated_plan', 'incoherent_reasoning', 'target_leakage', 'low_quality_repository', 'licence', 'duplicate', 'other'] as const;
export type RejectReasonName = (typeof REJECT_REASON_VALUES)[number];

export interface RejectReasonOption {
  value: RejectReasonName;
  label: string;
  /** The number key that picks it in the focus view. */
  key: string;
}

/** In the order the review issue lists them; the number keys 1–7 follow that order. */
export const REJECT_REASONS: readonly RejectReasonOption[] = [
  { value: 'hallucinated_plan', label: 'Hallucinated plan', key: '1' },
  { value: 'incoherent_reasoning', label: 'Incoherent reasoning', key: '2' },
  { value: 'target_leakage', label: 'Leakage of the target', key: '3' },
  { value: 'low_quality_repository', label: 'Low-quality repository', key: '4' },
  { value: 'licence', label: 'Licence', key: '5' },
  { value: 'duplicate', label: 'Duplicate', key: '6' },
  { value: 'other', label: 'Other', key: '7' },
];

export const STATE_LABELS: Record<ReviewStateName, string> = {
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
  needs_resynthesis: 'Needs re-synthesis',
};

/** The longest note a decision may carry (characters). */
export const MAX_NOTE_CHARS = 2000;

export function isReviewState(value: unknown): value is ReviewStateName {
  return typeof value === 'string' && (REVIEW_STATES as readonly string[]).includes(value);
}

export function isRejectReason(value: unknown): value is RejectReasonName {
  return typeof value === 'string' && (REJECT_REASON_VALUES as readonly string[]).includes(value);
}

export function reasonLabel(reason: string | null | undefined): string | null {
  return REJECT_REASONS.find((r) => r.value === reason)?.label ?? null;
}

/** The reason a number key picks ('1'–'7'), or null. */
export function reasonOfKey(key: string): RejectReasonName | null {
  return REJECT_REASONS.find((r) => r.key === key)?.value ?? null;
}

/** "approved", "rejected (duplicate)", "needs re-synthesis", "pending": a decision in a sentence. */
export function describeDecision(decision: ReviewStateName, reason: string | null | undefined): string {
  if (decision === 'rejected') {
    const label = reasonLabel(reason);
    return label ? `rejected (${label.toLowerCase()})` : 'rejected';
  }
  return decision === 'needs_resynthesis' ? 'needs re-synthesis' : decision;
}

/** "14:02 UTC" for today (UTC), "2026-11-20 14:02 UTC" otherwise: deterministic, no machine locale. */
export function formatDecisionTime(at: Date | string, now: Date = new Date()): string {
  const iso = (typeof at === 'string' ? new Date(at) : at).toISOString();
  const time = `${iso.slice(11, 16)} UTC`;
  return iso.slice(0, 10) === now.toISOString().slice(0, 10) ? time : `${iso.slice(0, 10)} ${time}`;
}
