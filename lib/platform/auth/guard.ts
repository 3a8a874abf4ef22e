import { auth, studioOrigins } from './auth';
import { hasRole, isRole, type Role } from './roles';
import { RequestError } from '../http/requestError';

export interface SignedInUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** Not signed in (401) or not allowed (403); route handlers answer it as JSON through answerRequest. */
export class AuthError extends RequestError {
  constructor(status: 401 | 403, message: string) {
    super(message, status);
  }
}

/** The signed-in user of a request (from its session cookie), or null. */
export async function currentUser(headers: Headers): Promise<SignedInUser | null> {
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  const { id, name, email, role } = session.user as { id: string; name: string; email: string; role?: unknown };
  return { id, name, email, role: isRole(role) ? role : 'viewer' };
}

/**
 * The signed-in user when their role is at least `minimum`; otherwise an AuthError saying what is
 * missing. A browser request from another origin is refused too: the session cookie is
 * SameSite=Lax, which still lets another site on the same host (another port) send it.
 */
export async function requireRole(headers: Headers, minimum: Role): Promise<SignedInUser> {
  const origin = headers.get('origin');
  if (origin !== null && !isStudioOrigin(origin, headers)) {
    throw new AuthError(403, `Refused a change sent from ${origin}, which is not this studio. Make changes from the studio's own pages.`);
  }
  const user = await currentUser(headers);
  if (!user) throw new AuthError(401, 'Sign in first: this changes data, and every change is recorded with who made it.');
  if (!hasRole(user.role, minimum)) throw new AuthError(403, `This needs the ${minimum} role; ${user.email} is a ${user.role}. Ask an admin.`);
  return user;
}

/** True when `origin` is the studio's own (BETTER_AUTH_URL, BETTER_AUTH_TRUSTED_ORIGINS, else the request's host). */
function isStudioOrigin(origin: string, headers: Headers): boolean {
  const trusted = [...studioOrigins(process.env.BETTER_AUTH_URL || undefined), ...(process.env.BETTER_AUTH_TRUSTED_ORIGINS ?? '').split(',').map((o) => o.trim())].filter(Boolean);
  if (trusted.length > 0) return trusted.includes(origin);
  const host = headers.get('host');
  return host !== null && (origin === `http://${host}` || origin === `https://${host}`);
}
