import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GO_MODULE, JAVA_PROJECT, MIXED, PYTHON_PACKAGE, RUST_CRATE, TS_WITH_CYCLE } from '../2-synthesize/testRepos';
import { leakageReason } from './leakage';
import { createOfflineProposer, OFFLINE_PROPOSER_MODEL, OFFLINE_STRATEGIES } from './offlineProposer';
import { searchableThinks } from './scoringPrefix';
import { parseCallable } from './signatures';
import { fixture } from './testing';
import type { ProposalInput } from './types';

const REPOS = { TS_WITH_CYCLE, PYTHON_PACKAGE, GO_MODULE, RUST_CRATE, JAVA_PROJECT, MIXED };

async function inputsOf(files: Record<string, string>) {
  const { structure, trajectory } = await fixture(files);
  const proposer = createOfflineProposer(structure);
  const make = (file: string, round: number, extra: Partial<ProposalInput> = {}): ProposalInput => {
    const x = searchableThinks(trajectory).find((s) => s.file === file)!;
    const step = trajectory.steps[x.ordinal];
    return { trajectory, step, target: x.write.action!.content, current: step.content, round, count: 2, seed: 0, ...extra };
  };
  return { structure, trajectory, proposer, make };
}

test('the offline proposer: provider, determinism, distinct candidates per round', async () => {
  const { proposer, make } = await inputsOf(TS_WITH_CYCLE);
  assert.equal(proposer.provider, 'offline');
  assert.equal(proposer.model, OFFLINE_PROPOSER_MODEL);
  assert.equal(OFFLINE_STRATEGIES.length, 6);
  const seen = new Set<string>();
  for (let round = 0; round < 3; round++) {
    const a = await proposer.propose(make('src/shape.ts', round));
    const b = await proposer.propose(make('src/shape.ts', round));
    assert.deepEqual(a, b, 'same input, same candidates');
    assert.equal(a.length, 2);
    assert.notEqual(a[0], a[1], 'the candidates of one round differ');
    for (const c of a) seen.add(c);
  }
  assert.equal(seen.size, 6, 'rounds differ from each other');
  const otherSeed = await proposer.propose(make('src/shape.ts', 0, { seed: 7 }));
  assert.equal(otherSeed.length, 2);
  const more = await proposer.propose(make('src/shape.ts', 0, { count: 6 }));
  assert.equal(new Set(more).size, 6, 'six strategies, six different candidates');
});

test('candidates are grounded: symbols in order, parameters and returns in prose, dependencies and what they give', async () => {
  const { proposer, make } = await inputsOf(TS_WITH_CYCLE);
  const all = (await proposer.propose(make('src/shape.ts', 2, { count: 6 }))).join('\n\n');
  for (const name of ['Shape', 'Circle', 'area', 'describe', 'contains', 'distance', 'Point', 'Renderer', 'point.ts', 'render.ts']) assert.ok(all.includes(`\`${name}\``), name);
  assert.match(all, /`contains` (takes|accepts) `center: Point` and `p: Point` and (returns|gives back) `boolean`/);
  assert.match(all, /`Circle`, an exported class extending `Shape`/);
  assert.match(all, /`point\.ts`:[^\n]*From it I import `distance` and `Point`/);
  // Never a declaration line: the signature is paraphrased.
  assert.ok(!all.includes('contains(center: Point, p: Point): boolean'));

  const py = await inputsOf(PYTHON_PACKAGE);
  const stock = (await py.proposer.propose(py.make('inventory/stock.py', 2, { count: 6 }))).join('\n\n');
  assert.match(stock, /`add` (takes|accepts) `item: Item` and `n: int` \(optional\) and returns nothing/);
  assert.match(stock, /`count` (takes|accepts) `sku: str` and (returns|gives back) `int`/);
  assert.ok(!stock.includes('self'), 'self is not a parameter');
});

test('candidates do not leak their targets (fixtures in six languages, every file, every round)', async () => {
  for (const [name, files] of Object.entries(REPOS)) {
    const { trajectory, proposer, make } = await inputsOf(files);
    for (const x of searchableThinks(trajectory)) {
      for (let round = 0; round < 3; round++) {
        for (const c of await proposer.propose(make(x.file, round, { count: 6 }))) {
          assert.equal(leakageReason(c, x.write.action!.content), null, `${name} ${x.file} round ${round}: ${c}`);
          assert.ok(c.trim().length > 0);
        }
      }
    }
  }
});

test('signatures are read in each language', async () => {
  const sym = (signature: string, name: string, kind: 'function' | 'method' = 'function') => ({ kind, name, parent: null, signature, startLine: 1, endLine: 1, doc: null });
  assert.deepEqual(parseCallable(sym('export function add(a: number, b?: number, ...rest: string[]): number', 'add'), 'typescript'), {
    params: [
      { name: 'a', type: 'number', optional: false, rest: false },
      { name: 'b', type: 'number', optional: true, rest: false },
      { name: 'rest', type: 'string[]', optional: false, rest: true },
    ],
    returns: 'number',
  });
  assert.deepEqual(parseCallable(sym('export const pick = <T,>(items: Map<string, T>, key = "a"): T | undefined =>', 'pick'), 'typescript')?.params.map((p) => [p.name, p.type, p.optional]), [
    ['items', 'Map<string, T>', false],
    ['key', null, true],
  ]);
  assert.deepEqual(parseCallable(sym('func (s *Store) Get(k string) (string, bool)', 'Get', 'method'), 'go'), { params: [{ name: 'k', type: 'string', optional: false, rest: false }], returns: '(string, bool)' });
  assert.deepEqual(parseCallable(sym('func Handle(s *store.Store, cmd, k, v string) string', 'Handle'), 'go')?.params.map((p) => `${p.name} ${p.type}`), ['s *store.Store', 'cmd string', 'k string', 'v string']);
  assert.deepEqual(parseCallable(sym('pub fn add(&mut self, text: &str) -> Option<usize>', 'add', 'method'), 'rust'), { params: [{ name: 'text', type: '&str', optional: false, rest: false }], returns: 'Option<usize>' });
  assert.deepEqual(parseCallable(sym('def add(self, item: Item, n: int = 1) -> None:', 'add', 'method'), 'python'), { params: [{ name: 'item', type: 'Item', optional: false, rest: false }, { name: 'n', type: 'int', optional: true, rest: false }], returns: 'None' });
  assert.deepEqual(parseCallable(sym('public static void main(String[] args)', 'main', 'method'), 'java'), { params: [{ name: 'args', type: 'String[]', optional: false, rest: false }], returns: 'void' });
  assert.equal(parseCallable(sym('export interface Point', 'Point'), 'typescript'), null);
});
