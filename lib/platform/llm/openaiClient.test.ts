import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LlmConfigOverrides, llmConfigFromEnv } from './config';
import { LlmRequestError } from './errors';
import { createOpenAIClient } from './openaiClient';
import { type FakeOpenAIServerOptions, startFakeOpenAIServer } from './testing/fakeOpenAIServer';
import type { ChatRequest } from './types';

const CHAT = '/v1/chat/completions';

function configFor(baseUrl: string, overrides: LlmConfigOverrides = {}) {
  return llmConfigFromEnv({}, { baseUrl, model: 'test-model', timeoutMs: 2000, maxAttempts: 4, backoffBaseMs: 5, backoffMaxMs: 40, ...overrides });
}

const hello: ChatRequest = { purpose: 'test', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say hello.' }] };

async function withServer(options: FakeOpenAIServerOptions, fn: (server: Awaited<ReturnType<typeof startFakeOpenAIServer>>) => Promise<void>) {
  const server = await startFakeOpenAIServer(options);
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

test('success: content, usage tokens, wire body and headers', async () => {
  await withServer({ responder: (body) => `hello from ${body.model}` }, async (server) => {
    const client = createOpenAIClient(configFor(server.baseUrl));
    assert.equal(client.provider, 'openai');
    assert.equal(client.baseUrl, server.baseUrl);
    const res = await client.chat({ ...hello, temperature: 0.2, maxTokens: 50, seed: 7 });
    assert.equal(res.content, 'hello from test-model');
    assert.equal(res.model, 'test-model');
    assert.equal(res.fromRecord, false);
    assert.ok(res.promptTokens > 0);
    assert.equal(res.completionTokens, Math.ceil('hello from test-model'.length / 4));
    assert.ok(res.latencyMs >= 0);
    const [req] = server.requestsTo(CHAT);
    assert.deepEqual(req.body, { model: 'test-model', messages: hello.messages, temperature: 0.2, max_tokens: 50, seed: 7 });
    assert.equal(req.headers.authorization, 'Bearer none');
    assert.equal(server.requests.length, 1);
  });
});

test('429 with Retry-After (seconds) is honoured, then success', async () => {
  await withServer({ script: [{ kind: 'status', status: 429, retryAfter: 1 }] }, async (server) => {
    const client = createOpenAIClient(configFor(server.baseUrl));
    const res = await client.chat(hello);
    assert.equal(res.content, 'Echo: Say hello.');
    const [first, second] = server.requestsTo(CHAT);
    assert.ok(second.receivedAt - first.receivedAt >= 1000, `waited ${second.receivedAt - first.receivedAt} ms`);
    assert.equal(client.stats.rateLimited, 1);
  });
});

test('429 with retry-after-ms is honoured', async () => {
  await withServer({ script: [{ kind: 'status', status: 429, retryAfterMs: 250 }] }, async (server) => {
    const res = await createOpenAIClient(configFor(server.baseUrl)).chat(hello);
    assert.equal(res.fromRecord, false);
    const [first, second] = server.requestsTo(CHAT);
    assert.ok(second.receivedAt - first.receivedAt >= 250);
  });
});

test('500, 502, 503 are retried, then success', async () => {
  const script = [500, 502, 503].map((status) => ({ kind: 'status' as const, status }));
  await withServer({ script }, async (server) => {
    const client = createOpenAIClient(configFor(server.baseUrl));
    const res = await client.chat(hello);
    assert.equal(res.content, 'Echo: Say hello.');
    assert.equal(server.requestsTo(CHAT).length, 4);
    assert.equal(client.stats.retries, 3);
  });
});

test('a hung request times out and is retried', async () => {
  await withServer({ script: [{ kind: 'hang' }] }, async (server) => {
    const started = Date.now();
    const res = await createOpenAIClient(configFor(server.baseUrl, { timeoutMs: 300 })).chat(hello);
    assert.equal(res.content, 'Echo: Say hello.');
    assert.ok(Date.now() - started >= 300);
    assert.equal(server.requestsTo(CHAT).length, 2);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(server.inFlight, 0, 'the aborted request is gone at the server');
  });
});

test('a dropped connection is retried', async () => {
  await withServer({ script: [{ kind: 'drop' }, { kind: 'drop' }] }, async (server) => {
    const res = await createOpenAIClient(configFor(server.baseUrl)).chat(hello);
    assert.equal(res.content, 'Echo: Say hello.');
    assert.equal(server.requestsTo(CHAT).length, 3);
  });
});

test('a malformed JSON body is retried like a server error', async () => {
  await withServer({ script: [{ kind: 'malformed' }] }, async (server) => {
    const res = await createOpenAIClient(configFor(server.baseUrl)).chat(hello);
    assert.equal(res.content, 'Echo: Say hello.');
    assert.equal(server.requestsTo(CHAT).length, 2);
  });
  await withServer({ script: Array.from({ length: 3 }, () => ({ kind: 'malformed' as const })) }, async (server) => {
    const err = await createOpenAIClient(configFor(server.baseUrl, { maxAttempts: 3 })).chat(hello).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof LlmRequestError);
    assert.match(err.message, /malformed response body/);
  });
});

test('attempts exhausted: the error names the endpoint, the model and the last status', async () => {
  const script = Array.from({ length: 5 }, () => ({ kind: 'status' as const, status: 503, message: 'engine overloaded' }));
  await withServer({ script }, async (server) => {
    const err = await createOpenAIClient(configFor(server.baseUrl, { maxAttempts: 3 })).chat(hello).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof LlmRequestError);
    assert.equal(err.attempts, 3);
    assert.equal(err.status, 503);
    assert.ok(err.message.includes(`${server.baseUrl}/chat/completions`), err.message);
    assert.ok(err.message.includes('"test-model"'));
    assert.match(err.message, /after 3 attempts.*HTTP 503: engine overloaded/);
    assert.equal(server.requestsTo(CHAT).length, 3);
  });
});

test('401 fails at once, without retries, and says which setting to check', async () => {
  await withServer({ apiKey: 'right-key' }, async (server) => {
    const client = createOpenAIClient(configFor(server.baseUrl, { apiKey: 'wrong-key' }));
    const err = await client.chat(hello).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof LlmRequestError);
    assert.equal(err.status, 401);
    assert.match(err.message, /check RETRACE_LLM_API_KEY/);
    assert.ok(!err.message.includes('wrong-key'), 'the key is not in the message');
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].headers.authorization, 'Bearer wrong-key');
    const ok = await createOpenAIClient(configFor(server.baseUrl, { apiKey: 'right-key' })).chat(hello);
    assert.equal(ok.content, 'Echo: Say hello.');
  });
});

test('404 (unknown model) fails at once with a hint about the model and base URL', async () => {
  await withServer({ models: ['served-model'] }, async (server) => {
    const err = await createOpenAIClient(configFor(server.baseUrl)).chat(hello).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof LlmRequestError);
    assert.equal(err.status, 404);
    assert.match(err.message, /test-model.*does not exist.*check RETRACE_LLM_MODEL and RETRACE_LLM_BASE_URL/);
    assert.equal(server.requests.length, 1);
  });
});

test('a wrong base URL (nothing listening) is a connection error after the attempts', async () => {
  const server = await startFakeOpenAIServer();
  const baseUrl = server.baseUrl;
  await server.close();
  const err = await createOpenAIClient(configFor(baseUrl, { maxAttempts: 2 })).chat(hello).then(() => null, (e: unknown) => e);
  assert.ok(err instanceof LlmRequestError);
  assert.match(err.message, /after 2 attempts .* connection error/);
});

test('concurrency never exceeds maxConcurrency', async () => {
  await withServer({ latencyMs: 30 }, async (server) => {
    const client = createOpenAIClient(configFor(server.baseUrl, { maxConcurrency: 3 }));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => client.chat({ purpose: 't', messages: [{ role: 'user', content: `n${i}` }] })));
    assert.deepEqual(results.map((r) => r.content), Array.from({ length: 20 }, (_, i) => `Echo: n${i}`));
    assert.ok(server.maxInFlight <= 3, `max in flight ${server.maxInFlight}`);
    assert.ok(server.maxInFlight >= 2, 'requests did run concurrently');
  });
});

test('error bodies in any shape show the server\'s message; a context 400 is not blamed on the model name', async () => {
  // vLLM <= 0.9: {"object": "error", "message": ...} at the top level.
  const server = await startFakeOpenAIServer({ maxModelLen: 1024, flatErrors: true });
  try {
    const client = createOpenAIClient(llmConfigFromEnv({}, { baseUrl: server.baseUrl, model: 'fake-model', maxAttempts: 3, backoffBaseMs: 1 }));
    await assert.rejects(client.chat({ purpose: 'plan', messages: [{ role: 'user', content: 'Plan it.' }], maxTokens: 16_384 }), (e: unknown) => {
      assert.ok(e instanceof LlmRequestError);
      assert.match(e.message, /HTTP 400: This model's maximum context length is 1024 tokens\. However, you requested 16\d{3} tokens/);
      assert.doesNotMatch(e.message, /status code \(no body\)|RETRACE_LLM_MODEL/);
      assert.match(e.message, /RETRACE_LLM_CONTEXT/);
      return true;
    });
    assert.equal(server.requestsTo('/v1/chat/completions').length, 1, 'a 400 is not retried');
    // FastAPI's {"detail": [...]} (a validation error) and {"detail": "..."}.
    server.route('POST', '/v1/chat/completions', () => ({ status: 422, json: { detail: [{ loc: ['body', 'messages', 0, 'content'], msg: 'Input should be a valid string', type: 'string_type' }] } }));
    await assert.rejects(client.chat({ purpose: 'p', messages: [{ role: 'user', content: 'x' }] }), /HTTP 422: body\.messages\.0\.content: Input should be a valid string/);
    server.route('POST', '/v1/chat/completions', () => ({ status: 400, json: { detail: 'Unsupported parameter: seed' } }));
    await assert.rejects(client.chat({ purpose: 'p', messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof LlmRequestError && /HTTP 400: Unsupported parameter: seed/.test(e.message) && !/RETRACE_LLM_MODEL/.test(e.message));
    server.route('POST', '/v1/chat/completions', () => ({ status: 400, json: { object: 'error', message: 'The model `gpt-5` does not exist.', type: 'NotFoundError', code: 404 } }));
    await assert.rejects(client.chat({ purpose: 'p', messages: [{ role: 'user', content: 'x' }] }), /does not exist\. — check RETRACE_LLM_MODEL/);
  } finally {
    await server.close();
  }
});
