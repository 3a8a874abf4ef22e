import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRetryAfter, backoffDelay } from './retry';
import { startFakeOpenAIServer } from './testing/fakeOpenAIServer';

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

test('fake server: OpenAI wire format, models, errors, extra routes, clean close', async () => {
  const server = await startFakeOpenAIServer({ models: ['m1', 'm2'] });
  try {
    assert.match(server.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const models = await (await fetch(`${server.baseUrl}/models`)).json();
    assert.deepEqual(models.data.map((m: { id: string }) => m.id), ['m1', 'm2']);
    assert.equal(models.object, 'list');

    const res = await post(`${server.baseUrl}/chat/completions`, { model: 'm1', messages: [{ role: 'user', content: 'hi there' }] });
    assert.equal(res.status, 200);
    const c = await res.json();
    assert.match(c.id, /^chatcmpl-/);
    assert.equal(c.object, 'chat.completion');
    assert.equal(typeof c.created, 'number');
    assert.equal(c.model, 'm1');
    assert.deepEqual(c.choices[0].message, { role: 'assistant', content: 'Echo: hi there', refusal: null });
    assert.deepEqual([c.choices[0].index, c.choices[0].finish_reason], [0, 'stop']);
    assert.equal(c.usage.total_tokens, c.usage.prompt_tokens + c.usage.completion_tokens);

    assert.equal((await post(`${server.baseUrl}/chat/completions`, { model: 'm9', messages: [{ role: 'user', content: 'x' }] })).status, 404);
    const bad = await post(`${server.baseUrl}/chat/completions`, { model: 'm1' });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.param, 'messages');
    assert.equal((await post(`${server.baseUrl}/chat/completions`, '{oops')).status, 400);
    assert.equal((await post(`${server.baseUrl}/nowhere`, {})).status, 404);

    // Another endpoint goes through the same script machinery.
    server.route('POST', '/v1/completions', ({ body }) => ({ json: { object: 'text_completion', echo: (body as { prompt: string }).prompt } }));
    server.setScript([{ kind: 'status', status: 503 }], '/v1/completions');
    assert.equal((await post(`${server.baseUrl}/completions`, { model: 'm1', prompt: 'p' })).status, 503);
    assert.deepEqual(await (await post(`${server.baseUrl}/completions`, { model: 'm1', prompt: 'p' })).json(), { object: 'text_completion', echo: 'p' });

    server.setScript([{ kind: 'status', status: 429, retryAfter: '2' }]);
    const limited = await post(`${server.baseUrl}/chat/completions`, { model: 'm1', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '2');
    assert.equal(server.statusCounts[429], 1);

    // A hung request does not keep close() waiting.
    server.setScript([{ kind: 'hang' }]);
    const hung = post(`${server.baseUrl}/chat/completions`, { model: 'm1', messages: [{ role: 'user', content: 'x' }] }).then(() => 'answered', () => 'dropped');
    while (server.inFlight === 0) await new Promise((r) => setTimeout(r, 5));
    await server.close();
    assert.equal(await hung, 'dropped');
  } finally {
    await server.close().catch(() => undefined);
  }
});

test('Retry-After: seconds, HTTP date, retry-after-ms; full-jitter backoff', () => {
  const h = (entries: Record<string, string>) => new Headers(entries);
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter(h({ 'retry-after': '3' }), now), 3000);
  assert.equal(parseRetryAfter(h({ 'retry-after': '0.5' }), now), 500);
  assert.equal(parseRetryAfter(h({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now), 7000);
  assert.equal(parseRetryAfter(h({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }), now), 0);
  assert.equal(parseRetryAfter(h({ 'retry-after-ms': '120', 'retry-after': '3' }), now), 120);
  assert.equal(parseRetryAfter(h({ 'retry-after': 'soon' }), now), null);
  assert.equal(parseRetryAfter(h({}), now), null);
  assert.equal(parseRetryAfter(h({ 'retry-after': '86400' }), now), 300_000);
  assert.equal(backoffDelay(1, 100, 1000, () => 0.999), 99);
  assert.equal(backoffDelay(4, 100, 1000, () => 0.999), 799);
  assert.equal(backoffDelay(10, 100, 1000, () => 0.999), 999);
  assert.equal(backoffDelay(3, 100, 1000, () => 0), 0);
});
