import assert from 'node:assert/strict';
import { test } from 'node:test';
import { structureOf } from '../1-ingest/ingest';
import { llmConfigFromEnv } from '../platform/llm/config';
import { createOpenAIClient } from '../platform/llm/openaiClient';
import { startFakeOpenAIServer } from '../platform/llm/testing/fakeOpenAIServer';
import { tempTree } from '../testing/tempTree';
import { createLlmModel } from './llmModel';
import { synthesize } from './synthesize';
import { PYTHON_PACKAGE } from './testRepos';

/** A whole LLM synthesis against a model with `maxModelLen` of context (the fake refuses what would not fit, as vLLM does). */
async function synthesizeWith(maxModelLen: number, contextSetting?: number) {
  const server = await startFakeOpenAIServer({
    maxModelLen,
    responder: (body) => (body.response_format ? JSON.stringify({ requirements: 'Tracks stock.', files: [] }) : 'I will write it.'),
  });
  try {
    const client = createOpenAIClient(llmConfigFromEnv({}, { baseUrl: server.baseUrl, model: 'fake-model', backoffBaseMs: 1, contextTokens: contextSetting }));
    const structure = await structureOf(tempTree(PYTHON_PACKAGE));
    await synthesize(structure, createLlmModel(client));
    return server.requestsTo('/v1/chat/completions').map((r) => r.body as { max_tokens?: number; response_format?: unknown });
  } finally {
    await server.close();
  }
}

test('a 1,024-token model: its max_model_len is read from /v1/models and every request fits (before: max_tokens 16,384, HTTP 400)', async () => {
  const requests = await synthesizeWith(1024);
  const plan = requests.find((r) => r.response_format)!;
  assert.equal(plan.max_tokens, 256);
  assert.ok(requests.length > 3);
  assert.ok(requests.every((r) => (r.max_tokens ?? 0) <= 256), JSON.stringify(requests.map((r) => r.max_tokens)));
});

test('RETRACE_LLM_CONTEXT wins over the server; a large model keeps the large budgets', async () => {
  assert.equal((await synthesizeWith(131_072, 8192)).find((r) => r.response_format)!.max_tokens, 3840);
  assert.equal((await synthesizeWith(131_072)).find((r) => r.response_format)!.max_tokens, 16_384);
});
