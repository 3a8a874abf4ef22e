import type { Metadata } from 'next';
import Link from 'next/link';
import { QueryProvider } from '@/components/providers/QueryProvider';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Retrace', template: '%s · Retrace' },
  description: 'Retrace studio: inspect ingested repositories, their structure and their files.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
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
            </nav>
          </div>
        </header>
        <main className="site-main">
          <QueryProvider>{children}</QueryProvider>
        </main>
      </body>
    </html>
  );
}
