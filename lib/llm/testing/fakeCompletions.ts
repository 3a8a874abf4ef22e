/**
 * POST /v1/completions for the fake OpenAI server, answering the way vLLM does (for tests and
 * benchmarks of scoring):
 *
 * - the prompt is split by a deterministic tokenizer whose tokens concatenate back to it exactly
 *   (`fakeTokenize`: words with their leading space, single punctuation, whitespace runs);
 * - every prompt token but the first gets a deterministic log-probability (`logprob`, a function
 *   the test controls); the first prompt token has none (`null`), as with every real server;
 * - `echo: true` + `logprobs: k` answers `choices[0].text` = prompt + generated text and
 *   `choices[0].logprobs` = { tokens, token_logprobs (leading null), text_offset (cumulative, in
 *   code points, as Python counts), top_logprobs (leading null; each a dict of the token and k
 *   alternatives) }, followed by the generated token (`max_tokens` ≥ 1; 0 is accepted with echo);
 * - `prompt_logprobs: k` (vLLM's extension) adds `choices[0].prompt_logprobs` = [null, {"<token
 *   id>": {logprob, rank, decoded_token}}, ...] with the prompt token first, then k alternatives;
 * - `bos` puts a beginning-of-sequence token before the prompt, as Llama tokenizers do: echoed as
 *   text (so every text_offset after it is shifted by its length — vLLM's behaviour) and first in
 *   prompt_logprobs (its entry is the null one);
 * - `logprobsSupport: 'generated-only'` answers like a server that only scores generated tokens
 *   (llama.cpp's server), `'none'` never returns logprobs; `promptLogprobs: false` ignores the
 *   prompt_logprobs field (servers other than vLLM);
 * - a `{ kind: 'content' }` fault step replaces the generated text once; every other fault step of
 *   the server's script machinery applies to this route (`server.setScript(steps, '/v1/completions')`).
 */
import type { FakeOpenAIServer, FakeReply } from './fakeOpenAIServer';

export const COMPLETIONS_PATH = '/v1/completions';

export interface FakeCompletionsOptions {
  /** Splits text into tokens that concatenate back to it (default `fakeTokenize`). */
  tokenize?: (text: string) => string[];
  /** Log-probability of prompt token `index` (≥ 1) given the tokens before it (default `defaultFakeLogprob`). */
  logprob?: (token: string, index: number, tokens: readonly string[]) => number;
  /** The generated text (default ' the'). */
  generated?: string | ((prompt: string) => string);
  /** A beginning-of-sequence token put before every prompt (e.g. '<|begin_of_text|>'); none by default. */
  bos?: string | null;
  /** 'full' (default, vLLM), 'generated-only' (llama.cpp server), 'none' (logprobs always null). */
  logprobsSupport?: 'full' | 'generated-only' | 'none';
  /** Whether `prompt_logprobs` is understood (vLLM, default) or ignored. */
  promptLogprobs?: boolean;
  /** When set, a request for another model gets 404 like vLLM's. */
  models?: string[];
}

export interface FakeCompletions {
  /** Changes options while running. */
  configure(changes: FakeCompletionsOptions): void;
  /** The tokens the fake gives `text` (bos not included). */
  tokenize(text: string): string[];
  /** The log-probability the fake gives token `index` of `tokens`. */
  logprobOf(tokens: readonly string[], index: number): number;
  /** Requests answered with 200. */
  readonly answered: number;
}

const TOKEN = /[ ]?[\p{L}\p{N}_]+|[ ]?[^\s\p{L}\p{N}_]|\s+(?=\s)|\s+/gu;

/** Words with their leading space, single punctuation (with a leading space), whitespace runs. */
export function fakeTokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** -1 - (hash(index, token) % 100) / 50: in (-3, -1], deterministic. */
export function defaultFakeLogprob(token: string, index: number): number {
  return -1 - (fnv1a(`${index}\u0000${token}`) % 100) / 50;
}

/** A stable fake vocabulary id (ids below 1000 are left for the alternatives). */
export function fakeTokenId(token: string): number {
  return 1000 + (fnv1a(token) % 150_000);
}

/** Length in code points, as Python's len(). */
function cpLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

const ALTERNATIVES = [' the', ',', '\n', ' a', '.', '(', ' =', ' of', ')', ';', ' in', ' to', ':', ' and', '_', ' is', ' for', '"', ' {', ' return'];

function errorReply(status: number, message: string, param: string | null = null): FakeReply {
  const type = status === 404 ? 'NotFoundError' : 'BadRequestError';
  return { status, json: { error: { message, type, param, code: status }, object: 'error', message, type, param, code: status } };
}

/** Registers POST /v1/completions on `server`, answering like vLLM. */
export function addFakeCompletions(server: FakeOpenAIServer, options: FakeCompletionsOptions = {}): FakeCompletions {
  const settings: FakeCompletionsOptions = { ...options };
  let answered = 0;
  let seq = 0;
  const tokenize = (text: string) => (settings.tokenize ?? fakeTokenize)(text);
  const logprobOf = (tokens: readonly string[], index: number) => (settings.logprob ?? defaultFakeLogprob)(tokens[index], index, tokens);

  server.route('POST', COMPLETIONS_PATH, ({ body, content }) => {
    const b = body as Record<string, unknown> | null;
    if (!b || typeof b !== 'object') return errorReply(400, 'Expected a JSON object.');
    if (typeof b.model !== 'string' || !b.model) return errorReply(400, "Field required: 'model'", 'model');
    if (settings.models && !settings.models.includes(b.model)) return errorReply(404, `The model \`${b.model}\` does not exist.`, 'model');
    const prompts = typeof b.prompt === 'string' ? [b.prompt] : Array.isArray(b.prompt) && b.prompt.every((p) => typeof p === 'string') ? (b.prompt as string[]) : null;
    if (!prompts || prompts.length === 0) return errorReply(400, "'prompt' must be a string or a list of strings", 'prompt');
    const echo = b.echo === true;
    const maxTokens = b.max_tokens === undefined || b.max_tokens === null ? 16 : b.max_tokens;
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < (echo ? 0 : 1)) {
      return errorReply(400, `max_tokens must be at least ${echo ? 0 : 1}, got ${String(b.max_tokens)}.`, 'max_tokens');
    }
    const k = b.logprobs;
    if (k !== undefined && k !== null && (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > 20)) {
      return errorReply(400, `logprobs must be an integer in [0, 20], got ${String(k)}.`, 'logprobs');
    }
    const pk = b.prompt_logprobs;
    if (settings.promptLogprobs !== false && pk !== undefined && pk !== null && (typeof pk !== 'number' || !Number.isInteger(pk) || pk < 0 || pk > 20)) {
      return errorReply(400, `prompt_logprobs must be an integer in [0, 20], got ${String(pk)}.`, 'prompt_logprobs');
    }
    const support = settings.logprobsSupport ?? 'full';
    const bos = settings.bos ?? null;
    let promptTokensTotal = 0;
    let completionTokensTotal = 0;

    const choices = prompts.map((prompt, index) => {
      const promptTokens = tokenize(prompt);
      const all = bos !== null ? [bos, ...promptTokens] : promptTokens;
      const generatedText = maxTokens === 0 ? '' : (content ?? (typeof settings.generated === 'function' ? settings.generated(prompt) : (settings.generated ?? ' the')));
      const generated = generatedText ? [generatedText] : [];
      promptTokensTotal += all.length;
      completionTokensTotal += generated.length;
      // Log-probabilities of the prompt (bos included), the first one null.
      const lps: Array<number | null> = all.map((_, i) => (i === 0 ? null : logprobOf(all, i)));
      const generatedLp = generated.map(() => -0.25);

      let logprobs: Record<string, unknown> | null = null;
      if (typeof k === 'number' && support !== 'none') {
        const top = (token: string, lp: number) => {
          const dict: Record<string, number> = { [token]: lp };
          for (let j = 0; j < k && j < ALTERNATIVES.length; j++) if (!(ALTERNATIVES[j] in dict)) dict[ALTERNATIVES[j]] = -0.5 - j / 4;
          return dict;
        };
        const tokens: string[] = [];
        const tokenLogprobs: Array<number | null> = [];
        const offsets: number[] = [];
        const topLogprobs: Array<Record<string, number> | null> = [];
        let offset = 0;
        if (echo && support === 'full') {
          all.forEach((t, i) => {
            tokens.push(t);
            tokenLogprobs.push(lps[i]);
            topLogprobs.push(lps[i] === null ? null : top(t, lps[i]!));
            offsets.push(offset);
            offset += cpLength(t);
          });
        } else {
          // Only the generated tokens, placed after the prompt (the legacy OpenAI convention).
          offset = cpLength(prompt);
        }
        generated.forEach((t, i) => {
          tokens.push(t);
          tokenLogprobs.push(generatedLp[i]);
          topLogprobs.push(top(t, generatedLp[i]));
          offsets.push(offset);
          offset += cpLength(t);
        });
        logprobs = { text_offset: offsets, token_logprobs: tokenLogprobs, tokens, top_logprobs: topLogprobs };
      }

      let promptLogprobs: Array<Record<string, { logprob: number; rank: number; decoded_token: string }> | null> | null = null;
      if (settings.promptLogprobs !== false && typeof pk === 'number' && support === 'full') {
        promptLogprobs = all.map((t, i) => {
          if (i === 0) return null;
          const lp = lps[i]!;
          const entry: Record<string, { logprob: number; rank: number; decoded_token: string }> = {
            [String(fakeTokenId(t))]: { logprob: lp, rank: 1 + (fnv1a(t) % 7), decoded_token: t },
          };
          for (let j = 0; j < pk && j < ALTERNATIVES.length; j++) {
            const id = String(10 + j);
            if (!(id in entry)) entry[id] = { logprob: -0.5 - j / 4, rank: j + 1, decoded_token: ALTERNATIVES[j] };
          }
          return entry;
        });
      }

      return {
        index,
        text: (echo ? prompt : '') + generatedText,
        logprobs,
        finish_reason: 'length',
        stop_reason: null,
        prompt_logprobs: promptLogprobs,
      };
    });

    answered++;
    return {
      json: {
        id: `cmpl-fake${++seq}`,
        object: 'text_completion',
        created: Math.floor(Date.now() / 1000),
        model: b.model,
        choices,
        usage: { prompt_tokens: promptTokensTotal, total_tokens: promptTokensTotal + completionTokensTotal, completion_tokens: completionTokensTotal, prompt_tokens_details: null },
      },
    };
  });

  return {
    configure(changes) {
      Object.assign(settings, changes);
    },
    tokenize,
    logprobOf,
    get answered() {
      return answered;
    },
  };
}
