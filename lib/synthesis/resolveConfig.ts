import { createHash } from 'node:crypto';
import { llmConfigFromEnv } from '../llm/config';
import { resolveSearchConfig, type SearchConfig, type SearchConfigInput } from '../searchRuns/searchConfig';

// Pure configuration (no agent or parser code), so the web app can resolve and hash a
// configuration without bundling the workers' code; config.ts re-exports all of it.

/** Everything that changes a synthesis' output. Stored on the run; equal configs hash equally. */
export interface SynthesisConfig {
  provider: 'offline' | 'openai';
  /** Generation model (openai), or the offline generator's name. */
  model: string;
  /** OpenAI-compatible base URL (openai only). */
  baseUrl: string | null;
  seed: number;
  temperature: number;
  /** Run a CoT search over the trajectory once it is stored (null: no search). */
  search: SearchConfig | null;
}

export interface SynthesisConfigInput {
  provider?: string;
  model?: string;
  baseUrl?: string;
  seed?: number;
  temperature?: number;
  /** true (defaults) or settings: search the trajectory after synthesis. */
  search?: boolean | SearchConfigInput;
}

const OFFLINE_MODEL = 'offline-structural-v1';

/**
 * Fills defaults from the environment (RETRACE_LLM_*): the offline provider unless an LLM is
 * configured or asked for. Throws a clear error for an unusable combination.
 */
export function resolveConfig(input: SynthesisConfigInput = {}, env: NodeJS.ProcessEnv = process.env): SynthesisConfig {
  const provider = input.provider ?? (env.RETRACE_LLM_BASE_URL || env.RETRACE_LLM_MODEL ? 'openai' : 'offline');
  if (provider !== 'offline' && provider !== 'openai') throw new Error(`Unknown provider "${provider}": use offline or openai.`);
  const seed = input.seed ?? 0;
  const temperature = input.temperature ?? 0.7;
  const search = input.search ? resolveSearchConfig(input.search === true ? { seed } : input.search, env) : null;
  if (provider === 'offline') return { provider, model: OFFLINE_MODEL, baseUrl: null, seed, temperature: 0, search };
  const llm = llmConfigFromEnv(env, { model: input.model, baseUrl: input.baseUrl });
  return { provider, model: llm.model, baseUrl: llm.baseUrl, seed, temperature, search };
}

export function configHash(config: SynthesisConfig): string {
  const canonical = JSON.stringify(Object.fromEntries(Object.entries(config).sort(([a], [b]) => (a < b ? -1 : 1))));
  return createHash('sha256').update(canonical).digest('hex');
}
