import Link from 'next/link';
import type { ReviewFilter, ReviewSort, ReviewSortKey } from '@/lib/4-review/studio/filter';
import { reviewTableHref } from './links';

/** Columns whose first click sorts biggest/newest first. */
const DESCENDING_FIRST = new Set<ReviewSortKey>(['tokens', 'steps', 'created', 'version']);

/** A column header that sorts by its key; clicking the current one flips the direction. */
export function ReviewSortHeader({ label, sortKey, sort, filter, numeric, title }: { label: string; sortKey: ReviewSortKey; sort: ReviewSort; filter: ReviewFilter; numeric?: boolean; title?: string }) {
  const active = sort.key === sortKey;
  const dir = active ? (sort.dir === 'asc' ? 'desc' : 'asc') : DESCENDING_FIRST.has(sortKey) ? 'desc' : 'asc';
  return (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <Link href={reviewTableHref(filter, { key: sortKey, dir })} className={`sort${active ? ' sort-active' : ''}`} title={title ?? `Sort by ${label.toLowerCase()}`} data-sort={sortKey}>
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </Link>
    </th>
  );
}
