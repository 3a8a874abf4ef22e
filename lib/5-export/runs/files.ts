/**
 * An export's files on the studio's disk: `RETRACE_HOME/exports/<run id>/`. Names that come from
 * requests are only ever looked up in the run's own listing, so nothing outside that folder can
 * be named, whatever the request says.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stateDir } from '../../platform/db/stateDir';
import { isUuid } from '../../platform/http/requestValues';

export interface ExportFile {
  /** `README.md`, `manifest.json`, `data-00000.jsonl`, `atif/<trajectory id>.json`. */
  name: string;
  bytes: number;
}

// Joined with `turbopackIgnore`: the build cannot see that `dir` is under RETRACE_HOME and would
// otherwise trace the whole project into the server output.
/** The subfolder an export may have (ATIF files); its files are listed as `atif/<name>`. */
const SUBFOLDERS = ['atif'];

export function exportsRoot(): string {
  return path.join(stateDir(), 'exports');
}

/** The run's folder. Only for ids that are UUIDs, so an id can never walk out of exportsRoot. */
export function exportDir(exportRunId: string): string {
  if (!isUuid(exportRunId)) throw new Error(`Not an export id: ${JSON.stringify(String(exportRunId).slice(0, 100))}.`);
  return path.join(exportsRoot(), exportRunId.toLowerCase());
}

/** A plain file name: no separators, not `.` or `..`, no NUL, not hidden. */
function isPlainName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && !/[/\\\0]/.test(name) && !name.startsWith('.');
}

function regularFiles(dir: string): { name: string; bytes: number }[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  // Dirent.isFile() is false for symlinks, so a link can never be offered.
  return entries.filter((e) => e.isFile() && isPlainName(e.name)).map((e) => ({ name: e.name, bytes: fs.statSync(path.join(dir, e.name)).size }));
}

const ORDER = (name: string) => (name === 'README.md' ? 0 : name === 'manifest.json' ? 1 : name.startsWith('data-') ? 2 : name.includes('/') ? 4 : 3);

/**
 * Listings by folder, reused while neither the folder nor its subfolders changed (their mtimes),
 * so the page's polling does not stat thousands of ATIF files every second.
 */
const cache = new Map<string, { stamp: string; files: ExportFile[] }>();

function folderStamp(dir: string): string {
  return [dir, ...SUBFOLDERS.map((sub) => path.join(/*turbopackIgnore: true*/ dir, sub))].map((d) => fs.statSync(d, { throwIfNoEntry: false })?.mtimeMs ?? '-').join(':');
}

/** Every file of an export: the card, the manifest, the data shards, then `atif/…`. Empty when there is no folder. */
export function listExportFiles(exportRunId: string): ExportFile[] {
  if (!isUuid(exportRunId)) return [];
  const dir = exportDir(exportRunId);
  const stamp = folderStamp(dir);
  const known = cache.get(dir);
  if (known?.stamp === stamp) return known.files;
  const files = readListing(dir);
  if (cache.size > 500) cache.clear();
  cache.set(dir, { stamp, files });
  return files;
}

function readListing(dir: string): ExportFile[] {
  const files: ExportFile[] = regularFiles(dir);
  for (const sub of SUBFOLDERS) {
    const stat = fs.lstatSync(path.join(/*turbopackIgnore: true*/ dir, sub), { throwIfNoEntry: false });
    if (stat?.isDirectory()) for (const f of regularFiles(path.join(/*turbopackIgnore: true*/ dir, sub))) files.push({ name: `${sub}/${f.name}`, bytes: f.bytes });
  }
  return files.sort((a, b) => ORDER(a.name) - ORDER(b.name) || a.name.localeCompare(b.name, 'en'));
}

/** Whether a requested name has the shape of a listed one (`NAME` or `atif/NAME`), before any disk access. */
export function isExportFileName(name: string): boolean {
  const parts = name.split('/');
  if (parts.length === 1) return isPlainName(parts[0]);
  return parts.length === 2 && SUBFOLDERS.includes(parts[0]) && isPlainName(parts[1]);
}

/** The path of one of the export's files, or null when the name is not in its listing. */
export function exportFilePath(exportRunId: string, name: string): string | null {
  if (!isUuid(exportRunId) || !isExportFileName(name)) return null;
  const listed = listExportFiles(exportRunId).some((f) => f.name === name);
  if (!listed) return null;
  const dir = exportDir(exportRunId);
  const file = path.join(dir, ...name.split('/'));
  // Belt and braces: the joined path must still be inside the run's folder.
  return path.relative(dir, file).startsWith('..') ? null : file;
}

/** Removes an export's folder (a cancelled or failed run's partial files). */
export function removeExportDir(exportRunId: string): void {
  if (isUuid(exportRunId)) fs.rmSync(exportDir(exportRunId), { recursive: true, force: true });
}

/** A Content-Type that never lets a browser render a download as a page. */
export function contentTypeOf(name: string): string {
  if (name.endsWith('.jsonl')) return 'application/x-ndjson';
  if (name.endsWith('.json')) return 'application/json';
  if (name.endsWith('.md')) return 'text/markdown; charset=utf-8';
  if (name.endsWith('.parquet')) return 'application/vnd.apache.parquet';
  return 'application/octet-stream';
}

/** `attachment` with an ASCII fallback and the UTF-8 name; `atif/X.json` downloads as `atif-X.json`. */
export function contentDispositionOf(name: string): string {
  const base = name.replace('/', '-');
  const ascii = base.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}
