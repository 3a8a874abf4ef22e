'use client';
import { useState } from 'react';

/** Ends the session through better-auth, then shows the studio as a visitor. */
export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    try {
      await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    } finally {
      window.location.assign('/sign-in?signed-out=1');
    }
  }
  return (
    <button type="button" className="sign-out" onClick={signOut} disabled={busy}>
      Sign out
    </button>
  );
}
