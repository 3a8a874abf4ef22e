/**
 * A fake vLLM / SGLang server over the real byte-level BPE tokenizer in byteBpe/ (trained by
 * bench/real-model/train_tokenizer.py), and the Python tokenizer's own ids for the test texts
 * (byteBpe/expected.json), so tests check Retrace against Hugging Face's reference tokenizer.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addFakeCompletions, type FakeCompletions, type FakeCompletionsOptions } from '../../../platform/llm/testing/fakeCompletions';
import { type FakeOpenAIServer, startFakeOpenAIServer } from '../../../platform/llm/testing/fakeOpenAIServer';
import { addFakeTokenRoutes, type FakeTokenRoutesOptions } from '../../../platform/llm/testing/fakeTokenRoutes';
import { TEST_TOKENIZER_JSON, tokenizerJsonVocabulary } from '../../../platform/llm/testing/fakeVocabulary';

export { TEST_TOKENIZER_JSON };

export interface ExpectedPair {
  prefix: string;
  target: string;
  prefixIds: number[];
  fullIds: number[];
  targetStart: number;
}

export interface ExpectedProbe {
  text: string;
  ids: number[];
  idsWithBos: number[];
  tokens: string[];
}

export const EXPECTED = JSON.parse(fs.readFileSync(fileURLToPath(new URL('./byteBpe/expected.json', import.meta.url)), 'utf8')) as {
  probes: Record<string, ExpectedProbe>;
  pairs: Record<string, ExpectedPair>;
};

/** Log-probability of position i by id, previous id and position: any misalignment changes it. */
export function idLogprob(ids: readonly number[], i: number): number {
  return -(1 + (((ids[i] * 31 + (ids[i - 1] ?? 0) * 7 + i) % 97) / 40));
}

/** What a correct scorer returns for a pair: the Python tokenizer's target ids scored by idLogprob. */
export function expectedLogprobs(pair: ExpectedPair): number[] {
  return pair.fullIds.slice(pair.targetStart).map((_, k) => {
    const i = pair.targetStart + k;
    return i === 0 ? Number.NEGATIVE_INFINITY : idLogprob(pair.fullIds, i);
  });
}

export async function startRealTokenizerServer(
  options: { completions?: FakeCompletionsOptions; routes?: FakeTokenRoutesOptions } = {},
): Promise<{ server: FakeOpenAIServer; fake: FakeCompletions; routes: { readonly cachedTokens: number[] } }> {
  const server = await startFakeOpenAIServer();
  const fake = addFakeCompletions(server, { vocabulary: tokenizerJsonVocabulary(TEST_TOKENIZER_JSON), logprob: (_t, i, _ts, ids) => idLogprob(ids, i), ...options.completions });
  const routes = addFakeTokenRoutes(server, fake, options.routes);
  return { server, fake, routes };
}
