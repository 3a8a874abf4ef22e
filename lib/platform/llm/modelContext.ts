/**
 * A served model's context length: vLLM lists `max_model_len` for each model in
 * `GET {base}/models` (vllm/entrypoints/openai/serving_models.py, ModelCard); SGLang's list and
 * its /tokenize answers say it too. OpenAI and most others do not: null then.
 */
import type OpenAI from 'openai';

/** The model's `max_model_len` from /models (the only model's, when the name is not listed), or null. */
export async function fetchModelContext(sdk: OpenAI, model: string, timeoutMs: number): Promise<number | null> {
  try {
    const answer = (await sdk.get('/models', { timeout: timeoutMs, maxRetries: 1 })) as { data?: unknown };
    const models = Array.isArray(answer?.data) ? (answer.data as Array<{ id?: unknown; max_model_len?: unknown }>) : [];
    const entry = models.find((m) => m.id === model) ?? (models.length === 1 ? models[0] : undefined);
    const n = entry?.max_model_len;
    return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    // A server without the list (or unreachable now): the caller assumes a default and says so.
    return null;
  }
}

/** A cached async value: computed on first use; a failure is not cached. */
export function once<T>(compute: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => {
    value ??= compute().catch((err) => {
      value = null;
      throw err;
    });
    return value;
  };
}
