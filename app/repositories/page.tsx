import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { DeletedNotice, DeletedRepositories } from '@/components/repositories/DeletedRepositories';
import { EmptyState } from '@/components/repositories/EmptyState';
import { FilterForm } from '@/components/repositories/FilterForm';
import { ImportForm } from '@/components/repositories/ImportForm';
import { formatCount } from '@/lib/platform/format';
import { repositoriesHref } from '@/components/repositories/links';
import { Pagination } from '@/components/repositories/Pagination';
import { RepositorySelection } from '@/components/repositories/RepositorySelection';
import { RepositoryTable } from '@/components/repositories/RepositoryTable';
import { currentUser } from '@/lib/platform/auth/guard';
import { hasRole } from '@/lib/platform/auth/roles';
import { prisma } from '@/lib/platform/db/client';
import { latestDeletion, listRepositoryDeletions } from '@/lib/studio/deleteRepository';
import { listRepositories } from '@/lib/1-ingest/studio/repositoryList';
import { single } from '@/lib/platform/http/requestValues';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Repositories' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function RepositoriesPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const db = prisma();
  const deletedName = single(sp.deleted);
  const [page, deletions, justDeleted] = await Promise.all([
    listRepositories(db, { sort: single(sp.sort), dir: single(sp.dir), q: single(sp.q), page: single(sp.page) }),
    listRepositoryDeletions(db, { limit: 10 }),
    deletedName ? latestDeletion(db, deletedName) : Promise.resolve(null),
  ]);
  const nothingAtAll = page.total === 0 && !page.q;
  // Importing and re-synthesis are offered to reviewers and admins (the APIs check again).
  const user = await currentUser(await headers());
  const canChange = !!user && hasRole(user.role, 'reviewer');
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Repositories</h1>
          <p className="muted">
            {nothingAtAll ? 'Ingested repositories appear here.' : `${formatCount(page.total)} ${page.q ? 'matching' : 'ingested'} ${page.total === 1 ? 'repository' : 'repositories'}`}
          </p>
        </div>
        {nothingAtAll ? null : <FilterForm page={page} />}
      </div>
      {justDeleted ? <DeletedNotice record={justDeleted} /> : null}
      {canChange ? <ImportForm /> : null}
      {page.total === 0 ? (
        <EmptyState filter={page.q} signedIn={!!user} canImport={canChange} />
      ) : (
        <>
          {canChange ? (
            <RepositorySelection synthesized={page.rows.filter((r) => r.latestRun !== null).map((r) => r.name)}>
              <RepositoryTable page={page} selectable />
            </RepositorySelection>
          ) : (
            <RepositoryTable page={page} />
          )}
          <Pagination page={page} href={(n) => repositoriesHref({ q: page.q, sort: page.sort, dir: page.dir, page: n })} />
        </>
      )}
      <DeletedRepositories records={deletions} />
    </div>
  );
}
