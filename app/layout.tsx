import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { QueryProvider } from '@/components/providers/QueryProvider';
import { UserMenu } from '@/components/auth/UserMenu';
import { currentUser, type SignedInUser } from '@/lib/platform/auth/guard';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Retrace', template: '%s · Retrace' },
  description: 'Retrace studio: inspect ingested repositories, their structure and their files.',
};

/** The signed-in user for the header; a failure to read the session shows the page as a visitor's. */
async function headerUser(): Promise<SignedInUser | null> {
  const requestHeaders = await headers(); // outside the try: Next signals dynamic rendering by throwing
  try {
    return await currentUser(requestHeaders);
  } catch (err) {
    console.error('Could not read the session:', err);
    return null;
  }
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const user = await headerUser();
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <div className="site-header-inner">
            <Link href="/repositories" className="brand">
              <span className="brand-mark" aria-hidden="true">
                ↺
              </span>
              Retrace
            </Link>
            <nav className="site-nav" aria-label="Main">
              <Link href="/repositories">Repositories</Link>
              <Link href="/review">Review</Link>
              <Link href="/review/table">Table</Link>
              <Link href="/export">Export</Link>
              <Link href="/jobs">Jobs</Link>
              <Link href="/progress">Progress</Link>
            </nav>
            <UserMenu user={user} />
          </div>
        </header>
        <main className="site-main">
          <QueryProvider>{children}</QueryProvider>
        </main>
      </body>
    </html>
  );
}
