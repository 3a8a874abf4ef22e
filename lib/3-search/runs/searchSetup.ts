/**
 * What a search actually runs with, for the dry-run JSON and the stored run (`SearchRun.setup`):
 * the proposer, the scorer as it resolved (mode, alignment by token ids or by text, the tokenizer,
 * the context) and every fallback taken, in words, so that nothing is chosen silently.
 */
import type { OpenAIScorer } from '../scoring/openaiScorer';
import type { Scorer } from '../scoring/types';
import type { SearchConfig } from './searchConfig';

export interface SearchSetup {
  proposer: SearchConfig['proposer'];
  scorer: SearchConfig['scorer'] & { alignment?: 'token-ids' | 'text' | null; alignmentTokenizer?: string | null; contextTokens?: number | null };
  fallbacks: string[];
}

const isServerScorer = (scorer: Scorer): scorer is OpenAIScorer => scorer.provider === 'openai' && typeof (scorer as Partial<OpenAIScorer>).resolveAlignment === 'function';

/** Resolves the scorer's alignment and context now (one /tokenize probe, one /models request at most). */
export async function searchSetup(config: SearchConfig, scorer: Scorer): Promise<SearchSetup> {
  const fallbacks = [...(config.fallbacks ?? [])];
  if (!isServerScorer(scorer)) return { proposer: config.proposer, scorer: { ...config.scorer }, fallbacks };
  const alignment = await scorer.resolveAlignment();
  const contextTokens = await scorer.contextWindow();
  fallbacks.push(...alignment.fallbacks);
  if (contextTokens === null) fallbacks.push("the scoring model's context is not known (set RETRACE_SCORER_CONTEXT): scoring prefixes of up to 32,000 characters; a prompt the server refuses as too long is shortened");
  return {
    proposer: config.proposer,
    scorer: { ...config.scorer, mode: scorer.mode, alignment: alignment.method, alignmentTokenizer: alignment.tokenizer, contextTokens },
    fallbacks,
  };
}
