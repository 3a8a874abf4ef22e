/**
 * POST /v1/completions for the fake OpenAI server, answering the way vLLM does (for tests and
 * benchmarks of scoring; vllm/entrypoints/openai/serving_completion.py, protocol.py):
 *
 * - the prompt is a string (tokenized with the BOS, `add_special_tokens` defaults to true) or a
 *   list of token ids (taken as they are: no BOS added);
 * - tokens come from a vocabulary (fakeVocabulary.ts): the simple one by default, or a real
 *   tokenizer.json (`vocabulary`);
 * - every prompt token but the first gets a deterministic log-probability (`logprob`, a function
 *   the test controls); the first prompt token has none (`null`), as with every real server;
 * - `echo: true` + `logprobs: k` answers `choices[0].text` = prompt + generated text and
 *   `choices[0].logprobs` = { tokens (each decoded on its own: U+FFFD for part of a character; the
 *   BOS as its text), token_logprobs (leading null), text_offset (cumulative code-point lengths of
 *   those decoded tokens, so it drifts where they do), top_logprobs }, followed by the generated
 *   token (`max_tokens` >= 1; 0 is accepted with echo); `return_tokens_as_token_ids` gives
 *   "token_id:<id>" tokens;
 * - `prompt_logprobs: k` (vLLM's extension) adds `choices[0].prompt_logprobs` = [null, {"<token
 *   id>": {logprob, rank, decoded_token}}, ...] with the prompt token first, then k alternatives;
 * - `bos` (simple vocabulary) puts a beginning-of-sequence token before text prompts;
 * - `logprobsSupport: 'generated-only'` answers like a server that only scores generated tokens
 *   (llama.cpp's server), `'none'` never returns logprobs; `promptLogprobs: false` ignores the
 *   prompt_logprobs field (servers other than vLLM);
 * - `maxModelLen`: a prompt plus max_tokens over it is refused with vLLM's 400;
 * - `errorShape`: 'nested' ({"error": {...}}, vLLM >= 0.10 and OpenAI), 'flat' (vLLM <= 0.9's
 *   {"object": "error", "message", ...}) or 'detail' (FastAPI's {"detail": ...});
 * - a `{ kind: 'content' }` fault step replaces the generated text once; every other fault step of
 *   the server's script machinery applies to this route (`server.setScript(steps, '/v1/completions')`).
 * The tokenizer and SGLang routes (/tokenize, /v1/tokenize, /generate) are in fakeTokenRoutes.ts.
 */
import type { FakeOpenAIServer, FakeReply } from './fakeOpenAIServer';
import { type FakeVocabulary, fnv1a, simpleVocabulary } from './fakeVocabulary';

export { fakeTokenId, fakeTokenize } from './fakeVocabulary';

export const COMPLETIONS_PATH = '/v1/completions';

export interface FakeCompletionsOptions {
  /** The model's vocabulary (default: the simple one, with `bos`). */
  vocabulary?: FakeVocabulary;
  /** Log-probability of prompt token `index` (>= 1) given the tokens before it (default `defaultFakeLogprob`); `tokens` are decoded on their own. */
  logprob?: (token: string, index: number, tokens: readonly string[], ids: readonly number[]) => number;
  /** The generated text (default ' the'). */
  generated?: string | ((prompt: string) => string);
  /** A beginning-of-sequence token put before every text prompt by the simple vocabulary (e.g. '<|begin_of_text|>'); none by default. */
  bos?: string | null;
  /** 'full' (default, vLLM), 'generated-only' (llama.cpp server), 'none' (logprobs always null). */
  logprobsSupport?: 'full' | 'generated-only' | 'none';
  /** Whether `prompt_logprobs` is understood (vLLM, default) or ignored. */
  promptLogprobs?: boolean;
  /** When set, a request for another model gets 404 like vLLM's. */
  models?: string[];
  /** The model's context length (default 32768). */
  maxModelLen?: number;
  errorShape?: 'nested' | 'flat' | 'detail';
}

export interface FakeCompletions {
  /** Changes options while running. */
  configure(changes: FakeCompletionsOptions): void;
  /** The tokens the fake gives `text`, each decoded on its own (bos not included). */
  tokenize(text: string): string[];
  /** The log-probability the fake gives token `index` of `tokens` (decoded) / `ids`. */
  logprobOf(tokens: readonly string[], index: number, ids?: readonly number[]): number;
  /** The vocabulary in use. */
  readonly vocabulary: FakeVocabulary;
  readonly settings: Readonly<FakeCompletionsOptions>;
  /** Requests answered with 200. */
  readonly answered: number;
  /** The prompt's ids and the log-probability of each (null for the first), as every route computes them. */
  promptLogprobs(ids: readonly number[]): Array<number | null>;
  /** An error in the configured shape. */
  error(status: number, message: string, param?: string | null): FakeReply;
  /** Counts one 200. */
  countAnswer(): void;
}

/** -1 - (hash(index, token) % 100) / 50: in (-3, -1], deterministic. */
export function defaultFakeLogprob(token: string, index: number): number {
  return -1 - (fnv1a(`${index}\u0000${token}`) % 100) / 50;
}

/** Length in code points, as Python's len(). */
export function cpLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const ALTERNATIVES = [' the', ',', '\n', ' a', '.', '(', ' =', ' of', ')', ';', ' in', ' to', ':', ' and', '_', ' is', ' for', '"', ' {', ' return'];

/** An error body in one of the shapes servers use. */
export function errorBody(shape: FakeCompletionsOptions['errorShape'], status: number, message: string, param: string | null = null): FakeReply {
  const type = status === 404 ? 'NotFoundError' : 'BadRequestError';
  if (shape === 'flat') return { status, json: { object: 'error', message, type, param, code: status } };
  if (shape === 'detail') return { status, json: { detail: message } };
  return { status, json: { error: { message, type, param, code: status } } };
}

/** The prompt's ids: a string is tokenized (with the BOS), a list of ids is taken as it is. Null when it is neither. */
export function promptIds(vocabulary: FakeVocabulary, prompt: unknown, addSpecial = true): number[] | null {
  if (typeof prompt === 'string') return vocabulary.encode(prompt, addSpecial);
  if (Array.isArray(prompt) && prompt.length > 0 && prompt.every((t) => Number.isInteger(t) && t >= 0)) return prompt as number[];
  return null;
}

/** Registers POST /v1/completions on `server`, answering like vLLM. */
export function addFakeCompletions(server: FakeOpenAIServer, options: FakeCompletionsOptions = {}): FakeCompletions {
  const settings: FakeCompletionsOptions = { ...options };
  const simple = simpleVocabulary(() => settings.bos ?? null);
  const vocab = () => settings.vocabulary ?? simple;
  let answered = 0;
  let seq = 0;
  const logprobOf = (tokens: readonly string[], index: number, ids: readonly number[] = []) => (settings.logprob ?? defaultFakeLogprob)(tokens[index], index, tokens, ids);
  const promptLogprobs = (ids: readonly number[]) => {
    const texts = ids.map((id) => vocab().decodeOne(id));
    return ids.map((_, i) => (i === 0 ? null : logprobOf(texts, i, ids)));
  };
  const error = (status: number, message: string, param: string | null = null) => errorBody(settings.errorShape ?? 'nested', status, message, param);

  server.route('POST', COMPLETIONS_PATH, ({ body, content }) => {
    const b = body as Record<string, unknown> | null;
    if (!b || typeof b !== 'object') return error(400, 'Expected a JSON object.');
    if (typeof b.model !== 'string' || !b.model) return error(400, "Field required: 'model'", 'model');
    if (settings.models && !settings.models.includes(b.model)) return error(404, `The model \`${b.model}\` does not exist.`, 'model');
    const addSpecial = b.add_special_tokens !== false;
    const list = Array.isArray(b.prompt) && b.prompt.every((p) => typeof p === 'string') ? (b.prompt as string[]) : [b.prompt];
    const prompts = list.map((p) => ({ text: typeof p === 'string' ? p : null, ids: promptIds(vocab(), p, addSpecial) }));
    if (prompts.length === 0 || prompts.some((p) => p.ids === null)) return error(400, "'prompt' must be a string, a list of strings or a list of token ids", 'prompt');
    if (prompts.some((p) => p.ids!.some((id) => !vocab().has(id)))) return error(400, 'Token id out of vocabulary', 'prompt');
    const echo = b.echo === true;
    const maxTokens = b.max_tokens === undefined || b.max_tokens === null ? 16 : b.max_tokens;
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < (echo ? 0 : 1)) {
      return error(400, `max_tokens must be at least ${echo ? 0 : 1}, got ${String(b.max_tokens)}.`, 'max_tokens');
    }
    const maxModelLen = settings.maxModelLen ?? 32768;
    for (const p of prompts) {
      if (p.ids!.length + maxTokens > maxModelLen) {
        return error(400, `This model's maximum context length is ${maxModelLen} tokens. However, you requested ${p.ids!.length + maxTokens} tokens (${p.ids!.length} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`);
      }
    }
    const k = b.logprobs;
    if (k !== undefined && k !== null && (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > 20)) {
      return error(400, `logprobs must be an integer in [0, 20], got ${String(k)}.`, 'logprobs');
    }
    const pk = b.prompt_logprobs;
    if (settings.promptLogprobs !== false && pk !== undefined && pk !== null && (typeof pk !== 'number' || !Number.isInteger(pk) || pk < 0 || pk > 20)) {
      return error(400, `prompt_logprobs must be an integer in [0, 20], got ${String(pk)}.`, 'prompt_logprobs');
    }
    const support = settings.logprobsSupport ?? 'full';
    const asIds = b.return_tokens_as_token_ids === true;
    let promptTokensTotal = 0;
    let completionTokensTotal = 0;

    const choices = prompts.map((p, index) => {
      const ids = p.ids!;
      const promptText = p.text ?? vocab().decode(ids);
      const decoded = ids.map((id) => vocab().decodeOne(id));
      const shown = (id: number, text: string) => (asIds ? `token_id:${id}` : text);
      const generatedText = maxTokens === 0 ? '' : (content ?? (typeof settings.generated === 'function' ? settings.generated(promptText) : (settings.generated ?? ' the')));
      const generated = generatedText ? [generatedText] : [];
      promptTokensTotal += ids.length;
      completionTokensTotal += generated.length;
      const lps = promptLogprobs(ids);
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
        // vLLM: each offset is the previous one plus the previous decoded token's length.
        let offset = 0;
        if (echo && support === 'full') {
          ids.forEach((id, i) => {
            const t = shown(id, decoded[i]);
            tokens.push(t);
            tokenLogprobs.push(lps[i]);
            topLogprobs.push(lps[i] === null ? null : top(t, lps[i]!));
            offsets.push(offset);
            offset += cpLength(t);
          });
        } else {
          // Only the generated tokens, placed after the prompt (the legacy OpenAI convention).
          offset = cpLength(promptText);
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

      let promptLogprobsOut: Array<Record<string, { logprob: number; rank: number; decoded_token: string }> | null> | null = null;
      if (settings.promptLogprobs !== false && typeof pk === 'number' && support === 'full') {
        promptLogprobsOut = ids.map((id, i) => {
          if (i === 0) return null;
          const lp = lps[i]!;
          const entry: Record<string, { logprob: number; rank: number; decoded_token: string }> = {
            [String(id)]: { logprob: lp, rank: 1 + (id % 7), decoded_token: decoded[i] },
          };
          for (let j = 0; j < pk && j < ALTERNATIVES.length; j++) {
            const alt = String(10 + j);
            if (!(alt in entry)) entry[alt] = { logprob: -0.5 - j / 4, rank: j + 1, decoded_token: ALTERNATIVES[j] };
          }
          return entry;
        });
      }

      return {
        index,
        text: (echo ? promptText : '') + generatedText,
        logprobs,
        finish_reason: 'length',
        stop_reason: null,
        prompt_logprobs: promptLogprobsOut,
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
    tokenize: (text) => vocab().encode(text, false).map((id) => vocab().decodeOne(id)),
    logprobOf,
    get vocabulary() {
      return vocab();
    },
    settings,
    get answered() {
      return answered;
    },
    promptLogprobs,
    error,
    countAnswer() {
      answered++;
    },
  };
}
