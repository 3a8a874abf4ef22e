/**
 * What a job's row becomes when an attempt fails, the same for every queue: queued again with the
 * attempt in its error while attempts are left, failed on the last one, and failed at once when the
 * error is deterministic (it would fail the same way on every attempt: a bug met on this input, an
 * invalid input), so nobody waits for three more identical failures.
 */

/** An error that will happen again on the same input; the job is not retried. */
export class DeterministicError extends Error {
  readonly deterministic = true;
}

/** True for a DeterministicError, or any error marked `deterministic: true` (also across module copies). */
export function isDeterministic(err: unknown): boolean {
  return err instanceof DeterministicError || (typeof err === 'object' && err !== null && (err as { deterministic?: unknown }).deterministic === true);
}

export const DETERMINISTIC_NOTE = 'It was not retried: the same input and configuration fail the same way every time.';

export interface FailedAttempt {
  data: { status: 'failed'; error: string; errorDeterministic: boolean; finishedAt: Date } | { status: 'queued'; error: string };
  /** The row is failed for good (no attempt left, or deterministic). */
  final: boolean;
  /** The handler rethrows: the queue retries while attempts are left. A deterministic error is not rethrown, so it is not retried. */
  rethrow: boolean;
}

/** The row update for a failed attempt. `attemptsBefore` counts the attempts made before this one. */
export function failedAttempt(err: unknown, attemptsBefore: number, maxAttempts: number): FailedAttempt {
  const message = err instanceof Error ? err.message : String(err);
  if (isDeterministic(err)) return { data: { status: 'failed', error: `${message} ${DETERMINISTIC_NOTE}`, errorDeterministic: true, finishedAt: new Date() }, final: true, rethrow: false };
  const attempt = attemptsBefore + 1;
  if (attempt >= maxAttempts) return { data: { status: 'failed', error: message, errorDeterministic: false, finishedAt: new Date() }, final: true, rethrow: true };
  return { data: { status: 'queued', error: `attempt ${attempt} of ${maxAttempts} failed, retrying: ${message}` }, final: false, rethrow: true };
}
