/** The retry policy's pieces: Retry-After parsing, full-jitter backoff, error classification. */
import OpenAI from 'openai';
import { errorBody, serverErrorMessage } from './sdk';

/** Longest server-requested wait we honour as given (5 min); longer values are capped. */
export const MAX_RETRY_AFTER_MS = 300_000;

interface HeaderSource {
  get(name: string): string | null;
}

/**
 * The wait a server asks for, in ms: `retry-after-ms` (milliseconds), else `Retry-After` as
 * seconds or as an HTTP date. Null when absent or unreadable.
 */
export function parseRetryAfter(headers: HeaderSource | undefined | null, now = Date.now()): number | null {
  if (!headers) return null;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const n = Number(ms.trim());
    if (Number.isFinite(n) && n >= 0) return Math.min(n, MAX_RETRY_AFTER_MS);
  }
  const ra = headers.get('retry-after');
  if (ra === null || ra.trim() === '') return null;
  const raw = ra.trim();
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.min(Number(raw) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return null;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}

/** Full jitter: uniform in [0, min(max, base * 2^(attempt-1))], attempt counted from 1. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export type FailureKind = 'rate-limited' | 'server' | 'timeout' | 'connection' | 'malformed' | 'client';

export interface Failure {
  kind: FailureKind;
  retryable: boolean;
  status?: number;
  /** One line: "HTTP 503: overloaded", "timeout after 300 ms", ... */
  detail: string;
  /** Server-requested wait (429/503 with Retry-After). */
  retryAfterMs: number | null;
  /** What to check, for non-retryable client errors. */
  hint?: string;
}

const HINTS: Record<number, string> = {
  400: 'the server rejected the request: check that it supports these parameters (response_format json_schema, seed, max_tokens)',
  401: 'check RETRACE_LLM_API_KEY (or OPENAI_API_KEY)',
  403: 'the key is not allowed to use this model or endpoint: check RETRACE_LLM_API_KEY and RETRACE_LLM_MODEL',
  404: 'check RETRACE_LLM_MODEL and RETRACE_LLM_BASE_URL (an OpenAI-compatible base URL usually ends in /v1)',
  413: 'the prompt is too large for the server',
  422: 'the server could not process the request: check RETRACE_LLM_MODEL and the request parameters',
};

function serverMessage(err: InstanceType<typeof OpenAI.APIError>): string {
  // The whole body (createSdk keeps it): OpenAI's nested error, vLLM <= 0.9's flat one, FastAPI's detail.
  const fromBody = serverErrorMessage(errorBody(err)) ?? serverErrorMessage(err.error);
  if (fromBody) return fromBody;
  // The SDK's own message starts with the status; drop it.
  return err.message.replace(/^\d{3}\s*/, '');
}

/** A 400 or 404 whose message says what is wrong gets the hint for that, not the status's generic one. */
export function hintFor(status: number, message: string, hints: Record<number, string>): string | undefined {
  if (/maximum context length|context length|context window|too many tokens|max_tokens|max_completion_tokens|too long/i.test(message)) {
    return 'the prompt plus max_tokens is more than the model\'s context: set RETRACE_LLM_CONTEXT (or RETRACE_SCORER_CONTEXT) to the model\'s context length if the server does not report it';
  }
  if (/model/i.test(message) && /not (be )?found|does not exist|unknown|no such/i.test(message)) return hints[404];
  return hints[status];
}

/** Sorts an error from one attempt into retryable or not, with a one-line description. */
export function classifyFailure(err: unknown, timeoutMs: number, timedOut: boolean): Failure {
  if (timedOut || err instanceof OpenAI.APIConnectionTimeoutError) {
    return { kind: 'timeout', retryable: true, detail: `timeout after ${timeoutMs} ms`, retryAfterMs: null };
  }
  if (err instanceof OpenAI.APIConnectionError) {
    const cause = (err as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? `${cause.message}${(cause as { cause?: unknown }).cause instanceof Error ? `: ${((cause as { cause: Error }).cause).message}` : ''}` : '';
    return { kind: 'connection', retryable: true, detail: `connection error: ${causeText || err.message}`, retryAfterMs: null };
  }
  if (err instanceof OpenAI.APIError && typeof err.status === 'number') {
    const status = err.status;
    const detail = `HTTP ${status}: ${serverMessage(err)}`.slice(0, 500);
    const retryAfterMs = parseRetryAfter(err.headers ?? null);
    if (status === 429) return { kind: 'rate-limited', retryable: true, status, detail, retryAfterMs };
    if (status >= 500 || status === 408) return { kind: 'server', retryable: true, status, detail, retryAfterMs };
    return { kind: 'client', retryable: false, status, detail, retryAfterMs: null, hint: hintFor(status, detail, HINTS) };
  }
  if (err instanceof SyntaxError) {
    return { kind: 'malformed', retryable: true, detail: `malformed response body (not JSON): ${err.message}`, retryAfterMs: null };
  }
  if (err instanceof MalformedResponseError) {
    return { kind: 'malformed', retryable: true, detail: `malformed response: ${err.message}`, retryAfterMs: null };
  }
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError') && timedOut) {
    return { kind: 'timeout', retryable: true, detail: `timeout after ${timeoutMs} ms`, retryAfterMs: null };
  }
  if (err instanceof TypeError && /terminated|fetch failed|socket/i.test(err.message)) {
    // The body stream broke after the headers arrived.
    return { kind: 'connection', retryable: true, detail: `connection error: ${err.message}`, retryAfterMs: null };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'client', retryable: false, detail: message, retryAfterMs: null };
}

/** A 200 whose body is JSON but not a chat completion. */
export class MalformedResponseError extends Error {
  override name = 'MalformedResponseError';
}
