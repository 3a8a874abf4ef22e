/**
 * Fitting each scoring request to the scoring model's context: the prefix gets what the context
 * leaves after the target (lib/platform/llm/budgets.ts), a step whose target alone does not fit is not
 * searched, and when the scorer finds a prompt still too long (its exact token count, or the
 * server's 400) the prefix is cut down in proportion and tried again.
 */
import { CHARS_PER_TOKEN, DEFAULT_MAX_SCORING_PREFIX_CHARS, scoringPrefixBudget } from '../platform/llm/budgets';
import { PromptTooLongError, type Scorer } from './scoring/types';
import { countTokens } from '../platform/tokens/countTokens';

/** Times a step's prefix is shrunk after a PromptTooLongError before the step is given up. */
export const MAX_PREFIX_SHRINKS = 3;

export type StepFit = { fits: true; maxPrefixChars: number; targetTokens: number } | { fits: false; reason: string };

/** The target's tokens as the scorer counts them, else a count on the safe side (Llama 3's, or one per 3 characters). */
async function targetTokenCount(scorer: Scorer, target: string): Promise<number> {
  const exact = await scorer.countTokens?.(target);
  return exact ?? Math.max(countTokens(target), Math.ceil(target.length / CHARS_PER_TOKEN));
}

/** The prefix size of a step, or why it cannot be scored at all. */
export async function fitStep(scorer: Scorer, contextTokens: number | null, target: string, maxPrefixChars = DEFAULT_MAX_SCORING_PREFIX_CHARS): Promise<StepFit> {
  if (contextTokens === null) return { fits: true, maxPrefixChars, targetTokens: Math.ceil(target.length / CHARS_PER_TOKEN) };
  const targetTokens = await targetTokenCount(scorer, target);
  const budget = scoringPrefixBudget(contextTokens, targetTokens);
  if (!budget.fits) return { fits: false, reason: budget.reason };
  return { fits: true, maxPrefixChars: Math.min(maxPrefixChars, budget.maxPrefixChars), targetTokens };
}

/** A smaller prefix size after `err`: in proportion to the room left when the scorer gave its count, else by 40%. */
export function shrunkPrefixChars(maxPrefixChars: number, err: PromptTooLongError, targetTokens: number): number {
  if (err.promptTokens !== null && err.contextTokens !== null) {
    const prefixTokens = err.promptTokens - targetTokens;
    const room = err.contextTokens - targetTokens - 1;
    if (prefixTokens > 0 && room > 0) return Math.floor(maxPrefixChars * Math.min(0.9, (room / prefixTokens) * 0.95));
  }
  return Math.floor(maxPrefixChars * 0.6);
}

export function doesNotFit(err: PromptTooLongError): string {
  return err.promptTokens !== null && err.contextTokens !== null
    ? `does not fit the scoring model's context (${err.promptTokens.toLocaleString('en-US')} tokens, at most ${err.contextTokens.toLocaleString('en-US')})`
    : `does not fit the scoring model's context (${err.message})`;
}

export { PromptTooLongError };
