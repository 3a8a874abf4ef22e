import type { Prisma } from '@prisma/client';
import { z } from 'zod';
import { prisma } from '../db/client';
import { auth } from './auth';
import { recordPersonChange } from './personChanges';
import { isRole, ROLES, type Role } from './roles';
import { RequestError } from '../http/requestError';

/**
 * People: add, list, change a role. Passwords (scrypt hashes), credential accounts and sessions
 * are better-auth's and only ever go through its server context (its adapter and its password
 * hasher), never crypto of our own. Retrace's own columns (role, removedAt) are read and changed
 * with Prisma, inside transactions that lock the admins' rows, so that two admins acting at once
 * can never leave the studio without one. Every change is recorded (lib/platform/auth/personChanges.ts).
 * Shared by `retrace users` and /people; removing people and resetting passwords: peopleAdmin.ts.
 */

export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 128; // better-auth's default maximum

export interface Person {
  id: string;
  name: string;
  email: string;
  role: Role;
  createdAt: Date;
}

/** A request that cannot be done as asked; the message says what to change. */
export class PeopleError extends RequestError {}

export function toPerson(user: { id: string; name: string; email: string; role?: unknown; createdAt: Date }): Person {
  return { id: user.id, name: user.name, email: user.email, role: isRole(user.role) ? user.role : 'viewer', createdAt: new Date(user.createdAt) };
}

function checkRole(role: string): Role {
  if (!isRole(role)) throw new PeopleError(`Unknown role "${role}": use one of ${ROLES.join(', ')}.`);
  return role;
}

/** Checks a new password's length (the one rule better-auth enforces on sign-up too). */
export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new PeopleError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new PeopleError(`The password must have at most ${MAX_PASSWORD_LENGTH} characters.`);
}

/** The person by email or id (removed or not), as stored; null when nobody has that address or id. */
export async function findPersonRow(emailOrId: string) {
  const key = emailOrId.trim();
  return prisma().user.findFirst({ where: key.includes('@') ? { email: key.toLowerCase() } : { id: key } });
}

/** The person by email or id when they can sign in; a PeopleError saying what is wrong otherwise. */
export async function findActivePerson(emailOrId: string) {
  const user = await findPersonRow(emailOrId);
  if (!user) throw new PeopleError(`Nobody is signed up as ${emailOrId.trim()}. See who is: npm run --silent retrace -- users list`, 404);
  if (user.removedAt) throw new PeopleError(`${user.email} was removed on ${user.removedAt.toISOString().slice(0, 10)}; add them again to let them back in.`, 409);
  return user;
}

/**
 * Locks the rows of the admins who can sign in, for the rest of the transaction, and counts them:
 * a demotion or removal decided under this lock cannot race another one into leaving no admin.
 */
export async function lockAdmins(tx: Prisma.TransactionClient): Promise<number> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "User" WHERE role = 'admin' AND "removedAt" IS NULL ORDER BY id FOR UPDATE`;
  return rows.length;
}

/**
 * Adds a person who signs in with email + password; the password is hashed by better-auth. A
 * removed person's address adds them back (same account, so their earlier reviews are theirs
 * again) with the new name, role and password. `addedById`: the admin (null: the command line).
 */
export async function addPerson(input: { email: string; name: string; role: string; password: string }, addedById: string | null = null): Promise<Person> {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  // The same check better-auth's sign-in makes: an address it would refuse could never sign in.
  if (!z.email().safeParse(email).success) throw new PeopleError(`"${input.email}" is not an email address better-auth accepts (the domain needs a dot and a letters-only ending, e.g. name@example.org).`);
  if (!name) throw new PeopleError('Give the person a name (shown in the header and beside their reviews).');
  if (name.length > 200) throw new PeopleError('The name must have at most 200 characters.');
  const role = checkRole(input.role);
  checkPassword(input.password);
  const ctx = await auth().$context;
  const existing = await findPersonRow(email);
  if (existing && !existing.removedAt) throw new PeopleError(`${email} already has an account; change their role instead.`, 409);
  const hash = await ctx.password.hash(input.password);
  if (existing) {
    const removedOn = existing.removedAt!.toISOString().slice(0, 10);
    const back = await prisma().$transaction(async (tx) => {
      const updated = await tx.user.update({ where: { id: existing.id }, data: { name, role, removedAt: null, removedById: null } });
      await recordPersonChange(tx, { personId: existing.id, kind: 'added', detail: `added back as ${role} (removed on ${removedOn})`, changedById: addedById });
      return updated;
    });
    // Removal dropped the credential account; a new one carries the new password.
    await ctx.internalAdapter.deleteAccounts(existing.id);
    await ctx.internalAdapter.linkAccount({ providerId: 'credential', accountId: existing.id, userId: existing.id, password: hash });
    return toPerson(back);
  }
  // The same steps as better-auth's own sign-up: a user, then its credential account.
  const user = await ctx.internalAdapter.createUser({ email, name, role, emailVerified: true }, { method: 'admin' });
  try {
    await ctx.internalAdapter.linkAccount({ providerId: 'credential', accountId: user.id, userId: user.id, password: hash });
  } catch (err) {
    await ctx.internalAdapter.deleteUser(user.id); // no user without a way to sign in
    throw err;
  }
  await recordPersonChange(prisma(), { personId: user.id, kind: 'added', detail: `as ${role}`, changedById: addedById });
  return toPerson(user);
}

/** Everyone who can sign in, oldest first (the first admin on top); removed people are left out. */
export async function listPeople(): Promise<Person[]> {
  const users = await prisma().user.findMany({ where: { removedAt: null }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return users.map((u) => toPerson(u));
}

/** How many people can sign in (0 before the first admin is added). */
export async function countPeople(): Promise<number> {
  return prisma().user.count({ where: { removedAt: null } });
}

/**
 * Changes a person's role (by email or id). Refuses to leave the studio without an admin: the
 * last admin cannot be demoted, by themselves or anyone else. `changedById`: the admin (null: the command line).
 */
export async function setPersonRole(emailOrId: string, newRole: string, changedById: string | null = null): Promise<Person> {
  const role = checkRole(newRole);
  const user = await findActivePerson(emailOrId);
  return prisma().$transaction(async (tx) => {
    const admins = await lockAdmins(tx);
    const current = await tx.user.findUniqueOrThrow({ where: { id: user.id } });
    if (current.removedAt) throw new PeopleError(`${current.email} was just removed.`, 409);
    if (current.role === role) return toPerson(current);
    if (current.role === 'admin' && admins <= 1) throw new PeopleError(`${current.email} is the last admin; make someone else an admin first, or nobody could manage people.`, 409);
    const updated = await tx.user.update({ where: { id: user.id }, data: { role } });
    await recordPersonChange(tx, { personId: user.id, kind: 'role_changed', detail: `${current.role} → ${role}`, changedById });
    return toPerson(updated);
  });
}
