/**
 * One measured run of the graph pipeline over DIR, in this process: end-to-end (walk → parse →
 * resolve → order) on one thread and on every core, then the raw tree-sitter parse of the same
 * source files (already in memory, one thread) as the baseline. Prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { languageOf } from '../lib/1-ingest/parse/language';
import { createFileParser } from '../lib/1-ingest/parse/parser';
import { extractStructure } from '../lib/1-ingest/structure/extractStructure';
import { walkRepository } from '../lib/1-ingest/walk/walk';

const dir = process.argv[2];
if (!dir) throw new Error('usage: tsx bench/graphOnce.ts DIR');

const parser = await createFileParser();
// Load every grammar first, so no measurement pays for it.
for (const sample of ['a.py', 'a.js', 'a.ts', 'a.tsx', 'a.go', 'a.rs', 'a.java']) parser.rawParse(sample, '');

async function endToEnd(threads?: number) {
  const t0 = performance.now();
  const walk = walkRepository(dir);
  const walkMs = performance.now() - t0;
  const structure = await extractStructure(walk, { threads });
  return { walk, structure, walkMs, ms: performance.now() - t0 };
}

const single = await endToEnd(1);
const multi = await endToEnd();
const maxRssMiB = process.resourceUsage().maxRSS / 1024;

const sources = single.walk.files.filter((f) => languageOf(f.path));
const r0 = performance.now();
for (const f of sources) parser.rawParse(f.path, f.content);
const rawParseMs = performance.now() - r0;

console.log(
  JSON.stringify({
    dir,
    files: single.walk.files.length,
    sourceFiles: sources.length,
    sourceBytes: sources.reduce((n, f) => n + f.bytes, 0),
    skipped: single.walk.skipped.length,
    edges: single.structure.edges.length,
    cycles: single.structure.cycles.length,
    walkMs: single.walkMs,
    endToEndMs: single.ms,
    endToEndAllCoresMs: multi.ms,
    rawParseMs,
    maxRssMiB,
  }),
);
