'use client';
import { useState } from 'react';
import { studioRequest } from '@/lib/platform/http/studioRequest';

/** One person as the people page lists them. */
export interface PersonRow {
  id: string;
  name: string;
  email: string;
  role: string;
  createdAt: string;
}

type Open = 'none' | 'password' | 'remove';

/**
 * A person's row actions on /people: "Reset password…" (a new password; their sessions end) and
 * "Remove…" (a confirmation saying what happens), never for yourself. `onDone` gets what to say
 * (or the error) and refreshes the list.
 */
export function PersonActions({ person, isYou, onDone }: { person: PersonRow; isYou: boolean; onDone: (result: { ok: string } | { error: string }) => void }) {
  const [open, setOpen] = useState<Open>('none');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const url = `/api/people/${encodeURIComponent(person.id)}`;

  const run = async (request: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try {
      await request();
      setOpen('none');
      setPassword('');
      onDone({ ok });
    } catch (err) {
      onDone({ error: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  if (open === 'password') {
    return (
      <form
        className="person-action"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => studioRequest(`${url}/password`, { method: 'POST', json: { password } }), `New password set for ${person.email}; their sessions ended. Give them the password in person.`);
        }}
      >
        <input type="password" aria-label={`New password for ${person.email}`} required minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" autoFocus />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Setting…' : 'Set password'}
        </button>
        <button type="button" onClick={() => setOpen('none')} disabled={busy}>
          Cancel
        </button>
      </form>
    );
  }
  if (open === 'remove') {
    return (
      <span className="person-action" role="group" aria-label={`Confirm removing ${person.email}`}>
        {`Remove ${person.name}? They are signed out at once and cannot sign in again; their reviews keep their name. `}
        <button type="button" className="danger" onClick={() => void run(() => studioRequest(url, { method: 'DELETE' }), `Removed ${person.email}: signed out, and no longer able to sign in.`)} disabled={busy}>
          {busy ? 'Removing…' : 'Remove'}
        </button>{' '}
        <button type="button" onClick={() => setOpen('none')} disabled={busy}>
          Keep
        </button>
      </span>
    );
  }
  return (
    <span className="person-action">
      <button type="button" onClick={() => setOpen('password')}>
        Reset password…
      </button>
      {isYou ? null : (
        <button type="button" onClick={() => setOpen('remove')}>
          Remove…
        </button>
      )}
    </span>
  );
}
