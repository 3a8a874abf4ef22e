import { z } from 'zod';
import { auth } from './auth';
import { isRole, ROLES, type Role } from './roles';
import { RequestError } from '../http/requestError';

/**
 * People: add, list, change a role. Users, password hashes (scrypt) and sessions are
 * better-auth's; this module only goes through its server context (its adapter and its
 * password hasher), never its own crypto. Shared by `retrace users` and /people.
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

function toPerson(user: { id: string; name: string; email: string; createdAt: Date } & Record<string, unknown>): Person {
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

/** Adds a person who signs in with email + password; the password is hashed by better-auth. */
export async function addPerson(input: { email: string; name: string; role: string; password: string }): Promise<Person> {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  // The same check better-auth's sign-in makes: an address it would refuse could never sign in.
  if (!z.email().safeParse(email).success) throw new PeopleError(`"${input.email}" is not an email address better-auth accepts (the domain needs a dot and a letters-only ending, e.g. name@example.org).`);
  if (!name) throw new PeopleError('Give the person a name (shown in the header and beside their reviews).');
  if (name.length > 200) throw new PeopleError('The name must have at most 200 characters.');
  const role = checkRole(input.role);
  checkPassword(input.password);
  const ctx = await auth().$context;
  if (await ctx.internalAdapter.findUserByEmail(email)) throw new PeopleError(`${email} already has an account; change their role instead.`);
  const hash = await ctx.password.hash(input.password);
  // The same steps as better-auth's own sign-up: a user, then its credential account.
  const user = await ctx.internalAdapter.createUser({ email, name, role, emailVerified: true }, { method: 'admin' });
  try {
    await ctx.internalAdapter.linkAccount({ providerId: 'credential', accountId: user.id, userId: user.id, password: hash });
  } catch (err) {
    await ctx.internalAdapter.deleteUser(user.id); // no user without a way to sign in
    throw err;
  }
  return toPerson(user);
}

/** Everyone, oldest first (the first admin on top). */
export async function listPeople(): Promise<Person[]> {
  const ctx = await auth().$context;
  const users = await ctx.internalAdapter.listUsers(undefined, undefined, { field: 'createdAt', direction: 'asc' });
  return users.map((u) => toPerson(u as typeof u & Record<string, unknown>));
}

/** How many people exist (0 before the first admin is added). */
export async function countPeople(): Promise<number> {
  const ctx = await auth().$context;
  return ctx.internalAdapter.countTotalUsers();
}

/**
 * Changes a person's role (by email or id). Refuses to leave the studio without an admin: the
 * last admin cannot be demoted, by themselves or anyone else.
 */
export async function setPersonRole(emailOrId: string, newRole: string): Promise<Person> {
  const role = checkRole(newRole);
  const ctx = await auth().$context;
  const key = emailOrId.trim();
  const user = key.includes('@') ? (await ctx.internalAdapter.findUserByEmail(key.toLowerCase()))?.user : await ctx.internalAdapter.findUserById(key);
  if (!user) throw new PeopleError(`Nobody is signed up as ${key}. See who is: npm run --silent retrace -- users list`);
  const current = toPerson(user as typeof user & Record<string, unknown>);
  if (current.role === role) return current;
  if (current.role === 'admin') {
    const admins = await ctx.internalAdapter.countTotalUsers([{ field: 'role', value: 'admin' }]);
    if (admins <= 1) throw new PeopleError(`${current.email} is the last admin; make someone else an admin first, or nobody could manage people.`);
  }
  const updated = await ctx.internalAdapter.updateUser(user.id, { role });
  return toPerson(updated as typeof updated & Record<string, unknown>);
}
