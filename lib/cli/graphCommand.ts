import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { structureOf } from '../1-ingest/ingest';
import { openParseCache } from '../1-ingest/parse/parseCache';
import { graphJson } from '../1-ingest/structure/graphJson';
import { numberOption, UsageError, type CliValues } from './args';
import { progressBar } from './progress';

/** Never inside the folder read (its walk would list it): RETRACE_CACHE_DIR, else the user's cache folder. */
function parseCacheDir(): string {
  const base = process.env.RETRACE_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'retrace');
  return path.join(base, 'parse');
}

export async function graphCommand(args: string[], values: CliValues): Promise<number> {
  if (args.length !== 1) throw new UsageError('graph takes one folder: retrace graph DIR [--json]');
  const dir = args[0];
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder. graph reads a local folder; use ingest for git URLs and archives.`);
  const bar = progressBar(!values.json);
  // One cache file per folder: a second run parses only what changed (--no-cache parses everything).
  const cacheFile = path.join(parseCacheDir(), `${createHash('sha1').update(path.resolve(dir)).digest('hex')}.v8`);
  const parseCache = values['no-cache'] ? undefined : openParseCache(cacheFile);
  const structure = await structureOf(dir, { maxFileBytes: numberOption(values, 'max-file-bytes'), parseCache, onProgress: (phase, d, t) => bar.update(phase, d, t) });
  bar.done();
  try {
    parseCache?.save();
  } catch (err) {
    // The graph is right without it; say why the next run will not be faster.
    process.stderr.write(`retrace: could not write the parse cache ${cacheFile} (${(err as Error).message}); the next run parses everything again.\n`);
  }
  const json = graphJson(structure);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(json)}\n`);
    return 0;
  }
  const sources = json.files.filter((f) => f.language).length;
  const lines = [
    `${json.files.length} files (${sources} source), ${json.edges.length} edges, ${json.external.length} external imports, ${json.unresolved.length} unresolved, ${json.cycles.length} cycles, ${json.skipped.length} skipped`,
    '',
    'Implementation order:',
    ...json.order.map((p, i) => `  ${String(i + 1).padStart(4)}  ${p}`),
  ];
  if (json.cycles.length) lines.push('', 'Cycles:', ...json.cycles.map((c) => `  ${c.join(' → ')}`));
  if (json.unresolved.length) lines.push('', 'Unresolved imports:', ...json.unresolved.map((u) => `  ${u.from}:${u.line}  ${u.specifier}  (${u.reason})`));
  if (json.skipped.length) lines.push('', 'Skipped:', ...json.skipped.map((s) => `  ${s.path}  (${s.reason})`));
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
