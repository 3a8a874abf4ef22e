import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryCallRecorder } from '../../platform/llm/callRecorder';
import { COMPLETIONS_PATH } from '../../platform/llm/testing/fakeCompletions';
import type { FakeOpenAIServer } from '../../platform/llm/testing/fakeOpenAIServer';
import type { FakeTokenRoutesOptions } from '../../platform/llm/testing/fakeTokenRoutes';
import { isDeterministic } from '../../platform/jobs/failedAttempt';
import { ScoringAlignmentError } from './completionLogprobs';
import { createOpenAIScorer, scoringConfigFromEnv, scoringRequestHash } from './openaiScorer';
import type { ScoringConfigOverrides } from './scoringConfig';
import { EXPECTED, expectedLogprobs, startRealTokenizerServer, TEST_TOKENIZER_JSON } from './testing/realTokenizerServer';

const PAIRS = Object.entries(EXPECTED.pairs);
const NON_ASCII = ['cjkTarget', 'nonAsciiPrefix', 'emojiTarget', 'accents', 'combining', 'chinese'];

function configFor(baseUrl: string, overrides: ScoringConfigOverrides = {}) {
  return scoringConfigFromEnv({}, { baseUrl, model: 'score-model', timeoutMs: 5000, maxAttempts: 3, backoffBaseMs: 5, backoffMaxMs: 20, ...overrides });
}

async function withServer(routes: FakeTokenRoutesOptions, fn: (server: FakeOpenAIServer, cachedTokens: number[]) => Promise<void>) {
  const { server, routes: r } = await startRealTokenizerServer({ routes });
  try {
    await fn(server, r.cachedTokens);
  } finally {
    await server.close();
  }
}

/** Every pair scored by token ids: the Python tokenizer's target tokens, each with its own log-probability. */
async function checkAllPairs(baseUrl: string, overrides: ScoringConfigOverrides) {
  const scorer = createOpenAIScorer(configFor(baseUrl, overrides));
  for (const [name, pair] of PAIRS) {
    const scores = await scorer.score(pair.prefix, pair.target);
    assert.deepEqual(scores.logprobs, expectedLogprobs(pair), `${overrides.mode}/${overrides.tokenizer ?? 'server'}: ${name}`);
    assert.equal(scores.tokens.length, pair.fullIds.length - pair.targetStart, name);
    const text = scores.tokens.join('');
    // Exact token texts: the target, plus the prefix's part of a token straddling the boundary.
    if (pair.targetStart === pair.prefixIds.length && overrides.mode !== 'sglang') assert.equal(text, pair.target, name);
    else assert.ok(text.endsWith(pair.target) || overrides.mode === 'sglang', name);
  }
  assert.equal(scorer.alignment.method, 'token-ids');
  return scorer;
}

for (const mode of ['echo', 'prompt_logprobs'] as const) {
  test(`${mode}: aligned by token ids through vLLM's /tokenize, in every script`, async () => {
    await withServer({ tokenize: 'vllm' }, async (server) => {
      const scorer = await checkAllPairs(server.baseUrl, { mode });
      assert.match(scorer.alignment.tokenizer!, /\/tokenize$/);
      assert.equal(await scorer.contextWindow(), 32768);
      // The prompt went out as ids, BOS first; nothing was retried.
      const sent = server.requestsTo(COMPLETIONS_PATH).at(-1)!.body as { prompt: number[] };
      assert.deepEqual(sent.prompt, EXPECTED.pairs.emptyPrefix.fullIds);
      assert.equal(server.requestsTo(COMPLETIONS_PATH).length, PAIRS.length);
    });
  });

  test(`${mode}: aligned by token ids through a tokenizer.json, on a server without /tokenize`, async () => {
    await withServer({ tokenize: 'none' }, async (server) => {
      await checkAllPairs(server.baseUrl, { mode, tokenizer: TEST_TOKENIZER_JSON });
      assert.equal(server.requestsTo('/tokenize').length, 0);
    });
  });

  test(`${mode}: without a tokenizer, ASCII is aligned by exact text and non-ASCII refused at once, not retried`, async () => {
    await withServer({ tokenize: 'none' }, async (server) => {
      const scorer = createOpenAIScorer(configFor(server.baseUrl, { mode }));
      const ascii = EXPECTED.pairs.ascii;
      assert.deepEqual((await scorer.score(ascii.prefix, ascii.target)).logprobs, expectedLogprobs(ascii));
      assert.equal(scorer.alignment.method, 'text');
      assert.match(scorer.alignment.fallbacks[0], /no tokenize endpoint/);
      const refused: string[] = [];
      for (const name of NON_ASCII) {
        const pair = EXPECTED.pairs[name];
        const before = server.requestsTo(COMPLETIONS_PATH).length;
        try {
          // Where every token holds whole characters the text is exact, and so is the score.
          assert.deepEqual((await scorer.score(pair.prefix, pair.target)).logprobs, expectedLogprobs(pair), name);
        } catch (e) {
          assert.ok(e instanceof ScoringAlignmentError, `${name}: ${String(e)}`);
          assert.ok(isDeterministic(e));
          assert.match(e.message, new RegExp(`cannot be scored reliably in ${mode} mode`));
          assert.match(e.message, /RETRACE_SCORER_TOKENIZER/);
          refused.push(name);
        }
        assert.equal(server.requestsTo(COMPLETIONS_PATH).length, before + 1, `${name} was not retried`);
      }
      // Every text with a character split across tokens is refused, never scored wrong.
      assert.deepEqual(refused, ['cjkTarget', 'nonAsciiPrefix', 'emojiTarget', 'accents', 'chinese']);
    });
  });
}

test('sglang: /generate with input_ids and logprob_start_len at the target, tokenized by /v1/tokenize; the prefix is a cache hit', async () => {
  await withServer({ tokenize: 'sglang', generate: true }, async (server, cachedTokens) => {
    await checkAllPairs(server.baseUrl, { mode: 'sglang' });
    const [first] = server.requestsTo('/generate');
    const pair = PAIRS[0][1];
    assert.deepEqual(first.body, { input_ids: pair.fullIds, sampling_params: { max_new_tokens: 0, temperature: 0 }, return_logprob: true, logprob_start_len: pair.targetStart, return_text_in_logprobs: true });
    // Two targets after one prefix: the second request finds the prefix cached.
    const scorer = createOpenAIScorer(configFor(server.baseUrl, { mode: 'sglang' }));
    const ascii = EXPECTED.pairs.ascii;
    await scorer.score(ascii.prefix, 'print(1)\n');
    await scorer.score(ascii.prefix, 'print(2)\n');
    assert.ok(cachedTokens.at(-1)! >= ascii.prefixIds.length, `cached ${cachedTokens.at(-1)} of ${ascii.prefixIds.length} prefix tokens`);
  });
});

test('sglang: with a tokenizer.json too', async () => {
  await withServer({ tokenize: 'none', generate: true }, async (server) => {
    await checkAllPairs(server.baseUrl, { mode: 'sglang', tokenizer: TEST_TOKENIZER_JSON });
  });
});

test('sglang without any tokenizer: a configuration error at once', async () => {
  await withServer({ tokenize: 'none', generate: true }, async (server) => {
    const scorer = createOpenAIScorer(configFor(server.baseUrl, { mode: 'sglang' }));
    await assert.rejects(scorer.score('a', 'b'), (e: unknown) => isDeterministic(e) && /RETRACE_SCORER_TOKENIZER/.test(String(e)));
    assert.equal(server.requestsTo('/generate').length, 0);
  });
});

test('the fake reproduces vLLM\'s per-token decoding: U+FFFD for parts of characters, drifting text_offset, the BOS as text', async () => {
  await withServer({}, async (server) => {
    const pair = EXPECTED.pairs.cjkTarget;
    const prompt = pair.prefix + pair.target;
    const res = await fetch(`${server.baseUrl}/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', prompt, echo: true, logprobs: 0, max_tokens: 1 }) });
    const { choices, usage } = (await res.json()) as { choices: Array<{ text: string; logprobs: { tokens: string[]; text_offset: number[] } }>; usage: { prompt_tokens: number } };
    const { tokens, text_offset: offsets } = choices[0].logprobs;
    assert.equal(usage.prompt_tokens, pair.fullIds.length);
    assert.equal(tokens[0], '<|begin_of_text|>');
    assert.ok(tokens.includes('\uFFFD'));
    const echoed = tokens.slice(1, pair.fullIds.length).join('');
    assert.notEqual(echoed, prompt);
    assert.ok(echoed.length > prompt.length, 'U+FFFD per part makes the decoded text longer');
    assert.equal(offsets[pair.fullIds.length], [...tokens.slice(0, pair.fullIds.length).join('')].length);
    assert.equal(choices[0].text, `${prompt} the`);
  });
});

test('recorded scores are keyed by alignment: a text-aligned record is not reused for id alignment', async () => {
  await withServer({ tokenize: 'vllm' }, async (server) => {
    const recorder = memoryCallRecorder();
    const pair = EXPECTED.pairs.ascii;
    const scorer = createOpenAIScorer(configFor(server.baseUrl), recorder);
    await scorer.score(pair.prefix, pair.target);
    assert.equal(recorder.calls()[0].requestHash, scoringRequestHash(server.baseUrl, 'score-model', 'echo', pair.prefix, pair.target, 'token-ids'));
    assert.notEqual(scoringRequestHash(server.baseUrl, 'score-model', 'echo', pair.prefix, pair.target, 'text'), recorder.calls()[0].requestHash);
    const again = await createOpenAIScorer(configFor(server.baseUrl), recorder).scoreDetailed(pair.prefix, pair.target);
    assert.equal(again.fromRecord, true);
    assert.deepEqual(again.logprobs, expectedLogprobs(pair));
  });
});
