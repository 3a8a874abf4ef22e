/**
 * Offline scorer throughput: train the n-gram scorer on one tree, then score every source file of
 * another with a prefix made of the contents of the files it imports (what a sub-agent has read
 * before writing it), as the CoT search does.
 *
 *   npm run bench -- scoring [--train DIR] [--score DIR] [--max-prefix-chars 32000] [--repeat 1]
 *
 * Defaults: train on the TypeScript sources `effect` ships, score those of `zod`. Prints the
 * training time, target tokens per second (the figure the issue asks for) and all tokens (prefix
 * + target) per second, on one thread; the mean clipped NLL with the imports as prefix against
 * an empty prefix shows the prefix doing something.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { codeTokens } from '../lib/3-search/scoring/codeTokens';
import { createNgramScorer } from '../lib/3-search/scoring/ngramScorer';
import { meanNll } from '../lib/3-search/scoring/types';

const { values } = parseArgs({
  options: {
    train: { type: 'string', default: 'node_modules/effect/src' },
    score: { type: 'string', default: 'node_modules/zod/src' },
    'max-prefix-chars': { type: 'string', default: '32000' },
    repeat: { type: 'string', default: '1' },
  },
  allowPositionals: true,
});
const maxPrefix = Number(values['max-prefix-chars']);
const repeat = Math.max(1, Number(values.repeat));

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx|js|mjs|py|go|rs|java)$/.test(e.name) && !/\.d\.ts$/.test(e.name)) out.push(p);
    }
  };
  walk(path.resolve(dir));
  return out;
}

/** Relative imports of a JS/TS file resolved to files of the tree (`./x.js` → `./x.ts`, folders → index). */
function importsOf(file: string, content: string, known: Set<string>): string[] {
  const out: string[] = [];
  for (const m of content.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
    const base = path.resolve(path.dirname(file), m[1]);
    const stem = base.replace(/\.(js|mjs|cjs|ts)$/, '');
    for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.js`, path.join(base, 'index.ts'), path.join(base, 'index.js')]) {
      if (known.has(candidate)) {
        if (!out.includes(candidate)) out.push(candidate);
        break;
      }
    }
  }
  return out;
}

const trainFiles = sources(values.train!);
const trainTexts = trainFiles.map((f) => fs.readFileSync(f, 'utf8'));
const memory = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
const heapBefore = memory();
const t0 = performance.now();
const scorer = createNgramScorer(trainTexts);
const trainSeconds = (performance.now() - t0) / 1000;
const heapMb = (memory() - heapBefore) / 1e6;

const scoreFiles = sources(values.score!);
const contents = new Map(scoreFiles.map((f) => [f, fs.readFileSync(f, 'utf8')]));
const known = new Set(scoreFiles);
const jobs = scoreFiles.map((f) => {
  const target = contents.get(f)!;
  let prefix = '';
  for (const dep of importsOf(f, target, known)) {
    prefix += `Action: Read(${path.relative(values.score!, dep)})\nObservation:\n${contents.get(dep)}\n\n`;
    if (prefix.length >= maxPrefix) break;
  }
  prefix = `${prefix.slice(0, maxPrefix)}Think: now the file itself.\nAction: Write(${path.relative(values.score!, f)})\n`;
  return { prefix, target };
});
// Token counts (outside the timed loop).
let targetTokens = 0;
let prefixTokens = 0;
for (const j of jobs) {
  targetTokens += codeTokens(j.target).length;
  prefixTokens += codeTokens(j.prefix).length;
}

scorer.scoreSync(jobs[0].prefix, jobs[0].target); // warm-up
let nllWith = 0;
let nllEmpty = 0;
const t1 = performance.now();
for (let r = 0; r < repeat; r++) for (const j of jobs) nllWith += meanNll(scorer.scoreSync(j.prefix, j.target));
const scoreSeconds = (performance.now() - t1) / 1000 / repeat;
for (const j of jobs) nllEmpty += meanNll(scorer.scoreSync('', j.target));

const rows = [
  {
    'trained on': values.train,
    'training files': scorer.training.documents,
    'training tokens': scorer.training.tokens,
    vocabulary: scorer.training.vocabulary,
    'n-grams': scorer.training.ngrams,
    'training s': +trainSeconds.toFixed(2),
    'training tokens/s': Math.round(scorer.training.tokens / trainSeconds),
    'model MB (heap + buffers)': Math.round(heapMb),
  },
];
const scoring = [
  {
    scored: values.score,
    files: jobs.length,
    'target tokens': targetTokens,
    'prefix tokens': prefixTokens,
    'scoring s': +scoreSeconds.toFixed(2),
    'target tokens/s': Math.round(targetTokens / scoreSeconds),
    'all tokens/s': Math.round((targetTokens + prefixTokens) / scoreSeconds),
    'mean NLL, imports as prefix': +(nllWith / repeat / jobs.length).toFixed(4),
    'mean NLL, empty prefix': +(nllEmpty / jobs.length).toFixed(4),
  },
];
console.log(`Offline scorer ${scorer.model} (labelled offline), one thread, Node ${process.version}`);
console.table(rows);
console.table(scoring);
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync(`bench/results/scoring-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`, JSON.stringify({ training: rows[0], scoring: scoring[0] }, null, 2));
