/**
 * Configuration of the OpenAI-compatible provider: environment variables, overridden by CLI
 * flags (or any caller) through `overrides`. Works for OpenAI, vLLM, SGLang, Ollama and the
 * llama.cpp server: only the base URL, key and model name differ.
 */

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface LlmConfig {
  provider: 'openai';
  /** e.g. http://127.0.0.1:8000/v1 (vLLM); no trailing slash. */
  baseUrl: string;
  /** Sent as a bearer token; 'none' for servers that do not check it. Never logged or hashed. */
  apiKey: string;
  /** The generation model name as the server knows it. */
  model: string;
  /** Per-request (per-attempt) timeout. */
  timeoutMs: number;
  /** Attempts per call, including the first (retries on 429, 5xx, timeouts, connection errors). */
  maxAttempts: number;
  /** Upper bound of concurrent requests to this endpoint (the AIMD limiter adapts below it). */
  maxConcurrency: number;
  /** Backoff: attempt n waits a random time in [0, min(backoffMaxMs, backoffBaseMs * 2^(n-1))]. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** The model's context length in tokens (RETRACE_LLM_CONTEXT); null: ask the server (vLLM's max_model_len), else assume a default. */
  contextTokens: number | null;
}

export type LlmConfigOverrides = Partial<Omit<LlmConfig, 'provider'>>;

export const LLM_DEFAULTS = {
  timeoutMs: 120_000,
  maxAttempts: 6,
  maxConcurrency: 8,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
} as const;

export class LlmConfigError extends Error {
  override name = 'LlmConfigError';
}

export type Env = Record<string, string | undefined>;

/** Setting readers shared by every configuration read from the environment (LLM, scorer). */
export function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

export function positiveInt(raw: number | string | undefined, source: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isInteger(n) || n <= 0) throw new LlmConfigError(`${source} takes a positive whole number, not "${raw}".`);
  return n;
}

/** A positive whole number, or null when unset. */
export function optionalPositiveInt(raw: number | string | null | undefined, source: string): number | null {
  if (raw === undefined || raw === null || raw === '') return null;
  return positiveInt(raw, source, 0);
}

export function nonNegativeInt(raw: number | undefined, source: string, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!Number.isInteger(raw) || raw < 0) throw new LlmConfigError(`${source} takes a whole number >= 0, not "${raw}".`);
  return raw;
}

/** Trailing slashes removed; must be an http(s) URL. */
export function normalizeBaseUrl(raw: string, source = 'RETRACE_LLM_BASE_URL'): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new LlmConfigError(`${source} is not a URL: "${raw}". Example: http://127.0.0.1:8000/v1`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LlmConfigError(`${source} must be an http:// or https:// URL, not "${raw}".`);
  }
  return url.toString().replace(/\/+$/, '');
}

/**
 * Reads RETRACE_LLM_BASE_URL, RETRACE_LLM_API_KEY (fallback OPENAI_API_KEY), RETRACE_LLM_MODEL,
 * RETRACE_LLM_TIMEOUT_MS, RETRACE_LLM_MAX_ATTEMPTS, RETRACE_LLM_MAX_CONCURRENCY, RETRACE_LLM_CONTEXT; `overrides`
 * (CLI flags) win over the environment. Throws LlmConfigError saying what to set.
 */
export function llmConfigFromEnv(env: Env = process.env, overrides: LlmConfigOverrides = {}): LlmConfig {
  const rawBase = nonEmpty(overrides.baseUrl) ?? nonEmpty(env.RETRACE_LLM_BASE_URL);
  // OPENAI_API_KEY is only sent to OpenAI itself, never to another server named by a base URL.
  const openAiKey = !rawBase || /^https:\/\/api\.openai\.com(\/|$)/.test(rawBase) ? nonEmpty(env.OPENAI_API_KEY) : undefined;
  const explicitKey = nonEmpty(overrides.apiKey) ?? nonEmpty(env.RETRACE_LLM_API_KEY) ?? openAiKey;
  let baseUrl: string;
  if (rawBase) {
    baseUrl = normalizeBaseUrl(rawBase, overrides.baseUrl ? '--llm-base-url' : 'RETRACE_LLM_BASE_URL');
  } else if (explicitKey) {
    baseUrl = OPENAI_DEFAULT_BASE_URL;
  } else {
    throw new LlmConfigError(
      'The openai provider needs a server: set RETRACE_LLM_BASE_URL (or --llm-base-url) to an OpenAI-compatible ' +
        'endpoint, e.g. http://127.0.0.1:8000/v1 (vLLM), http://127.0.0.1:30000/v1 (SGLang), ' +
        'http://127.0.0.1:11434/v1 (Ollama), http://127.0.0.1:8080/v1 (llama.cpp server); ' +
        `or set RETRACE_LLM_API_KEY / OPENAI_API_KEY to use ${OPENAI_DEFAULT_BASE_URL}.`,
    );
  }
  const model = nonEmpty(overrides.model) ?? nonEmpty(env.RETRACE_LLM_MODEL);
  if (!model) {
    throw new LlmConfigError(
      `No generation model: set RETRACE_LLM_MODEL (or --model) to a model ${baseUrl} serves ` +
        `(GET ${baseUrl}/models lists them), e.g. RETRACE_LLM_MODEL=gpt-4o-mini or Qwen/Qwen2.5-Coder-7B-Instruct.`,
    );
  }
  const timeoutMs = positiveInt(overrides.timeoutMs ?? env.RETRACE_LLM_TIMEOUT_MS, overrides.timeoutMs !== undefined ? '--llm-timeout-ms' : 'RETRACE_LLM_TIMEOUT_MS', LLM_DEFAULTS.timeoutMs);
  const maxAttempts = positiveInt(overrides.maxAttempts ?? env.RETRACE_LLM_MAX_ATTEMPTS, overrides.maxAttempts !== undefined ? '--llm-max-attempts' : 'RETRACE_LLM_MAX_ATTEMPTS', LLM_DEFAULTS.maxAttempts);
  const maxConcurrency = positiveInt(
    overrides.maxConcurrency ?? env.RETRACE_LLM_MAX_CONCURRENCY,
    overrides.maxConcurrency !== undefined ? '--llm-max-concurrency' : 'RETRACE_LLM_MAX_CONCURRENCY',
    LLM_DEFAULTS.maxConcurrency,
  );
  const backoffBaseMs = nonNegativeInt(overrides.backoffBaseMs, 'backoffBaseMs', LLM_DEFAULTS.backoffBaseMs);
  const backoffMaxMs = nonNegativeInt(overrides.backoffMaxMs, 'backoffMaxMs', Math.max(LLM_DEFAULTS.backoffMaxMs, backoffBaseMs));
  const contextTokens = optionalPositiveInt(overrides.contextTokens ?? env.RETRACE_LLM_CONTEXT, overrides.contextTokens != null ? '--llm-context' : 'RETRACE_LLM_CONTEXT');
  return {
    provider: 'openai',
    baseUrl,
    apiKey: explicitKey ?? 'none',
    model,
    timeoutMs,
    maxAttempts,
    maxConcurrency,
    backoffBaseMs,
    backoffMaxMs,
    contextTokens,
  };
}

/** The configuration without the API key, for printing. */
export function describeLlmConfig(config: LlmConfig): LlmConfig {
  return { ...config, apiKey: config.apiKey === 'none' ? 'none' : '(set)' };
}

/** `node:util` parseArgs options for the LLM flags; spread into a command's option table. */
export const LLM_CLI_OPTIONS = {
  'llm-base-url': { type: 'string' },
  'llm-api-key': { type: 'string' },
  model: { type: 'string' },
  'llm-timeout-ms': { type: 'string' },
  'llm-max-attempts': { type: 'string' },
  'llm-max-concurrency': { type: 'string' },
  'llm-context': { type: 'string' },
} as const;

/** Turns parsed LLM flags (see LLM_CLI_OPTIONS) into overrides for llmConfigFromEnv. */
export function llmOverridesFromCli(values: Partial<Record<keyof typeof LLM_CLI_OPTIONS, string | boolean | undefined>>): LlmConfigOverrides {
  const str = (k: keyof typeof LLM_CLI_OPTIONS) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const num = (k: keyof typeof LLM_CLI_OPTIONS) => {
    const raw = str(k);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new LlmConfigError(`--${k} takes a positive whole number, not "${raw}".`);
    return n;
  };
  const out: LlmConfigOverrides = {};
  if (str('llm-base-url') !== undefined) out.baseUrl = str('llm-base-url');
  if (str('llm-api-key') !== undefined) out.apiKey = str('llm-api-key');
  if (str('model') !== undefined) out.model = str('model');
  if (num('llm-timeout-ms') !== undefined) out.timeoutMs = num('llm-timeout-ms');
  if (num('llm-max-attempts') !== undefined) out.maxAttempts = num('llm-max-attempts');
  if (num('llm-max-concurrency') !== undefined) out.maxConcurrency = num('llm-max-concurrency');
  if (num('llm-context') !== undefined) out.contextTokens = num('llm-context');
  return out;
}
