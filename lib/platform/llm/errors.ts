/** Errors the LLM layer throws; each message names the endpoint and the model. */
import type { Failure } from './retry';

/** A chat call that failed for good: a non-retryable status, or every attempt used up. */
export class LlmRequestError extends Error {
  override name = 'LlmRequestError';
  constructor(
    message: string,
    readonly endpoint: string,
    readonly model: string,
    readonly attempts: number,
    /** The last attempt's failure. */
    readonly failure: Failure,
  ) {
    super(message);
  }
  get status(): number | undefined {
    return this.failure.status;
  }
  get retryable(): boolean {
    return this.failure.retryable;
  }
}

/** A structured answer that did not parse or validate, even after one re-ask. */
export class StructuredOutputError extends Error {
  override name = 'StructuredOutputError';
  constructor(
    message: string,
    /** The validation problem of the last answer. */
    readonly problem: string,
    /** The last answer's content. */
    readonly content: string,
  ) {
    super(message);
  }
}
