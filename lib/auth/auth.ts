import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { betterAuth } from 'better-auth';
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
      fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    return fs.readFileSync(file, 'utf8').trim();
  }
}

function createAuth() {
  return betterAuth({
    database: prismaAdapter(prisma(), { provider: 'postgresql' }),
    secret: authSecret(),
    baseURL: process.env.BETTER_AUTH_URL,
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10 },
    user: { additionalFields: { role: { type: 'string', defaultValue: 'viewer', input: false } } },
    rateLimit: { enabled: true, storage: 'database', customRules: { '/sign-in/email': { window: 60, max: 5 } } },
    plugins: [nextCookies()],
  });
}

const globalForAuth = globalThis as unknown as { retraceAuth?: ReturnType<typeof createAuth> };

/** The web app's better-auth instance (created on first use: it needs the database). */
export function auth() {
  if (!globalForAuth.retraceAuth) globalForAuth.retraceAuth = createAuth();
  return globalForAuth.retraceAuth;
}
