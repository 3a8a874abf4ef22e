import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { structureOf } from '../1-ingest/ingest';
import type { RepoStructure } from '../1-ingest/structure/extractStructure';
import { tempTree } from '../testing/tempTree';
import { countTokens } from '../platform/tokens/countTokens';
import { dryRunJson } from './dryRunJson';
import { checkGrounding } from './grounding';
import { createOfflineModel, OFFLINE_MODEL } from './offlineModel';
import { isObservationOf, truncateObservation } from './readPolicy';
import { planJson, readsFor, synthesize } from './synthesize';
import * as repos from './testRepos';
import type { AgentModel, SynthesizedTrajectory } from './types';

const FIXTURES: [string, Record<string, string>, { minEdges: number; cycles: number }][] = [
  ['TypeScript with a cycle', repos.TS_WITH_CYCLE, { minEdges: 6, cycles: 1 }],
  ['Python package', repos.PYTHON_PACKAGE, { minEdges: 5, cycles: 0 }],
  ['Go module', repos.GO_MODULE, { minEdges: 3, cycles: 0 }],
  ['Rust crate', repos.RUST_CRATE, { minEdges: 3, cycles: 0 }],
  ['Java', repos.JAVA_PROJECT, { minEdges: 2, cycles: 0 }],
  ['mixed languages', repos.MIXED, { minEdges: 1, cycles: 0 }],
];

function assertGrounded(structure: RepoStructure, t: SynthesizedTrajectory) {
  assert.deepEqual(checkGrounding(structure, t), []);
}

for (const [name, files, expect] of FIXTURES) {
  test(`offline synthesis is grounded: ${name}`, async () => {
    const structure = await structureOf(tempTree(files));
    assert.ok(structure.edges.length >= expect.minEdges, `${structure.edges.length} edges`);
    assert.equal(structure.cycles.length, expect.cycles);
    const progress: [number, number][] = [];
    const t = await synthesize(structure, createOfflineModel(), { onFileDone: (d, n) => progress.push([d, n]) });
    assertGrounded(structure, t);
    assert.equal(t.provider, 'offline');
    assert.equal(t.model, OFFLINE_MODEL);
    assert.equal(t.offline, true);
    assert.deepEqual(progress, structure.order.map((_, i) => [i + 1, structure.order.length]));
    assert.deepEqual(t.plan.files.map((f) => f.path), structure.order);
    // Each file: think, reads, think, write, observation.
    const reads = structure.order.reduce((n, p) => n + readsFor(structure, p).length, 0);
    assert.equal(t.steps.length, 3 + structure.order.length * 4 + reads * 2);
    for (const f of t.plan.files) {
      const real = new Set(structure.files.find((x) => x.path === f.path)!.symbols.map((s) => s.name));
      for (const s of f.keySymbols) assert.ok(real.has(s), `${s} is a symbol of ${f.path}`);
      assert.ok(f.purpose.length > 0 && f.needs.length > 0);
    }
  });
}

test('the TypeScript fixture: reads, cycle, messages', async () => {
  const structure = await structureOf(tempTree(repos.TS_WITH_CYCLE));
  const t = await synthesize(structure, createOfflineModel());
  const steps = t.steps;
  assert.equal(steps[0].agent, 'main');
  assert.equal(steps[1].content, 'Plan(6 files)');
  assert.deepEqual(steps[1].action, { type: 'plan', path: null, content: planJson(t.plan) });
  assert.equal(steps[1].tokens, countTokens('Plan(6 files)') + countTokens(planJson(t.plan)));
  assert.equal(steps[2].lossMasked, true);
  // render.ts and shape.ts import each other; render.ts comes first and reads nothing.
  assert.deepEqual(structure.cycles, [['src/render.ts', 'src/shape.ts']]);
  assert.deepEqual(readsFor(structure, 'src/render.ts'), []);
  assert.deepEqual(readsFor(structure, 'src/shape.ts'), ['src/point.ts', 'src/render.ts']);
  const shape = steps.filter((s) => s.file === 'src/shape.ts');
  assert.deepEqual(
    shape.map((s) => [s.kind, s.action?.type ?? null, s.action?.path ?? null]),
    [
      ['think', null, null],
      ['action', 'read', 'src/point.ts'],
      ['observation', null, null],
      ['action', 'read', 'src/render.ts'],
      ['observation', null, null],
      ['think', null, null],
      ['action', 'write', 'src/shape.ts'],
      ['observation', null, null],
    ],
  );
  assert.equal(shape[1].content, 'Read(src/point.ts)');
  assert.equal(shape[2].content, structure.files.find((f) => f.path === 'src/point.ts')!.content);
  assert.equal(shape[6].content, 'Write(src/shape.ts)');
  assert.equal(shape[7].content, 'Wrote src/shape.ts (22 lines).');
  assert.match(shape[5].content, /from `point\.ts` I need `distance` and `Point`; from `render\.ts` I need `Renderer`/);
  const render = steps.filter((s) => s.file === 'src/render.ts');
  assert.match(render[1].content, /Not written yet but imported: `shape\.ts` \(`Shape` and `Circle`\)/);
  const empty = steps.filter((s) => s.file === 'src/empty.ts');
  assert.equal(empty[3].content, 'Wrote src/empty.ts (0 lines).');
  assert.equal(empty[2].tokens, countTokens('Write(src/empty.ts)'));
});

test('an empty repository gives the main agent only, with an empty plan', async () => {
  const structure = await structureOf(tempTree(repos.EMPTY_REPO));
  assert.deepEqual(structure.order, []);
  const t = await synthesize(structure, createOfflineModel());
  assertGrounded(structure, t);
  assert.equal(t.steps.length, 3);
  assert.deepEqual(t.plan.files, []);
  assert.deepEqual(t.steps.map((s) => [s.agent, s.kind, s.action?.type ?? null]), [
    ['main', 'think', null],
    ['main', 'action', 'plan'],
    ['main', 'observation', null],
  ]);
  assert.equal(t.steps[1].content, 'Plan(0 files)');
});

test('offline synthesis is deterministic', async () => {
  const structure = await structureOf(tempTree(repos.PYTHON_PACKAGE));
  const again = await structureOf(tempTree(repos.PYTHON_PACKAGE));
  const a = await synthesize(structure, createOfflineModel());
  const b = await synthesize(again, createOfflineModel(), { concurrency: 1 });
  assert.deepEqual(a, b);
});

test('observations longer than the read policy are truncated in the documented way', async () => {
  const long = Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i};`).join('\n') + '\n';
  const structure = await structureOf(tempTree({ 'a.ts': long, 'b.ts': "import { value1 } from './a';\nexport const b = value1;\n" }));
  const policy = { maxChars: 600 };
  const t = await synthesize(structure, createOfflineModel(), { readPolicy: policy });
  assertGrounded(structure, t);
  const obs = t.steps.find((s) => s.file === 'b.ts' && s.kind === 'observation')!;
  assert.equal(obs.content, truncateObservation(long, policy));
  assert.notEqual(obs.content, long);
  assert.match(obs.content, /^\.\.\. \[truncated by Retrace: \d+ lines omitted; the file continues\] \.\.\.$/m);
  assert.ok(isObservationOf(obs.content, long));
  assert.equal(obs.tokens, countTokens(obs.content));
  // The write is never truncated.
  assert.equal(t.steps.find((s) => s.action?.type === 'write' && s.action.path === 'a.ts')!.action!.content, long);
});

test('concurrent sub-agents give the same trajectory in the same order', async () => {
  const structure = await structureOf(tempTree(repos.TS_WITH_CYCLE));
  const offline = createOfflineModel();
  let inFlight = 0;
  let maxInFlight = 0;
  const delay = (path: string) => new Promise((r) => setTimeout(r, (path.length * 7) % 13));
  const slow: AgentModel = {
    ...offline,
    plan: (c) => offline.plan(c),
    thinkPurpose: async (c) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await delay(c.entry.path);
      inFlight--;
      return offline.thinkPurpose(c);
    },
    thinkImplementation: async (c) => {
      await delay(`${c.entry.path}!`);
      return offline.thinkImplementation(c);
    },
  };
  const a = await synthesize(structure, slow, { concurrency: 4 });
  const b = await synthesize(structure, offline, { concurrency: 1 });
  assert.deepEqual(a, b);
  assert.ok(maxInFlight > 1 && maxInFlight <= 4, `max in flight ${maxInFlight}`);
});

test('dryRunJson has exactly the CLI contract', async () => {
  const structure = await structureOf(tempTree(repos.GO_MODULE));
  const t = await synthesize(structure, createOfflineModel());
  const json = JSON.parse(JSON.stringify(dryRunJson(t)));
  assert.deepEqual(Object.keys(json), ['provider', 'model', 'plan', 'steps']);
  assert.deepEqual(Object.keys(json.plan), ['requirements', 'files']);
  assert.deepEqual(Object.keys(json.plan.files[0]).slice(0, 2), ['path', 'purpose']);
  assert.equal(json.provider, 'offline');
  assert.equal(json.model, OFFLINE_MODEL);
  assert.equal(json.steps.length, t.steps.length);
  for (const s of json.steps) {
    assert.deepEqual(Object.keys(s), ['ordinal', 'agent', 'file', 'kind', 'action', 'content', 'tokens']);
    if (s.action !== null) assert.deepEqual(Object.keys(s.action), ['type', 'path', 'content']);
  }
  const write = json.steps.find((s: { action: { type: string } | null }) => s.action?.type === 'write');
  assert.equal(write.action.content, structure.files.find((f) => f.path === write.action.path)!.content);
});

test('a real-world tree nobody here wrote: zod/src', { timeout: 300_000 }, async () => {
  const src = path.resolve('node_modules/zod/src');
  assert.ok(fs.existsSync(src), 'zod ships its sources');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-zod-agents-'));
  try {
    fs.cpSync(src, dir, { recursive: true });
    const structure = await structureOf(dir);
    assert.ok(structure.order.length > 300);
    assert.ok(structure.cycles.length > 0);
    const t = await synthesize(structure, createOfflineModel());
    assertGrounded(structure, t);
    // Every sub-agent's first think is grounded in its file's path.
    for (const p of structure.order.slice(0, 50)) assert.ok(t.steps.find((s) => s.file === p && s.kind === 'think')!.content.includes(p));
    const reads = t.steps.filter((s) => s.action?.type === 'read').length;
    assert.ok(reads > 300, `${reads} reads`);
    // Thinks name declarations but never quote body lines.
    const files = new Map(structure.files.map((f) => [f.path, f]));
    for (const step of t.steps) {
      if (step.kind !== 'think' || step.file === null) continue;
      const file = files.get(step.file)!;
      const starts = new Set(file.symbols.map((s) => s.startLine));
      file.content.split('\n').forEach((line, i) => {
        const text = line.trim();
        if (text.length >= 30 && !starts.has(i + 1) && !/^(\/\/|\*|\/\*|import |export \* from)/.test(text)) assert.ok(!step.content.includes(text), `${step.file} quotes ${text}`);
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('repeated reads: once shows a file in full the first time and a reference after; reference never; full always', async () => {
  const structure = await structureOf(tempTree(repos.TS_WITH_CYCLE));
  const readsOf = (t: Awaited<ReturnType<typeof synthesize>>, path: string) => t.steps.filter((s, i) => s.kind === 'observation' && t.steps[i - 1]?.action?.type === 'read' && t.steps[i - 1].action!.path === path);
  const content = structure.files.find((f) => f.path === 'src/point.ts')!.content;
  const once = await synthesize(structure, createOfflineModel(), { readPolicy: { maxChars: 44_000, repeated: 'once' } });
  assertGrounded(structure, once);
  const pointReads = readsOf(once, 'src/point.ts');
  assert.ok(pointReads.length >= 2, 'src/point.ts is read by several files');
  assert.equal(pointReads[0].content, content);
  for (const later of pointReads.slice(1)) {
    assert.match(later.content, /^\.\.\. \["src\/point\.ts" \(10 lines\) is shown in full earlier in this trajectory; the lines declaring what is used here:\] \.\.\.\n/);
    assert.ok(later.content.split('\n').slice(1, -1).every((line) => content.split('\n').includes(line)), 'only whole lines of the file');
    assert.equal(later.tokens, countTokens(later.content));
  }
  const reference = await synthesize(structure, createOfflineModel(), { readPolicy: { maxChars: 44_000, repeated: 'reference' } });
  assertGrounded(structure, reference);
  assert.ok(readsOf(reference, 'src/point.ts').every((s) => s.content.startsWith('... ["src/point.ts"')));
  const full = await synthesize(structure, createOfflineModel(), { readPolicy: { maxChars: 44_000, repeated: 'full' } });
  assert.ok(readsOf(full, 'src/point.ts').every((s) => s.content === content));
  assert.ok(reference.tokenCount < once.tokenCount && once.tokenCount < full.tokenCount);
});
