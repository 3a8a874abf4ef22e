'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ROLES } from '@/lib/platform/auth/roles';
import { studioRequest } from '@/lib/platform/http/studioRequest';
import { PersonActions, type PersonRow } from './PersonActions';

async function send(url: string, method: 'POST' | 'PATCH', body: unknown): Promise<void> {
  await studioRequest(url, { method, json: body });
}

/** The people table with a role picker and actions (reset password, remove) per person, and the form that adds someone. */
export function PeopleAdmin({ people, currentUserId }: { people: PersonRow[]; currentUserId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState({ email: '', name: '', role: 'reviewer', password: '' });

  async function changeRole(person: PersonRow, role: string) {
    setError(null);
    setNotice(null);
    try {
      await send(`/api/people/${encodeURIComponent(person.id)}`, 'PATCH', { role });
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
      router.refresh(); // puts the picker back to the stored role
    }
  }

  function actionDone(result: { ok: string } | { error: string }) {
    setError('error' in result ? result.error : null);
    setNotice('ok' in result ? result.ok : null);
    router.refresh();
  }

  async function add(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      await send('/api/people', 'POST', form);
      setNotice(`Added ${form.email.trim().toLowerCase()} as ${form.role}. Give them their password in person; they sign in at /sign-in.`);
      setForm({ email: '', name: '', role: 'reviewer', password: '' });
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [key]: e.target.value });

  return (
    <>
      {error ? (
        <p className="auth-error" role="alert" data-testid="people-error">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p className="auth-ok" role="status" data-testid="people-done">
          {notice}
        </p>
      ) : null}
      <section className="panel">
        <h2>
          People <span className="count">{people.length}</span>
        </h2>
        <table className="data people-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Since</th>
              <th>Account</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id} data-email={p.email}>
                <td>
                  {p.name}
                  {p.id === currentUserId ? <span className="muted"> (you)</span> : null}
                </td>
                <td>{p.email}</td>
                <td>
                  <select aria-label={`Role of ${p.email}`} value={p.role} onChange={(e) => void changeRole(p, e.target.value)}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="muted">{p.createdAt.slice(0, 10)}</td>
                <td>
                  <PersonActions person={p} isYou={p.id === currentUserId} onDone={actionDone} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h2>Add a person</h2>
        <form className="people-add" onSubmit={add}>
          <label>
            Email
            <input type="email" required value={form.email} onChange={set('email')} autoComplete="off" />
          </label>
          <label>
            Name
            <input required value={form.name} onChange={set('name')} autoComplete="off" />
          </label>
          <label>
            Role
            <select aria-label="Role of the new person" value={form.role} onChange={set('role')}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label>
            Initial password
            <input type="password" required minLength={10} value={form.password} onChange={set('password')} autoComplete="new-password" />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add'}
          </button>
        </form>
        <p className="muted small">Viewers browse; reviewers also import, synthesize and review; admins also manage people.</p>
      </section>
    </>
  );
}
