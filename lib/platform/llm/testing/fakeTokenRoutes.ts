/**
 * The fake inference server's tokenizer and SGLang routes, over the same vocabulary and
 * log-probabilities as its /v1/completions (fakeCompletions.ts):
 *
 * - vLLM: `POST /tokenize` {model, prompt, add_special_tokens = true, return_token_strs = false}
 *   -> {count, max_model_len, tokens, token_strs}; `POST /detokenize` {model, tokens} -> {prompt};
 *   `GET /v1/models` with `max_model_len` on each model (vllm/entrypoints/openai/
 *   serving_tokenization.py, serving_models.py, protocol.py);
 * - SGLang: `POST /v1/tokenize` (prompt a string or a list of strings) -> {tokens, count,
 *   max_model_len} (sglang/srt/entrypoints/openai/serving_tokenize.py); `POST /generate`
 *   {text | input_ids, sampling_params: {max_new_tokens}, return_logprob, logprob_start_len,
 *   return_text_in_logprobs} -> {text, meta_info: {prompt_tokens, completion_tokens,
 *   cached_tokens, input_token_logprobs: [[logprob, id, text|null], ...] from position
 *   logprob_start_len, output_token_logprobs}} (io_struct.py GenerateReqInput; the first
 *   position's log-probability is null). `cached_tokens` counts the longest prefix of ids seen
 *   in an earlier request, like its radix cache.
 */
import type { FakeOpenAIServer } from './fakeOpenAIServer';
import { type FakeCompletions, promptIds } from './fakeCompletions';

export interface FakeTokenRoutesOptions {
  /** Which tokenize endpoint the server has: vLLM's at the root, SGLang's under /v1, or none. */
  tokenize?: 'vllm' | 'sglang' | 'none';
  /** Whether SGLang's native POST /generate is served. */
  generate?: boolean;
  /** Whether GET /v1/models reports max_model_len (vLLM does). */
  modelsWithContext?: boolean;
}

export function addFakeTokenRoutes(server: FakeOpenAIServer, completions: FakeCompletions, options: FakeTokenRoutesOptions = {}): { readonly cachedTokens: number[] } {
  const vocab = () => completions.vocabulary;
  const maxModelLen = () => completions.settings.maxModelLen ?? 32768;
  const checkModel = (b: Record<string, unknown>) =>
    completions.settings.models && typeof b.model === 'string' && !completions.settings.models.includes(b.model) ? completions.error(404, `The model \`${b.model}\` does not exist.`, 'model') : null;
  const tokenize = options.tokenize ?? 'vllm';

  if (tokenize === 'vllm') {
    server.route('POST', '/tokenize', ({ body }) => {
      const b = (body ?? {}) as Record<string, unknown>;
      const wrongModel = checkModel(b);
      if (wrongModel) return wrongModel;
      if (typeof b.prompt !== 'string') return completions.error(400, "Field required: 'prompt' (a string)", 'prompt');
      const ids = vocab().encode(b.prompt, b.add_special_tokens !== false);
      return { json: { count: ids.length, max_model_len: maxModelLen(), tokens: ids, token_strs: b.return_token_strs === true ? ids.map((id) => vocab().tokenString(id)) : null } };
    });
    server.route('POST', '/detokenize', ({ body }) => {
      const b = (body ?? {}) as { tokens?: unknown };
      if (!Array.isArray(b.tokens)) return completions.error(400, "Field required: 'tokens'", 'tokens');
      return { json: { prompt: vocab().decode(b.tokens as number[]) } };
    });
  }
  if (tokenize === 'sglang') {
    server.route('POST', '/v1/tokenize', ({ body }) => {
      const b = (body ?? {}) as Record<string, unknown>;
      const addSpecial = b.add_special_tokens !== false;
      if (typeof b.prompt === 'string') {
        const ids = vocab().encode(b.prompt, addSpecial);
        return { json: { tokens: ids, count: ids.length, max_model_len: maxModelLen() } };
      }
      if (Array.isArray(b.prompt) && b.prompt.every((p) => typeof p === 'string')) {
        const all = (b.prompt as string[]).map((p) => vocab().encode(p, addSpecial));
        return { json: { tokens: all, count: all.map((ids) => ids.length), max_model_len: maxModelLen() } };
      }
      return completions.error(400, `Invalid prompt type: ${typeof b.prompt}. Expected str or List[str].`);
    });
  }
  if (options.modelsWithContext !== false) {
    server.route('GET', '/v1/models', () => ({
      json: {
        object: 'list',
        data: (completions.settings.models ?? ['fake-model']).map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'vllm', root: id, parent: null, max_model_len: maxModelLen(), permission: [] })),
      },
    }));
  }

  const seen: number[][] = [];
  const cachedTokens: number[] = [];
  if (options.generate) {
    server.route('POST', '/generate', ({ body }) => {
      const b = (body ?? {}) as Record<string, unknown>;
      const ids = b.input_ids !== undefined ? promptIds(vocab(), b.input_ids) : typeof b.text === 'string' ? vocab().encode(b.text, true) : null;
      if (!ids) return completions.error(400, 'Either text or input_ids should be provided.');
      const sampling = (b.sampling_params ?? {}) as { max_new_tokens?: unknown };
      const maxNew = typeof sampling.max_new_tokens === 'number' ? sampling.max_new_tokens : 128;
      if (ids.length + maxNew > maxModelLen()) return completions.error(400, `The input (${ids.length} tokens) is longer than the model's context length (${maxModelLen()} tokens).`);
      const startRaw = typeof b.logprob_start_len === 'number' ? b.logprob_start_len : -1;
      const start = startRaw < 0 ? ids.length : startRaw;
      if (start > ids.length) return completions.error(400, `logprob_start_len (${start}) is longer than the input (${ids.length} tokens).`);
      // The radix cache: the longest prefix of ids an earlier request shared.
      let cached = 0;
      for (const s of seen) {
        let n = 0;
        while (n < s.length && n < ids.length && s[n] === ids[n]) n++;
        cached = Math.max(cached, n);
      }
      seen.push([...ids]);
      cachedTokens.push(cached);
      const lps = completions.promptLogprobs(ids);
      const withText = b.return_text_in_logprobs === true;
      const input = b.return_logprob === true ? ids.slice(start).map((id, k) => [lps[start + k], id, withText ? vocab().decodeOne(id) : null]) : null;
      const generated = maxNew > 0 ? ' the' : '';
      completions.countAnswer();
      return {
        json: {
          text: generated,
          meta_info: {
            id: `fake-${seen.length}`,
            finish_reason: { type: 'length', length: maxNew },
            prompt_tokens: ids.length,
            completion_tokens: maxNew > 0 ? 1 : 0,
            cached_tokens: cached,
            input_token_logprobs: input,
            output_token_logprobs: b.return_logprob === true ? (maxNew > 0 ? [[-0.25, 279, withText ? ' the' : null]] : []) : null,
          },
        },
      };
    });
  }
  return { cachedTokens };
}
