import { prisma } from '../db/client';
import { auth } from './auth';
import { recordPersonChange } from './personChanges';
import { checkPassword, findActivePerson, lockAdmins, PeopleError, toPerson, type Person } from './users';

/**
 * What admins do to other people's accounts besides adding them and changing roles: remove them
 * and reset their passwords. Sessions, credential accounts and password hashes go through
 * better-auth's server context only; each change is recorded with who made it (null: the
 * command line) in PersonChange, in the transaction that makes it.
 */

/**
 * Removes a person: they can no longer sign in (their password and every session are gone at
 * once), and they leave the people list. Their row stays, marked removed, so that their reviews
 * (which reference it and are never deleted) and every "requested by" keep their name; adding
 * their address again brings the same account back. Refused for yourself and for the last admin.
 */
export async function removePerson(emailOrId: string, removedById: string | null): Promise<Person> {
  const user = await findActivePerson(emailOrId);
  if (removedById !== null && user.id === removedById) throw new PeopleError('You cannot remove yourself: ask another admin to do it.', 409);
  const removedAt = new Date();
  await prisma().$transaction(async (tx) => {
    const admins = await lockAdmins(tx);
    const current = await tx.user.findUniqueOrThrow({ where: { id: user.id } });
    if (current.removedAt) throw new PeopleError(`${current.email} was just removed by someone else.`, 409);
    if (current.role === 'admin' && admins <= 1) throw new PeopleError(`${current.email} is the last admin; make someone else an admin first, or nobody could manage people.`, 409);
    await tx.user.update({ where: { id: user.id }, data: { removedAt, removedById } });
    await recordPersonChange(tx, { personId: user.id, kind: 'removed', detail: `was ${current.role}`, changedById: removedById });
  });
  // Marked removed first, so that the session hook (auth.ts) refuses a sign-in that lands in between.
  const ctx = await auth().$context;
  await ctx.internalAdapter.deleteUserSessions(user.id);
  await ctx.internalAdapter.deleteAccounts(user.id);
  return toPerson(user);
}

/**
 * Sets a new password (the same rule as adding someone: 10 to 128 characters), hashed by
 * better-auth, and ends every session of the person, so whoever knew the old one is signed out.
 */
export async function resetPassword(emailOrId: string, password: string, resetById: string | null): Promise<Person> {
  checkPassword(password);
  const user = await findActivePerson(emailOrId);
  const ctx = await auth().$context;
  const hash = await ctx.password.hash(password);
  if (await ctx.internalAdapter.findCredentialAccount(user.id)) await ctx.internalAdapter.updatePassword(user.id, hash);
  else await ctx.internalAdapter.linkAccount({ providerId: 'credential', accountId: user.id, userId: user.id, password: hash });
  await ctx.internalAdapter.deleteUserSessions(user.id);
  await recordPersonChange(prisma(), { personId: user.id, kind: 'password_reset', changedById: resetById });
  return toPerson(user);
}
