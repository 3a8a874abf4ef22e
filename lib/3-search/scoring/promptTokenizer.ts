/**
 * The scoring model's tokenizer, so a prompt is aligned by token ids instead of by the text a
 * server decodes (which drifts on non-ASCII text). Two sources:
 *
 * - the server: vLLM's `POST /tokenize` at the server root ({model, prompt, add_special_tokens,
 *   return_token_strs} -> {count, max_model_len, tokens, token_strs}; vllm/entrypoints/openai/
 *   serving_tokenization.py), else SGLang's `POST /v1/tokenize` (same request, `prompt` may be a
 *   list; sglang/srt/entrypoints/openai/serving_tokenize.py);
 * - the model's own `tokenizer.json` (Hugging Face format, read by @huggingface/tokenizers).
 *
 * `encode` always adds the special tokens a text prompt gets (a BOS), as the server would.
 */
import { readHfTokenizerFile } from '../../platform/tokens/hfTokenizerFile';

export interface EncodedText {
  ids: number[];
  /** The vocabulary's string of each token (byte-level: "Ġx"), when the source gives them. */
  tokenStrings: string[] | null;
}

export interface PromptTokenizer {
  /** 'server' (its /tokenize endpoint) or 'tokenizer.json'. */
  readonly source: 'server' | 'tokenizer.json';
  /** The endpoint or file, for messages and the stored run. */
  readonly location: string;
  encode(texts: readonly string[]): Promise<EncodedText[]>;
}

export class TokenizerFileError extends Error {
  override name = 'TokenizerFileError';
  readonly deterministic = true;
}

/** A tokenizer.json (with tokenizer_config.json beside it, when there is one). */
export function fileTokenizer(path: string): PromptTokenizer {
  const { tokenizer } = readHfTokenizerFile(path, (problem) => new TokenizerFileError(`${problem} Set RETRACE_SCORER_TOKENIZER to the scoring model's tokenizer.json, or to "server".`));
  return {
    source: 'tokenizer.json',
    location: path,
    async encode(texts) {
      return texts.map((text) => {
        const encoding = tokenizer.encode(text, { add_special_tokens: true });
        return { ids: encoding.ids, tokenStrings: encoding.tokens };
      });
    },
  };
}

/** The server root of an OpenAI-compatible base URL (`http://h:8000/v1` -> `http://h:8000`). */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** Candidate tokenize endpoints, vLLM's first. */
export function tokenizeEndpoints(baseUrl: string): string[] {
  const base = baseUrl.replace(/\/+$/, '');
  const root = serverRoot(base);
  return root === base ? [`${root}/tokenize`] : [`${root}/tokenize`, `${base}/tokenize`];
}

export interface TokenizeAnswer {
  tokens?: unknown;
  token_strs?: unknown;
  max_model_len?: unknown;
}

/** Reads one /tokenize answer; null when it is not one. */
export function readTokenizeAnswer(answer: unknown): { ids: number[]; tokenStrings: string[] | null; maxModelLen: number | null } | null {
  if (!answer || typeof answer !== 'object') return null;
  const a = answer as TokenizeAnswer;
  if (!Array.isArray(a.tokens) || !a.tokens.every((t) => Number.isInteger(t))) return null;
  const ids = a.tokens as number[];
  const strs = Array.isArray(a.token_strs) && a.token_strs.length === ids.length && a.token_strs.every((s) => typeof s === 'string') ? (a.token_strs as string[]) : null;
  const maxModelLen = typeof a.max_model_len === 'number' && a.max_model_len > 0 ? a.max_model_len : null;
  return { ids, tokenStrings: strs, maxModelLen };
}
