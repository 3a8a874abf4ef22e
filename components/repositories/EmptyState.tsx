import Link from 'next/link';

/** Shown when there is no repository at all, or none matching the filter. */
export function EmptyState({ filter, signedIn = true, canImport = true }: { filter: string; signedIn?: boolean; canImport?: boolean }) {
  if (filter) {
    return (
      <div className="empty">
        <h2>No repository matches “{filter}”</h2>
        <p>
          The filter looks at names, sources and languages. <Link href="/repositories">Show all repositories</Link>.
        </p>
      </div>
    );
  }
  return (
    <div className="empty">
      <h2>No repositories yet</h2>
      <p>
        {canImport ? (
          'Import one above — a folder on this machine, a git URL or a .tar.gz/.zip archive. Or from a terminal in the project folder:'
        ) : signedIn ? (
          'Reviewers and admins can import repositories here (ask an admin for the role). Or from a terminal in the project folder:'
        ) : (
          <>
            Reviewers and admins import repositories here: <Link href="/sign-in?next=/repositories">sign in</Link> to get the import form. Or from a terminal in the project
            folder:
          </>
        )}
      </p>
      <pre className="command">npm run --silent retrace -- ingest PATH_OR_URL</pre>
      <p className="muted">
        Use <code>--name NAME</code> to choose how it is listed. Then reload this page.
      </p>
    </div>
  );
}
