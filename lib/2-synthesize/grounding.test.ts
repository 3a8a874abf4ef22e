import assert from 'node:assert/strict';
import { test } from 'node:test';
import { structureOf } from '../1-ingest/ingest';
import { tempTree } from '../testing/tempTree';
import { checkGrounding, type GroundingViolation } from './grounding';
import { createOfflineModel } from './offlineModel';
import { synthesize } from './synthesize';
import { TS_WITH_CYCLE } from './testRepos';
import type { SynthesizedTrajectory } from './types';

async function fixture() {
  const structure = await structureOf(tempTree(TS_WITH_CYCLE));
  const trajectory = await synthesize(structure, createOfflineModel());
  return { structure, trajectory };
}

const clone = (t: SynthesizedTrajectory): SynthesizedTrajectory => structuredClone(t);
const rules = (v: GroundingViolation[]) => [...new Set(v.map((x) => x.rule))].sort();

test('the checker finds each kind of violation', async () => {
  const { structure, trajectory } = await fixture();
  assert.deepEqual(checkGrounding(structure, trajectory), []);
  const idx = (pred: (s: SynthesizedTrajectory['steps'][number]) => boolean) => trajectory.steps.findIndex(pred);

  // A written file that differs from the repository.
  let t = clone(trajectory);
  const write = idx((s) => s.action?.type === 'write' && s.action.path === 'src/point.ts');
  t.steps[write].action!.content += '// invented\n';
  let v = checkGrounding(structure, t, { skipTokens: true });
  assert.deepEqual(rules(v), ['write']);
  assert.match(v[0].message, /written content of src\/point\.ts differs/);

  // A Read observation that is not the file.
  t = clone(trajectory);
  const obs = idx((s, ) => s.kind === 'observation' && s.file === 'src/shape.ts');
  t.steps[obs].content = 'export const invented = 1;\n';
  v = checkGrounding(structure, t, { skipTokens: true });
  assert.deepEqual(rules(v), ['read']);
  assert.match(v[0].message, /neither the file, its documented truncation, nor a reference to it/);

  // Tokens that do not match, and a total that does not add up.
  t = clone(trajectory);
  t.steps[0].tokens += 1;
  v = checkGrounding(structure, t);
  assert.deepEqual(rules(v), ['tokens']);
  assert.equal(v.length, 2);

  // Loss mask on a think step.
  t = clone(trajectory);
  t.steps[0].lossMasked = true;
  assert.deepEqual(rules(checkGrounding(structure, t, { skipTokens: true })), ['loss-mask']);

  // Writing a dependent before its dependency (swap point.ts and index.ts sub-agents) breaks order, reads and the plan.
  t = clone(trajectory);
  const groupOf = (file: string) => t.steps.filter((s) => s.file === file);
  const others = t.steps.filter((s) => s.file !== 'src/point.ts');
  const at = others.findIndex((s) => s.file === 'src/index.ts');
  const reordered = [...others.slice(0, at), ...groupOf('src/index.ts'), ...groupOf('src/point.ts'), ...others.slice(at).filter((s) => s.file !== 'src/index.ts')];
  t.steps = reordered.map((s, i) => ({ ...s, ordinal: i }));
  v = checkGrounding(structure, t, { skipTokens: true });
  assert.ok(rules(v).includes('order'), JSON.stringify(v));
  assert.ok(v.some((x) => x.rule === 'read' && /before it was written/.test(x.message)));

  // A file written twice, and a file never written.
  t = clone(trajectory);
  const pointWrite = t.steps[write];
  const emptyWrite = t.steps.findIndex((s) => s.action?.type === 'write' && s.action.path === 'src/empty.ts');
  t.steps[emptyWrite] = { ...t.steps[emptyWrite], file: 'src/empty.ts', action: { ...pointWrite.action!, path: 'src/point.ts' } };
  v = checkGrounding(structure, t, { skipTokens: true });
  assert.ok(v.some((x) => /src\/point\.ts is written more than once/.test(x.message)));
  assert.ok(v.some((x) => /src\/empty\.ts is never written/.test(x.message)));

  // A plan action whose JSON is not the plan.
  t = clone(trajectory);
  t.steps[1].action!.content = '{}';
  assert.deepEqual(rules(checkGrounding(structure, t, { skipTokens: true })), ['plan']);
});
