import type PgBoss from 'pg-boss';
import { openBoss } from './queue';

const globalForBoss = globalThis as unknown as { retraceBoss?: Promise<PgBoss> };

/**
 * The web app's job-queue handle, for route handlers that enqueue work (imports, re-synthesis).
 * Started once per server process; the studio launcher puts the database URL in DATABASE_URL.
 */
export function webBoss(): Promise<PgBoss> {
  if (!globalForBoss.retraceBoss) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: start the web app with `npm run studio`, which sets it.');
    globalForBoss.retraceBoss = openBoss(url).catch((err) => {
      globalForBoss.retraceBoss = undefined;
      throw err;
    });
  }
  return globalForBoss.retraceBoss;
}
