import crypto from 'node:crypto';
import { auth } from './auth';
import type { Role } from './roles';
import { addPerson, type Person } from './users';

/**
 * For in-process tests of route handlers: a new person with `role` and a real better-auth
 * session, as the request headers a signed-in browser would send. Set DATABASE_URL (and reset
 * the clients if a previous test used another database) before calling it.
 *
 *   const { headers } = await signedInHeaders('reviewer');
 *   await POST(new Request('http://127.0.0.1/api/imports', { method: 'POST', headers, body }));
 */
export async function signedInHeaders(role: Role, options: { email?: string; name?: string; password?: string } = {}): Promise<{ person: Person; headers: Headers; cookie: string }> {
  const email = options.email ?? `${role}-${crypto.randomUUID().slice(0, 8)}@test.invalid`;
  const password = options.password ?? `pw-${crypto.randomUUID()}`;
  const person = await addPerson({ email, name: options.name ?? `Test ${role}`, role, password });
  const cookie = await sessionCookie(email, password);
  return { person, headers: new Headers({ cookie }), cookie };
}

/** Signs in through better-auth's server API and returns the Cookie header value its response sets. */
export async function sessionCookie(email: string, password: string): Promise<string> {
  const response = await auth().api.signInEmail({ body: { email, password }, asResponse: true });
  if (!response.ok) throw new Error(`Signing in ${email} failed: ${response.status} ${await response.text()}`);
  const pairs = response.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (pairs.length === 0) throw new Error(`Signing in ${email} set no cookie.`);
  return pairs.join('; ');
}
