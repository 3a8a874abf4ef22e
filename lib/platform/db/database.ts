import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { freePortFrom, runningServerOf, startEmbeddedPostgres } from './embeddedPostgres';
import { applyMigrations } from './migrate';
import { runningStudios, studioOfHome } from './runningStudios';
import { reachableDataDir, serverUser } from './serverUser';
import { stateDir } from './stateDir';

export interface Database {
  url: string;
  /** Where it came from, for the start-up banner and the line commands print on a terminal. */
  description: string;
  /** Stops the embedded server if this process started it; otherwise does nothing. */
  close: () => Promise<void>;
}

/**
 * Who asks: the studio may create a home's database; a command uses the database of a studio
 * running with its home (or of a server already running on it), and refuses to create an empty
 * one while studios run elsewhere with other homes.
 */
export type DatabaseUser = 'studio' | 'command';

export const DEFAULT_EMBEDDED_PORT = 54329;
const DATABASE_NAME = 'retrace';

/**
 * The database Retrace uses, migrated: `DATABASE_URL` when set; else the database of the studio
 * running with this RETRACE_HOME (recorded in RETRACE_HOME/studio.json); else the home's embedded
 * PostgreSQL under RETRACE_HOME/postgres, joined when it already runs, started here otherwise.
 * A command prints which one it used on a terminal (stderr).
 */
export async function openDatabase(options: { migrate?: boolean; user?: DatabaseUser } = {}): Promise<Database> {
  const db = await locateDatabase(options.user ?? 'command');
  if (options.migrate !== false) {
    try {
      await applyMigrations(db.url);
    } catch (err) {
      await db.close();
      throw err;
    }
  }
  // The studio prints its own banner, and tells its worker (RETRACE_STUDIO_CHILD) not to repeat it.
  if ((options.user ?? 'command') === 'command' && process.stderr.isTTY && !process.env.RETRACE_STUDIO_CHILD) {
    process.stderr.write(`Database: ${db.description}\n`);
  }
  return db;
}

async function locateDatabase(user: DatabaseUser): Promise<Database> {
  const external = process.env.DATABASE_URL;
  if (external) {
    await checkReachable(external);
    return { url: external, description: `PostgreSQL at ${redact(external)} (DATABASE_URL)`, close: async () => {} };
  }
  const home = stateDir();
  const studio = studioOfHome(home);
  if (studio) {
    await checkReachable(studio.databaseUrl, `The studio running with RETRACE_HOME=${home} (pid ${studio.pid}) uses ${redact(studio.databaseUrl)}, which does not answer`);
    return { url: studio.databaseUrl, description: `the studio's (pid ${studio.pid}, RETRACE_HOME=${home}): ${studio.database}`, close: async () => {} };
  }
  const wanted = path.join(home, 'postgres');
  const dataDir = reachableDataDir(serverUser(), wanted);
  const where = dataDir === wanted ? wanted : `${dataDir} (linked from ${wanted})`;
  const running = runningServerOf(dataDir);
  if (running) {
    // Started by another Retrace process of this home (a worker, a studio of an earlier version).
    const url = (db: string) => `postgresql://retrace:retrace@127.0.0.1:${running.port}/${db}`;
    await checkReachable(url('postgres'), `The embedded PostgreSQL of ${where} runs (pid ${running.pid}) but does not answer on port ${running.port}`);
    await createDatabaseIfMissing(url('postgres'), DATABASE_NAME);
    return { url: url(DATABASE_NAME), description: `embedded PostgreSQL on port ${running.port} (shared), data in ${where}`, close: async () => {} };
  }
  if (user === 'command' && !existsSync(path.join(dataDir, 'PG_VERSION'))) refuseIfStudiosElsewhere(home);
  const wantedPort = Number(process.env.RETRACE_PG_PORT ?? DEFAULT_EMBEDDED_PORT);
  const port = await freePortFrom(wantedPort, 20, 'RETRACE_PG_PORT');
  const cluster = await startEmbeddedPostgres(dataDir, port);
  await createDatabaseIfMissing(cluster.url('postgres'), DATABASE_NAME);
  return {
    url: cluster.url(DATABASE_NAME),
    description: `embedded PostgreSQL on port ${port}${port !== wantedPort ? ` (${wantedPort} was busy)` : ''}, data in ${where}`,
    close: cluster.stop,
  };
}

/** A command about to create an empty database while the data people mean is elsewhere says where it is instead. */
function refuseIfStudiosElsewhere(home: string): void {
  const others = runningStudios().filter((s) => s.home !== home);
  if (others.length === 0) return;
  const found = others.map((s) => `  pid ${s.pid}${s.url ? ` at ${s.url}` : ''}: RETRACE_HOME=${s.home}, ${s.database}`).join('\n');
  const first = others[others.length - 1];
  throw new Error(
    `There is no Retrace database in ${home} yet, and ${others.length === 1 ? 'a studio runs' : 'studios run'} with another home:\n${found}\n` +
      `Point this command at it: RETRACE_HOME=${first.home} (or DATABASE_URL=${redact(first.databaseUrl)}; the full URL is in ${path.join(first.home, 'studio.json')}). ` +
      `To create a new database in ${home} instead, start a studio there: RETRACE_HOME=${home} npm run studio.`,
  );
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
