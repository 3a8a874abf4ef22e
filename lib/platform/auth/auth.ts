import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { betterAuth } from 'better-auth';
import { APIError } from 'better-auth/api';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { nextCookies } from 'better-auth/next-js';
import { prisma } from '../db/client';
import { stateDir } from '../db/stateDir';

/**
 * The signing secret: BETTER_AUTH_SECRET when set, else one generated on first use and kept in
 * RETRACE_HOME/auth-secret (mode 600), so sessions survive restarts and every process of one
 * studio agrees on it.
 */
export function authSecret(): string {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = path.join(stateDir(), 'auth-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      // 'wx': when two processes start at once, the first one's secret wins and both read it.
      fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    return fs.readFileSync(file, 'utf8').trim();
  }
}

/** Sign-in attempts allowed per minute and client address (RETRACE_SIGN_IN_LIMIT, default 5). */
export function signInLimit(): number {
  const n = Number(process.env.RETRACE_SIGN_IN_LIMIT ?? 5);
  return Number.isInteger(n) && n > 0 ? n : 5;
}

/** The studio's own origins: BETTER_AUTH_URL's, plus its other loopback spelling (127.0.0.1 ⇄ localhost). */
export function studioOrigins(baseURL: string | undefined): string[] {
  if (!baseURL) return [];
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    throw new Error(`BETTER_AUTH_URL is not a URL: ${JSON.stringify(baseURL)}. Set it to the studio's address, e.g. http://127.0.0.1:3000.`);
  }
  const origins = [url.origin];
  const other = url.hostname === '127.0.0.1' ? 'localhost' : url.hostname === 'localhost' ? '127.0.0.1' : null;
  if (other) origins.push(`${url.protocol}//${other}${url.port ? `:${url.port}` : ''}`);
  return origins;
}

const globalForAuth = globalThis as unknown as { retraceAuth?: ReturnType<typeof createAuth>; retraceAuthQuiet?: boolean };

/** Only errors from better-auth's logger (the command line, which serves no requests). */
export function quietAuthLogs(): void {
  globalForAuth.retraceAuthQuiet = true;
}

function createAuth() {
  // Read here (not at import) so the launcher's and the tests' environment is what counts.
  const baseURL = process.env.BETTER_AUTH_URL || undefined;
  return betterAuth({
    appName: 'Retrace',
    // The command line has no URL to give; its warnings about that would only be noise.
    logger: { level: globalForAuth.retraceAuthQuiet ? 'error' : 'warn' },
    database: prismaAdapter(prisma(), { provider: 'postgresql' }),
    secret: authSecret(),
    baseURL,
    // Better-auth also adds BETTER_AUTH_TRUSTED_ORIGINS (comma-separated) to these.
    trustedOrigins: studioOrigins(baseURL),
    // People are added by an admin (CLI or /people), never by signing themselves up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10 },
    user: { additionalFields: { role: { type: 'string', required: false, defaultValue: 'viewer', input: false } } },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    databaseHooks: {
      session: {
        create: {
          // A removed person has no password left; this also covers a sign-in that lands while
          // they are being removed. Same answer as a wrong password: nothing to learn from it.
          before: async (session) => {
            const user = await prisma().user.findUnique({ where: { id: session.userId }, select: { removedAt: true } });
            if (!user || user.removedAt) throw new APIError('UNAUTHORIZED', { message: 'Invalid email or password', code: 'INVALID_EMAIL_OR_PASSWORD' });
          },
        },
      },
    },
    rateLimit: {
      // On in every environment (better-auth's default is production only), kept in PostgreSQL
      // so the count holds across restarts and across the studio's processes.
      enabled: true,
      storage: 'database',
      customRules: { '/sign-in/email': { window: 60, max: signInLimit() } },
    },
    advanced: {
      // better-auth turns its origin (CSRF) check off when NODE_ENV=test; keep it on everywhere,
      // so the tests check what the studio runs.
      disableOriginCheck: false,
      // Secure cookies only when the studio is served over https; on plain http a browser would
      // drop them (except on localhost) and nobody could sign in.
      useSecureCookies: baseURL ? baseURL.startsWith('https://') : false,
    },
    plugins: [nextCookies()], // must stay last: it copies Set-Cookie into Next's cookie store
  });
}

export type RetraceAuth = ReturnType<typeof createAuth>;


/** The web app's better-auth instance (created on first use: it needs the database). */
export function auth(): RetraceAuth {
  if (!globalForAuth.retraceAuth) globalForAuth.retraceAuth = createAuth();
  return globalForAuth.retraceAuth;
}

/** Forgets the instance, so the next auth() reads the environment again (tests only). */
export function resetAuthForTests(): void {
  globalForAuth.retraceAuth = undefined;
}
