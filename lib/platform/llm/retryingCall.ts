/**
 * The one retry loop for every request to an OpenAI-compatible server (chat completions,
 * scoring completions): retry 429, 5xx, 408, timeouts, connection errors and malformed bodies
 * with full-jitter backoff or the server's Retry-After; fail at once on other client errors;
 * run under the endpoint's shared AIMD limiter; fail with LlmRequestError.
 */
import { LlmRequestError } from './errors';
import type { AimdLimiter } from './limiter';
import { backoffDelay, classifyFailure, type Failure, hintFor } from './retry';

export interface RetryPolicy {
  timeoutMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export interface RetryCounters {
  attempts: number;
  retries: number;
  rateLimited: number;
}

export interface RetryingCallOptions {
  policy: RetryPolicy;
  limiter: AimdLimiter;
  /** Base URL (carried by LlmRequestError). */
  baseUrl: string;
  /** Full URL of the endpoint, for messages. */
  endpoint: string;
  model: string;
  /** How messages name the request, e.g. 'Scoring request'. */
  what: string;
  /** Hints by HTTP status replacing the chat-oriented ones of lib/platform/llm/retry.ts. */
  hints?: Record<number, string>;
  counters?: RetryCounters;
  /** Errors passed through unchanged, without retry (e.g. a server that lacks a capability). */
  passThrough?: (err: unknown) => boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, under the limiter, with a per-attempt timeout (the signal is
 * aborted after `policy.timeoutMs`; the attempt should pass it to its HTTP call). Throws
 * LlmRequestError when a non-retryable failure occurs or the attempts run out.
 */
export async function retryingCall<T>(options: RetryingCallOptions, attempt: (signal: AbortSignal) => Promise<T>): Promise<{ value: T; latencyMs: number; attempts: number }> {
  const { policy, limiter, counters } = options;
  let last: Failure | undefined;
  for (let n = 1; n <= policy.maxAttempts; n++) {
    const permit = await limiter.acquire();
    if (counters) counters.attempts++;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, policy.timeoutMs);
    const started = performance.now();
    try {
      const value = await attempt(controller.signal);
      clearTimeout(timer);
      permit.release('success');
      return { value, latencyMs: Math.round(performance.now() - started), attempts: n };
    } catch (err) {
      clearTimeout(timer);
      if (options.passThrough?.(err)) {
        permit.release('failed');
        throw err;
      }
      const failure = classifyFailure(err, policy.timeoutMs, timedOut);
      if (failure.status !== undefined && options.hints && !failure.retryable) failure.hint = hintFor(failure.status, failure.detail, options.hints) ?? failure.hint;
      permit.release(failure.kind === 'rate-limited' ? 'overloaded' : 'failed');
      last = failure;
      if (failure.kind === 'rate-limited' && counters) counters.rateLimited++;
      if (!failure.retryable) {
        throw new LlmRequestError(
          `${options.what} rejected by ${options.endpoint} (model "${options.model}"): ${failure.detail}${failure.hint ? ` — ${failure.hint}` : ''}`,
          options.baseUrl,
          options.model,
          n,
          failure,
        );
      }
      if (n === policy.maxAttempts) break;
      const jitter = backoffDelay(n, policy.backoffBaseMs, policy.backoffMaxMs);
      if (counters) counters.retries++;
      await sleep(failure.retryAfterMs !== null ? Math.max(failure.retryAfterMs, jitter) : jitter);
    }
  }
  const failure = last!;
  throw new LlmRequestError(
    `${options.what} failed after ${policy.maxAttempts} attempt${policy.maxAttempts === 1 ? '' : 's'} at ${options.endpoint} (model "${options.model}"): last error ${failure.detail}`,
    options.baseUrl,
    options.model,
    policy.maxAttempts,
    failure,
  );
}
