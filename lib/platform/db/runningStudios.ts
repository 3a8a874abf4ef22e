/**
 * Where running studios say which database they use, so that every command finds it:
 * `RETRACE_HOME/studio.json` for commands run with the same home, and one file per studio in a
 * per-user folder (RETRACE_RUNTIME_DIR, else $XDG_RUNTIME_DIR/retrace, else the temp folder's
 * retrace-UID) for commands run with another home. Files of studios whose process is gone are
 * ignored and removed. They hold the database URL (with its password): readable by this user only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alive } from './embeddedPostgres';

export interface StudioRecord {
  pid: number;
  /** RETRACE_HOME of the studio, absolute. */
  home: string;
  databaseUrl: string;
  /** How the studio described its database, e.g. "embedded PostgreSQL on port 54329, data in …". */
  database: string;
  /** The studio's address, once it listens. */
  url: string | null;
  startedAt: string;
}

const HOME_RECORD = 'studio.json';

export function runtimeDir(): string {
  if (process.env.RETRACE_RUNTIME_DIR) return path.resolve(process.env.RETRACE_RUNTIME_DIR);
  if (process.env.XDG_RUNTIME_DIR) return path.join(process.env.XDG_RUNTIME_DIR, 'retrace');
  return path.join(os.tmpdir(), `retrace-${process.getuid?.() ?? 'user'}`);
}

/** The live studio recorded in `home`, if any. */
export function studioOfHome(home: string): StudioRecord | null {
  const file = path.join(home, HOME_RECORD);
  const record = readRecord(file);
  if (record && !alive(record.pid)) fs.rmSync(file, { force: true });
  return record && alive(record.pid) ? record : null;
}

/** Every live studio of this user, on any home. */
export function runningStudios(): StudioRecord[] {
  const dir = runtimeDir();
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /^studio-\d+\.json$/.test(n));
  } catch {
    return [];
  }
  const studios: StudioRecord[] = [];
  for (const name of names) {
    const record = readRecord(path.join(dir, name));
    if (record && alive(record.pid)) studios.push(record);
    else fs.rmSync(path.join(dir, name), { force: true });
  }
  return studios.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/**
 * Records this process as the studio of `record.home` (unless another live studio already is)
 * and in the per-user list. Returns a function that removes both; they are removed on exit too.
 */
export function recordStudio(record: StudioRecord): () => void {
  const homeFile = path.join(record.home, HOME_RECORD);
  const ownsHome = (studioOfHome(record.home)?.pid ?? process.pid) === process.pid;
  const listFile = path.join(ensureRuntimeDir(), `studio-${record.pid}.json`);
  if (ownsHome) writePrivate(homeFile, record);
  writePrivate(listFile, record);
  const remove = () => {
    if (ownsHome && readRecord(homeFile)?.pid === process.pid) fs.rmSync(homeFile, { force: true });
    fs.rmSync(listFile, { force: true });
  };
  process.once('exit', remove);
  return remove;
}

function ensureRuntimeDir(): string {
  const dir = runtimeDir();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.lstatSync(dir);
  // In a shared temp folder, someone else could have made it first to read or plant records.
  if (!stat.isDirectory() || stat.uid !== process.getuid?.() || (stat.mode & 0o077) !== 0) {
    throw new Error(`${dir}, where running studios are listed, must be a folder of this user's with mode 700; remove it, or set RETRACE_RUNTIME_DIR to another folder.`);
  }
  return dir;
}

function writePrivate(file: string, record: StudioRecord): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(partial, file);
}

function readRecord(file: string): StudioRecord | null {
  try {
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as StudioRecord;
    return Number.isInteger(record.pid) && typeof record.databaseUrl === 'string' && typeof record.home === 'string' ? record : null;
  } catch {
    return null;
  }
}
