import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from './database';
import { MIGRATIONS_DIR, readMigrations } from './migrate';
import { runPrismaCli } from './prismaCli';

export const SCHEMA_PATH = path.resolve(process.cwd(), 'prisma/schema.prisma');

/**
 * Development tool: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL
 * that takes a database at the current migrations to schema.prisma. Returns the new folder,
 * or null when the schema and the migrations already agree.
 */
export async function createMigration(name: string): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error('A migration name uses a-z, 0-9 and _ only, e.g. add_trajectories.');
  const sql = await pendingSchemaChange();
  if (sql === null) return null;
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
  fs.copyFileSync(SCHEMA_PATH, path.join(dir, 'schema.prisma'));
  return dir;
}

/**
 * The SQL from the schema the last migration produced (kept beside it as schema.prisma) to
 * the current schema.prisma, or null when there is none. Prisma 6 with a driver adapter
 * cannot diff against a live database or a migrations folder, but it can diff two datamodels.
 */
export async function pendingSchemaChange(schemaPath = SCHEMA_PATH): Promise<string | null> {
  const last = readMigrations().at(-1);
  const lastSchema = last ? path.join(MIGRATIONS_DIR, last.name, 'schema.prisma') : null;
  if (lastSchema && !fs.existsSync(lastSchema)) {
    throw new Error(
      `The last migration (${last!.name}) has no schema.prisma beside it, so there is nothing to diff from. ` +
        `Copy the schema.prisma that migration produces into its folder (for one written by hand, prisma/schema.prisma as of the commit that added it).`,
    );
  }
  const from = lastSchema ? ['--from-schema-datamodel', lastSchema] : ['--from-empty'];
  // The CLI connects through the adapter in prisma.config.ts even for a datamodel diff.
  const db = await openDatabase({ migrate: false });
  try {
    const { status, stdout, stderr } = runPrismaCli(
      ['migrate', 'diff', ...from, '--to-schema-datamodel', schemaPath, '--script'],
      { DATABASE_URL: db.url },
    );
    if (status !== 0) throw new Error(`prisma migrate diff failed:\n${stderr}${stdout}`);
    const sql = stdout.slice(Math.max(0, stdout.indexOf('--'))).trim();
    return sql === '' || /^-- This is an empty migration\.?$/.test(sql) ? null : `${sql}\n`;
  } finally {
    await db.close();
  }
}
