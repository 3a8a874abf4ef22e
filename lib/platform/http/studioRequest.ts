/**
 * The browser side of the studio's JSON API, one way for every component: JSON in and out, the
 * server's own message (`{ error }`) as the error, and a clear one when the server is gone.
 * Runs in the browser (no server imports); the server side is `requestError.ts`.
 */

/** A failed request: `status` 0 when the server did not answer; `body` as the server sent it. */
export class StudioRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: Record<string, unknown> | null = null,
  ) {
    super(message);
    this.name = 'StudioRequestError';
  }
}

export interface StudioRequestInit {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  json?: unknown;
  signal?: AbortSignal;
}

/** Sends a request to the studio and returns its JSON answer; throws StudioRequestError unless 2xx. */
export async function studioRequest<T>(url: string, init: StudioRequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      signal: init.signal,
      headers: { accept: 'application/json', ...(init.json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new StudioRequestError('The studio server did not answer. Is it still running?', 0);
  }
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok) throw new StudioRequestError(typeof body?.error === 'string' ? body.error : `The studio answered ${res.status}.`, res.status, body);
  return body as T;
}
