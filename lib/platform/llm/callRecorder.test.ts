import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { freshDatabase } from '../../testing/database';
import { memoryCallRecorder, prismaCallRecorder } from './callRecorder';
import { llmConfigFromEnv } from './config';
import { createOpenAIClient } from './openaiClient';
import { chatRequestHash } from './requestHash';
import { type FakeOpenAIServer, startFakeOpenAIServer } from './testing/fakeOpenAIServer';
import type { CallRecorder, ChatRequest } from './types';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let server: FakeOpenAIServer;
before(async () => {
  db = await freshDatabase('llm_calls');
  let n = 0;
  server = await startFakeOpenAIServer({ responder: (body) => `answer ${++n} (seed ${body.seed ?? '-'})` });
});
after(async () => {
  await server.close();
  await db.drop();
});

const CHAT = '/v1/chat/completions';
const config = () => llmConfigFromEnv({}, { baseUrl: server.baseUrl, model: 'rec-model', apiKey: 'sk-secret-key', backoffBaseMs: 5 });
const request: ChatRequest = { purpose: 'think-purpose', messages: [{ role: 'user', content: 'Why does src/a.ts exist?' }], temperature: 0.7, seed: 1 };

async function resumes(recorder: CallRecorder) {
  const client = createOpenAIClient(config(), recorder);
  const before = server.requestsTo(CHAT).length;
  const first = await client.chat(request);
  assert.equal(first.fromRecord, false);
  assert.equal(server.requestsTo(CHAT).length, before + 1);

  // A new client (an interrupted run starting again) gets the recorded answer, no HTTP request.
  const again = await createOpenAIClient(config(), recorder).chat({ ...request, messages: request.messages.map((m) => ({ ...m })) });
  assert.equal(again.fromRecord, true);
  assert.equal(again.content, first.content);
  assert.deepEqual([again.promptTokens, again.completionTokens, again.model], [first.promptTokens, first.completionTokens, first.model]);
  assert.equal(server.requestsTo(CHAT).length, before + 1);

  // A different seed is a different call.
  const other = await client.chat({ ...request, seed: 2 });
  assert.equal(other.fromRecord, false);
  assert.notEqual(other.content, first.content);
  assert.equal(server.requestsTo(CHAT).length, before + 2);
  return first;
}

test('Postgres: an identical request is answered from the record; a different seed is a new call', async () => {
  const recorder = prismaCallRecorder(db.prisma);
  const first = await resumes(recorder);
  const rows = await db.prisma.llmCall.findMany({ orderBy: { createdAt: 'asc' } });
  assert.equal(rows.length, 2);
  const row = rows.find((r) => r.content === first.content)!;
  assert.equal(row.requestHash, chatRequestHash(server.baseUrl, 'rec-model', request));
  assert.match(row.requestHash, /^[0-9a-f]{64}$/);
  assert.deepEqual([row.provider, row.baseUrl, row.model, row.purpose], ['openai', server.baseUrl, 'rec-model', 'think-purpose']);
  assert.deepEqual(row.request, { model: 'rec-model', messages: request.messages, temperature: 0.7, seed: 1 });
  assert.equal((row.response as { object: string }).object, 'chat.completion');
  assert.equal(row.promptTokens, first.promptTokens);
  assert.ok(!JSON.stringify(rows).includes('sk-secret-key'), 'the API key is not recorded');
});

test('Postgres: saving the same hash twice is ignored', async () => {
  const recorder = prismaCallRecorder(db.prisma);
  const call = {
    requestHash: 'f'.repeat(64), provider: 'openai', baseUrl: server.baseUrl, model: 'm', purpose: 'p',
    request: { a: 1 }, response: { b: 2 }, content: 'first', promptTokens: 1, completionTokens: 2, latencyMs: 3,
  };
  await recorder.save(call);
  await recorder.save({ ...call, content: 'second' });
  assert.equal((await recorder.find(call.requestHash))?.content, 'first');
  assert.equal(await recorder.find('0'.repeat(64)), null);
  // Concurrent identical calls: both pay, one record.
  const client = createOpenAIClient(config(), recorder);
  const same: ChatRequest = { purpose: 'p', messages: [{ role: 'user', content: 'concurrent' }] };
  await Promise.all([client.chat(same), client.chat(same)]);
  assert.equal(await db.prisma.llmCall.count({ where: { requestHash: chatRequestHash(server.baseUrl, 'rec-model', same) } }), 1);
});

test('memory recorder behaves the same', async () => {
  const recorder = memoryCallRecorder();
  await resumes(recorder);
  assert.equal(recorder.calls().length, 2);
});

test('the hash covers what determines the answer, not the key or the purpose', () => {
  const base = chatRequestHash('http://h/v1', 'm', request);
  assert.equal(chatRequestHash('http://h/v1/', 'm', { ...request, purpose: 'other' }), base);
  for (const changed of [
    chatRequestHash('http://h2/v1', 'm', request),
    chatRequestHash('http://h/v1', 'm2', request),
    chatRequestHash('http://h/v1', 'm', { ...request, temperature: 0 }),
    chatRequestHash('http://h/v1', 'm', { ...request, maxTokens: 10 }),
    chatRequestHash('http://h/v1', 'm', { ...request, seed: undefined }),
    chatRequestHash('http://h/v1', 'm', { ...request, messages: [{ role: 'system', content: 'Why does src/a.ts exist?' }] }),
    chatRequestHash('http://h/v1', 'm', { ...request, jsonSchema: { name: 'x', schema: { type: 'object' } } }),
  ]) {
    assert.notEqual(changed, base);
  }
});
