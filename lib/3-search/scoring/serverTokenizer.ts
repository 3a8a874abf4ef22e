/**
 * The scoring server's own tokenizer over HTTP: vLLM's `POST {root}/tokenize`, else SGLang's
 * `POST {base}/tokenize` (see promptTokenizer.ts for both wire formats). The endpoint is found
 * on first use (a 404/405 moves to the next); calls share the scorer's retry policy and limiter.
 * The answers also carry the model's context length (`max_model_len`).
 */
import OpenAI from 'openai';
import { LlmRequestError } from '../../platform/llm/errors';
import type { AimdLimiter } from '../../platform/llm/limiter';
import { type RetryCounters, type RetryPolicy, retryingCall } from '../../platform/llm/retryingCall';
import { type EncodedText, type PromptTokenizer, readTokenizeAnswer, tokenizeEndpoints } from './promptTokenizer';

export interface ServerTokenizerOptions {
  sdk: OpenAI;
  baseUrl: string;
  model: string;
  policy: RetryPolicy;
  limiter: AimdLimiter;
  counters?: RetryCounters;
}

export interface ServerTokenizer extends PromptTokenizer {
  /** The endpoint that answered, or null when none does (known after `available()`). */
  readonly endpoint: string | null;
  /** The context length the server reported, once known. */
  readonly maxModelLen: number | null;
  /** Whether the server tokenizes (probes the endpoints once). */
  available(): Promise<boolean>;
}

/** A 200 from a URL that is not a tokenize endpoint (a catch-all route). */
class NotATokenizeEndpoint extends Error {}

const isMissing = (err: unknown) => err instanceof NotATokenizeEndpoint || (err instanceof LlmRequestError && (err.status === 404 || err.status === 405));

export function createServerTokenizer(options: ServerTokenizerOptions): ServerTokenizer {
  const { sdk, model } = options;
  let endpoint: string | null = null;
  let maxModelLen: number | null = null;
  let probing: Promise<boolean> | null = null;

  async function post(url: string, text: string): Promise<EncodedText> {
    const { value } = await retryingCall(
      { policy: options.policy, limiter: options.limiter, baseUrl: options.baseUrl, endpoint: url, model, what: 'Tokenize request', counters: options.counters, passThrough: (err) => err instanceof NotATokenizeEndpoint },
      async (signal) => {
        const answer: unknown = await sdk.post(url, { body: { model, prompt: text, add_special_tokens: true, return_token_strs: true }, signal, timeout: options.policy.timeoutMs, maxRetries: 0 });
        const read = readTokenizeAnswer(answer);
        if (!read) throw new NotATokenizeEndpoint(`${url} did not answer like a tokenize endpoint ({"tokens": [ids]}): ${JSON.stringify(answer).slice(0, 160)}`);
        return read;
      },
    );
    if (value.maxModelLen !== null) maxModelLen = value.maxModelLen;
    return { ids: value.ids, tokenStrings: value.tokenStrings };
  }

  async function available(): Promise<boolean> {
    probing ??= (async () => {
      for (const url of tokenizeEndpoints(options.baseUrl)) {
        try {
          await post(url, 'x');
          endpoint = url;
          return true;
        } catch (err) {
          if (!isMissing(err)) throw err;
        }
      }
      return false;
    })();
    try {
      return await probing;
    } catch (err) {
      probing = null; // a transient failure: probe again next time
      throw err;
    }
  }

  return {
    source: 'server',
    get location() {
      return endpoint ?? tokenizeEndpoints(options.baseUrl).join(' or ');
    },
    get endpoint() {
      return endpoint;
    },
    get maxModelLen() {
      return maxModelLen;
    },
    available,
    async encode(texts) {
      if (!(await available()) || !endpoint) throw new Error(`${options.baseUrl} has no tokenize endpoint`);
      const url = endpoint;
      return Promise.all(texts.map((t) => post(url, t)));
    },
  };
}
