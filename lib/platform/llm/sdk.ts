/**
 * The `openai` SDK client every Retrace request goes through, keeping the whole error body. The
 * SDK keeps only `body.error` (OpenAI's nested shape); servers answer errors in other shapes too:
 * vLLM <= 0.9's flat `{"object": "error", "message": ...}`, FastAPI's `{"detail": ...}` (a string
 * or a list of validation errors). With only the nested part kept, those read "400 status code
 * (no body)"; `errorBody(err)` gives the body as the server sent it.
 */
import OpenAI from 'openai';

class BodyKeepingOpenAI extends OpenAI {
  protected override makeStatusError(status: number, error: object, message: string | undefined, headers: Headers): InstanceType<typeof OpenAI.APIError> {
    const err = super.makeStatusError(status, error, message, headers);
    Object.defineProperty(err, 'responseBody', { value: error ?? message ?? null, enumerable: false });
    return err;
  }
}

export function createSdk(options: { baseUrl: string; apiKey: string; timeoutMs: number }): OpenAI {
  return new BodyKeepingOpenAI({ baseURL: options.baseUrl, apiKey: options.apiKey || 'none', organization: null, project: null, maxRetries: 0, timeout: options.timeoutMs });
}

/** The error response's body as parsed JSON (or text), when the error came from a createSdk client. */
export function errorBody(err: unknown): unknown {
  return err && typeof err === 'object' ? (err as { responseBody?: unknown }).responseBody : undefined;
}

/** The server's own message in any of the shapes above, or null. */
export function serverErrorMessage(body: unknown): string | null {
  if (typeof body === 'string') return body.trim() || null;
  if (!body || typeof body !== 'object') return null;
  const b = body as { error?: unknown; message?: unknown; detail?: unknown };
  if (b.error && typeof b.error === 'object' && typeof (b.error as { message?: unknown }).message === 'string') return (b.error as { message: string }).message;
  if (typeof b.error === 'string') return b.error;
  if (typeof b.message === 'string') return b.message;
  if (typeof b.detail === 'string') return b.detail;
  if (Array.isArray(b.detail)) {
    return b.detail
      .map((d) => (d && typeof d === 'object' ? `${Array.isArray((d as { loc?: unknown }).loc) ? `${((d as { loc: unknown[] }).loc).join('.')}: ` : ''}${String((d as { msg?: unknown }).msg ?? JSON.stringify(d))}` : String(d)))
      .join('; ');
  }
  return JSON.stringify(body).slice(0, 300);
}
