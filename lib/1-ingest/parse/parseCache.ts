/**
 * A file of earlier parses of one tree, keyed by grammar and content hash: `retrace graph` run
 * again on a tree parses only the files that changed. The key also carries a fingerprint of the
 * parser itself (its code, web-tree-sitter and the grammars), so a new Retrace never reuses an
 * outline an older extractor made. A missing, stale or unreadable cache file is an empty cache.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { grammarFor } from './language';
import { parserRuntimeFiles, type ParsedFileDetail } from './parser';

export interface ParseCache {
  /** The stored parse of this file's content, or undefined. */
  get(filePath: string, content: string): ParsedFileDetail | undefined;
  set(filePath: string, content: string, detail: ParsedFileDetail): void;
  /** Writes what this run used (entries of files no longer there are dropped), atomically. */
  save(): void;
  readonly hits: number;
}

interface CacheFile {
  fingerprint: string;
  entries: Map<string, ParsedFileDetail>;
}

const keyOf = (filePath: string, content: string) => `${grammarFor(filePath)}:${createHash('sha1').update(content).digest('base64')}`;

let fingerprintMemo: string | null = null;

/**
 * What parsing depends on besides a file's content: the parse code (compiled, the parse worker's
 * bundle holds all of it; from sources, lib/1-ingest/parse's TypeScript) and the runtime and grammar files.
 */
export function parserFingerprint(): string {
  if (fingerprintMemo) return fingerprintMemo;
  const hash = createHash('sha1');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const compiledWorker = path.join(here, 'parseWorker.mjs');
  const codeFiles = fs.existsSync(compiledWorker) ? [compiledWorker] : sourceFilesUnder(here);
  for (const file of codeFiles) hash.update(file).update(fs.readFileSync(file));
  for (const file of parserRuntimeFiles()) {
    const stat = fs.statSync(file);
    hash.update(`${file}:${stat.size}:${stat.mtimeMs}`);
  }
  fingerprintMemo = hash.digest('hex');
  return fingerprintMemo;
}

function sourceFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFilesUnder(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out.sort();
}

function readCacheFile(file: string, fingerprint: string): Map<string, ParsedFileDetail> {
  try {
    const stored = v8.deserialize(fs.readFileSync(file)) as CacheFile;
    return stored.fingerprint === fingerprint && stored.entries instanceof Map ? stored.entries : new Map();
  } catch {
    return new Map();
  }
}

export function openParseCache(file: string): ParseCache {
  const fingerprint = parserFingerprint();
  const earlier = readCacheFile(file, fingerprint);
  const used = new Map<string, ParsedFileDetail>();
  let hits = 0;
  return {
    get(filePath, content) {
      const key = keyOf(filePath, content);
      const detail = earlier.get(key);
      if (detail) {
        hits++;
        used.set(key, detail);
      }
      return detail;
    },
    set(filePath, content, detail) {
      used.set(keyOf(filePath, content), detail);
    },
    save() {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, v8.serialize({ fingerprint, entries: used } satisfies CacheFile));
      fs.renameSync(tmp, file);
    },
    get hits() {
      return hits;
    },
  };
}
