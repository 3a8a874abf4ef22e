import { createHash } from 'node:crypto';
import { llmConfigFromEnv } from '../../platform/llm/config';
import { type ScoringMode, scoringConfigFromEnv } from '../scoring/scoringConfig';
import type { SearchSettings } from '../types';
import { resolveConfig, type SynthesisConfig, type SynthesisConfigInput } from '../../2-synthesize/runs/resolveConfig';

// Pure configuration (no scorer, proposer or parser code), so the web app can resolve a
// configuration without bundling the workers' code; config.ts re-exports all of it.

/** Everything that changes a search's output; stored on the run, equal configs hash equally. */
export interface SearchConfig {
  /** A server scorer also has its mode, alignment tokenizer and context setting (absent on runs stored before them: the environment's). */
  scorer: { provider: 'offline' | 'openai'; model: string; baseUrl: string | null; mode?: ScoringMode; tokenizer?: string; contextTokens?: number | null };
  proposer: { provider: 'offline' | 'openai'; model: string; baseUrl: string | null; contextTokens?: number | null };
  settings: Pick<SearchSettings, 'candidates' | 'rounds' | 'stopBelowNll' | 'scoredTokenBudget' | 'logprobFloor' | 'leakRunTokens' | 'seed'>;
  /** Each default taken for want of a setting, in words (e.g. the offline proposer because no generation model is configured). */
  fallbacks?: string[];
}

export interface SearchConfigInput {
  scorer?: string;
  scorerModel?: string;
  scorerBaseUrl?: string;
  scorerMode?: string;
  scorerTokenizer?: string;
  scorerContext?: number;
  proposer?: string;
  /** The generation model and server (--model, --llm-base-url): the proposer's, as for synthesis. */
  proposerModel?: string;
  proposerBaseUrl?: string;
  proposerContext?: number;
  candidates?: number;
  rounds?: number;
  seed?: number;
}

export const OFFLINE_SCORER_MODEL = 'offline-ngram-kn4-cache';
const OFFLINE_PROPOSER_MODEL = 'offline-structural-v1';

export function resolveSearchConfig(input: SearchConfigInput = {}, env: NodeJS.ProcessEnv = process.env): SearchConfig {
  // Flags and environment alike: a scoring server or a generation model given either way is used.
  const scorerProvider = input.scorer ?? (input.scorerBaseUrl || env.RETRACE_SCORER_BASE_URL ? 'openai' : 'offline');
  const proposerProvider = input.proposer ?? (input.proposerBaseUrl || input.proposerModel || env.RETRACE_LLM_BASE_URL || env.RETRACE_LLM_MODEL ? 'openai' : 'offline');
  for (const [what, p] of [['scorer', scorerProvider], ['proposer', proposerProvider]]) {
    if (p !== 'offline' && p !== 'openai') throw new Error(`Unknown ${what} "${p}": use offline or openai.`);
  }
  const fallbacks: string[] = [];
  let scorer: SearchConfig['scorer'] = { provider: 'offline', model: OFFLINE_SCORER_MODEL, baseUrl: null };
  if (scorerProvider === 'openai') {
    const c = scoringConfigFromEnv(env, { model: input.scorerModel, baseUrl: input.scorerBaseUrl, mode: input.scorerMode as ScoringMode | undefined, tokenizer: input.scorerTokenizer, contextTokens: input.scorerContext });
    scorer = { provider: 'openai', model: c.model, baseUrl: c.baseUrl, mode: c.mode, tokenizer: c.tokenizer, contextTokens: c.contextTokens };
  } else if (input.scorer === undefined) {
    fallbacks.push('no scoring server is configured (RETRACE_SCORER_BASE_URL or --scorer-base-url): scored by the offline n-gram model');
  }
  let proposer: SearchConfig['proposer'] = { provider: 'offline', model: OFFLINE_PROPOSER_MODEL, baseUrl: null };
  if (proposerProvider === 'openai') {
    const c = llmConfigFromEnv(env, { model: input.proposerModel, baseUrl: input.proposerBaseUrl, contextTokens: input.proposerContext });
    proposer = { provider: 'openai', model: c.model, baseUrl: c.baseUrl, contextTokens: c.contextTokens };
  } else if (input.proposer === undefined) {
    fallbacks.push('no generation model is configured (RETRACE_LLM_BASE_URL / --llm-base-url and RETRACE_LLM_MODEL / --model): candidates come from the offline proposer');
  }
  const positive = (n: number | undefined, name: string, fallback: number) => {
    if (n === undefined) return fallback;
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, not ${n}.`);
    return n;
  };
  return {
    scorer,
    proposer,
    settings: {
      candidates: positive(input.candidates, 'candidates', 2),
      rounds: positive(input.rounds, 'rounds', 3),
      stopBelowNll: 0,
      scoredTokenBudget: 50_000_000,
      logprobFloor: -2,
      leakRunTokens: 12,
      seed: input.seed ?? 0,
    },
    fallbacks,
  };
}

export function searchConfigHash(config: SearchConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}

export interface SynthesisWithSearchInput extends SynthesisConfigInput {
  /** true (defaults) or settings: search the trajectory after synthesis. */
  search?: boolean | SearchConfigInput;
}

/**
 * A synthesis configuration with the search to queue once its trajectory is stored
 * (`synthesize --search`, the studio's re-synthesis form). The search proposes with the
 * synthesis' provider, model and server unless told otherwise, and takes its seed.
 */
export function resolveSynthesisConfig(input: SynthesisWithSearchInput = {}, env: NodeJS.ProcessEnv = process.env): SynthesisConfig<SearchConfig> {
  const { search: searchInput, ...synthesisInput } = input;
  const synthesis = resolveConfig(synthesisInput, env);
  const settings: SearchConfigInput | null = searchInput ? (searchInput === true ? { seed: synthesis.seed } : searchInput) : null;
  const search = settings
    ? resolveSearchConfig({ proposer: input.provider, proposerModel: input.model, proposerBaseUrl: input.baseUrl, ...Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) }, env)
    : null;
  return { ...synthesis, search };
}
