import Link from 'next/link';
import type { RepositoryPage } from '@/lib/1-ingest/studio/repositoryList';
import { repositoriesHref } from './links';

/** A plain GET form: works without JavaScript, and the URL keeps the filter. */
export function FilterForm({ page }: { page: RepositoryPage }) {
  return (
    <form className="filter" method="get" action="/repositories" role="search">
      <label htmlFor="repo-filter" className="visually-hidden">
        Filter repositories
      </label>
      <input id="repo-filter" type="search" name="q" defaultValue={page.q} placeholder="Filter by name, source or language" maxLength={200} autoComplete="off" />
      <input type="hidden" name="sort" value={page.sort} />
      <input type="hidden" name="dir" value={page.dir} />
      <button type="submit">Filter</button>
      {page.q ? (
        <Link href={repositoriesHref({ sort: page.sort, dir: page.dir })} className="filter-clear">
          Clear
        </Link>
      ) : null}
    </form>
  );
}
