/**
 * The OpenAI-compatible ChatClient: plain chat completions through the `openai` SDK (its own
 * retries off), our retry policy, the endpoint's AIMD concurrency limit, and the call record.
 */
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { LlmConfig } from './config';
import { type AimdLimiter, endpointLimiter } from './limiter';
import { fetchModelContext, once } from './modelContext';
import { chatCompletionBody, chatRequestHash } from './requestHash';
import { MalformedResponseError } from './retry';
import { retryingCall } from './retryingCall';
import { createSdk } from './sdk';
import type { CallRecorder, ChatClient, ChatRequest, ChatResponse, RecordedCall } from './types';

export interface OpenAIChatClient extends ChatClient {
  readonly config: Readonly<LlmConfig>;
  /** The endpoint's shared limiter (`limiter.limit` is the current concurrency limit). */
  readonly limiter: AimdLimiter;
  /** Counters since the client was created. */
  readonly stats: { calls: number; fromRecord: number; attempts: number; retries: number; rateLimited: number };
  contextTokens(): Promise<number | null>;
}


function checkRequest(request: ChatRequest): void {
  if (!Array.isArray(request.messages) || request.messages.length === 0) throw new Error('A chat request needs at least one message.');
  for (const m of request.messages) {
    if (!['system', 'user', 'assistant'].includes(m.role) || typeof m.content !== 'string') {
      throw new Error(`Invalid chat message: ${JSON.stringify(m).slice(0, 200)}`);
    }
  }
}

/** The completion's text and usage; throws MalformedResponseError for anything else (retried). */
function readCompletion(completion: unknown): { content: string; model: string | undefined; promptTokens: number; completionTokens: number } {
  if (!completion || typeof completion !== 'object') {
    throw new MalformedResponseError(`expected a chat.completion object, got ${typeof completion === 'string' ? `text "${completion.slice(0, 120)}"` : typeof completion}`);
  }
  const c = completion as Partial<ChatCompletion>;
  const choice = Array.isArray(c.choices) ? c.choices[0] : undefined;
  if (!choice || !choice.message || typeof choice.message !== 'object') {
    throw new MalformedResponseError(`no choices[0].message in ${JSON.stringify(completion).slice(0, 200)}`);
  }
  const content = choice.message.content;
  if (content !== null && content !== undefined && typeof content !== 'string') throw new MalformedResponseError('choices[0].message.content is not a string');
  const usage = c.usage;
  return {
    content: content ?? '',
    model: typeof c.model === 'string' && c.model ? c.model : undefined,
    promptTokens: typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : 0,
    completionTokens: typeof usage?.completion_tokens === 'number' ? usage.completion_tokens : 0,
  };
}

/** The model the server reported for a recorded call (the requested one if it did not say). */
function recordedModel(call: RecordedCall): string {
  const model = (call.response as { model?: unknown } | null)?.model;
  return typeof model === 'string' && model ? model : call.model;
}

/**
 * A ChatClient for an OpenAI-compatible server. With a recorder, a request identical to a
 * recorded one (same hash) is answered from the record without any HTTP request.
 */
export function createOpenAIClient(config: LlmConfig, recorder?: CallRecorder): OpenAIChatClient {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const endpoint = `${baseUrl}/chat/completions`;
  const limiter = endpointLimiter(baseUrl, config.maxConcurrency);
  const sdk = createSdk({ baseUrl, apiKey: config.apiKey, timeoutMs: config.timeoutMs });
  const stats = { calls: 0, fromRecord: 0, attempts: 0, retries: 0, rateLimited: 0 };

  async function send(body: ChatCompletionCreateParamsNonStreaming) {
    const { value, latencyMs } = await retryingCall(
      { policy: config, limiter, baseUrl, endpoint, model: config.model, what: 'LLM request', counters: stats },
      async (signal) => {
        const completion = await sdk.chat.completions.create(body, { timeout: config.timeoutMs, signal, maxRetries: 0 });
        // A body that is not a chat completion is a failure of this attempt (retried as malformed).
        return { completion, read: readCompletion(completion) };
      },
    );
    return { ...value, latencyMs };
  }

  return {
    provider: 'openai',
    model: config.model,
    baseUrl,
    config: Object.freeze({ ...config, baseUrl }),
    limiter,
    stats,
    contextTokens: once(async () => config.contextTokens ?? (await fetchModelContext(sdk, config.model, Math.min(config.timeoutMs, 10_000)))),
    async chat(request: ChatRequest): Promise<ChatResponse> {
      checkRequest(request);
      stats.calls++;
      const requestHash = recorder ? chatRequestHash(baseUrl, config.model, request) : '';
      if (recorder) {
        const recorded = await recorder.find(requestHash);
        if (recorded) {
          stats.fromRecord++;
          return {
            content: recorded.content,
            model: recordedModel(recorded),
            promptTokens: recorded.promptTokens,
            completionTokens: recorded.completionTokens,
            latencyMs: recorded.latencyMs,
            fromRecord: true,
          };
        }
      }
      const body = chatCompletionBody(config.model, request) as ChatCompletionCreateParamsNonStreaming;
      const { completion, read, latencyMs } = await send(body);
      const response: ChatResponse = {
        content: read.content,
        model: read.model ?? config.model,
        promptTokens: read.promptTokens,
        completionTokens: read.completionTokens,
        latencyMs,
        fromRecord: false,
      };
      if (recorder) {
        const call: RecordedCall = {
          requestHash,
          provider: 'openai',
          baseUrl,
          model: config.model,
          purpose: request.purpose,
          request: body,
          response: JSON.parse(JSON.stringify(completion)),
          content: response.content,
          promptTokens: response.promptTokens,
          completionTokens: response.completionTokens,
          latencyMs,
        };
        await recorder.save(call);
      }
      return response;
    },
  };
}
