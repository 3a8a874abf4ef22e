import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParseCache } from './parseCache';
import { createFileParser, type ParsedFileDetail } from './parser';

export interface SourceFile {
  path: string;
  content: string;
}

export interface ParseFilesOptions {
  /** Threads to parse on, this one included. Default: the machine's cores, at most 8. */
  threads?: number;
  onProgress?: (done: number, total: number) => void;
  /** Earlier parses (by content): only the files it does not hold are parsed, and it learns those. */
  cache?: ParseCache;
}

const BATCH_BYTES = 256 * 1024;
/** Below this much source, starting workers costs more than it saves. */
const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;

/**
 * Parses many files, spreading batches over worker threads (tree-sitter parsing is CPU-bound
 * and single-threaded). Results come back in input order. Falls back to this thread alone for
 * small inputs or when workers cannot start (e.g. inside a bundler that cannot ship the worker).
 */
export async function parseFiles(files: readonly SourceFile[], options: ParseFilesOptions = {}): Promise<ParsedFileDetail[]> {
  const { cache } = options;
  if (!cache) return parseAll(files, options);
  const results: (ParsedFileDetail | undefined)[] = files.map((f) => cache.get(f.path, f.content));
  const missing = files.flatMap((f, i) => (results[i] ? [] : [i]));
  const hits = files.length - missing.length;
  if (hits) options.onProgress?.(hits, files.length);
  const parsed = await parseAll(
    missing.map((i) => files[i]),
    { ...options, onProgress: (done) => options.onProgress?.(hits + done, files.length) },
  );
  missing.forEach((fileIndex, k) => {
    results[fileIndex] = parsed[k];
    cache.set(files[fileIndex].path, files[fileIndex].content, parsed[k]);
  });
  return results as ParsedFileDetail[];
}

async function parseAll(files: readonly SourceFile[], options: ParseFilesOptions): Promise<ParsedFileDetail[]> {
  const threads = Math.max(1, options.threads ?? Math.min(os.availableParallelism(), 8));
  const totalBytes = files.reduce((n, f) => n + f.content.length, 0);
  const results: ParsedFileDetail[] = new Array(files.length);
  const batches = makeBatches(files);
  let done = 0;
  const report = (n: number) => {
    done += n;
    options.onProgress?.(done, files.length);
  };
  const parser = await createFileParser();
  const parseHere = (batch: number[]) => {
    for (const i of batch) results[i] = parser.parse(files[i].path, files[i].content);
    report(batch.length);
  };
  if (threads === 1 || totalBytes < PARALLEL_MIN_BYTES) {
    batches.forEach(parseHere);
    return results;
  }
  let next = 0;
  const take = () => (next < batches.length ? batches[next++] : undefined);
  const workers = await Promise.all(Array.from({ length: threads - 1 }, startWorker));
  const live = workers.filter((w): w is Worker => w !== null);
  try {
    const workerLoops = live.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          // Two batches in flight, so a worker never waits while this thread is busy parsing.
          const inFlight: number[][] = [];
          const send = () => {
            const batch = take();
            if (!batch) return;
            inFlight.push(batch);
            worker.postMessage({ files: batch.map((i) => files[i]) });
          };
          worker.on('message', (msg: { results?: ParsedFileDetail[] }) => {
            const batch = inFlight.shift();
            if (!msg.results || !batch) return;
            msg.results.forEach((r, k) => (results[batch[k]] = r));
            report(batch.length);
            send();
            if (inFlight.length === 0) resolve();
          });
          worker.once('error', reject);
          send();
          send();
          if (inFlight.length === 0) resolve();
        }),
    );
    // This thread parses too, yielding between batches so worker messages are handled.
    const localLoop = (async () => {
      for (let batch = take(); batch; batch = take()) {
        parseHere(batch);
        await new Promise((r) => setImmediate(r));
      }
    })();
    await Promise.all([...workerLoops, localLoop]);
  } finally {
    await Promise.all(live.map((w) => w.terminate()));
  }
  return results;
}

function makeBatches(files: readonly SourceFile[]): number[][] {
  const batches: number[][] = [];
  let batch: number[] = [];
  let bytes = 0;
  files.forEach((f, i) => {
    batch.push(i);
    bytes += f.content.length;
    if (bytes >= BATCH_BYTES) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
  });
  if (batch.length) batches.push(batch);
  return batches;
}

/**
 * Workers do not inherit tsx's loader, so when running from TypeScript sources the worker
 * starts from a tiny ES module that registers tsx and then imports the real entry.
 */
function workerEntry(): URL {
  const entry = new URL(`./parseWorker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return entry;
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import { register } from ${JSON.stringify(tsxApi)};\nregister();\nawait import(${JSON.stringify(entry.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** A worker that has loaded web-tree-sitter, or null if workers cannot run here. */
function startWorker(): Promise<Worker | null> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(workerEntry());
    } catch {
      return resolve(null);
    }
    const fail = () => {
      void worker.terminate();
      resolve(null);
    };
    worker.once('error', fail);
    worker.once('message', (msg: { ready?: boolean }) => {
      worker.off('error', fail);
      resolve(msg.ready ? worker : null);
    });
  });
}
