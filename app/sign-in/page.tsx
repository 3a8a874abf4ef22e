import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { SignInForm } from '@/components/auth/SignInForm';
import { FIRST_ADMIN_COMMAND } from '@/lib/platform/auth/firstAdmin';
import { currentUser } from '@/lib/platform/auth/guard';
import { safeNextPath } from '@/lib/platform/auth/nextPath';
import { countPeople } from '@/lib/platform/auth/users';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  const [user, people] = await Promise.all([currentUser(await headers()), countPeople()]);

  const browsingIsOpen = process.env.RETRACE_REQUIRE_SIGN_IN !== '1';

  if (people === 0) {
    return (
      <div className="auth-page message first-admin" data-testid="first-admin">
        <h1>No accounts yet</h1>
        <p>
          {browsingIsOpen ? 'Anyone who can reach the studio may browse it; every change needs a signed-in reviewer or admin. ' : 'This studio requires signing in for everything. '}
          Nobody can sign in until the first admin is added, on the studio&apos;s machine, in its folder:
        </p>
        <code className="command">{FIRST_ADMIN_COMMAND}</code>
        <p>It asks for the password (10 characters or more; or pipe it in with --password-stdin). Then reload this page and sign in. The admin adds everyone else on the People page.</p>
        {browsingIsOpen ? (
          <p>
            <Link href="/repositories">Browse the repositories</Link>
          </p>
        ) : null}
      </div>
    );
  }

  return (
    <div className="auth-page panel">
      <h1>Sign in</h1>
      {params['signed-out'] ? <p className="auth-ok">You are signed out.</p> : null}
      {user ? (
        <p className="auth-ok">
          You are signed in as {user.name} ({user.role}). <Link href={next}>Continue</Link>, or sign in as someone else below.
        </p>
      ) : null}
      <SignInForm next={next} />
      <p className="muted small">
        No account? An admin adds people on the People page (or with <code>retrace users add</code>).
      </p>
    </div>
  );
}
