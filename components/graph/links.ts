/** URL of a repository's graph page; the snapshot is kept only when one was asked for. */
export function graphHref(name: string, snapshot?: string | null): string {
  return `/repositories/${encodeURIComponent(name)}/graph${snapshot ? `?snapshot=${encodeURIComponent(snapshot)}` : ''}`;
}
