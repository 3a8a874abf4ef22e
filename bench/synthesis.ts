/**
 * Offline synthesis throughput: structure a large real tree once, then time the offline
 * provider's synthesis of it (plan, sub-agent thinks, grounded reads and writes, token counts).
 *
 *   npm run bench -- synthesis [DIR...]   (default: the sources effect and zod ship)
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createOfflineModel } from '../lib/2-synthesize/offlineModel';
import { synthesize } from '../lib/2-synthesize/synthesize';
import { structureOf } from '../lib/1-ingest/ingest';

const dirs = process.argv.slice(2).filter((a) => a !== 'synthesis');
const trees = dirs.length ? dirs : ['node_modules/effect/src', 'node_modules/zod/src'];
const rows = [];
for (const dir of trees) {
  const structure = await structureOf(path.resolve(dir));
  const model = createOfflineModel();
  await synthesize({ ...structure, order: structure.order.slice(0, 5) }, model); // warm-up
  const t0 = performance.now();
  const t = await synthesize(structure, model);
  const seconds = (performance.now() - t0) / 1000;
  rows.push({
    tree: dir,
    files: structure.order.length,
    steps: t.steps.length,
    'trajectory tokens': t.tokenCount,
    seconds: +seconds.toFixed(2),
    'files/s': Math.round(structure.order.length / seconds),
    'tokens/s': Math.round(t.tokenCount / seconds),
  });
}
console.table(rows);
