/**
 * Token budgets fitted to a model's context window, for generation (the plan, the sub-agents'
 * Thinks and drafts, the search's proposer) and for scoring (the prefix before a target). Pure.
 *
 * A request's prompt plus its `max_tokens` must fit the context, or the server refuses it (vLLM:
 * HTTP 400 "This model's maximum context length is ..."). Each budget is a share of what the
 * context leaves after the fixed instructions, capped by the value used for large models (the
 * defaults Retrace had before budgets were fitted). Character budgets assume 3 characters a token,
 * a conservative figure for code and English with large vocabularies; the scorer checks its exact
 * token count where it has the tokenizer and shrinks the prefix when the estimate was too kind.
 */

/** Assumed when neither the server nor the settings say (most served models have at least this). */
export const DEFAULT_CONTEXT_TOKENS = 32_768;
/** Below this no useful request fits. */
export const MIN_CONTEXT_TOKENS = 512;
/** System prompt, instructions and message framing of any generation request. */
export const PROMPT_OVERHEAD_TOKENS = 512;
export const CHARS_PER_TOKEN = 3;

export interface GenerationBudgets {
  contextTokens: number;
  /** True when the context was not known and DEFAULT_CONTEXT_TOKENS was assumed. */
  assumed: boolean;
  plan: {
    /** Tokens of repository structure shown to the main agent (mainAgentContext's budget). */
    structureTokens: number;
    /** max_tokens of the plan request. */
    maxTokens: number;
    /** Files the main agent is asked to plan (about 50 answer tokens each); the rest get offline entries. */
    maxFiles: number;
  };
  think: { purposeMaxTokens: number; implementationMaxTokens: number; draftMaxTokens: number };
  /** What a sub-agent's prompt shows of the file and of its dependencies' outlines. */
  subAgent: { maxFileChars: number; maxDependencyChars: number };
  proposer: { maxTokens: number; maxTargetChars: number };
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.floor(x)));

export class ContextTooSmallError extends Error {
  override name = 'ContextTooSmallError';
  readonly deterministic = true;
}

function usableContext(contextTokens: number | null): { contextTokens: number; assumed: boolean } {
  if (contextTokens === null) return { contextTokens: DEFAULT_CONTEXT_TOKENS, assumed: true };
  if (!Number.isInteger(contextTokens) || contextTokens < MIN_CONTEXT_TOKENS) {
    throw new ContextTooSmallError(`A context of ${contextTokens} tokens is too small for Retrace's requests (at least ${MIN_CONTEXT_TOKENS}): use a model with a longer context, or correct RETRACE_LLM_CONTEXT.`);
  }
  return { contextTokens, assumed: false };
}

/** Generation budgets for a model with `contextTokens` of context (null: unknown). */
export function generationBudgets(contextTokens: number | null): GenerationBudgets {
  const context = usableContext(contextTokens);
  const available = context.contextTokens - PROMPT_OVERHEAD_TOKENS;
  const planMaxTokens = clamp(available * 0.5, 128, 16_384);
  const structureTokens = clamp(available * 0.3, 96, 6_000);
  // Each listed file costs about 12 prompt tokens and 50 answer tokens.
  const maxFiles = clamp(Math.min((available - planMaxTokens - structureTokens) / 12, planMaxTokens / 50), 1, 300);
  const implementationMaxTokens = clamp(available * 0.15, 64, 900);
  const subAgentPrompt = available - implementationMaxTokens;
  return {
    ...context,
    plan: { structureTokens, maxTokens: planMaxTokens, maxFiles },
    think: { purposeMaxTokens: clamp(available * 0.1, 48, 600), implementationMaxTokens, draftMaxTokens: clamp(available * 0.4, 128, 8_192) },
    subAgent: { maxFileChars: clamp(subAgentPrompt * 0.55 * CHARS_PER_TOKEN, 400, 24_000), maxDependencyChars: clamp(subAgentPrompt * 0.3 * CHARS_PER_TOKEN, 200, 12_000) },
    proposer: { maxTokens: clamp(available * 0.25, 96, 4_000), maxTargetChars: clamp(available * 0.5 * CHARS_PER_TOKEN, 400, 24_000) },
  };
}

/** The scoring prefix's default size for models with a large context. */
export const DEFAULT_MAX_SCORING_PREFIX_CHARS = 32_000;
/** Room the pinned part of a scoring prefix needs at least (the plan entry, the Think, the Write header). */
export const MIN_SCORING_PREFIX_TOKENS = 64;

export type ScoringPrefixBudget = { fits: true; maxPrefixTokens: number; maxPrefixChars: number } | { fits: false; reason: string };

/**
 * How much prefix can go before a target of `targetTokens` tokens in a scoring request (one
 * generated token, max_tokens 1, counts too). Null context: the default prefix size.
 */
export function scoringPrefixBudget(contextTokens: number | null, targetTokens: number): ScoringPrefixBudget {
  if (contextTokens === null) return { fits: true, maxPrefixTokens: Number.POSITIVE_INFINITY, maxPrefixChars: DEFAULT_MAX_SCORING_PREFIX_CHARS };
  const maxPrefixTokens = contextTokens - targetTokens - 1;
  if (maxPrefixTokens < MIN_SCORING_PREFIX_TOKENS) {
    return { fits: false, reason: `the file alone is ${targetTokens.toLocaleString('en-US')} tokens: with a prefix it does not fit the scoring model's context of ${contextTokens.toLocaleString('en-US')} tokens` };
  }
  return { fits: true, maxPrefixTokens, maxPrefixChars: clamp(maxPrefixTokens * CHARS_PER_TOKEN, 200, DEFAULT_MAX_SCORING_PREFIX_CHARS) };
}
