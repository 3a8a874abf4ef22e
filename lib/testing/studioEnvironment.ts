import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshDatabase } from './database';

/** The address route and auth tests pretend the studio is at (better-auth checks origins against it). */
export const TEST_STUDIO_URL = 'http://127.0.0.1:3917';

/**
 * What a test of the studio's server code (route handlers, auth) needs before its first import of
 * the app's modules: its own database, and the environment those modules read once (DATABASE_URL,
 * a temporary RETRACE_HOME, BETTER_AUTH_URL, no secret). `close()` stops what the app started
 * (the web app's job queue, its database client), drops the database and removes the home.
 */
export async function openStudioEnvironment(label: string) {
  const db = await freshDatabase(label);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `retrace-${label.replace(/_/g, '-')}-`));
  process.env.DATABASE_URL = db.url;
  process.env.RETRACE_HOME = home;
  process.env.BETTER_AUTH_URL = TEST_STUDIO_URL;
  delete process.env.BETTER_AUTH_SECRET;
  return {
    db,
    home,
    close: async () => {
      if ((globalThis as { retraceBoss?: unknown }).retraceBoss) {
        const { webBoss } = await import('../platform/jobs/webBoss');
        await (await webBoss()).stop({ graceful: false, wait: true, timeout: 5000 });
      }
      const { prisma } = await import('../platform/db/client');
      await prisma().$disconnect();
      await db.drop();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
