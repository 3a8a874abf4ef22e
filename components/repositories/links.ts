/** URLs of the studio pages; every value is encoded here, never by hand in components. */

export interface RepositoryListParams {
  q?: string;
  sort?: string;
  dir?: string;
  page?: number;
  /** A repository just deleted: the list says so. */
  deleted?: string;
}

export function repositoriesHref(params: RepositoryListParams = {}): string {
  const search = new URLSearchParams();
  if (params.q) search.set('q', params.q);
  if (params.sort) search.set('sort', params.sort);
  if (params.dir) search.set('dir', params.dir);
  if (params.page && params.page > 1) search.set('page', String(params.page));
  if (params.deleted) search.set('deleted', params.deleted);
  const qs = search.toString();
  return qs ? `/repositories?${qs}` : '/repositories';
}

export interface RepositoryPageParams {
  snapshot?: string | null;
  file?: string | null;
  /** 1-based line to jump to. */
  line?: number;
}

export function repositoryHref(name: string, params: RepositoryPageParams = {}): string {
  const search = new URLSearchParams();
  if (params.snapshot) search.set('snapshot', params.snapshot);
  if (params.file) search.set('file', params.file);
  const qs = search.toString();
  return `/repositories/${encodeURIComponent(name)}${qs ? `?${qs}` : ''}${params.line ? `#L${params.line}` : ''}`;
}
