/**
 * Configuration of the OpenAI-compatible scorer: its own server and model (usually a small base
 * model), separate from the generation model, with the same timeout/attempt/concurrency rules as
 * lib/platform/llm. Without RETRACE_SCORER_BASE_URL no scoring server is configured and the embedded
 * offline scorer is used (`scoringServerConfigured`).
 */
import { type Env, LLM_DEFAULTS, LlmConfigError, nonEmpty, nonNegativeInt, normalizeBaseUrl, optionalPositiveInt, positiveInt } from '../../platform/llm/config';

export type ScoringMode = 'echo' | 'prompt_logprobs' | 'sglang';
export const SCORING_MODES: readonly ScoringMode[] = ['echo', 'prompt_logprobs', 'sglang'];

/**
 * Where the scorer gets the model's tokenizer to align prompts by token id: 'server' (its
 * /tokenize endpoint; without one, exact text alignment or a refusal), 'text' (text alignment
 * only), or the path of the model's tokenizer.json.
 */
export type ScoringTokenizerSetting = 'server' | 'text' | (string & {});

export interface ScoringConfig {
  provider: 'openai';
  /** e.g. http://127.0.0.1:8000/v1; no trailing slash. */
  baseUrl: string;
  /** Bearer token; 'none' for servers that do not check it. Never logged or hashed. */
  apiKey: string;
  /** The scoring model as the server knows it. */
  model: string;
  /** 'echo' (default): /v1/completions with echo + logprobs; 'prompt_logprobs': vLLM's extension; 'sglang': SGLang's /generate. */
  mode: ScoringMode;
  tokenizer: ScoringTokenizerSetting;
  /** The scoring model's context length (RETRACE_SCORER_CONTEXT); null: the server's, when it says. */
  contextTokens: number | null;
  timeoutMs: number;
  maxAttempts: number;
  maxConcurrency: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export type ScoringConfigOverrides = Partial<Omit<ScoringConfig, 'provider'>>;


const isOpenAi = (url: string) => /^https:\/\/api\.openai\.com(\/|$)/.test(url.trim());

function sameOrigin(a: string | undefined, b: string): boolean {
  if (!a) return false;
  try {
    return new URL(a.trim()).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** True when a scoring server is configured (otherwise the offline scorer is the default). */
export function scoringServerConfigured(env: Env = process.env, overrides: ScoringConfigOverrides = {}): boolean {
  return Boolean(nonEmpty(overrides.baseUrl) ?? nonEmpty(env.RETRACE_SCORER_BASE_URL));
}

/**
 * Reads RETRACE_SCORER_BASE_URL, RETRACE_SCORER_MODEL, RETRACE_SCORER_API_KEY,
 * RETRACE_SCORER_MODE (echo | prompt_logprobs | sglang), RETRACE_SCORER_TOKENIZER (server | text |
 * path of tokenizer.json), RETRACE_SCORER_CONTEXT, RETRACE_SCORER_TIMEOUT_MS,
 * RETRACE_SCORER_MAX_ATTEMPTS, RETRACE_SCORER_MAX_CONCURRENCY; `overrides` win. The key falls
 * back to RETRACE_LLM_API_KEY when the scorer is on the generation server's origin, and to
 * OPENAI_API_KEY only for https://api.openai.com — a key is never sent to another host. Throws
 * LlmConfigError saying what to set (there is no default server: check `scoringServerConfigured`
 * first to fall back to the offline scorer).
 */
export function scoringConfigFromEnv(env: Env = process.env, overrides: ScoringConfigOverrides = {}): ScoringConfig {
  const rawBase = nonEmpty(overrides.baseUrl) ?? nonEmpty(env.RETRACE_SCORER_BASE_URL);
  if (!rawBase) {
    throw new LlmConfigError(
      'No scoring server: set RETRACE_SCORER_BASE_URL to an OpenAI-compatible server that returns prompt log-probabilities ' +
        '(vLLM, e.g. http://127.0.0.1:8000/v1; SGLang, e.g. http://127.0.0.1:30000/v1), or leave it unset to use the offline n-gram scorer.',
    );
  }
  const baseUrl = normalizeBaseUrl(rawBase, overrides.baseUrl ? 'the scorer base URL' : 'RETRACE_SCORER_BASE_URL');
  const apiKey =
    nonEmpty(overrides.apiKey) ??
    nonEmpty(env.RETRACE_SCORER_API_KEY) ??
    (sameOrigin(env.RETRACE_LLM_BASE_URL, baseUrl) ? nonEmpty(env.RETRACE_LLM_API_KEY) : undefined) ??
    (isOpenAi(baseUrl) ? nonEmpty(env.OPENAI_API_KEY) : undefined) ??
    'none';
  const model = nonEmpty(overrides.model) ?? nonEmpty(env.RETRACE_SCORER_MODEL);
  if (!model) {
    throw new LlmConfigError(
      `No scoring model: set RETRACE_SCORER_MODEL to a model ${baseUrl} serves (GET ${baseUrl}/models lists them); ` +
        'a small base model scores well, e.g. RETRACE_SCORER_MODEL=Qwen/Qwen2.5-Coder-1.5B. It is separate from RETRACE_LLM_MODEL.',
    );
  }
  const rawMode = nonEmpty(overrides.mode) ?? nonEmpty(env.RETRACE_SCORER_MODE) ?? 'echo';
  if (!SCORING_MODES.includes(rawMode as ScoringMode)) {
    throw new LlmConfigError(`RETRACE_SCORER_MODE takes echo, prompt_logprobs or sglang, not "${rawMode}".`);
  }
  const tokenizer = nonEmpty(overrides.tokenizer) ?? nonEmpty(env.RETRACE_SCORER_TOKENIZER) ?? 'server';
  if (tokenizer !== 'server' && tokenizer !== 'text' && !tokenizer.endsWith('.json')) {
    throw new LlmConfigError(`RETRACE_SCORER_TOKENIZER takes server, text or the path of the scoring model's tokenizer.json, not "${tokenizer}".`);
  }
  if (rawMode === 'sglang' && tokenizer === 'text') {
    throw new LlmConfigError('RETRACE_SCORER_MODE=sglang sends token ids: set RETRACE_SCORER_TOKENIZER to server (SGLang tokenizes) or to the model\'s tokenizer.json, not text.');
  }
  const src = (key: keyof ScoringConfigOverrides, variable: string) => (overrides[key] !== undefined ? `scorer ${key}` : variable);
  const backoffBaseMs = nonNegativeInt(overrides.backoffBaseMs, 'backoffBaseMs', LLM_DEFAULTS.backoffBaseMs);
  return {
    provider: 'openai',
    baseUrl,
    apiKey,
    model,
    mode: rawMode as ScoringMode,
    tokenizer,
    contextTokens: optionalPositiveInt(overrides.contextTokens ?? env.RETRACE_SCORER_CONTEXT, overrides.contextTokens != null ? 'scorer contextTokens' : 'RETRACE_SCORER_CONTEXT'),
    timeoutMs: positiveInt(overrides.timeoutMs ?? env.RETRACE_SCORER_TIMEOUT_MS, src('timeoutMs', 'RETRACE_SCORER_TIMEOUT_MS'), LLM_DEFAULTS.timeoutMs),
    maxAttempts: positiveInt(overrides.maxAttempts ?? env.RETRACE_SCORER_MAX_ATTEMPTS, src('maxAttempts', 'RETRACE_SCORER_MAX_ATTEMPTS'), LLM_DEFAULTS.maxAttempts),
    maxConcurrency: positiveInt(overrides.maxConcurrency ?? env.RETRACE_SCORER_MAX_CONCURRENCY, src('maxConcurrency', 'RETRACE_SCORER_MAX_CONCURRENCY'), LLM_DEFAULTS.maxConcurrency),
    backoffBaseMs,
    backoffMaxMs: nonNegativeInt(overrides.backoffMaxMs, 'backoffMaxMs', Math.max(LLM_DEFAULTS.backoffMaxMs, backoffBaseMs)),
  };
}

/** The configuration without the API key, for printing. */
export function describeScoringConfig(config: ScoringConfig): ScoringConfig {
  return { ...config, apiKey: config.apiKey === 'none' ? 'none' : '(set)' };
}

/** `node:util` parseArgs options for the scorer flags. */
export const SCORER_CLI_OPTIONS = {
  'scorer-base-url': { type: 'string' },
  'scorer-model': { type: 'string' },
  'scorer-api-key': { type: 'string' },
  'scorer-mode': { type: 'string' },
  'scorer-tokenizer': { type: 'string' },
} as const;

/** Turns parsed scorer flags (see SCORER_CLI_OPTIONS) into overrides for scoringConfigFromEnv. */
export function scorerOverridesFromCli(values: Partial<Record<keyof typeof SCORER_CLI_OPTIONS, string | boolean | undefined>>): ScoringConfigOverrides {
  const str = (k: keyof typeof SCORER_CLI_OPTIONS) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const out: ScoringConfigOverrides = {};
  if (str('scorer-base-url') !== undefined) out.baseUrl = str('scorer-base-url');
  if (str('scorer-model') !== undefined) out.model = str('scorer-model');
  if (str('scorer-api-key') !== undefined) out.apiKey = str('scorer-api-key');
  const mode = str('scorer-mode');
  if (mode !== undefined) {
    if (!SCORING_MODES.includes(mode as ScoringMode)) throw new LlmConfigError(`--scorer-mode takes echo, prompt_logprobs or sglang, not "${mode}".`);
    out.mode = mode as ScoringMode;
  }
  if (str('scorer-tokenizer') !== undefined) out.tokenizer = str('scorer-tokenizer');
  return out;
}
