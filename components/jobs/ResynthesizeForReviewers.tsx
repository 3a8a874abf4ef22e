import { headers } from 'next/headers';
import { currentUser } from '@/lib/platform/auth/guard';
import { hasRole } from '@/lib/platform/auth/roles';
import { ResynthesizeButton } from './ResynthesizeButton';

/** The "Re-synthesize…" button for one repository, shown to reviewers and admins only (server component). */
export async function ResynthesizeForReviewers({ repository }: { repository: string }) {
  const user = await currentUser(await headers());
  return user && hasRole(user.role, 'reviewer') ? <ResynthesizeButton repository={repository} /> : null;
}
