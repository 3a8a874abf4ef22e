/**
 * An error the person who made a request can act on: the message says what went wrong and what
 * to do, `status` is the HTTP status an API answers with. Feature errors (a refused decision, an
 * invalid import, a missing role…) extend it, so every route handler turns them into JSON the
 * same way with `requestErrorResponse` and rethrows anything else.
 */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 = 400,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The JSON body of the answer; subclasses may add what a client needs to recover. */
  body(): Record<string, unknown> {
    return { error: this.message };
  }
}

/** The JSON answer for a RequestError, or null for any other error (rethrow it). */
function requestErrorResponse(err: unknown): Response | null {
  return err instanceof RequestError ? Response.json(err.body(), { status: err.status }) : null;
}

/**
 * A route handler's body: a RequestError it throws becomes its JSON answer (status and message),
 * anything else is rethrown for Next to answer 500.
 */
export async function answerRequest(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (err) {
    const answer = requestErrorResponse(err);
    if (answer) return answer;
    throw err;
  }
}
