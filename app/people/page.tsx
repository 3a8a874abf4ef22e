import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { PeopleAdmin } from '@/components/auth/PeopleAdmin';
import { PersonChanges } from '@/components/auth/PersonChanges';
import { currentUser } from '@/lib/platform/auth/guard';
import { listPersonChanges } from '@/lib/platform/auth/personChanges';
import { listPeople } from '@/lib/platform/auth/users';

export const metadata: Metadata = { title: 'People' };
export const dynamic = 'force-dynamic';

/** Admins add people, change roles, reset passwords and remove people here; everyone else is told why they cannot. */
export default async function PeoplePage() {
  const user = await currentUser(await headers());
  if (!user) redirect('/sign-in?next=/people');
  if (user.role !== 'admin') {
    return (
      <div className="message error page-message" role="alert" data-testid="forbidden">
        <h1>403 · Admins only</h1>
        <p>
          Managing people needs the admin role; you are signed in as {user.email}, a {user.role}. Ask an admin to change your role if you need it.
        </p>
        <p>
          <Link href="/repositories">Back to the repositories</Link>
        </p>
      </div>
    );
  }
  const [people, changes] = await Promise.all([listPeople(), listPersonChanges(30)]);
  return (
    <div className="page people-page">
      <div className="page-head">
        <div>
          <h1>People</h1>
          <p className="muted">Who may sign in, and what they may do. The last admin cannot be demoted or removed.</p>
        </div>
      </div>
      <PeopleAdmin people={people.map((p) => ({ ...p, createdAt: p.createdAt.toISOString() }))} currentUserId={user.id} />
      <PersonChanges changes={changes} />
    </div>
  );
}
