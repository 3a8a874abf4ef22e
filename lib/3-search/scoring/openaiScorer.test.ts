import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryCallRecorder } from '../../platform/llm/callRecorder';
import { LlmConfigError } from '../../platform/llm/config';
import { LlmRequestError } from '../../platform/llm/errors';
import { addFakeCompletions, COMPLETIONS_PATH, type FakeCompletions, type FakeCompletionsOptions, fakeTokenize } from '../../platform/llm/testing/fakeCompletions';
import { type FakeOpenAIServer, type FakeOpenAIServerOptions, startFakeOpenAIServer } from '../../platform/llm/testing/fakeOpenAIServer';
import { createOpenAIScorer, type ScoringConfigOverrides, scoringConfigFromEnv, scoringRequestHash, scoringServerConfigured, ScoringUnsupportedError } from './openaiScorer';
import { meanNll } from './types';

function configFor(baseUrl: string, overrides: ScoringConfigOverrides = {}) {
  return scoringConfigFromEnv({}, { baseUrl, model: 'score-model', timeoutMs: 2000, maxAttempts: 4, backoffBaseMs: 5, backoffMaxMs: 40, ...overrides });
}

async function withServer(options: FakeOpenAIServerOptions & { completions?: FakeCompletionsOptions }, fn: (server: FakeOpenAIServer, fake: FakeCompletions) => Promise<void>) {
  const server = await startFakeOpenAIServer(options);
  const fake = addFakeCompletions(server, options.completions);
  try {
    await fn(server, fake);
  } finally {
    await server.close();
  }
}

const PREFIX = 'Think: the file exports parseOutline.\nAction: Write(src/outline.ts)\n';
const TARGET = 'export function parseOutline(source: string) {\n  return source.split("\\n");\n}\n';

/** What the fake gives the target's tokens, computed independently of the scorer. */
function expectedFor(fake: FakeCompletions, prefix: string, target: string) {
  const all = fakeTokenize(prefix + target);
  const tokens: string[] = [];
  const logprobs: number[] = [];
  let at = 0;
  all.forEach((t, i) => {
    const end = at + t.length;
    if (end > prefix.length) {
      tokens.push(t);
      logprobs.push(i === 0 ? Number.NEGATIVE_INFINITY : fake.logprobOf(all, i));
    }
    at = end;
  });
  return { tokens, logprobs };
}

test('configuration: environment, overrides, key fallbacks, modes', () => {
  assert.equal(scoringServerConfigured({}), false);
  assert.equal(scoringServerConfigured({ RETRACE_SCORER_BASE_URL: 'http://127.0.0.1:8000/v1' }), true);
  assert.throws(() => scoringConfigFromEnv({}), (e: unknown) => e instanceof LlmConfigError && /RETRACE_SCORER_BASE_URL/.test(e.message) && /offline/.test(e.message));
  assert.throws(() => scoringConfigFromEnv({ RETRACE_SCORER_BASE_URL: 'http://127.0.0.1:8000/v1' }), /RETRACE_SCORER_MODEL/);
  const c = scoringConfigFromEnv({
    RETRACE_SCORER_BASE_URL: 'http://127.0.0.1:8000/v1/',
    RETRACE_SCORER_MODEL: 'Qwen/Qwen2.5-Coder-1.5B',
    RETRACE_SCORER_MODE: 'prompt_logprobs',
    RETRACE_SCORER_TIMEOUT_MS: '5000',
    RETRACE_SCORER_MAX_ATTEMPTS: '3',
    RETRACE_SCORER_MAX_CONCURRENCY: '16',
    RETRACE_LLM_MODEL: 'gen-model',
    OPENAI_API_KEY: 'sk-openai',
  });
  assert.deepEqual(c, { provider: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', apiKey: 'none', model: 'Qwen/Qwen2.5-Coder-1.5B', mode: 'prompt_logprobs', tokenizer: 'server', contextTokens: null, timeoutMs: 5000, maxAttempts: 3, maxConcurrency: 16, backoffBaseMs: 500, backoffMaxMs: 30000 });
  // OPENAI_API_KEY goes to OpenAI only; the generation key only to the generation server's origin.
  assert.equal(scoringConfigFromEnv({ RETRACE_SCORER_BASE_URL: 'https://api.openai.com/v1', RETRACE_SCORER_MODEL: 'davinci-002', OPENAI_API_KEY: 'sk-openai' }).apiKey, 'sk-openai');
  assert.equal(scoringConfigFromEnv({ RETRACE_SCORER_BASE_URL: 'http://gpu:8000/v1', RETRACE_SCORER_MODEL: 'm', RETRACE_LLM_BASE_URL: 'http://gpu:8000/v1', RETRACE_LLM_API_KEY: 'k-gen' }).apiKey, 'k-gen');
  assert.equal(scoringConfigFromEnv({ RETRACE_SCORER_BASE_URL: 'http://other:8000/v1', RETRACE_SCORER_MODEL: 'm', RETRACE_LLM_BASE_URL: 'http://gpu:8000/v1', RETRACE_LLM_API_KEY: 'k-gen' }).apiKey, 'none');
  assert.equal(scoringConfigFromEnv({ RETRACE_SCORER_BASE_URL: 'http://other:8000/v1', RETRACE_SCORER_MODEL: 'm', RETRACE_SCORER_API_KEY: 'k-score' }).apiKey, 'k-score');
  assert.equal(scoringConfigFromEnv({ RETRACE_SCORER_BASE_URL: 'http://x/v1', RETRACE_SCORER_MODEL: 'env' }, { model: 'flag', baseUrl: 'http://y/v1' }).model, 'flag');
  assert.throws(() => scoringConfigFromEnv({ RETRACE_SCORER_BASE_URL: 'http://x/v1', RETRACE_SCORER_MODEL: 'm', RETRACE_SCORER_MODE: 'logits' }), /echo, prompt_logprobs or sglang/);
  assert.equal(scoringConfigFromEnv({ RETRACE_SCORER_BASE_URL: 'http://x/v1', RETRACE_SCORER_MODEL: 'm', RETRACE_SCORER_TOKENIZER: '/models/m/tokenizer.json' }).tokenizer, '/models/m/tokenizer.json');
  assert.throws(() => scoringConfigFromEnv({ RETRACE_SCORER_BASE_URL: 'http://x/v1', RETRACE_SCORER_MODEL: 'm', RETRACE_SCORER_TOKENIZER: 'llama' }), /server, text or the path/);
  assert.throws(() => scoringConfigFromEnv({ RETRACE_SCORER_BASE_URL: 'http://x/v1', RETRACE_SCORER_MODEL: 'm', RETRACE_SCORER_MODE: 'sglang', RETRACE_SCORER_TOKENIZER: 'text' }), /sends token ids/);
  assert.throws(() => scoringConfigFromEnv({ RETRACE_SCORER_BASE_URL: 'ftp://x', RETRACE_SCORER_MODEL: 'm' }), /http/);
  assert.throws(() => scoringConfigFromEnv({ RETRACE_SCORER_BASE_URL: 'http://x/v1', RETRACE_SCORER_MODEL: 'm', RETRACE_SCORER_MAX_ATTEMPTS: '0' }), /RETRACE_SCORER_MAX_ATTEMPTS/);
});

test('echo mode: wire body, target tokens from text_offset, leading null and generated token ignored', async () => {
  await withServer({}, async (server, fake) => {
    const scorer = createOpenAIScorer(configFor(server.baseUrl));
    assert.deepEqual([scorer.provider, scorer.offline, scorer.model, scorer.mode], ['openai', false, 'score-model', 'echo']);
    const scores = await scorer.score(PREFIX, TARGET);
    const [req] = server.requestsTo(COMPLETIONS_PATH);
    assert.deepEqual(req.body, { model: 'score-model', prompt: PREFIX + TARGET, max_tokens: 1, echo: true, logprobs: 1, temperature: 0 });
    assert.equal(req.headers.authorization, 'Bearer none');
    assert.deepEqual(scores, expectedFor(fake, PREFIX, TARGET));
    assert.equal(scores.tokens.join(''), TARGET);
    assert.ok(!scores.tokens.includes(' the'), 'the generated token is not a target token');
    assert.ok(scores.logprobs.every(Number.isFinite));
    assert.equal(scorer.stats.promptTokens, fakeTokenize(PREFIX + TARGET).length);
  });
});

test('echo mode: a token straddling the prefix boundary counts as target; code points; BOS text', async () => {
  await withServer({}, async (server, fake) => {
    const scorer = createOpenAIScorer(configFor(server.baseUrl));
    // "... pars" + "eOutline(...": the fake's token " parseOutline" starts in the prefix.
    const prefix = '😀 Think: the file exports pars';
    const target = 'eOutline(source) {}';
    const s = await scorer.score(prefix, target);
    assert.equal(s.tokens[0], ' parseOutline');
    assert.deepEqual(s, expectedFor(fake, prefix, target));
    fake.configure({ bos: '<|begin_of_text|>' });
    const withBos = await scorer.score(prefix, target);
    assert.deepEqual(withBos.tokens, s.tokens);
    // With a BOS every prompt token, the first included, has a log-probability.
    const all = await scorer.score('', target);
    assert.deepEqual(all.tokens, fakeTokenize(target));
    assert.ok(all.logprobs.every(Number.isFinite));
  });
});

test('prompt_logprobs mode: the vLLM extension gives the same scores as echo', async () => {
  await withServer({}, async (server, fake) => {
    const echo = await createOpenAIScorer(configFor(server.baseUrl)).score(PREFIX, TARGET);
    const scorer = createOpenAIScorer(configFor(server.baseUrl, { mode: 'prompt_logprobs' }));
    const scores = await scorer.score(PREFIX, TARGET);
    const req = server.requestsTo(COMPLETIONS_PATH).at(-1)!;
    assert.deepEqual(req.body, { model: 'score-model', prompt: PREFIX + TARGET, max_tokens: 1, temperature: 0, prompt_logprobs: 0 });
    assert.deepEqual(scores, echo);
    // With a BOS (the log-probabilities the fake gives depend on the position, so they shift).
    fake.configure({ bos: '<s>' });
    const echoBos = await createOpenAIScorer(configFor(server.baseUrl)).score(PREFIX, TARGET);
    assert.deepEqual(echoBos.tokens, echo.tokens);
    assert.deepEqual(await scorer.score(PREFIX, TARGET), echoBos);
    // A prefix ending inside a token.
    const all = ['<s>', 'abc', ' defghi', ' jk'];
    assert.deepEqual(await scorer.score('abc defg', 'hi jk'), { tokens: [' defghi', ' jk'], logprobs: [fake.logprobOf(all, 2), fake.logprobOf(all, 3)] });
  });
});

test('429 with Retry-After is honoured, then the score', async () => {
  await withServer({}, async (server, fake) => {
    server.setScript([{ kind: 'status', status: 429, retryAfter: 1 }], COMPLETIONS_PATH);
    const scorer = createOpenAIScorer(configFor(server.baseUrl));
    const scores = await scorer.score(PREFIX, TARGET);
    assert.deepEqual(scores, expectedFor(fake, PREFIX, TARGET));
    const [first, second] = server.requestsTo(COMPLETIONS_PATH);
    assert.ok(second.receivedAt - first.receivedAt >= 1000, `waited ${second.receivedAt - first.receivedAt} ms`);
    assert.equal(scorer.stats.rateLimited, 1);
  });
});

test('500, 502, 503, a dropped connection and a malformed body are retried', async () => {
  await withServer({}, async (server, fake) => {
    server.setScript([{ kind: 'status', status: 500 }, { kind: 'status', status: 502 }, { kind: 'drop' }, { kind: 'malformed' }, { kind: 'status', status: 503 }], COMPLETIONS_PATH);
    const scorer = createOpenAIScorer(configFor(server.baseUrl, { maxAttempts: 6 }));
    assert.deepEqual(await scorer.score(PREFIX, TARGET), expectedFor(fake, PREFIX, TARGET));
    assert.equal(server.requestsTo(COMPLETIONS_PATH).length, 6);
    assert.equal(scorer.stats.retries, 5);
  });
});

test('a hung request times out and is retried', async () => {
  await withServer({}, async (server, fake) => {
    server.setScript([{ kind: 'hang' }], COMPLETIONS_PATH);
    const started = Date.now();
    const scorer = createOpenAIScorer(configFor(server.baseUrl, { timeoutMs: 300 }));
    assert.deepEqual(await scorer.score(PREFIX, TARGET), expectedFor(fake, PREFIX, TARGET));
    assert.ok(Date.now() - started >= 300);
    assert.equal(server.requestsTo(COMPLETIONS_PATH).length, 2);
  });
});

test('attempts used up: LlmRequestError names the endpoint, model and last status', async () => {
  await withServer({}, async (server) => {
    server.setScript(Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 503, message: 'overloaded' })), COMPLETIONS_PATH);
    const scorer = createOpenAIScorer(configFor(server.baseUrl, { maxAttempts: 3 }));
    await assert.rejects(scorer.score(PREFIX, TARGET), (e: unknown) => {
      assert.ok(e instanceof LlmRequestError);
      assert.match(e.message, /Scoring request failed after 3 attempts at http:\/\/127\.0\.0\.1:\d+\/v1\/completions \(model "score-model"\): last error HTTP 503: overloaded/);
      assert.equal(e.status, 503);
      return true;
    });
  });
});

test('404 (unknown model) fails at once with a hint naming the scorer settings', async () => {
  await withServer({ completions: { models: ['other'] } }, async (server) => {
    await assert.rejects(createOpenAIScorer(configFor(server.baseUrl)).score(PREFIX, TARGET), (e: unknown) => e instanceof LlmRequestError && e.status === 404 && /RETRACE_SCORER_MODEL/.test(e.message));
    assert.equal(server.requestsTo(COMPLETIONS_PATH).length, 1);
  });
});

test('a server without prompt log-probabilities: a clear error at once, no retries', async () => {
  await withServer({ completions: { logprobsSupport: 'none' } }, async (server, fake) => {
    const scorer = createOpenAIScorer(configFor(server.baseUrl));
    await assert.rejects(scorer.score(PREFIX, TARGET), (e: unknown) => e instanceof ScoringUnsupportedError && /this server did not return prompt log-probabilities: use vLLM, SGLang/.test(e.message) && /RETRACE_SCORER_MODE=prompt_logprobs/.test(e.message));
    assert.equal(server.requestsTo(COMPLETIONS_PATH).length, 1);
    fake.configure({ logprobsSupport: 'generated-only' });
    await assert.rejects(scorer.score(PREFIX, TARGET), ScoringUnsupportedError);
    fake.configure({ logprobsSupport: 'full', promptLogprobs: false });
    await assert.rejects(createOpenAIScorer(configFor(server.baseUrl, { mode: 'prompt_logprobs' })).score(PREFIX, TARGET), (e: unknown) => e instanceof ScoringUnsupportedError && /prompt_logprobs \(a vLLM extension\)/.test(e.message));
    assert.equal(server.requestsTo(COMPLETIONS_PATH).length, 3);
    // The limiter got its slots back.
    assert.equal(scorer.limiter.inFlight, 0);
  });
});

test('call record: an identical score is answered from the record; another prefix split is a new call', async () => {
  await withServer({}, async (server, fake) => {
    const recorder = memoryCallRecorder();
    const first = await createOpenAIScorer(configFor(server.baseUrl), recorder).scoreDetailed(PREFIX, TARGET);
    assert.equal(first.fromRecord, false);
    const again = await createOpenAIScorer(configFor(server.baseUrl), recorder).scoreDetailed(PREFIX, TARGET);
    assert.equal(again.fromRecord, true);
    assert.deepEqual({ tokens: again.tokens, logprobs: again.logprobs }, { tokens: first.tokens, logprobs: first.logprobs });
    assert.equal(server.requestsTo(COMPLETIONS_PATH).length, 1);
    const [call] = recorder.calls();
    assert.equal(call.purpose, 'score');
    assert.equal(call.requestHash, scoringRequestHash(server.baseUrl, 'score-model', 'echo', PREFIX, TARGET));
    assert.equal(call.content, ' the');
    // -Infinity survives the record (as null in JSON).
    const empty = await createOpenAIScorer(configFor(server.baseUrl), recorder).score('', TARGET);
    const replay = await createOpenAIScorer(configFor(server.baseUrl), recorder).scoreDetailed('', TARGET);
    assert.equal(replay.fromRecord, true);
    assert.equal(replay.logprobs[0], Number.NEGATIVE_INFINITY);
    assert.deepEqual(replay.logprobs, empty.logprobs);
    // Same prompt, different split: a different call.
    await createOpenAIScorer(configFor(server.baseUrl), recorder).score(PREFIX.slice(0, -1), PREFIX.slice(-1) + TARGET);
    assert.equal(server.requestsTo(COMPLETIONS_PATH).length, 3);
    assert.ok(meanNll(first) > 0);
    void fake;
  });
});

test('concurrency stays under maxConcurrency and adapts to 429s (shared AIMD limiter)', async () => {
  await withServer({ latencyMs: 30, overloadAbove: 3, overloadRetryAfterMs: 20 }, async (server, fake) => {
    const scorer = createOpenAIScorer(configFor(server.baseUrl, { maxConcurrency: 6, maxAttempts: 10 }));
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => scorer.score(`${PREFIX} #${i}\n`, TARGET)));
    results.forEach((r, i) => assert.deepEqual(r, expectedFor(fake, `${PREFIX} #${i}\n`, TARGET)));
    assert.ok(server.maxInFlight <= 6, `max in flight ${server.maxInFlight}`);
    assert.ok(scorer.limiter.limit <= 6);
  });
});

test('an empty target needs no request', async () => {
  await withServer({}, async (server) => {
    assert.deepEqual(await createOpenAIScorer(configFor(server.baseUrl)).score(PREFIX, ''), { tokens: [], logprobs: [] });
    assert.equal(server.requestsTo(COMPLETIONS_PATH).length, 0);
  });
});
