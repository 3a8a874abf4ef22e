import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkGrounding } from '../2-synthesize/grounding';
import { GO_MODULE, JAVA_PROJECT, MIXED, PYTHON_PACKAGE, RUST_CRATE, TS_WITH_CYCLE } from '../2-synthesize/testRepos';
import type { SynthesizedTrajectory } from '../2-synthesize/types';
import { meanNll, type Scorer } from './scoring/types';
import type { RepoStructure } from '../1-ingest/structure/extractStructure';
import { countTokens } from '../platform/tokens/countTokens';
import { leakageReason } from './leakage';
import { createOfflineProposer } from './offlineProposer';
import { containsTarget, scoringPrefix, searchableThinks } from './scoringPrefix';
import { dryRunJsonWithSearch, searchJson } from './searchJson';
import { approxTokens, BUDGET_REJECTION, DEFAULT_SEARCH_SETTINGS, searchTrajectory } from './searchTrajectory';
import { fixture, identifierScorer, repoScorer, scriptedProposer, scriptedScorer, zodFixture } from './testing';
import type { SearchResult, SearchSettings } from './types';

const REPOS = { TS_WITH_CYCLE, PYTHON_PACKAGE, GO_MODULE, RUST_CRATE, JAVA_PROJECT, MIXED };

/** The invariants every search result must satisfy. */
function assertSearchInvariants(structure: RepoStructure, before: SynthesizedTrajectory, result: SearchResult, settings: Partial<SearchSettings> = {}) {
  const targets = new Map(searchableThinks(before).map((x) => [x.ordinal, x]));
  const s = { ...DEFAULT_SEARCH_SETTINGS, ...settings };
  assert.equal(result.steps.length + result.unsearched.length, targets.size, 'every implementation Think is searched or listed as unsearched');
  const ordinals = [...result.steps.map((x) => x.ordinal), ...result.unsearched.map((x) => x.ordinal)].sort((a, b) => a - b);
  assert.deepEqual(ordinals, [...targets.keys()]);
  for (const step of result.steps) {
    const x = targets.get(step.ordinal)!;
    const target = x.write.action!.content;
    assert.equal(step.file, x.file);
    assert.ok(step.nllAfter <= step.nllBefore, `${step.file}: nllAfter ${step.nllAfter} <= nllBefore ${step.nllBefore}`);
    const accepted = step.candidates.filter((c) => c.accepted);
    assert.ok(accepted.length <= s.rounds);
    assert.equal(step.finalText, accepted.length ? accepted[accepted.length - 1].text : before.steps[step.ordinal].content);
    if (accepted.length) assert.equal(step.nllAfter, accepted[accepted.length - 1].nll);
    else assert.equal(step.nllAfter, step.nllBefore);
    let best = step.nllBefore;
    for (let round = 0; round < s.rounds; round++) {
      const inRound = step.candidates.filter((c) => c.round === round);
      assert.ok(inRound.length <= s.candidates);
      assert.ok(inRound.filter((c) => c.accepted).length <= 1, 'at most one accepted per round');
      const winner = inRound.find((c) => c.accepted);
      for (const c of inRound) {
        assert.equal(c.accepted, c.rejectedBecause === null, 'a reason exactly when rejected');
        if (c.nll === null) assert.ok(!c.accepted && /^(leaks the target|empty|the same as|not scored|repeats itself)/.test(c.rejectedBecause!), c.rejectedBecause!);
        if (c.accepted) assert.ok(c.nll! < best);
        else if (c.nll !== null) assert.ok(c.nll >= best || (winner && c.nll >= winner.nll!), 'a lower candidate is accepted');
      }
      if (winner) best = winner.nll!;
    }
    // No accepted Think (and so no final Think that differs from the original) leaks the target.
    for (const c of accepted) {
      assert.equal(leakageReason(c.text, target, { runTokens: s.leakRunTokens }), null, `${step.file}: accepted candidate leaks`);
      assert.ok(!containsTarget(c.text, target));
    }
    assert.equal(result.trajectory.steps[step.ordinal].content, step.finalText);
    // The per-token scores are the ones the NLLs were computed from, placed inside the target.
    const scores = step.tokenScores;
    assert.ok(scores, `${step.file}: per-token scores kept`);
    for (const [set, nll] of [[scores.before, step.nllBefore], [scores.after, step.nllAfter]] as const) {
      assert.ok(Math.abs(meanNll({ tokens: [], logprobs: [...set.logprobs] }, s.logprobFloor) - nll) < 1e-5, `${step.file}: mean of the stored log-probabilities is the NLL`);
      for (let i = 0; i < set.starts.length; i++) assert.ok(set.starts[i] === -1 || (set.starts[i] >= 0 && set.starts[i] <= set.ends[i] && set.ends[i] <= target.length));
    }
  }
  // The trajectory: only searched Thinks changed, token counts recomputed, grounding intact.
  assert.equal(result.trajectory.steps.length, before.steps.length);
  const changed = new Set(result.steps.filter((x) => x.finalText !== before.steps[x.ordinal].content).map((x) => x.ordinal));
  result.trajectory.steps.forEach((step, i) => {
    if (changed.has(i)) assert.equal(step.tokens, countTokens(step.content));
    else assert.equal(step, before.steps[i], 'unchanged steps are the same objects');
  });
  assert.deepEqual(checkGrounding(structure, result.trajectory), []);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  if (result.steps.length) {
    assert.ok(Math.abs(result.meanNllBefore - mean(result.steps.map((x) => x.nllBefore))) < 1e-12);
    assert.ok(Math.abs(result.meanNllAfter - mean(result.steps.map((x) => x.nllAfter))) < 1e-12);
    assert.ok(result.meanNllAfter <= result.meanNllBefore);
  } else {
    assert.ok(Number.isNaN(result.meanNllBefore) && Number.isNaN(result.meanNllAfter));
  }
  assert.ok(result.scoredTokens <= s.scoredTokenBudget);
}

test('search on fixtures in six languages with the offline proposer and the n-gram scorer: invariants, grounding, determinism', { timeout: 120_000 }, async () => {
  for (const [name, files] of Object.entries(REPOS)) {
    const { structure, trajectory } = await fixture(files);
    const scorer = repoScorer(structure);
    const proposer = createOfflineProposer(structure);
    const result = await searchTrajectory(trajectory, structure, scorer, proposer, { seed: 1 });
    assertSearchInvariants(structure, trajectory, result);
    assert.ok(result.steps.length > 0, name);
    assert.equal(result.budgetExhausted, false);
    for (const step of result.steps) assert.ok(step.candidates.length > 0, `${name} ${step.file} has candidates`);
    // Only empty files are left out.
    for (const u of result.unsearched) assert.equal(u.reason, 'the file is empty: there is nothing to score', `${name} ${u.file}`);
    // The same seed gives the same result, whatever the concurrency.
    const again = await searchTrajectory(trajectory, structure, repoScorer(structure), createOfflineProposer(structure), { seed: 1 }, { concurrency: 1 });
    assert.deepEqual(again, result, `${name}: same seed, same result`);
  }
});

test('a different seed may give different candidates; the result is still valid', async () => {
  const { structure, trajectory } = await fixture(TS_WITH_CYCLE);
  const a = await searchTrajectory(trajectory, structure, identifierScorer(), createOfflineProposer(structure), { seed: 0 });
  const b = await searchTrajectory(trajectory, structure, identifierScorer(), createOfflineProposer(structure), { seed: 5 });
  assertSearchInvariants(structure, trajectory, a);
  assertSearchInvariants(structure, trajectory, b);
  assert.notDeepEqual(
    a.steps.map((s) => s.candidates.map((c) => c.text)),
    b.steps.map((s) => s.candidates.map((c) => c.text)),
  );
  // Naming the file's identifiers helps a scorer that rewards them: some step improves.
  assert.ok(a.steps.some((s) => s.nllAfter < s.nllBefore));
  assert.ok(a.meanNllAfter < a.meanNllBefore);
});

test('greedy acceptance: one per round, only when strictly lower, with the reasons stored', async () => {
  const { structure, trajectory } = await fixture(TS_WITH_CYCLE);
  const proposer = scriptedProposer([
    ['nll=1.5', 'nll=1.2'],
    ['nll=1.3', 'nll=1.25'],
    ['nll=1.1', 'nll=1.10 too'],
  ]);
  const scorer = scriptedScorer();
  const result = await searchTrajectory(trajectory, structure, scorer, proposer, {});
  const step = result.steps.find((s) => s.file === 'src/point.ts')!;
  assert.equal(step.nllBefore, 2);
  assert.equal(step.nllAfter, 1.1);
  assert.equal(step.finalText, 'nll=1.1');
  assert.deepEqual(
    step.candidates.map((c) => [c.round, c.text, c.nll, c.accepted, c.rejectedBecause]),
    [
      [0, 'nll=1.5', 1.5, false, 'lower, but another candidate of this round was lower (1.500 vs 1.200)'],
      [0, 'nll=1.2', 1.2, true, null],
      [1, 'nll=1.3', 1.3, false, 'not lower than the best so far (1.300 ≥ 1.200)'],
      [1, 'nll=1.25', 1.25, false, 'not lower than the best so far (1.250 ≥ 1.200)'],
      [2, 'nll=1.1', 1.1, true, null],
      [2, 'nll=1.10 too', 1.1, false, 'lower, but an earlier candidate of this round was as low (1.100)'],
    ],
  );
  // Each round rewrites the best Think so far.
  const inputs = proposer.inputs.filter((i) => i.step.ordinal === step.ordinal);
  assert.deepEqual(inputs.map((i) => i.current), [trajectory.steps[step.ordinal].content, 'nll=1.2', 'nll=1.2']);
  assert.ok(inputs.every((i) => i.target === structure.files.find((f) => f.path === 'src/point.ts')!.content && i.count === 2 && i.seed === 0));
  assert.equal(result.trajectory.steps[step.ordinal].content, 'nll=1.1');
  assert.equal(result.trajectory.steps[step.ordinal].tokens, countTokens('nll=1.1'));
  assert.deepEqual(checkGrounding(structure, result.trajectory), []);
  // Every scoring prefix ends with the Write header of its file and has the candidate as its Think.
  assert.ok(scorer.prefixes.every((p) => /\n\nAction: Write\([^)]+\)\n$/.test(p)));
});

test('leaking, empty and repeated candidates are rejected before scoring, with the reason', async () => {
  const { structure, trajectory } = await fixture(TS_WITH_CYCLE);
  const target = structure.files.find((f) => f.path === 'src/shape.ts')!.content;
  const copied = 'I will write `describe(r: Renderer): string { return r.line(` first.';
  const proposer = scriptedProposer((input) =>
    input.step.file === 'src/shape.ts' ? (input.round === 0 ? [copied, 'nll=1.0 and prose'] : input.round === 1 ? ['   ', 'nll=1.0 and prose'] : [input.current, `Here:\n${target}`]) : [],
  );
  const scorer = scriptedScorer();
  const result = await searchTrajectory(trajectory, structure, scorer, proposer, {});
  const step = result.steps.find((s) => s.file === 'src/shape.ts')!;
  const [leak, good, empty, repeat, same, whole] = step.candidates;
  assert.equal(leak.nll, null);
  assert.match(leak.rejectedBecause!, /^leaks the target: copies \d+ consecutive tokens of it \("describe\(r: Renderer\): string \{ return r\.line\(`?"\)$/);
  assert.equal(good.accepted, true);
  assert.equal(empty.rejectedBecause, 'empty');
  assert.equal(repeat.rejectedBecause, 'the same as the current Think');
  assert.equal(same.rejectedBecause, 'the same as the current Think');
  assert.match(whole.rejectedBecause!, /^leaks the target/);
  assert.equal(step.nllAfter, 1);
  assert.ok(!scorer.prefixes.some((p) => p.includes(copied)), 'a leaking candidate is never scored');
  assert.equal(leakageReason(copied, target) !== null, true);
});

test('early stop: no more rounds once the best NLL is below the threshold', async () => {
  const { structure, trajectory } = await fixture(TS_WITH_CYCLE);
  const proposer = scriptedProposer([['nll=1.5', 'nll=1.2'], ['nll=1.1'], ['nll=1.0']]);
  const result = await searchTrajectory(trajectory, structure, scriptedScorer(), proposer, { stopBelowNll: 1.3 });
  for (const step of result.steps) {
    assert.deepEqual(step.candidates.map((c) => c.round), [0, 0], `${step.file}: only round 0`);
    assert.equal(step.nllAfter, 1.2);
  }
  // Below the threshold from the start: nothing is proposed.
  const none = scriptedProposer([['nll=1.5']]);
  const r2 = await searchTrajectory(trajectory, structure, scriptedScorer(), none, { stopBelowNll: 5 });
  assert.equal(none.inputs.length, 0);
  assert.ok(r2.steps.every((s) => s.candidates.length === 0 && s.nllAfter === s.nllBefore));
  assert.equal(r2.meanNllAfter, r2.meanNllBefore);
});

test('budget: the first call past it is not made, the rest is unsearched, deterministically', async () => {
  const { structure, trajectory } = await fixture(PYTHON_PACKAGE);
  const targets = searchableThinks(trajectory).filter((x) => x.write.action!.content.trim() !== '');
  const costOf = (i: number, think: string) => approxTokens(scoringPrefix(trajectory, targets[i].ordinal, think)) + approxTokens(targets[i].write.action!.content);
  const proposer = () => scriptedProposer([['nll=1.5', 'nll=1.2'], ['nll=1.1', 'nll=1.05'], ['nll=1.0', 'nll=0.9']]);

  // Room for the first step's original and first candidate only.
  const budget = costOf(0, trajectory.steps[targets[0].ordinal].content) + costOf(0, 'nll=1.5') + 1;
  const runs = await Promise.all([1, 4].map((concurrency) => searchTrajectory(trajectory, structure, scriptedScorer(), proposer(), { scoredTokenBudget: budget }, { concurrency })));
  assert.deepEqual(runs[0], runs[1], 'the budget cut does not depend on concurrency');
  const r = runs[0];
  assertSearchInvariants(structure, trajectory, r, { scoredTokenBudget: budget });
  assert.equal(r.budgetExhausted, true);
  assert.equal(r.steps.length, 1);
  assert.deepEqual(
    r.steps[0].candidates.map((c) => [c.text, c.nll, c.accepted, c.rejectedBecause]),
    [
      ['nll=1.5', 1.5, true, null],
      ['nll=1.2', null, false, BUDGET_REJECTION],
    ],
  );
  assert.equal(r.scoredTokens, budget - 1);
  assert.ok(r.unsearched.filter((u) => u.reason === 'the scored-token budget ran out').length === targets.length - 1);

  // No budget at all: nothing searched; means are NaN (null in JSON).
  const zero = await searchTrajectory(trajectory, structure, scriptedScorer(), proposer(), { scoredTokenBudget: 0 });
  assertSearchInvariants(structure, trajectory, zero, { scoredTokenBudget: 0 });
  assert.equal(zero.steps.length, 0);
  assert.equal(zero.scoredTokens, 0);
  assert.equal(zero.budgetExhausted, true);
  assert.equal(dryRunJsonWithSearch(zero).search.meanNllBefore, null);

  // A budget that ends between steps: whole steps, then unsearched ones.
  const perStep = (i: number) => costOf(i, trajectory.steps[targets[i].ordinal].content) + ['nll=1.5', 'nll=1.2', 'nll=1.1', 'nll=1.05', 'nll=1.0', 'nll=0.9'].reduce((n, t) => n + costOf(i, t), 0);
  const two = perStep(0) + perStep(1);
  const r2 = await searchTrajectory(trajectory, structure, scriptedScorer(), proposer(), { scoredTokenBudget: two + 10 }, { concurrency: 3 });
  assertSearchInvariants(structure, trajectory, r2, { scoredTokenBudget: two + 10 });
  assert.equal(r2.steps.length, 2);
  assert.equal(r2.scoredTokens, two);
  assert.ok(r2.steps.every((s) => s.candidates.length === 6 && s.nllAfter === 0.9));
  assert.equal(r2.budgetExhausted, true);
});

test('progress is reported in order, once per searched step', async () => {
  const { structure, trajectory } = await fixture(TS_WITH_CYCLE);
  const calls: [number, number, number][] = [];
  const result = await searchTrajectory(trajectory, structure, identifierScorer(), createOfflineProposer(structure), {}, { concurrency: 3, onStep: (done, total, step) => calls.push([done, total, step.ordinal]) });
  assert.deepEqual(calls.map((c) => c[2]), result.steps.map((s) => s.ordinal));
  assert.ok(calls.every(([done, total]) => total === 6 && done <= total));
  assert.deepEqual(calls.map((c) => c[0]), [...calls.map((c) => c[0])].sort((a, b) => a - b));
});

test('the dry-run JSON carries the search on each searched Think', async () => {
  const { structure, trajectory } = await fixture(TS_WITH_CYCLE);
  const result = await searchTrajectory(trajectory, structure, identifierScorer(), createOfflineProposer(structure), {});
  const json = dryRunJsonWithSearch(result);
  const byOrdinal = searchJson(result);
  assert.deepEqual(Object.keys(byOrdinal).map(Number), result.steps.map((s) => s.ordinal));
  for (const step of json.steps) {
    const searched = result.steps.find((s) => s.ordinal === step.ordinal);
    if (!searched) {
      assert.equal('search' in step, false);
      continue;
    }
    assert.equal(step.kind, 'think');
    assert.equal(step.content, searched.finalText);
    assert.deepEqual(Object.keys(step.search!), ['nllBefore', 'nllAfter', 'candidates']);
    assert.deepEqual(Object.keys(step.search!.candidates[0]), ['round', 'text', 'nll', 'accepted', 'rejectedBecause']);
    assert.equal(step.search!.nllAfter, searched.nllAfter);
  }
  assert.deepEqual(json.search.unsearched, [{ ordinal: result.unsearched[0].ordinal, file: 'src/empty.ts', reason: 'the file is empty: there is nothing to score' }]);
  assert.equal(json.search.searchedSteps, 5);
  // Plain JSON round-trips.
  assert.deepEqual(JSON.parse(JSON.stringify(json)), json);
});

test('a real tree nobody here wrote: zod/src, the n-gram scorer, a budget', { timeout: 120_000 }, async () => {
  const { structure, trajectory } = await zodFixture();
  const scorer: Scorer = repoScorer(structure);
  const settings = { scoredTokenBudget: 1_500_000, seed: 3 };
  const result = await searchTrajectory(trajectory, structure, scorer, createOfflineProposer(structure), settings);
  assertSearchInvariants(structure, trajectory, result, settings);
  assert.equal(result.budgetExhausted, true);
  assert.ok(result.steps.length >= 20, `${result.steps.length} steps searched`);
  assert.ok(result.unsearched.length > 200);
  assert.ok(result.steps.some((s) => s.candidates.some((c) => c.accepted)), 'some candidate is accepted');
  assert.ok(result.meanNllAfter < result.meanNllBefore);
  const again = await searchTrajectory(trajectory, structure, scorer, createOfflineProposer(structure), settings, { concurrency: 1 });
  assert.deepEqual(again, result, 'same seed, same result');
});
