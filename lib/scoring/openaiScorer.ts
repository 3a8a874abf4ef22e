/**
 * The OpenAI-compatible scorer: prompt log-probabilities from POST {base}/completions through the
 * `openai` SDK (`client.completions.create`, its own retries off), either
 *
 * - echo (default): {model, prompt: prefix + target, max_tokens: 1, echo: true, logprobs: 1,
 *   temperature: 0} — vLLM, SGLang, and llama.cpp servers that implement echo; the one generated
 *   token is ignored; or
 * - prompt_logprobs (vLLM's extension): {model, prompt, max_tokens: 1, temperature: 0,
 *   prompt_logprobs: 0} (an extra body field; the SDK sends it through).
 *
 * Same rules as generation (lib/llm): retry policy and error type, the endpoint's shared AIMD
 * limiter, and the call record (`LlmCall`, purpose 'score'): an identical request — same base
 * URL, model, mode, prompt and prefix length — is answered from the record without HTTP.
 */
import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import type { CompletionCreateParamsNonStreaming } from 'openai/resources/completions';
import { type AimdLimiter, endpointLimiter } from '../llm/limiter';
import { canonicalJson } from '../llm/requestHash';
import type { CallRecorder, RecordedCall } from '../llm/types';
import { type ExtractedTarget, ScoringUnsupportedError, targetFromEcho, targetFromPromptLogprobs } from './completionLogprobs';
import { type RetryCounters, retryingCall } from '../llm/retryingCall';
import type { ScoringConfig, ScoringMode } from './scoringConfig';
import type { Scorer, TargetScores } from './types';

export { ScoringUnsupportedError } from './completionLogprobs';
export { describeScoringConfig, SCORER_CLI_OPTIONS, scorerOverridesFromCli, scoringConfigFromEnv, scoringServerConfigured } from './scoringConfig';
export type { ScoringConfig, ScoringConfigOverrides, ScoringMode } from './scoringConfig';

export const SCORE_PURPOSE = 'score';

export interface OpenAIScorer extends Scorer {
  readonly provider: 'openai';
  readonly offline: false;
  readonly baseUrl: string;
  readonly mode: ScoringMode;
  readonly config: Readonly<ScoringConfig>;
  /** The endpoint's shared limiter (the same one generation uses when the base URL is the same). */
  readonly limiter: AimdLimiter;
  /** Counters since creation. */
  readonly stats: RetryCounters & { calls: number; fromRecord: number; promptTokens: number; targetTokens: number };
  /** Like `score`, with whether the answer came from the call record. */
  scoreDetailed(prefix: string, target: string): Promise<TargetScores & { fromRecord: boolean; latencyMs: number }>;
}

/** Hints by status for scoring requests (lib/llm's name chat settings). */
const SCORING_HINTS: Record<number, string> = {
  400: 'the server rejected the request: check RETRACE_SCORER_MODEL and that the server supports /v1/completions with echo and logprobs (or RETRACE_SCORER_MODE=prompt_logprobs on vLLM)',
  401: 'check RETRACE_SCORER_API_KEY',
  403: 'the key is not allowed to use this model or endpoint: check RETRACE_SCORER_API_KEY and RETRACE_SCORER_MODEL',
  404: 'check RETRACE_SCORER_MODEL and RETRACE_SCORER_BASE_URL (an OpenAI-compatible base URL usually ends in /v1)',
  413: 'the prompt is too large for the scoring server: lower the scoring prefix size',
  422: 'the server could not process the request: check RETRACE_SCORER_MODEL and the request parameters',
};

/** The /v1/completions body of a scoring request. */
export function scoringRequestBody(model: string, mode: ScoringMode, prompt: string): Record<string, unknown> {
  return mode === 'echo'
    ? { model, prompt, max_tokens: 1, echo: true, logprobs: 1, temperature: 0 }
    : { model, prompt, max_tokens: 1, temperature: 0, prompt_logprobs: 0 };
}

/** sha256 of the canonical JSON of what determines a score: endpoint, model, mode, prompt, where the target starts. */
export function scoringRequestHash(baseUrl: string, model: string, mode: ScoringMode, prefix: string, target: string): string {
  const key = { kind: 'score', baseUrl: baseUrl.replace(/\/+$/, ''), model, mode, prompt: prefix + target, prefixLength: prefix.length };
  return createHash('sha256').update(canonicalJson(key)).digest('hex');
}

interface RecordedScore {
  object: 'retrace.score';
  mode: ScoringMode;
  model: string;
  prefixLength: number;
  tokens: string[];
  /**
   * Decimal strings (exact: Postgres jsonb keeps numbers as `numeric`, which rounds some
   * doubles on the way back); null stands for -Infinity (JSON has no infinities).
   */
  logprobs: Array<string | null>;
  usage: unknown;
}

function fromRecorded(call: RecordedCall): TargetScores | null {
  const r = call.response as Partial<RecordedScore> | null;
  if (!r || r.object !== 'retrace.score' || !Array.isArray(r.tokens) || !Array.isArray(r.logprobs) || r.tokens.length !== r.logprobs.length) return null;
  const logprobs = r.logprobs.map((lp: unknown) => (lp === null ? Number.NEGATIVE_INFINITY : Number(lp)));
  if (logprobs.some((lp) => Number.isNaN(lp))) return null;
  return { tokens: [...r.tokens], logprobs };
}

/**
 * A Scorer for an OpenAI-compatible server (see the module comment). With a recorder, identical
 * scoring requests are answered from the record.
 */
export function createOpenAIScorer(config: ScoringConfig, recorder?: CallRecorder): OpenAIScorer {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const endpoint = `${baseUrl}/completions`;
  const limiter = endpointLimiter(baseUrl, config.maxConcurrency);
  const sdk = new OpenAI({ baseURL: baseUrl, apiKey: config.apiKey || 'none', organization: null, project: null, maxRetries: 0, timeout: config.timeoutMs });
  const stats = { calls: 0, fromRecord: 0, attempts: 0, retries: 0, rateLimited: 0, promptTokens: 0, targetTokens: 0 };

  async function scoreDetailed(prefix: string, target: string): Promise<TargetScores & { fromRecord: boolean; latencyMs: number }> {
    if (typeof prefix !== 'string' || typeof target !== 'string') throw new TypeError('score(prefix, target) takes two strings');
    stats.calls++;
    if (target.length === 0) return { tokens: [], logprobs: [], fromRecord: false, latencyMs: 0 };
    const prompt = prefix + target;
    const requestHash = recorder ? scoringRequestHash(baseUrl, config.model, config.mode, prefix, target) : '';
    if (recorder) {
      const recorded = await recorder.find(requestHash);
      const scores = recorded ? fromRecorded(recorded) : null;
      if (recorded && scores) {
        stats.fromRecord++;
        stats.targetTokens += scores.tokens.length;
        return { ...scores, fromRecord: true, latencyMs: recorded.latencyMs };
      }
    }
    const body = scoringRequestBody(config.model, config.mode, prompt);
    const { value, latencyMs } = await retryingCall(
      { policy: config, limiter, baseUrl, endpoint, model: config.model, what: 'Scoring request', hints: SCORING_HINTS, counters: stats, passThrough: (err) => err instanceof ScoringUnsupportedError },
      async (signal) => {
        const completion: unknown = await sdk.completions.create(body as unknown as CompletionCreateParamsNonStreaming, { timeout: config.timeoutMs, signal, maxRetries: 0 });
        const extracted: ExtractedTarget = config.mode === 'echo' ? targetFromEcho(completion, prompt, prefix.length) : targetFromPromptLogprobs(completion, prompt, prefix.length);
        return { completion, extracted };
      },
    );
    const { completion, extracted } = value;
    const c = completion as { id?: unknown; model?: unknown; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } };
    const promptTokens = typeof c.usage?.prompt_tokens === 'number' ? c.usage.prompt_tokens : extracted.promptTokens;
    const completionTokens = typeof c.usage?.completion_tokens === 'number' ? c.usage.completion_tokens : 0;
    stats.promptTokens += promptTokens;
    stats.targetTokens += extracted.tokens.length;
    if (recorder) {
      const response: RecordedScore & { id: unknown } = {
        object: 'retrace.score',
        id: c.id ?? null,
        mode: config.mode,
        model: typeof c.model === 'string' ? c.model : config.model,
        prefixLength: prefix.length,
        tokens: extracted.tokens,
        logprobs: extracted.logprobs.map((lp) => (Number.isFinite(lp) ? String(lp) : null)),
        usage: c.usage ?? null,
      };
      await recorder.save({
        requestHash,
        provider: 'openai',
        baseUrl,
        model: config.model,
        purpose: SCORE_PURPOSE,
        request: body,
        response,
        content: extracted.generated,
        promptTokens,
        completionTokens,
        latencyMs,
      });
    }
    return { tokens: extracted.tokens, logprobs: extracted.logprobs, fromRecord: false, latencyMs };
  }

  return {
    provider: 'openai',
    offline: false,
    model: config.model,
    baseUrl,
    mode: config.mode,
    config: Object.freeze({ ...config, baseUrl }),
    limiter,
    stats,
    scoreDetailed,
    async score(prefix, target) {
      const { tokens, logprobs } = await scoreDetailed(prefix, target);
      return { tokens, logprobs };
    },
  };
}
