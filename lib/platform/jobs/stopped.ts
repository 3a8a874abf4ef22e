/**
 * Thrown inside a job handler when its run is no longer its own to finish: cancelled from the
 * studio or the command line, or handed to another worker. The handler then stops without
 * writing anything, so `cancelled` is never overwritten.
 */
export class RunStoppedError extends Error {
  constructor(what: string) {
    super(`${what} was cancelled or taken over by another worker; stopping without storing results.`);
  }
}
