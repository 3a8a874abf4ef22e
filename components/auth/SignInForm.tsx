'use client';
import { useState } from 'react';

/** What better-auth answered, as a sentence that says what to do. */
async function signInError(res: Response): Promise<string> {
  if (res.status === 429) {
    const wait = Number(res.headers.get('X-Retry-After'));
    return `Too many sign-in attempts. Wait ${Number.isFinite(wait) && wait > 0 ? `${wait} s` : 'a minute'} and try again.`;
  }
  const body = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
  if (body?.code === 'INVALID_EMAIL') return 'That is not an email address; check what you typed.';
  if (res.status === 401 || body?.code === 'INVALID_EMAIL_OR_PASSWORD') return 'Wrong email or password. Check both (the password is case-sensitive); an admin can tell you which email your account has.';
  if (res.status === 403) return `The studio refused the sign-in (${body?.message ?? 'forbidden'}). Open the studio at the address it printed when it started.`;
  return body?.message ?? `The studio answered ${res.status}; try again.`;
}

/** Email + password sign-in through better-auth's /api/auth/sign-in/email; then on to `next`. */
export function SignInForm({ next }: { next: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const res = await fetch('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: email.trim(), password, rememberMe: true }),
      });
      if (!res.ok) {
        setError(await signInError(res));
        return;
      }
      // A full load, so the header and every server-rendered page see the new session.
      window.location.assign(next);
    } catch {
      setError('The studio could not be reached. Is it still running?');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="sign-in-form" onSubmit={submit} aria-describedby={error ? 'sign-in-error' : undefined}>
      <label>
        Email
        <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
      </label>
      <label>
        Password
        <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {error ? (
        <p id="sign-in-error" className="auth-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
