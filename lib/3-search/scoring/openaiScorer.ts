/**
 * The OpenAI-compatible scorer: prompt log-probabilities through the `openai` SDK (its own
 * retries off), in one of three modes:
 *
 * - echo (default): POST {base}/completions {model, prompt, max_tokens: 1, echo: true,
 *   logprobs: 1, temperature: 0} — vLLM, SGLang, and llama.cpp servers that implement echo; the
 *   one generated token is ignored;
 * - prompt_logprobs (vLLM's extension): {model, prompt, max_tokens: 1, temperature: 0,
 *   prompt_logprobs: 0} (an extra body field; the SDK sends it through);
 * - sglang: SGLang's native POST {root}/generate {input_ids, sampling_params: {max_new_tokens: 0},
 *   return_logprob: true, logprob_start_len: <target's first token>} — only the target's
 *   log-probabilities come back, and the prefix is a cache hit when it repeats.
 *
 * The prompt is sent as token ids whenever the model's tokenizer is at hand (the server's
 * /tokenize, or RETRACE_SCORER_TOKENIZER's tokenizer.json) and the target is found by token
 * index (tokenLogprobs.ts); otherwise as text, aligned only when the decoded tokens spell it
 * exactly (completionLogprobs.ts). Either way a misalignment is refused, never guessed.
 *
 * Same rules as generation (lib/platform/llm): retry policy and error type, the endpoint's shared AIMD
 * limiter, and the call record (`LlmCall`, purpose 'score'): an identical request — same base
 * URL, model, mode, prompt and prefix length — is answered from the record without HTTP.
 */
import { createHash } from 'node:crypto';
import type { CompletionCreateParamsNonStreaming } from 'openai/resources/completions';
import { type AimdLimiter, endpointLimiter } from '../../platform/llm/limiter';
import { canonicalJson } from '../../platform/llm/requestHash';
import type { CallRecorder, RecordedCall } from '../../platform/llm/types';
import { byteLevelSpans } from './byteLevel';
import { ScoringUnsupportedError, targetFromEcho, targetFromPromptLogprobs } from './completionLogprobs';
import { fileTokenizer, type PromptTokenizer, serverRoot } from './promptTokenizer';
import { type RetryCounters, retryingCall } from '../../platform/llm/retryingCall';
import type { ScoringConfig, ScoringMode } from './scoringConfig';
import { createServerTokenizer, type ServerTokenizer } from './serverTokenizer';
import { targetFromEchoIds, targetFromPromptLogprobsIds, targetFromSglang, targetStartToken, type TokenTarget } from './tokenLogprobs';
import { PromptTooLongError, type Scorer, type TargetScores } from './types';
import { LlmRequestError } from '../../platform/llm/errors';
import { fetchModelContext, once } from '../../platform/llm/modelContext';
import { createSdk } from '../../platform/llm/sdk';

export { ScoringAlignmentError, ScoringUnsupportedError } from './completionLogprobs';
export { describeScoringConfig, SCORER_CLI_OPTIONS, scorerOverridesFromCli, scoringConfigFromEnv, scoringServerConfigured } from './scoringConfig';
export type { ScoringConfig, ScoringConfigOverrides, ScoringMode } from './scoringConfig';

export const SCORE_PURPOSE = 'score';

/** How prompts are aligned: by token ids (the tokenizer named) or by exact text; and why, when it fell back. */
export interface ScorerAlignment {
  /** Null until the first score decided it. */
  method: 'token-ids' | 'text' | null;
  /** The tokenize endpoint or tokenizer.json used, null for text alignment. */
  tokenizer: string | null;
  /** Each fallback taken, in words ("the server has no /tokenize endpoint: ..."). */
  fallbacks: string[];
}

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
  readonly alignment: Readonly<ScorerAlignment>;
  /** The scoring model's context length: RETRACE_SCORER_CONTEXT, else the server's (tokenize answers, /models); null when unknown. */
  contextWindow(): Promise<number | null>;
  /** Tokens of `text` (BOS included) by the alignment tokenizer; null with text alignment. */
  countTokens(text: string): Promise<number | null>;
  /** Decides the alignment now (probing the server's /tokenize once) instead of on the first score. */
  resolveAlignment(): Promise<ScorerAlignment>;
  /** Like `score`, with whether the answer came from the call record. */
  scoreDetailed(prefix: string, target: string): Promise<TargetScores & { fromRecord: boolean; latencyMs: number }>;
}

/** Hints by status for scoring requests (lib/platform/llm's name chat settings). */
const SCORING_HINTS: Record<number, string> = {
  400: 'the server rejected the request: check that the server supports this scoring mode (RETRACE_SCORER_MODE) and that the prompt fits the model\'s context',
  401: 'check RETRACE_SCORER_API_KEY',
  403: 'the key is not allowed to use this model or endpoint: check RETRACE_SCORER_API_KEY and RETRACE_SCORER_MODEL',
  404: 'check RETRACE_SCORER_MODEL and RETRACE_SCORER_BASE_URL (an OpenAI-compatible base URL usually ends in /v1)',
  413: 'the prompt is too large for the scoring server: lower the scoring prefix size',
  422: 'the server could not process the request: check RETRACE_SCORER_MODEL and the request parameters',
};

/** The /v1/completions body of a scoring request (the prompt as text or as token ids). */
export function scoringRequestBody(model: string, mode: Exclude<ScoringMode, 'sglang'>, prompt: string | readonly number[]): Record<string, unknown> {
  const p = typeof prompt === 'string' ? prompt : [...prompt];
  return mode === 'echo'
    ? { model, prompt: p, max_tokens: 1, echo: true, logprobs: 1, temperature: 0 }
    : { model, prompt: p, max_tokens: 1, temperature: 0, prompt_logprobs: 0 };
}

/** SGLang's /generate body: log-probabilities from the target's first token only, nothing generated. */
export function sglangRequestBody(ids: readonly number[], targetStart: number): Record<string, unknown> {
  return { input_ids: [...ids], sampling_params: { max_new_tokens: 0, temperature: 0 }, return_logprob: true, logprob_start_len: targetStart, return_text_in_logprobs: true };
}

/** sha256 of the canonical JSON of what determines a score: endpoint, model, mode, alignment, prompt, where the target starts. */
export function scoringRequestHash(baseUrl: string, model: string, mode: ScoringMode, prefix: string, target: string, alignment: 'token-ids' | 'text' = 'text'): string {
  const key = { kind: 'score', baseUrl: baseUrl.replace(/\/+$/, ''), model, mode, alignment, prompt: prefix + target, prefixLength: prefix.length };
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
 * The text of each target token: exact from the tokenizer's byte-level strings when it has them
 * (a token holding part of a character is '' and the next one has the whole character; the
 * first token keeps its part of the prefix when it straddles), else what the server decoded.
 */
function targetTokenTexts(prompt: string, tokenStrings: string[] | null, start: number, target: TokenTarget): string[] {
  const spans = tokenStrings ? byteLevelSpans(tokenStrings, prompt) : null;
  return target.logprobs.map((_, k) => {
    const i = start + k;
    if (spans) return i < spans.lead ? '' : prompt.slice(spans.starts[i - spans.lead], spans.ends[i - spans.lead]);
    return target.serverTexts[k] ?? '';
  });
}

interface Extracted {
  tokens: string[];
  logprobs: number[];
  promptTokens: number;
  generated: string;
}

/**
 * A Scorer for an OpenAI-compatible server (see the module comment). With a recorder, identical
 * scoring requests are answered from the record.
 */
export function createOpenAIScorer(config: ScoringConfig, recorder?: CallRecorder): OpenAIScorer {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const completionsUrl = `${baseUrl}/completions`;
  const generateUrl = `${serverRoot(baseUrl)}/generate`;
  const limiter = endpointLimiter(baseUrl, config.maxConcurrency);
  const sdk = createSdk({ baseUrl, apiKey: config.apiKey, timeoutMs: config.timeoutMs });
  const stats = { calls: 0, fromRecord: 0, attempts: 0, retries: 0, rateLimited: 0, promptTokens: 0, targetTokens: 0 };
  const alignment: ScorerAlignment = { method: null, tokenizer: null, fallbacks: [] };
  const server: ServerTokenizer | null =
    config.tokenizer === 'server' ? createServerTokenizer({ sdk, baseUrl, model: config.model, policy: config, limiter, counters: stats }) : null;
  let deciding: Promise<PromptTokenizer | null> | null = null;

  const contextWindow = once(async () => {
    if (config.contextTokens !== null) return config.contextTokens;
    if (server) await tokenizer().catch(() => null);
    return server?.maxModelLen ?? (await fetchModelContext(sdk, config.model, Math.min(config.timeoutMs, 10_000)));
  });

  /** A server's 400 for a prompt over the context (vLLM: "This model's maximum context length is N tokens. However, you requested M tokens ..."). */
  async function asPromptTooLong(err: unknown): Promise<unknown> {
    if (!(err instanceof LlmRequestError) || err.status !== 400 || !/context length|too long|exceeds/i.test(err.failure.detail)) return err;
    const requested = /you requested (\d+) tokens/i.exec(err.failure.detail);
    return new PromptTooLongError(`The scoring prompt does not fit the scoring model's context: ${err.failure.detail}`, requested ? Number(requested[1]) - 1 : null, await contextWindow().catch(() => null));
  }

  /** The tokenizer prompts are aligned with, or null for text alignment; decided once. */
  function tokenizer(): Promise<PromptTokenizer | null> {
    deciding ??= (async () => {
      let chosen: PromptTokenizer | null = null;
      if (config.tokenizer !== 'server' && config.tokenizer !== 'text') chosen = fileTokenizer(config.tokenizer);
      else if (server && (await server.available())) chosen = server;
      else if (server) {
        if (config.mode === 'sglang') throw new ScoringUnsupportedError(`RETRACE_SCORER_MODE=sglang sends token ids, but ${server.location} does not tokenize: set RETRACE_SCORER_TOKENIZER to the scoring model's tokenizer.json.`);
        alignment.fallbacks.push(`the server has no tokenize endpoint (${server.location}): prompts are sent as text and aligned only where the decoded tokens spell them exactly`);
      }
      alignment.method = chosen ? 'token-ids' : 'text';
      alignment.tokenizer = chosen ? chosen.location : null;
      return chosen;
    })().catch((err) => {
      deciding = null;
      throw err;
    });
    return deciding;
  }

  async function scoreByIds(tok: PromptTokenizer, prefix: string, target: string, timing: { latencyMs: number }) {
    const prompt = prefix + target;
    const [prefixTokens, promptTokens] = await tok.encode([prefix, prompt]);
    const start = targetStartToken(prefixTokens.ids, promptTokens.ids);
    const ids = promptTokens.ids;
    const isSglang = config.mode === 'sglang';
    const context = await contextWindow();
    // The completions modes generate one token, which must fit too.
    if (context !== null && ids.length + (isSglang ? 0 : 1) > context) {
      throw new PromptTooLongError(`The scoring prompt is ${ids.length} tokens (the target ${ids.length - start}); the scoring model's context is ${context} tokens.`, ids.length, context);
    }
    const body = isSglang ? sglangRequestBody(ids, start) : scoringRequestBody(config.model, config.mode as Exclude<ScoringMode, 'sglang'>, ids);
    const { value, latencyMs } = await retryingCall(
      { policy: config, limiter, baseUrl, endpoint: isSglang ? generateUrl : completionsUrl, model: config.model, what: 'Scoring request', hints: SCORING_HINTS, counters: stats, passThrough: (err) => err instanceof ScoringUnsupportedError },
      async (signal) => {
        const options = { timeout: config.timeoutMs, signal, maxRetries: 0 };
        const answer: unknown = isSglang ? await sdk.post(generateUrl, { body, ...options }) : await sdk.completions.create(body as unknown as CompletionCreateParamsNonStreaming, options);
        const extracted = isSglang ? targetFromSglang(answer, ids, start) : config.mode === 'echo' ? targetFromEchoIds(answer, ids, start) : targetFromPromptLogprobsIds(answer, ids, start);
        return { answer, extracted };
      },
    );
    timing.latencyMs = latencyMs;
    const { extracted } = value;
    const result: Extracted = { tokens: targetTokenTexts(prompt, promptTokens.tokenStrings, start, extracted), logprobs: extracted.logprobs, promptTokens: extracted.promptTokens, generated: extracted.generated };
    return { answer: value.answer, body, result };
  }

  async function scoreByText(prefix: string, target: string, timing: { latencyMs: number }) {
    const prompt = prefix + target;
    if (config.mode === 'sglang') throw new ScoringUnsupportedError('RETRACE_SCORER_MODE=sglang needs a tokenizer (see RETRACE_SCORER_TOKENIZER).');
    const body = scoringRequestBody(config.model, config.mode, prompt);
    const { value, latencyMs } = await retryingCall(
      { policy: config, limiter, baseUrl, endpoint: completionsUrl, model: config.model, what: 'Scoring request', hints: SCORING_HINTS, counters: stats, passThrough: (err) => err instanceof ScoringUnsupportedError },
      async (signal) => {
        const answer: unknown = await sdk.completions.create(body as unknown as CompletionCreateParamsNonStreaming, { timeout: config.timeoutMs, signal, maxRetries: 0 });
        const extracted = config.mode === 'echo' ? targetFromEcho(answer, prompt, prefix.length) : targetFromPromptLogprobs(answer, prompt, prefix.length);
        return { answer, extracted };
      },
    );
    timing.latencyMs = latencyMs;
    return { answer: value.answer, body, result: value.extracted as Extracted };
  }

  async function scoreDetailed(prefix: string, target: string): Promise<TargetScores & { fromRecord: boolean; latencyMs: number }> {
    if (typeof prefix !== 'string' || typeof target !== 'string') throw new TypeError('score(prefix, target) takes two strings');
    stats.calls++;
    if (target.length === 0) return { tokens: [], logprobs: [], fromRecord: false, latencyMs: 0 };
    const tok = await tokenizer();
    const method = tok ? 'token-ids' : 'text';
    const requestHash = recorder ? scoringRequestHash(baseUrl, config.model, config.mode, prefix, target, method) : '';
    if (recorder) {
      const recorded = await recorder.find(requestHash);
      const scores = recorded ? fromRecorded(recorded) : null;
      if (recorded && scores) {
        stats.fromRecord++;
        stats.targetTokens += scores.tokens.length;
        return { ...scores, fromRecord: true, latencyMs: recorded.latencyMs };
      }
    }
    const timing = { latencyMs: 0 };
    const { answer, body, result } = await (tok ? scoreByIds(tok, prefix, target, timing) : scoreByText(prefix, target, timing)).catch(async (err: unknown) => {
      throw await asPromptTooLong(err);
    });
    const c = answer as { id?: unknown; model?: unknown; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } };
    const promptTokens = typeof c.usage?.prompt_tokens === 'number' ? c.usage.prompt_tokens : result.promptTokens;
    const completionTokens = typeof c.usage?.completion_tokens === 'number' ? c.usage.completion_tokens : 0;
    stats.promptTokens += promptTokens;
    stats.targetTokens += result.tokens.length;
    if (recorder) {
      const response: RecordedScore & { id: unknown; alignment: string } = {
        object: 'retrace.score',
        id: c.id ?? null,
        mode: config.mode,
        alignment: method,
        model: typeof c.model === 'string' ? c.model : config.model,
        prefixLength: prefix.length,
        tokens: result.tokens,
        logprobs: result.logprobs.map((lp) => (Number.isFinite(lp) ? String(lp) : null)),
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
        content: result.generated,
        promptTokens,
        completionTokens,
        latencyMs: timing.latencyMs,
      });
    }
    return { tokens: result.tokens, logprobs: result.logprobs, fromRecord: false, latencyMs: timing.latencyMs };
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
    alignment,
    contextWindow,
    async countTokens(text) {
      const tok = await tokenizer();
      return tok ? (await tok.encode([text]))[0].ids.length : null;
    },
    async resolveAlignment() {
      await tokenizer();
      return { ...alignment, fallbacks: [...alignment.fallbacks] };
    },
    scoreDetailed,
    async score(prefix, target) {
      const { tokens, logprobs } = await scoreDetailed(prefix, target);
      return { tokens, logprobs };
    },
  };
}
