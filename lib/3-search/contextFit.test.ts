import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TS_WITH_CYCLE } from '../2-synthesize/testRepos';
import { COMPLETIONS_PATH } from '../platform/llm/testing/fakeCompletions';
import { createOpenAIScorer, scoringConfigFromEnv } from './scoring/openaiScorer';
import { startRealTokenizerServer, TEST_TOKENIZER_JSON } from './scoring/testing/realTokenizerServer';
import { createOfflineProposer } from './offlineProposer';
import { searchTrajectory } from './searchTrajectory';
import { fixture } from './testing';

const BIG = `export const table = [\n${Array.from({ length: 300 }, (_, i) => `  { id: ${i}, name: "item${i}", weight: ${i * 7} },`).join('\n')}\n];\n`;

/** A search against a real-tokenizer server with a small context, which refuses what does not fit as vLLM does. */
async function searchWithContext(maxModelLen: number, tokenizer: 'server' | 'text' | string) {
  const { server } = await startRealTokenizerServer({ completions: { maxModelLen }, routes: { tokenize: tokenizer === 'server' ? 'vllm' : 'none' } });
  try {
    const { structure, trajectory } = await fixture({ ...TS_WITH_CYCLE, 'src/table.ts': BIG });
    const scorer = createOpenAIScorer(scoringConfigFromEnv({}, { baseUrl: server.baseUrl, model: 'm', tokenizer, maxAttempts: 1, backoffBaseMs: 1 }));
    const result = await searchTrajectory(trajectory, structure, scorer, createOfflineProposer(structure), { rounds: 1, candidates: 2 });
    const refused = server.statusCounts[400] ?? 0;
    const promptIds = server.requestsTo(COMPLETIONS_PATH).map((r) => (r.body as { prompt: unknown }).prompt).filter(Array.isArray);
    return { result, refused, longestPrompt: Math.max(0, ...promptIds.map((p) => p.length)) };
  } finally {
    await server.close();
  }
}

test('a 1,024-token scoring model: prefixes fitted to what the context leaves, a file too big alone is unsearched with the reason, nothing fails', async () => {
  const { result, refused, longestPrompt } = await searchWithContext(1024, 'server');
  assert.equal(refused, 0, 'every request fitted: the scorer counted its tokens');
  const table = result.unsearched.find((u) => u.file === 'src/table.ts');
  assert.ok(table, JSON.stringify(result.unsearched));
  assert.match(table.reason, /the file alone is [\d,]+ tokens: with a prefix it does not fit the scoring model's context of 1,024 tokens/);
  assert.ok(result.steps.length >= 3, `${result.steps.length} steps searched`);
  // Prefixes were cut to what the context leaves, and used it: the longest prompt nearly fills it.
  assert.ok(longestPrompt <= 1023 && longestPrompt > 700, `longest prompt ${longestPrompt} tokens`);
});

test('without a tokenizer the estimate can be too kind: the server\'s 400 shrinks the prefix and the step is scored', async () => {
  const { result, refused } = await searchWithContext(1024, 'text');
  assert.ok(refused > 0, 'the server refused some prompts first');
  assert.ok(result.steps.length >= 3, `${result.steps.length} searched; unsearched: ${JSON.stringify(result.unsearched)}`);
  assert.ok(result.unsearched.some((u) => u.file === 'src/table.ts'));
});

test('a large context changes nothing: same results as before budgets', async () => {
  const { result, refused } = await searchWithContext(131_072, TEST_TOKENIZER_JSON);
  assert.equal(refused, 0);
  assert.equal(result.unsearched.filter((u) => /context/.test(u.reason)).length, 0);
});
