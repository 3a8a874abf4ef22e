import path from 'node:path';
import pg from 'pg';
import { portInUse, startEmbeddedPostgres } from './embeddedPostgres';
import { applyMigrations } from './migrate';
import { reachableDataDir, serverUser } from './serverUser';
import { stateDir } from './stateDir';

export interface Database {
  url: string;
  /** Where it came from, for the start-up banner. */
  description: string;
  /** Stops the embedded server if this process started it; otherwise does nothing. */
  close: () => Promise<void>;
}

export const DEFAULT_EMBEDDED_PORT = 54329;
const DATABASE_NAME = 'retrace';


/**
 * The database Retrace uses: `DATABASE_URL` when set, else the embedded PostgreSQL under
 * .retrace/postgres (started here, or shared with a studio that already runs it).
 * Migrations are applied either way.
 */
export async function openDatabase(options: { migrate?: boolean } = {}): Promise<Database> {
  const db = await locateDatabase();
  if (options.migrate !== false) {
    try {
      await applyMigrations(db.url);
    } catch (err) {
      await db.close();
      throw err;
    }
  }
  return db;
}

async function locateDatabase(): Promise<Database> {
  const external = process.env.DATABASE_URL;
  if (external) {
    await checkReachable(external);
    return { url: external, description: `PostgreSQL at ${redact(external)}`, close: async () => {} };
  }
  const port = Number(process.env.RETRACE_PG_PORT ?? DEFAULT_EMBEDDED_PORT);
  const wanted = path.join(stateDir(), 'postgres');
  const dataDir = reachableDataDir(serverUser(), wanted);
  const where = dataDir === wanted ? wanted : `${dataDir} (linked from ${wanted})`;
  const adminUrl = (db: string) => `postgresql://retrace:retrace@127.0.0.1:${port}/${db}`;
  if (await portInUse(port)) {
    // Another Retrace process (a running studio) already serves the embedded database.
    await checkReachable(adminUrl('postgres'), `Port ${port} is in use by something that is not Retrace's embedded PostgreSQL`);
    await createDatabaseIfMissing(adminUrl('postgres'), DATABASE_NAME);
    return { url: adminUrl(DATABASE_NAME), description: `embedded PostgreSQL on port ${port} (shared)`, close: async () => {} };
  }
  const cluster = await startEmbeddedPostgres(dataDir, port);
  await createDatabaseIfMissing(cluster.url('postgres'), DATABASE_NAME);
  return {
    url: cluster.url(DATABASE_NAME),
    description: `embedded PostgreSQL on port ${port}, data in ${where}`,
    close: cluster.stop,
  };
}

export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } catch (err) {
    // Two processes starting together may race to create it.
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await client.end();
  }
}

async function checkReachable(url: string, context?: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(
      `${context ?? `Cannot connect to PostgreSQL at ${redact(url)}`}: ${(err as Error).message}. ` +
        `Check that the server runs and the URL is right, or unset DATABASE_URL to use the embedded PostgreSQL.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A connection URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** The same server URL naming another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
