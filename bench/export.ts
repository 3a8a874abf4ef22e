/**
 * Export throughput beside the raw tokenizer's, on the same text in the same run.
 *
 *   npm run bench -- export [--tokenizer llama3] [--context 65536] [--rounds 3] [DIR...]
 *   (default trees: zod's v4 core sources and hyparquet's, as npm ships them)
 *
 * Each tree is structured and synthesized offline in memory (no database). Then, alternating over
 * `--rounds` rounds so that any warm-up or cache helps both alike: (a) the raw tokenizer encodes
 * each flattened trajectory text whole; (b) the export path takes the same trajectories from
 * memory through flatten → tokenize piece by piece → labels → pack → JSONL or Parquet shards on
 * disk. Both rates count the same tokens (the flattened texts'). Target: (b) ≥ 70% of (a).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createOfflineModel } from '../lib/2-synthesize/offlineModel';
import { synthesize } from '../lib/2-synthesize/synthesize';
import type { SynthesizedTrajectory } from '../lib/2-synthesize/types';
import { flattenTrajectory } from '../lib/5-export/flatten';
import { createExportPipeline, DEFAULT_CONTEXT } from '../lib/5-export/runExport';
import { loadTokenizer } from '../lib/5-export/tokenizers';
import type { ExportFormat } from '../lib/5-export/writers';
import { structureOf } from '../lib/1-ingest/ingest';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const TOKENIZER = option('tokenizer', 'llama3');
const CONTEXT = Number(option('context', String(DEFAULT_CONTEXT)));
const ROUNDS = Math.max(1, Number(option('rounds', '3')));
const TARGET = 0.7;
const valueOptions = new Set(['--tokenizer', '--context', '--rounds']);
const dirs = process.argv.slice(2).filter((a, i, all) => a !== 'export' && !a.startsWith('--') && !valueOptions.has(all[i - 1]));
const trees = dirs.length ? dirs : ['node_modules/zod/src/v4/core', 'node_modules/hyparquet/src'];

const tokenizer = loadTokenizer(TOKENIZER);
const items: { id: string; repository: string; trajectory: SynthesizedTrajectory }[] = [];
for (const dir of trees) {
  const structure = await structureOf(path.resolve(dir));
  items.push({ id: `bench-${items.length}`, repository: dir, trajectory: await synthesize(structure, createOfflineModel()) });
}
const flatTexts = items.map((it) => flattenTrajectory(it.trajectory, { repository: it.repository, commit: null }).text);
const chars = flatTexts.reduce((n, t) => n + t.length, 0);

function raw(): { tokens: number; seconds: number } {
  const t0 = performance.now();
  let tokens = 0;
  for (const text of flatTexts) tokens += tokenizer.encode(text).length;
  return { tokens, seconds: (performance.now() - t0) / 1000 };
}

function exportPath(format: ExportFormat): { tokens: number; seconds: number; sequences: number; bytes: number } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-bench-export-'));
  try {
    const t0 = performance.now();
    const pipeline = createExportPipeline({ tokenizer, context: CONTEXT, pad: false, format, withText: false, out, shardSequences: 1000 });
    let tokens = 0;
    for (const it of items) tokens += pipeline.add(it.id, flattenTrajectory(it.trajectory, { repository: it.repository, commit: null })).tokens;
    const done = pipeline.finish();
    const seconds = (performance.now() - t0) / 1000;
    const bytes = done.data.reduce((n, f) => n + fs.statSync(path.join(out, f)).size, 0);
    return { tokens, seconds, sequences: done.counts.sequences, bytes };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
raw(); // warm-up: the tokenizer's tables and JIT
const runs: Record<'raw' | ExportFormat, { tokens: number; seconds: number; sequences?: number; bytes?: number }[]> = { raw: [], jsonl: [], parquet: [] };
for (let r = 0; r < ROUNDS; r++) {
  runs.raw.push(raw());
  runs.jsonl.push(exportPath('jsonl'));
  runs.parquet.push(exportPath('parquet'));
}
const rawRate = median(runs.raw.map((x) => x.tokens / x.seconds));
const rows = (['raw', 'jsonl', 'parquet'] as const).map((kind) => {
  const rate = median(runs[kind].map((x) => x.tokens / x.seconds));
  const last = runs[kind][runs[kind].length - 1];
  return {
    path: kind === 'raw' ? `raw ${TOKENIZER} encode` : `export → ${kind}`,
    tokens: last.tokens,
    'median s': +median(runs[kind].map((x) => x.seconds)).toFixed(3),
    'tokens/s': Math.round(rate),
    'vs raw': kind === 'raw' ? '100%' : `${((100 * rate) / rawRate).toFixed(1)}%`,
    sequences: last.sequences ?? '',
    'MB written': last.bytes === undefined ? '' : +(last.bytes / 1e6).toFixed(1),
    target: kind === 'raw' ? '' : rate >= TARGET * rawRate ? `met (≥ ${TARGET * 100}%)` : `MISSED (< ${TARGET * 100}%)`,
  };
});
console.log(`${items.length} trajectories from ${trees.join(', ')}: ${items.reduce((n, it) => n + it.trajectory.steps.length, 0)} steps, ${(chars / 1e6).toFixed(1)} M characters flattened; tokenizer ${TOKENIZER}, context ${CONTEXT}, ${ROUNDS} rounds`);
console.table(rows);
fs.mkdirSync('bench/results', { recursive: true });
const file = `bench/results/export-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`;
fs.writeFileSync(file, JSON.stringify({ trees, tokenizer: TOKENIZER, context: CONTEXT, rounds: ROUNDS, characters: chars, rows, runs }, null, 2));
console.log(`Figures kept in ${file}`);
