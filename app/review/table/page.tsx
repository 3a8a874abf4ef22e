import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { ReviewFilterForm } from '@/components/reviewTable/ReviewFilterForm';
import { Pagination } from '@/components/repositories/Pagination';
import { ReviewTable } from '@/components/reviewTable/ReviewTable';
import { reviewTableHref } from '@/components/reviewTable/links';
import { formatCount } from '@/lib/platform/format';
import { currentUser } from '@/lib/platform/auth/guard';
import { hasRole } from '@/lib/platform/auth/roles';
import { prisma } from '@/lib/platform/db/client';
import { isEmptyFilter, parseReviewFilter, parseReviewSortAndPage, ReviewFilterError } from '@/lib/4-review/studio/filter';
import { reviewTablePage } from '@/lib/4-review/studio/query';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Bulk review' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ReviewTablePage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const { sort, page: pageRequest } = parseReviewSortAndPage(sp);
  const user = await currentUser(await headers()).catch(() => null);
  const canDecide = user !== null && hasRole(user.role, 'reviewer');
  let filterError: string | null = null;
  let filter = {};
  try {
    filter = parseReviewFilter(sp);
  } catch (err) {
    if (!(err instanceof ReviewFilterError)) throw err;
    filterError = err.message;
  }
  const page = filterError ? null : await reviewTablePage(prisma(), filter, sort, pageRequest);
  const raw = filterError ? Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, (Array.isArray(v) ? v[0] : v) ?? ''])) : undefined;

  return (
    <div className="page page-wide">
      <div className="page-head">
        <div>
          <h1>Bulk review</h1>
          <p className="muted">
            {page ? `${formatCount(page.total)} ${isEmptyFilter(page.filter) ? '' : 'matching '}${page.total === 1 ? 'trajectory' : 'trajectories'}` : 'Fix the filter to see trajectories.'}
            {canDecide ? null : user ? ` · ${user.email} is a ${user.role}: deciding needs the reviewer role.` : ' · Sign in as a reviewer to approve or reject.'}
          </p>
        </div>
      </div>
      <ReviewFilterForm filter={filter} sort={sort} raw={raw} />
      {filterError ? (
        <p className="rt-error rt-filter-error" role="alert">
          {filterError} <Link href={reviewTableHref({}, sort)}>Clear the filter</Link>
        </p>
      ) : page ? (
        <>
          {/* Rendered even when empty: a bulk decision's result stays on screen after its rows leave the filter. */}
          <ReviewTable
            page={page}
            canDecide={canDecide}
            empty={
              <div className="empty">
                <h2>No trajectories {isEmptyFilter(page.filter) ? 'to review yet' : 'match this filter'}</h2>
                <p className="muted">{isEmptyFilter(page.filter) ? 'Complete trajectories appear here once synthesis has run.' : 'Widen the filter, or include superseded trajectories.'}</p>
              </div>
            }
          />
          {page.total > 0 ? <Pagination page={page} href={(n) => reviewTableHref(page.filter, page.sort, n)} /> : null}
        </>
      ) : null}
    </div>
  );
}
