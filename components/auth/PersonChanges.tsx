import type { PersonChangeView } from '@/lib/platform/auth/personChanges';
import { formatDate } from '@/lib/platform/format';

const WHAT: Record<PersonChangeView['kind'], string> = {
  added: 'added',
  role_changed: 'changed the role of',
  password_reset: 'reset the password of',
  removed: 'removed',
};

/** The account log: who added, re-roled, reset or removed whom, and when (newest first). */
export function PersonChanges({ changes }: { changes: PersonChangeView[] }) {
  if (changes.length === 0) return null;
  return (
    <section className="panel">
      <h2>
        Account changes <span className="count">{changes.length}</span>
      </h2>
      <ul className="person-changes" data-testid="person-changes">
        {changes.map((c) => (
          <li key={c.id} data-kind={c.kind} data-email={c.person.email}>
            <span className="muted">{formatDate(c.createdAt)}</span> {c.changedBy ?? 'The command line'} {WHAT[c.kind]} {c.person.name} ({c.person.email})
            {c.detail ? <span className="muted"> · {c.detail}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
