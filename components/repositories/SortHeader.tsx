import Link from 'next/link';
import type { RepositoryPage, RepositorySortKey } from '@/lib/1-ingest/studio/repositoryList';
import { repositoriesHref } from './links';

/** Columns whose first click sorts biggest/newest first. */
const DESCENDING_FIRST = new Set<RepositorySortKey>(['files', 'lines', 'created']);

/** A column header that sorts by its key; clicking the current one flips the direction. */
export function SortHeader({ label, sortKey, page, numeric }: { label: string; sortKey: RepositorySortKey; page: RepositoryPage; numeric?: boolean }) {
  const active = page.sort === sortKey;
  const nextDir = active ? (page.dir === 'asc' ? 'desc' : 'asc') : DESCENDING_FIRST.has(sortKey) ? 'desc' : 'asc';
  const href = repositoriesHref({ q: page.q, sort: sortKey, dir: nextDir });
  return (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? (page.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <Link href={href} className={`sort${active ? ' sort-active' : ''}`} title={`Sort by ${label.toLowerCase()}`} data-sort={sortKey}>
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (page.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </Link>
    </th>
  );
}
