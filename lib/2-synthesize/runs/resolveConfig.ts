import { createHash } from 'node:crypto';
import { REPEATED_READS, type RepeatedReads } from '../readPolicy';
import { llmConfigFromEnv } from '../../platform/llm/config';
import { resolveSearchConfig, type SearchConfig, type SearchConfigInput } from '../../3-search/runs/searchConfig';

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
  /** What a Read of a file already in the trajectory shows (lib/2-synthesize/readPolicy.ts); absent on runs made before it existed: `full`. */
  repeatedReads: RepeatedReads;
  /** Run a CoT search over the trajectory once it is stored (null: no search). */
  search: SearchConfig | null;
}

export interface SynthesisConfigInput {
  provider?: string;
  model?: string;
  baseUrl?: string;
  seed?: number;
  temperature?: number;
  repeatedReads?: string;
  /** true (defaults) or settings: search the trajectory after synthesis. */
  search?: boolean | SearchConfigInput;
}

const OFFLINE_MODEL = 'offline-structural-v1';
/** Measured by `npm run bench -- trajectory` (lib/2-synthesize/README.md): trajectories ~2× the code, ~58% trained on. */
export const DEFAULT_REPEATED_READS: RepeatedReads = 'once';

/**
 * Fills defaults from the environment (RETRACE_LLM_*): the offline provider unless an LLM is
 * configured or asked for. Throws a clear error for an unusable combination.
 */
export function resolveConfig(input: SynthesisConfigInput = {}, env: NodeJS.ProcessEnv = process.env): SynthesisConfig {
  const provider = input.provider ?? (env.RETRACE_LLM_BASE_URL || env.RETRACE_LLM_MODEL ? 'openai' : 'offline');
  if (provider !== 'offline' && provider !== 'openai') throw new Error(`Unknown provider "${provider}": use offline or openai.`);
  const seed = input.seed ?? 0;
  const temperature = input.temperature ?? 0.7;
  // One configuration for every role: the generation model given here is the search's proposer too.
  const searchInput: SearchConfigInput | null = input.search ? (input.search === true ? { seed } : input.search) : null;
  const search = searchInput
    ? resolveSearchConfig({ proposer: input.provider, proposerModel: input.model, proposerBaseUrl: input.baseUrl, ...Object.fromEntries(Object.entries(searchInput).filter(([, v]) => v !== undefined)) }, env)
    : null;
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
