/** CoT search over a synthesized trajectory: step 5 of the method. */
import type { SynthesizedTrajectory, TrajectoryStep } from '../2-synthesize/types';
import type { StepTokenScores } from './tokenScores';

export interface SearchSettings {
  /** Candidates proposed per round (default 2). */
  candidates: number;
  /** Rounds per step (default 3). */
  rounds: number;
  /** Stop searching a step once its NLL is below this (default 0: never stop early). */
  stopBelowNll: number;
  /** Most target+prefix tokens scored per repository (default 50,000,000). */
  scoredTokenBudget: number;
  /** Log-probability floor of the metric (default -2). */
  logprobFloor: number;
  /** A candidate sharing this many consecutive tokens with the target leaks it (default 12). */
  leakRunTokens: number;
  seed: number;
}

export interface SearchCandidate {
  round: number;
  text: string;
  /** Mean clipped NLL of the target with this Think in place; null when it was not scored (rejected before scoring). */
  nll: number | null;
  accepted: boolean;
  /** Why it was rejected (leakage, not lower than the best so far, budget...), null when accepted. */
  rejectedBecause: string | null;
}

export interface SearchedStep {
  /** Ordinal of the Think step in the trajectory. */
  ordinal: number;
  /** The file whose Write this Think precedes. */
  file: string;
  nllBefore: number;
  nllAfter: number;
  /** The Think text after search (the original when nothing was accepted). */
  finalText: string;
  candidates: SearchCandidate[];
  /** The target's per-token log-probabilities before and after (absent from steps not scored here, e.g. benchmark seeds). */
  tokenScores?: StepTokenScores;
}

export interface SearchResult {
  /** The trajectory with every searched Think replaced by its final text (token counts updated). */
  trajectory: SynthesizedTrajectory;
  steps: SearchedStep[];
  /** Implementation Thinks that were not searched, in order, with the reason; excluded from the means. */
  unsearched: UnsearchedStep[];
  /** Means over the searched steps (NaN when none was searched). */
  meanNllBefore: number;
  meanNllAfter: number;
  scoredTokens: number;
  /** True when the scored-token budget ran out before every step was searched. */
  budgetExhausted: boolean;
}

/** What proposes rewrites of a Think: the offline rewriter or a generation model. */
export interface CandidateProposer {
  readonly provider: 'offline' | 'openai';
  readonly model: string;
  /** `count` alternative Think texts for the step; may see the target code to reason better. */
  propose(input: ProposalInput): Promise<string[]>;
}

export interface ProposalInput {
  trajectory: SynthesizedTrajectory;
  step: TrajectoryStep;
  /** The real content of the file the step precedes. */
  target: string;
  /** The best Think so far for this step. */
  current: string;
  round: number;
  count: number;
  seed: number;
}

/** A searchable Think that was not searched, and why (empty file, budget ran out...). */
export interface UnsearchedStep {
  ordinal: number;
  file: string;
  reason: string;
}
