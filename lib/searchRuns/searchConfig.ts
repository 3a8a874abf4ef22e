import { createHash } from 'node:crypto';
import { llmConfigFromEnv } from '../llm/config';
import { scoringConfigFromEnv } from '../scoring/scoringConfig';
import type { SearchSettings } from '../search/types';

// Pure configuration (no scorer, proposer or parser code), so the web app can resolve a
// configuration without bundling the workers' code; config.ts re-exports all of it.

/** Everything that changes a search's output; stored on the run, equal configs hash equally. */
export interface SearchConfig {
  scorer: { provider: 'offline' | 'openai'; model: string; baseUrl: string | null };
  proposer: { provider: 'offline' | 'openai'; model: string; baseUrl: string | null };
  settings: Pick<SearchSettings, 'candidates' | 'rounds' | 'stopBelowNll' | 'scoredTokenBudget' | 'logprobFloor' | 'leakRunTokens' | 'seed'>;
}

export interface SearchConfigInput {
  scorer?: string;
  scorerModel?: string;
  scorerBaseUrl?: string;
  proposer?: string;
  candidates?: number;
  rounds?: number;
  seed?: number;
}

export const OFFLINE_SCORER_MODEL = 'offline-ngram-kn4-cache';
const OFFLINE_PROPOSER_MODEL = 'offline-structural-v1';

export function resolveSearchConfig(input: SearchConfigInput = {}, env: NodeJS.ProcessEnv = process.env): SearchConfig {
  const scorerProvider = input.scorer ?? (env.RETRACE_SCORER_BASE_URL ? 'openai' : 'offline');
  const proposerProvider = input.proposer ?? (env.RETRACE_LLM_BASE_URL || env.RETRACE_LLM_MODEL ? 'openai' : 'offline');
  for (const [what, p] of [['scorer', scorerProvider], ['proposer', proposerProvider]]) {
    if (p !== 'offline' && p !== 'openai') throw new Error(`Unknown ${what} "${p}": use offline or openai.`);
  }
  let scorer: SearchConfig['scorer'] = { provider: 'offline', model: OFFLINE_SCORER_MODEL, baseUrl: null };
  if (scorerProvider === 'openai') {
    const c = scoringConfigFromEnv(env, { model: input.scorerModel, baseUrl: input.scorerBaseUrl });
    scorer = { provider: 'openai', model: c.model, baseUrl: c.baseUrl };
  }
  let proposer: SearchConfig['proposer'] = { provider: 'offline', model: OFFLINE_PROPOSER_MODEL, baseUrl: null };
  if (proposerProvider === 'openai') {
    const c = llmConfigFromEnv(env);
    proposer = { provider: 'openai', model: c.model, baseUrl: c.baseUrl };
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
  };
}

export function searchConfigHash(config: SearchConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}
