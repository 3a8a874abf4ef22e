/**
 * CoT search cost on real trees with the offline scorer and proposer: scored tokens, wall time,
 * and the mean NLL before and after per searched step.
 *
 *   npm run bench -- search [DIR...]   (default: the sources zod ships)
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createOfflineModel } from '../lib/2-synthesize/offlineModel';
import { synthesize } from '../lib/2-synthesize/synthesize';
import { structureOf } from '../lib/1-ingest/ingest';
import { buildOfflineScorer } from '../lib/3-search/scoring/offlineScorer';
import { createOfflineProposer } from '../lib/3-search/offlineProposer';
import { searchTrajectory } from '../lib/3-search/searchTrajectory';

const dirs = process.argv.slice(2).filter((a) => a !== 'search');
const rows = [];
for (const dir of dirs.length ? dirs : ['node_modules/zod/src']) {
  const structure = await structureOf(path.resolve(dir));
  const trajectory = await synthesize(structure, createOfflineModel());
  const t0 = performance.now();
  // No database here: the scorer trains on the same repository, leaving out each scored file.
  const scorer = await buildOfflineScorer({ prisma: null, structure, excludeRepositoryId: null });
  const t1 = performance.now();
  const result = await searchTrajectory(trajectory, structure, scorer, createOfflineProposer(structure), { seed: 0 });
  const t2 = performance.now();
  const improved = result.steps.filter((s) => s.nllAfter < s.nllBefore).length;
  const deltas = result.steps.map((s) => s.nllBefore - s.nllAfter);
  rows.push({
    tree: dir,
    'searched steps': result.steps.length,
    improved,
    'mean NLL before': +result.meanNllBefore.toFixed(4),
    'mean NLL after': +result.meanNllAfter.toFixed(4),
    'mean reduction/step': +(deltas.reduce((a, b) => a + b, 0) / Math.max(1, deltas.length)).toFixed(5),
    'max reduction': +Math.max(0, ...deltas).toFixed(4),
    'scored tokens': result.scoredTokens,
    'train s': +((t1 - t0) / 1000).toFixed(1),
    'search s': +((t2 - t1) / 1000).toFixed(1),
  });
}
console.table(rows);
