import Link from 'next/link';
import type { ReviewTablePage } from '@/lib/reviewTable/query';
import { formatCount } from '../repositories/format';
import { reviewTableHref } from './links';

export function ReviewPagination({ page }: { page: ReviewTablePage }) {
  const first = page.total === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
  const last = Math.min(page.total, page.page * page.pageSize);
  const href = (n: number) => reviewTableHref(page.filter, page.sort, n);
  return (
    <nav className="pagination" aria-label="Pages">
      <span className="muted">
        {formatCount(first)}–{formatCount(last)} of {formatCount(page.total)}
      </span>
      {page.pageCount > 1 ? (
        <span className="pager">
          {page.page > 1 ? (
            <Link href={href(page.page - 1)} rel="prev">
              ← Previous
            </Link>
          ) : (
            <span className="disabled">← Previous</span>
          )}
          <span>
            Page {formatCount(page.page)} of {formatCount(page.pageCount)}
          </span>
          {page.page < page.pageCount ? (
            <Link href={href(page.page + 1)} rel="next">
              Next →
            </Link>
          ) : (
            <span className="disabled">Next →</span>
          )}
        </span>
      ) : null}
    </nav>
  );
}
