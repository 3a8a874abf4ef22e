import Link from 'next/link';
import type { SignedInUser } from '@/lib/platform/auth/guard';
import { SignOutButton } from './SignOutButton';

/** The header's right side: who is signed in and as what, or a link to sign in. */
export function UserMenu({ user }: { user: SignedInUser | null }) {
  if (!user) {
    return (
      <div className="user-menu" data-signed-in="false">
        <Link href="/sign-in" className="sign-in-link">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <div className="user-menu" data-signed-in="true" data-role={user.role}>
      <span className="user-name" title={user.email}>
        {user.name}
      </span>
      <span className={`role-badge role-${user.role}`}>{user.role}</span>
      {user.role === 'admin' ? <Link href="/people">People</Link> : null}
      <SignOutButton />
    </div>
  );
}
