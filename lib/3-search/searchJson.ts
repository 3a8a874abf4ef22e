/**
 * The search part of `retrace synthesize DIR --search --dry-run --json`: the synthesis JSON
 * (lib/2-synthesize/dryRunJson.ts) of the searched trajectory, where each searched Think step also carries
 * `"search": {"nllBefore", "nllAfter", "candidates": [{"round", "text", "nll", "accepted", "rejectedBecause"}]}`
 * and its `content` is the final Think. A top-level `search` object summarizes the run. NLLs are
 * plain numbers; a mean over no searched step is null.
 */
import { dryRunJson, type DryRunJson } from '../2-synthesize/dryRunJson';
import { searchFigures, type SearchFigures } from './searchFigures';
import type { SearchResult } from './types';

export interface StepSearchJson {
  nllBefore: number;
  nllAfter: number;
  candidates: { round: number; text: string; nll: number | null; accepted: boolean; rejectedBecause: string | null }[];
}

export interface SearchSummaryJson {
  meanNllBefore: number | null;
  meanNllAfter: number | null;
  searchedSteps: number;
  scoredTokens: number;
  budgetExhausted: boolean;
  /** Steps improved, their mean NLL gain, candidates rejected before scoring by reason (searchFigures.ts). */
  figures: SearchFigures;
  unsearched: { ordinal: number; file: string; reason: string }[];
}

export type DryRunJsonWithSearch = Omit<DryRunJson, 'steps'> & {
  steps: (DryRunJson['steps'][number] & { search?: StepSearchJson })[];
  /** With `setup`: the proposer, the scorer as resolved and every fallback taken (lib/3-search/runs/searchSetup.ts). */
  search: SearchSummaryJson & { setup?: unknown };
};

/** Per searched step ordinal: NLL before and after, and every candidate, keys in a fixed order. */
export function searchJson(result: SearchResult): Record<number, StepSearchJson> {
  const out: Record<number, StepSearchJson> = {};
  for (const step of result.steps) {
    out[step.ordinal] = {
      nllBefore: step.nllBefore,
      nllAfter: step.nllAfter,
      candidates: step.candidates.map((c) => ({ round: c.round, text: c.text, nll: c.nll, accepted: c.accepted, rejectedBecause: c.rejectedBecause })),
    };
  }
  return out;
}

export function searchSummaryJson(result: SearchResult): SearchSummaryJson {
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    meanNllBefore: finite(result.meanNllBefore),
    meanNllAfter: finite(result.meanNllAfter),
    searchedSteps: result.steps.length,
    scoredTokens: result.scoredTokens,
    budgetExhausted: result.budgetExhausted,
    figures: searchFigures(result.steps),
    unsearched: result.unsearched.map((u) => ({ ordinal: u.ordinal, file: u.file, reason: u.reason })),
  };
}

/** The synthesis dry-run JSON of the searched trajectory, with `search` on each searched Think. */
export function dryRunJsonWithSearch(result: SearchResult, setup?: unknown): DryRunJsonWithSearch {
  const base = dryRunJson(result.trajectory);
  const byOrdinal = searchJson(result);
  return {
    ...base,
    steps: base.steps.map((s) => (byOrdinal[s.ordinal] ? { ...s, search: byOrdinal[s.ordinal] } : s)),
    search: setup === undefined ? searchSummaryJson(result) : { ...searchSummaryJson(result), setup },
  };
}
