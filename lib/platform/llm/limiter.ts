/**
 * Adaptive (AIMD) concurrency limit per endpoint, shared by every client of that endpoint in
 * the process.
 *
 * - Starts at min(4, max).
 * - Slow start: until the first 429, every success while the limiter is saturated adds 1
 *   (the limit doubles per round of requests), so it reaches the max in log2(max/4) rounds.
 * - A 429 halves the limit (rounded up, never below 1) and ends slow start. At most once per
 *   backoff window: a 429 on a request sent before the last decrease was caused by the old
 *   limit and does not decrease again.
 * - After that, growth is additive: +1 per `limit` successes, up to the max.
 * Growth only happens while the limit is actually used (requests waiting or all slots busy).
 */

export type PermitOutcome = 'success' | 'overloaded' | 'failed';

export interface Permit {
  /** Returns the slot; the outcome feeds the AIMD adaptation. Idempotent. */
  release(outcome: PermitOutcome): void;
}

export const AIMD_START = 4;

export class AimdLimiter {
  private _limit: number;
  private _max: number;
  private _inFlight = 0;
  private slowStart = true;
  private successes = 0;
  /** Increments on every decrease; a permit remembers the epoch it was granted in. */
  private epoch = 0;
  private readonly waiters: Array<(permit: Permit) => void> = [];
  /** Limit changes, oldest first (bounded), for tests and diagnostics. */
  readonly history: number[] = [];

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`maxConcurrency must be a positive whole number, not ${max}`);
    this._max = max;
    this._limit = Math.min(AIMD_START, max);
    this.record();
  }

  get limit(): number {
    return this._limit;
  }
  get max(): number {
    return this._max;
  }
  get inFlight(): number {
    return this._inFlight;
  }
  get waiting(): number {
    return this.waiters.length;
  }

  /** A later client of the same endpoint asked for a different max: the latest wins. */
  setMax(max: number): void {
    if (!Number.isInteger(max) || max < 1) throw new Error(`maxConcurrency must be a positive whole number, not ${max}`);
    this._max = max;
    if (this._limit > max) {
      this._limit = max;
      this.record();
    }
    this.pump();
  }

  acquire(): Promise<Permit> {
    if (this._inFlight < this._limit && this.waiters.length === 0) return Promise.resolve(this.grant());
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private grant(): Permit {
    this._inFlight++;
    const epoch = this.epoch;
    let released = false;
    return {
      release: (outcome) => {
        if (released) return;
        released = true;
        this.onRelease(outcome, epoch);
      },
    };
  }

  private onRelease(outcome: PermitOutcome, epoch: number): void {
    const saturated = this.waiters.length > 0 || this._inFlight >= this._limit;
    this._inFlight--;
    if (outcome === 'overloaded') {
      if (epoch === this.epoch) {
        this.epoch++;
        this.slowStart = false;
        this.successes = 0;
        const halved = Math.max(1, Math.ceil(this._limit / 2));
        if (halved !== this._limit) {
          this._limit = halved;
          this.record();
        }
      }
    } else if (outcome === 'success' && saturated && this._limit < this._max) {
      if (this.slowStart) {
        this._limit++;
        this.record();
      } else if (++this.successes >= this._limit) {
        this.successes = 0;
        this._limit++;
        this.record();
      }
    }
    this.pump();
  }

  private pump(): void {
    while (this._inFlight < this._limit && this.waiters.length > 0) this.waiters.shift()!(this.grant());
  }

  private record(): void {
    if (this.history.length >= 10_000) this.history.splice(0, 5_000);
    this.history.push(this._limit);
  }
}

const limiters = new Map<string, AimdLimiter>();

/** The process-wide limiter of an endpoint (keyed by base URL), created on first use. */
export function endpointLimiter(baseUrl: string, maxConcurrency?: number): AimdLimiter {
  const key = baseUrl.replace(/\/+$/, '');
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new AimdLimiter(maxConcurrency ?? 8);
    limiters.set(key, limiter);
  } else if (maxConcurrency !== undefined && maxConcurrency !== limiter.max) {
    limiter.setMax(maxConcurrency);
  }
  return limiter;
}
