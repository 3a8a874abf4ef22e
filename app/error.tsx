'use client';

import Link from 'next/link';
import { useEffect } from 'react';

/** Any unexpected failure while rendering a page (the database is unreachable, a query failed...). */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && 'digest' in error ? String((error as Error & { digest?: string }).digest ?? '') : '';
  return (
    <div className="message error page-message" role="alert">
      <h1>Something went wrong</h1>
      <p>
        The studio could not load this page. If it keeps happening, check that the database is running (the terminal where{' '}
        <code>npm run studio</code> runs shows the details{digest ? <> for error <code>{digest}</code></> : null}).
      </p>
      <p className="actions">
        <button type="button" onClick={() => retry()}>
          Try again
        </button>
        <Link href="/repositories">Back to repositories</Link>
      </p>
    </div>
  );
}
