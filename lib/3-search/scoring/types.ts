/**
 * Scoring: how likely a scoring language model finds the real code after a given prefix.
 * The metric is the mean negative log-likelihood of the target tokens, each token's
 * log-probability clipped below at a floor (default -2); perplexity = exp(mean NLL).
 */

export interface TargetScores {
  /** The target's tokens, as the scoring model split them. */
  tokens: string[];
  /** Natural-log probability of each target token given the prefix and the tokens before it. */
  logprobs: number[];
}

export interface Scorer {
  readonly provider: 'offline' | 'openai';
  readonly model: string;
  readonly offline: boolean;
  /** Per-token log-probabilities of `target` given `prefix`. Callers never put the target in the prefix. */
  score(prefix: string, target: string): Promise<TargetScores>;
  /** The scoring model's context length in tokens, when it has one and it is known. */
  contextWindow?(): Promise<number | null>;
  /** Tokens of `text` as the scoring model counts them, when the scorer has the tokenizer. */
  countTokens?(text: string): Promise<number | null>;
}

/** A scoring request that does not fit the scoring model's context (deterministic for this prefix and target). */
export class PromptTooLongError extends Error {
  override name = 'PromptTooLongError';
  readonly deterministic = true;
  constructor(
    message: string,
    /** Tokens of prefix + target, when known. */
    readonly promptTokens: number | null,
    readonly contextTokens: number | null,
  ) {
    super(message);
  }
}

export const DEFAULT_LOGPROB_FLOOR = -2;

/** Mean NLL of the target tokens with each log-probability clipped to `floor`. 0 for an empty target. */
export function meanNll(scores: TargetScores, floor = DEFAULT_LOGPROB_FLOOR): number {
  if (scores.logprobs.length === 0) return 0;
  let sum = 0;
  for (const lp of scores.logprobs) sum += -Math.max(Number.isFinite(lp) ? lp : floor, floor);
  return sum / scores.logprobs.length;
}

export const perplexity = (nll: number) => Math.exp(nll);
