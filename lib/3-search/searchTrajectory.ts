/**
 * Step 5 of the method, CoT search: for every implementation Think (the last Think of a sub-agent
 * before it writes its file), propose rewrites and keep one only if it makes the real file more likely.
 *
 * Per step, in trajectory order:
 * 1. score the original Think: nllBefore = mean clipped NLL of the file's real content given
 *    `scoringPrefix(trajectory, step, think)` (the trajectory up to the Think, then `Action: Write(path)`);
 * 2. for `rounds` rounds (default 3), unless the best NLL so far is already below `stopBelowNll`:
 *    ask the proposer for `candidates` rewrites (default 2) of the best Think so far; reject without
 *    scoring the empty ones, repeats, those that leak the target (leakage.ts, `leakRunTokens`) and those
 *    that repeat a block of themselves (repetition.ts);
 *    score the rest; the lowest of the round is accepted if it is strictly lower than the best so far,
 *    and becomes the Think the next round rewrites. Every other candidate gets its reason.
 * Steps are independent: each is scored against the synthesized trajectory with only its own Think
 * replaced, so steps run concurrently (`concurrency`, default 4, also bounds parallel scorer calls)
 * and the result does not depend on timing.
 *
 * Budget: every scorer call costs ceil(prefix characters / 4) + ceil(target characters / 4) tokens,
 * a cheap approximation of the tokens the scoring model reads (no tokenizer pass). Calls are charged
 * in trajectory order (steps in order; within a step, the original, then each round's candidates in
 * order). The first call that would take the total past `scoredTokenBudget` is not made, and nothing
 * after it is scored: a step cut before its original was scored is unsearched, a step cut later keeps
 * what it had (its unscored candidates are rejected as "not scored: …"), and all later steps are
 * unsearched; `budgetExhausted` is then true. With concurrent steps, a later step may run ahead of
 * that cut speculatively; what it did past the cut is discarded, so results stay deterministic.
 *
 * Not searched (listed in `unsearched` with the reason, excluded from the means): empty files (nothing
 * to score), a Think that already contains the whole file, and steps past the budget.
 */
import type { SynthesizedTrajectory, TrajectoryStep } from '../2-synthesize/types';
import { meanNll, type Scorer } from './scoring/types';
import type { RepoStructure } from '../1-ingest/structure/extractStructure';
import { countTokens } from '../platform/tokens/countTokens';
import { DeterministicError } from '../platform/jobs/failedAttempt';
import { doesNotFit, fitStep, MAX_PREFIX_SHRINKS, PromptTooLongError, shrunkPrefixChars } from './contextFit';
import { createLeakageChecker } from './leakage';
import { repeatedBlock } from './repetition';
import { tokenScoreSet, type TokenScoreSet } from './tokenScores';
import { containsTarget, scoringPrefix, searchableThinks } from './scoringPrefix';
import type { CandidateProposer, SearchCandidate, SearchedStep, SearchResult, SearchSettings, UnsearchedStep } from './types';

export const DEFAULT_SEARCH_SETTINGS: Readonly<SearchSettings> = Object.freeze({
  candidates: 2,
  rounds: 3,
  stopBelowNll: 0,
  scoredTokenBudget: 50_000_000,
  logprobFloor: -2,
  leakRunTokens: 12,
  seed: 0,
});

export interface SearchOptions {
  /** Called as each step's result is final, in trajectory order; `done` counts searched and unsearched steps. */
  onStep?(done: number, total: number, step: SearchedStep): void;
  /** Steps searched at once, and scorer calls in flight at once (default 4). */
  concurrency?: number;
  /** Most characters of a scoring prefix (default 32,000, less when the scoring model's context is smaller; see contextFit.ts). */
  maxPrefixChars?: number;
  /** The scoring model's context in tokens (default: the scorer's `contextWindow()`; null: unknown). */
  contextTokens?: number | null;
}

/** Approximate tokens of a text for the budget: one per four characters, rounded up. */
export function approxTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export const BUDGET_REJECTION = 'not scored: the scored-token budget ran out';

const fmt = (x: number) => x.toFixed(3);
/** Two NLLs with as many decimals (3 to 6) as it takes to tell them apart: not "(1.385 vs 1.385)". */
function fmtPair(a: number, b: number): [string, string] {
  let digits = 3;
  while (digits < 6 && a !== b && a.toFixed(digits) === b.toFixed(digits)) digits++;
  return [a.toFixed(digits), b.toFixed(digits)];
}

interface Proposal {
  text: string;
  /** Why it was rejected before scoring (empty, repeat, leakage), or null when it goes to the scorer. */
  preReject: string | null;
  /** Index of its scorer call within the step; null when pre-rejected. */
  call: number | null;
  nll: number | null;
  /** Per-token scores of the target under this candidate, once scored. */
  scores: TokenScoreSet | null;
}

interface RoundRecord {
  round: number;
  proposals: Proposal[];
}

interface StepRun {
  ordinal: number;
  file: string;
  original: string;
  /** Why the step is not searched regardless of the budget. */
  skipped: string | null;
  /** Cost of each scorer call made, in order (call 0 scores the original). */
  calls: number[];
  /** Cost of the call the budget gate refused (the run stopped there), or null. */
  refused: number | null;
  originalNll: number | null;
  originalScores: TokenScoreSet | null;
  rounds: RoundRecord[];
}

interface Decision {
  /** Per proposal: accepted, or why not. */
  verdicts: { accepted: boolean; rejectedBecause: string | null }[];
  best: number;
  bestText: string;
  bestScores: TokenScoreSet | null;
}

/** The greedy rule for one round: the lowest scored candidate is accepted if strictly below `best`. */
function decideRound(proposals: readonly Proposal[], best: number, bestText: string, bestScores: TokenScoreSet | null, cut: number): Decision {
  let winner = -1;
  proposals.forEach((p, i) => {
    if (p.preReject === null && p.call !== null && p.call < cut && p.nll !== null && p.nll < best && (winner === -1 || p.nll < proposals[winner].nll!)) winner = i;
  });
  const verdicts = proposals.map((p, i) => {
    if (p.preReject !== null) return { accepted: false, rejectedBecause: p.preReject };
    if (p.call === null || p.call >= cut || p.nll === null) return { accepted: false, rejectedBecause: BUDGET_REJECTION };
    if (i === winner) return { accepted: true, rejectedBecause: null };
    if (p.nll >= best) {
      const [a, b] = fmtPair(p.nll, best);
      return { accepted: false, rejectedBecause: `not lower than the best so far (${a} ≥ ${b})` };
    }
    const w = proposals[winner].nll!;
    return { accepted: false, rejectedBecause: p.nll === w ? `lower, but an earlier candidate of this round was as low (${fmt(p.nll)})` : `lower, but another candidate of this round was lower (${fmtPair(p.nll, w).join(' vs ')})` };
  });
  return winner === -1 ? { verdicts, best, bestText, bestScores } : { verdicts, best: proposals[winner].nll!, bestText: proposals[winner].text, bestScores: proposals[winner].scores };
}

/** The step as stored, from what its run recorded, with scorer calls from `cut` on not made. */
function buildStep(run: StepRun, cut: number): SearchedStep {
  const nllBefore = run.originalNll!;
  let best = nllBefore;
  let bestText = run.original;
  let bestScores = run.originalScores;
  const candidates: SearchCandidate[] = [];
  for (const round of run.rounds) {
    const d = decideRound(round.proposals, best, bestText, bestScores, cut);
    round.proposals.forEach((p, i) => {
      const scored = p.preReject === null && p.call !== null && p.call < cut;
      candidates.push({ round: round.round, text: p.text, nll: scored ? p.nll : null, accepted: d.verdicts[i].accepted, rejectedBecause: d.verdicts[i].rejectedBecause });
    });
    best = d.best;
    bestText = d.bestText;
    bestScores = d.bestScores;
    if (round.proposals.some((p) => p.call !== null && p.call >= cut)) break;
  }
  const tokenScores = run.originalScores && bestScores ? { before: run.originalScores, after: bestScores } : undefined;
  return { ordinal: run.ordinal, file: run.file, nllBefore, nllAfter: best, finalText: bestText, candidates, tokenScores };
}

/** A counting semaphore. */
function semaphore(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await work();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

export async function searchTrajectory(
  trajectory: SynthesizedTrajectory,
  structure: RepoStructure,
  scorer: Scorer,
  proposer: CandidateProposer,
  settings: Partial<SearchSettings> = {},
  options: SearchOptions = {},
): Promise<SearchResult> {
  const s: SearchSettings = { ...DEFAULT_SEARCH_SETTINGS, ...Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) };
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const contextTokens = options.contextTokens !== undefined ? options.contextTokens : ((await scorer.contextWindow?.()) ?? null);
  const files = new Map(structure.files.map((f) => [f.path, f]));
  const targets = searchableThinks(trajectory).map((t) => {
    const file = files.get(t.file);
    if (!file) throw new DeterministicError(`${t.file} is written in the trajectory but is not a file of the repository's snapshot: the trajectory does not belong to this snapshot.`);
    if (t.write.action!.content !== file.content) throw new DeterministicError(`The trajectory's Write of ${t.file} is not the file's real content: the stored trajectory was changed or is not grounded (check it with checkGrounding); re-synthesize the repository.`);
    return { ...t, target: file.content };
  });
  const total = targets.length;
  const limit = semaphore(concurrency);

  // Speculative per-step runs; see the module comment for how the budget is applied afterwards.
  const runs: (StepRun | undefined)[] = new Array(total);
  const spentByStep = new Array<number>(total).fill(0);
  let exhaustedAt: number | null = null;
  const lowerBoundBefore = (k: number) => {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += spentByStep[j];
    return sum;
  };

  /** Why a step is not searched whatever the budget, or null. */
  const skipReason = (k: number): string | null => {
    const { ordinal, target } = targets[k];
    if (target.trim() === '') return 'the file is empty: there is nothing to score';
    if (containsTarget(trajectory.steps[ordinal].content, target)) return 'the original Think contains the whole file';
    return null;
  };

  async function runStep(k: number): Promise<StepRun> {
    const { ordinal, file, target } = targets[k];
    const original = trajectory.steps[ordinal].content;
    const run: StepRun = { ordinal, file, original, skipped: skipReason(k), calls: [], refused: null, originalNll: null, originalScores: null, rounds: [] };
    if (run.skipped) return run;
    const fit = await fitStep(scorer, contextTokens, target, options.maxPrefixChars);
    if (!fit.fits) return { ...run, skipped: fit.reason };
    const prefixOptions = { maxPrefixChars: fit.maxPrefixChars };
    const gate = (cost: number) => {
      if (exhaustedAt !== null && k > exhaustedAt) return false;
      return lowerBoundBefore(k) + spentByStep[k] + cost <= s.scoredTokenBudget;
    };
    const targetCost = approxTokens(target);
    const costOf = (text: string) => {
      const prefix = scoringPrefix(trajectory, ordinal, text, prefixOptions);
      return { prefix, cost: approxTokens(prefix) + targetCost };
    };
    // Token positions are placed once and reused while the scorer splits the target the same way.
    let placed: { tokens: readonly string[]; set: TokenScoreSet } | undefined;
    const score = (prefix: string) =>
      limit(async () => {
        const scores = await scorer.score(prefix, target);
        const set = tokenScoreSet(target, scores, placed);
        placed ??= { tokens: scores.tokens, set };
        return { nll: meanNll(scores, s.logprobFloor), set };
      });

    let first = costOf(original);
    if (!gate(first.cost)) {
      run.refused = first.cost;
      return run;
    }
    run.calls.push(first.cost);
    spentByStep[k] += first.cost;
    // A prompt over the scoring model's context: a shorter prefix, a few times, then the step is given up.
    for (let shrinks = 0; run.originalNll === null; shrinks++) {
      try {
        ({ nll: run.originalNll, set: run.originalScores } = await score(first.prefix));
      } catch (err) {
        if (!(err instanceof PromptTooLongError)) throw err;
        if (shrinks === MAX_PREFIX_SHRINKS) {
          spentByStep[k] = 0;
          return { ...run, calls: [], skipped: `the original Think ${doesNotFit(err)} even with the prefix cut to ${prefixOptions.maxPrefixChars.toLocaleString('en-US')} characters` };
        }
        prefixOptions.maxPrefixChars = shrunkPrefixChars(prefixOptions.maxPrefixChars, err, fit.targetTokens);
        const again = costOf(original);
        spentByStep[k] += again.cost - first.cost;
        run.calls[0] = again.cost;
        first = again;
      }
    }

    const leak = createLeakageChecker(target, { runTokens: s.leakRunTokens });
    let best = run.originalNll;
    let bestText = original;
    const seen = new Map<string, number>();
    for (let round = 0; round < s.rounds; round++) {
      if (best < s.stopBelowNll) break;
      if (exhaustedAt !== null && k > exhaustedAt) break;
      const texts = await proposer.propose({ trajectory, step: trajectory.steps[ordinal], target, current: bestText, round, count: s.candidates, seed: s.seed });
      const proposals: Proposal[] = [];
      const pending: { proposal: Proposal; prefix: string }[] = [];
      let stopped = false;
      let nextCall = run.calls.length;
      for (const raw of texts.slice(0, s.candidates)) {
        const text = typeof raw === 'string' ? raw.trim() : '';
        let preReject: string | null = null;
        if (!text) preReject = 'empty';
        else if (text === bestText) preReject = 'the same as the current Think';
        else if (text === original) preReject = 'the same as the original Think';
        else if (seen.has(text)) preReject = `the same as an earlier candidate (round ${seen.get(text)!})`;
        else preReject = leak.check(text) ?? (containsTarget(text, target) ? 'leaks the target: contains the whole file' : null) ?? repeatedBlock(text);
        if (text && !seen.has(text)) seen.set(text, round);
        const proposal: Proposal = { text, preReject, call: null, nll: null, scores: null };
        proposals.push(proposal);
        if (preReject !== null) continue;
        // Calls are numbered in candidate order; the refused call and those after it get numbers ≥ the calls made.
        proposal.call = nextCall++;
        if (stopped) continue;
        const { prefix, cost } = costOf(text);
        if (!gate(cost)) {
          run.refused = cost;
          stopped = true;
          continue;
        }
        pending.push({ proposal, prefix });
        run.calls.push(cost);
        spentByStep[k] += cost;
      }
      await Promise.all(
        pending.map(async (x) => {
          try {
            ({ nll: x.proposal.nll, set: x.proposal.scores } = await score(x.prefix));
          } catch (err) {
            if (!(err instanceof PromptTooLongError)) throw err;
            x.proposal.preReject = doesNotFit(err);
          }
        }),
      );
      run.rounds.push({ round, proposals });
      if (stopped) break;
      const d = decideRound(proposals, best, bestText, null, Infinity);
      best = d.best;
      bestText = d.bestText;
    }
    return run;
  }

  // Replay in order: charge calls against the budget, build results, report progress.
  const searched: SearchedStep[] = [];
  const unsearched: UnsearchedStep[] = [];
  let spent = 0;
  let exhausted = false;
  let finalized = 0;
  const finalize = () => {
    while (finalized < total && runs[finalized] !== undefined) {
      const run = runs[finalized]!;
      const k = finalized;
      finalized++;
      if (run.skipped) {
        unsearched.push({ ordinal: run.ordinal, file: run.file, reason: run.skipped });
        continue;
      }
      if (exhausted) {
        unsearched.push({ ordinal: run.ordinal, file: run.file, reason: 'the scored-token budget ran out' });
        continue;
      }
      let cut = run.calls.length;
      for (let c = 0; c < run.calls.length; c++) {
        if (spent + run.calls[c] > s.scoredTokenBudget) {
          cut = c;
          break;
        }
        spent += run.calls[c];
      }
      if (cut === run.calls.length && run.refused !== null) {
        if (spent + run.refused <= s.scoredTokenBudget) throw new Error(`internal error: step ${run.ordinal} stopped short of the budget`);
      }
      if (cut < run.calls.length || run.refused !== null) {
        exhausted = true;
        exhaustedAt = k;
      }
      if (cut === 0) {
        unsearched.push({ ordinal: run.ordinal, file: run.file, reason: 'the scored-token budget ran out' });
        continue;
      }
      const step = buildStep(run, cut);
      searched.push(step);
      options.onStep?.(finalized, total, step);
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < total) {
      const k = next++;
      if (exhaustedAt !== null && k > exhaustedAt) {
        const { ordinal, file } = targets[k];
        runs[k] = { ordinal, file, original: '', skipped: skipReason(k), calls: [], refused: null, originalNll: null, originalScores: null, rounds: [] };
      } else {
        runs[k] = await runStep(k);
      }
      finalize();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, total)) }, worker));
  finalize();

  // The trajectory with the final Thinks in place and token counts recomputed.
  const finals = new Map(searched.filter((x) => x.finalText !== trajectory.steps[x.ordinal].content).map((x) => [x.ordinal, x.finalText]));
  const steps: TrajectoryStep[] = trajectory.steps.map((step) => {
    const text = finals.get(step.ordinal);
    return text === undefined ? step : { ...step, content: text, tokens: countTokens(text) };
  });
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);
  return {
    trajectory: { ...trajectory, steps, tokenCount: steps.reduce((n, x) => n + x.tokens, 0) },
    steps: searched,
    unsearched,
    meanNllBefore: mean(searched.map((x) => x.nllBefore)),
    meanNllAfter: mean(searched.map((x) => x.nllAfter)),
    scoredTokens: spent,
    budgetExhausted: exhausted,
  };
}
