import Link from 'next/link';
import { formatCount } from '@/lib/platform/format';

/** What a paged server-side list knows about its position. */
export interface PagePosition {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

/** "1–25 of 300" and previous/next links; `href` builds the URL of page n with the list's filters. */
export function Pagination({ page, href }: { page: PagePosition; href: (n: number) => string }) {
  const first = page.total === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
  const last = Math.min(page.total, page.page * page.pageSize);
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
