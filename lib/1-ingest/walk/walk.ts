import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { Skipped } from '../structure/types';
import { skipReasonForName, skipReasonForContent } from './skipRules';

export interface WalkOptions {
  /** Files larger than this are skipped (bytes). Default 1 MiB. */
  maxFileBytes?: number;
  /** At most this many files are included; the rest are skipped with a reason. Default 100,000. */
  maxFiles?: number;
}

export interface WalkedFile {
  path: string;
  /** Exact text of the file (a UTF-8 byte-order mark, if any, is kept). */
  content: string;
  bytes: number;
}

export interface WalkResult {
  files: WalkedFile[];
  skipped: Skipped[];
  /** The walked folder's own name ('json' for /usr/lib/python3.11/json): the name a package at the root is imported by. */
  rootName: string;
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
export const DEFAULT_MAX_FILES = 100_000;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

interface IgnoreLayer {
  /** Folder of the .gitignore, relative to the root ('' for the root). */
  base: string;
  rules: Ignore;
}

/**
 * Lists the text files of a repository that Retrace ingests, and every file or folder it
 * leaves out with the reason. Paths are relative to `root`, `/`-separated, sorted.
 */
export function walkRepository(root: string, options: WalkOptions = {}): WalkResult {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const rootReal = fs.realpathSync(root);
  const files: WalkedFile[] = [];
  const skipped: Skipped[] = [];

  const visit = (relDir: string, layers: IgnoreLayer[]) => {
    const absDir = path.join(rootReal, relDir);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(absDir, { withFileTypes: true });
    } catch (err) {
      skipped.push({ path: relDir || '.', reason: `folder could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
      return;
    }
    const ownIgnore = entries.find((e) => e.name === '.gitignore' && e.isFile());
    if (ownIgnore) {
      const text = fs.readFileSync(path.join(absDir, '.gitignore'), 'utf8');
      layers = [...layers, { base: relDir, rules: ignore().add(text) }];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        const reason = symlinkReason(rootReal, rel);
        skipped.push({ path: rel, reason });
        continue;
      }
      if (!isDir && !entry.isFile()) {
        skipped.push({ path: rel, reason: 'not a regular file (device, socket or pipe)' });
        continue;
      }
      if (isIgnored(layers, rel, isDir)) {
        skipped.push({ path: isDir ? `${rel}/` : rel, reason: 'ignored by .gitignore' });
        continue;
      }
      const byName = skipReasonForName(entry.name, isDir);
      if (byName) {
        skipped.push({ path: isDir ? `${rel}/` : rel, reason: byName });
        continue;
      }
      if (isDir) {
        visit(rel, layers);
        continue;
      }
      const abs = path.join(rootReal, rel);
      let size: number;
      try {
        size = fs.statSync(abs).size;
      } catch (err) {
        skipped.push({ path: rel, reason: `could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
        continue;
      }
      if (size > maxFileBytes) {
        skipped.push({ path: rel, reason: `larger than the ${formatBytes(maxFileBytes)} limit (${formatBytes(size)})` });
        continue;
      }
      if (files.length >= maxFiles) {
        skipped.push({ path: rel, reason: `over the limit of ${maxFiles} files per repository` });
        continue;
      }
      const bytes = fs.readFileSync(abs);
      if (bytes.subarray(0, 8192).includes(0)) {
        skipped.push({ path: rel, reason: 'binary file (contains NUL bytes)' });
        continue;
      }
      let content: string;
      try {
        content = utf8.decode(bytes);
      } catch {
        skipped.push({ path: rel, reason: 'not valid UTF-8 text' });
        continue;
      }
      const byContent = skipReasonForContent(entry.name, content);
      if (byContent) {
        skipped.push({ path: rel, reason: byContent });
        continue;
      }
      files.push({ path: rel, content, bytes: bytes.length });
    }
  };
  visit('', []);
  // The name as given, not the symlink target's: Python imports a package by the folder name on sys.path.
  return { files, skipped, rootName: path.basename(path.resolve(root)) };
}

function isIgnored(layers: IgnoreLayer[], rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const { base, rules } of layers) {
    const local = base ? rel.slice(base.length + 1) : rel;
    const result = rules.test(isDir ? `${local}/` : local);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/** Symlinks are never followed: their targets are ingested under their own paths, if inside. */
function symlinkReason(rootReal: string, rel: string): string {
  const abs = path.join(rootReal, rel);
  let target: string;
  try {
    target = fs.realpathSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'symlink loop';
    return `broken symlink (${fs.readlinkSync(abs)})`;
  }
  const inside = target === rootReal || target.startsWith(rootReal + path.sep);
  if (!inside) return 'symlink pointing outside the repository';
  const targetRel = path.relative(rootReal, target).split(path.sep).join('/') || '.';
  return `symlink to ${targetRel} (ingested under its own path)`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
}
