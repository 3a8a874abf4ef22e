import pg from 'pg';
import { createPrismaClient } from '../platform/db/client';
import { withDatabase } from '../platform/db/database';
import { applyMigrations, readMigrations } from '../platform/db/migrate';

/**
 * A fresh, migrated database for one test file, on the server `npm test` prepared
 * (RETRACE_TEST_ADMIN_URL). Dropped by `drop()`. `migrations` (default: all) lets a migration's
 * test start from the migrations before it.
 */
export async function freshDatabase(label: string, migrations = readMigrations()) {
  const adminUrl = process.env.RETRACE_TEST_ADMIN_URL;
  if (!adminUrl) throw new Error('RETRACE_TEST_ADMIN_URL is not set: run database tests through `npm test`.');
  const name = `rt_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${Date.now() % 1e8}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  await applyMigrations(url, migrations);
  const prisma = createPrismaClient(url);
  return {
    url,
    prisma,
    drop: async () => {
      await prisma.$disconnect();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${a.escapeIdentifier(name)} WITH (FORCE)`);
      await a.end();
    },
  };
}
