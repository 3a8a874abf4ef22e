import { reviewFilterParams, type ReviewFilter, type ReviewSort } from '@/lib/4-review/studio/filter';

/** The table page's URL for a filter, sort and page; every value is encoded here. */
export function reviewTableHref(filter: ReviewFilter, sort?: ReviewSort, page?: number): string {
  const search = new URLSearchParams(reviewFilterParams(filter));
  if (sort) {
    search.set('sort', sort.key);
    search.set('dir', sort.dir);
  }
  if (page && page > 1) search.set('page', String(page));
  const qs = search.toString();
  return qs ? `/review/table?${qs}` : '/review/table';
}

export const STATE_LABELS: Record<string, string> = {
  pending: 'pending',
  approved: 'approved',
  rejected: 'rejected',
  needs_resynthesis: 'needs re-synthesis',
};

/** An NLL (nats per token) or a delta, to 3 decimals; deltas carry their sign. */
export function formatNll(n: number | null, signed = false): string {
  if (n === null) return '—';
  const s = n.toFixed(3);
  return signed && n > 0 ? `+${s}` : s.replace(/^-0\.000$/, '0.000');
}
