import { createHash } from 'node:crypto';
import { REPEATED_READS, type RepeatedReads } from '../readPolicy';
import { llmConfigFromEnv } from '../../platform/llm/config';

// Pure configuration (no agent or parser code), so the web app can resolve and hash a
// configuration without bundling the workers' code; config.ts re-exports all of it.

/**
 * The search to queue once the trajectory is stored, as the search stage resolved it
 * (lib/3-search/runs/searchConfig.ts `resolveSynthesisConfig`). Opaque to synthesis: it is stored in
 * the run's configuration, so it counts in the configuration hash, and handed back to the caller
 * through `runSynthesis`'s `afterStored` when the trajectory is stored.
 */
export type FollowOnSearch = object;

/** Everything that changes a synthesis' output. Stored on the run; equal configs hash equally. */
export interface SynthesisConfig<Search extends FollowOnSearch = FollowOnSearch> {
  provider: 'offline' | 'openai';
  /** Generation model (openai), or the offline generator's name. */
  model: string;
  /** OpenAI-compatible base URL (openai only). */
  baseUrl: string | null;
  seed: number;
  temperature: number;
  /** What a Read of a file already in the trajectory shows (lib/2-synthesize/readPolicy.ts); absent on runs made before it existed: `full`. */
  repeatedReads: RepeatedReads;
  /** Run a CoT search over the trajectory once it is stored (null: no search). */
  search: Search | null;
}

export interface SynthesisConfigInput {
  provider?: string;
  model?: string;
  baseUrl?: string;
  seed?: number;
  temperature?: number;
  repeatedReads?: string;
}

const OFFLINE_MODEL = 'offline-structural-v1';
/** Measured by `npm run bench -- trajectory` (lib/2-synthesize/README.md): trajectories ~2× the code, ~58% trained on. */
export const DEFAULT_REPEATED_READS: RepeatedReads = 'once';

/**
 * Fills defaults from the environment (RETRACE_LLM_*): the offline provider unless an LLM is
 * configured or asked for. Throws a clear error for an unusable combination. No search follows;
 * `resolveSynthesisConfig` (lib/3-search/runs/searchConfig.ts) adds one.
 */
export function resolveConfig(input: SynthesisConfigInput = {}, env: NodeJS.ProcessEnv = process.env): SynthesisConfig {
  const provider = input.provider ?? (env.RETRACE_LLM_BASE_URL || env.RETRACE_LLM_MODEL ? 'openai' : 'offline');
  if (provider !== 'offline' && provider !== 'openai') throw new Error(`Unknown provider "${provider}": use offline or openai.`);
  const seed = input.seed ?? 0;
  const temperature = input.temperature ?? 0.7;
  // One configuration for every role: the generation model given here is the search's proposer too.
  const search = null;
  const repeatedReads = (input.repeatedReads ?? DEFAULT_REPEATED_READS) as RepeatedReads;
  if (!REPEATED_READS.includes(repeatedReads)) throw new Error(`Unknown read policy "${input.repeatedReads}": use ${REPEATED_READS.join(', ')}.`);
  if (provider === 'offline') return { provider, model: OFFLINE_MODEL, baseUrl: null, seed, temperature: 0, repeatedReads, search };
  const llm = llmConfigFromEnv(env, { model: input.model, baseUrl: input.baseUrl });
  return { provider, model: llm.model, baseUrl: llm.baseUrl, seed, temperature, repeatedReads, search };
}

export function configHash(config: SynthesisConfig): string {
  const canonical = JSON.stringify(Object.fromEntries(Object.entries(config).sort(([a], [b]) => (a < b ? -1 : 1))));
  return createHash('sha256').update(canonical).digest('hex');
}
