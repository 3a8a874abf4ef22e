/**
 * Trajectory shape on real trees, per read policy (`repeated`: full | once | reference, readPolicy.ts):
 * trajectory tokens / repository code tokens (the paper: ~12.1k for ~4.9k, about 2.5×) and the share
 * of trajectory tokens trained on (not loss-masked Observations). Offline provider, Llama-3 tokens.
 *
 *   npm run bench -- trajectory [DIR...]   (default: npm package sources and Python stdlib packages)
 */
import path from 'node:path';
import { createOfflineModel } from '../lib/2-synthesize/offlineModel';
import { REPEATED_READS, type RepeatedReads, DEFAULT_READ_POLICY } from '../lib/2-synthesize/readPolicy';
import { nodeModulesSources, pythonStdlibPackages, type RealTree } from '../lib/2-synthesize/realTrees';
import { synthesize } from '../lib/2-synthesize/synthesize';
import { structureOf } from '../lib/1-ingest/ingest';
import { countTokens } from '../lib/platform/tokens/countTokens';

const args = process.argv.slice(2).filter((a) => a !== 'trajectory');
const DEFAULT_TREES = ['npm:@tanstack/query-core', 'npm:zod', 'npm:hyparquet', 'npm:luxon', 'npm:pg-boss', 'npm:openai', 'python:json', 'python:email', 'python:asyncio', 'python:http'];
const trees: RealTree[] = args.length
  ? args.map((dir) => ({ name: dir, dir: path.resolve(dir) }))
  : [...nodeModulesSources(), ...pythonStdlibPackages()].filter((t) => DEFAULT_TREES.includes(t.name));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const rows: Record<string, string | number>[] = [];
const summary = new Map<RepeatedReads, { ratio: number[]; trained: number[] }>();
for (const tree of trees) {
  const structure = await structureOf(tree.dir);
  const files = new Map(structure.files.map((f) => [f.path, f]));
  const codeTokens = structure.order.reduce((n, p) => n + countTokens(files.get(p)!.content), 0);
  for (const repeated of REPEATED_READS) {
    const t = await synthesize(structure, createOfflineModel(), { readPolicy: { ...DEFAULT_READ_POLICY, repeated } });
    const masked = t.steps.filter((s) => s.lossMasked).reduce((n, s) => n + s.tokens, 0);
    const ratio = t.tokenCount / Math.max(1, codeTokens);
    const trained = 1 - masked / Math.max(1, t.tokenCount);
    const m = summary.get(repeated) ?? { ratio: [], trained: [] };
    m.ratio.push(ratio);
    m.trained.push(trained);
    summary.set(repeated, m);
    rows.push({ tree: tree.name, files: structure.order.length, 'code tokens': codeTokens, repeated, 'trajectory tokens': t.tokenCount, ratio: +ratio.toFixed(2), 'trained %': +(100 * trained).toFixed(1) });
  }
}
console.table(rows);
console.table(
  [...summary.entries()].map(([repeated, m]) => ({ repeated, trees: m.ratio.length, 'median ratio': +median(m.ratio).toFixed(2), 'median trained %': +(100 * median(m.trained)).toFixed(1), 'target': 'ratio ≤ 2.5, trained ≥ 50%' })),
);
