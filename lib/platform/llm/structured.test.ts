import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { llmConfigFromEnv } from './config';
import { StructuredOutputError } from './errors';
import { createOpenAIClient } from './openaiClient';
import { chatJson, jsonSchemaOf, parseJsonContent, schemaName } from './structured';
import { type ChatCompletionRequestBody, startFakeOpenAIServer } from './testing/fakeOpenAIServer';

const Plan = z.object({
  requirements: z.string(),
  files: z.array(z.object({ path: z.string(), purpose: z.string() })),
});
const valid = { requirements: '# Demo', files: [{ path: 'src/a.ts', purpose: 'math' }] };
const request = { purpose: 'plan', messages: [{ role: 'user' as const, content: 'Plan the project.' }] };

async function setup(script: Array<{ kind: 'content'; content: string }>) {
  const server = await startFakeOpenAIServer({ script, responder: () => JSON.stringify(valid) });
  const client = createOpenAIClient(llmConfigFromEnv({}, { baseUrl: server.baseUrl, model: 'json-model', backoffBaseMs: 5 }));
  return { server, client, bodies: () => server.requestsTo('/v1/chat/completions').map((r) => r.body as ChatCompletionRequestBody) };
}

test('valid the first time; response_format carries the schema derived from zod', async () => {
  const { server, client, bodies } = await setup([]);
  try {
    const result = await chatJson(client, request, Plan);
    assert.deepEqual(result.value, valid);
    assert.equal(result.reasked, false);
    assert.equal(result.response.fromRecord, false);
    const [body] = bodies();
    assert.equal(bodies().length, 1);
    assert.deepEqual(body.response_format, { type: 'json_schema', json_schema: { name: 'plan', schema: jsonSchemaOf(Plan), strict: true } });
    const schema = body.response_format!.json_schema!.schema as Record<string, unknown>;
    assert.equal(schema.type, 'object');
    assert.deepEqual(schema.required, ['requirements', 'files']);
    assert.equal(schema.additionalProperties, false);
    assert.equal('$schema' in schema, false);
  } finally {
    await server.close();
  }
});

test('a given jsonSchema is sent as is; fenced JSON is accepted', async () => {
  const { server, client, bodies } = await setup([{ kind: 'content', content: 'Here it is:\n```json\n' + JSON.stringify(valid, null, 2) + '\n```\n' }]);
  try {
    const given = { name: 'project_plan', schema: { type: 'object', properties: {}, additionalProperties: true } };
    const result = await chatJson(client, { ...request, jsonSchema: given }, Plan);
    assert.deepEqual(result.value, valid);
    assert.equal(result.reasked, false);
    assert.deepEqual(bodies()[0].response_format, { type: 'json_schema', json_schema: { ...given, strict: true } });
  } finally {
    await server.close();
  }
});

test('schema-breaking answer, then fixed on the re-ask that quotes the problem', async () => {
  const broken = JSON.stringify({ requirements: '# Demo', files: [{ path: 42, purpose: 'math' }] });
  const { server, client, bodies } = await setup([{ kind: 'content', content: broken }]);
  try {
    const result = await chatJson(client, request, Plan);
    assert.deepEqual(result.value, valid);
    assert.equal(result.reasked, true);
    const [, second] = bodies();
    assert.equal(bodies().length, 2);
    assert.equal(second.messages.length, 3);
    assert.deepEqual(second.messages[0], request.messages[0]);
    assert.deepEqual(second.messages[1], { role: 'assistant', content: broken });
    assert.equal(second.messages[2].role, 'user');
    assert.match(second.messages[2].content, /files\[0\]\.path: Invalid input: expected string, received number/);
    assert.ok(second.response_format, 'the re-ask asks for the same format');
  } finally {
    await server.close();
  }
});

test('not JSON at all, then fixed', async () => {
  const { server, client, bodies } = await setup([{ kind: 'content', content: 'Sure! The plan is to write some files.' }]);
  try {
    const result = await chatJson(client, request, Plan);
    assert.equal(result.reasked, true);
    assert.match(bodies()[1].messages[2].content, /not valid JSON/);
  } finally {
    await server.close();
  }
});

test('broken twice: a clear error quoting the validation problem', async () => {
  const { server, client } = await setup([
    { kind: 'content', content: '{"requirements": "x"}' },
    { kind: 'content', content: '{"requirements": "x", "files": "none"}' },
  ]);
  try {
    const err = await chatJson(client, request, Plan).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof StructuredOutputError);
    assert.match(err.message, /"plan".*"json-model".*still invalid after one re-ask.*at files: Invalid input: expected array, received string/);
    assert.ok(err.message.includes(server.baseUrl));
    assert.equal(err.content, '{"requirements": "x", "files": "none"}');
    assert.equal(server.requests.length, 2);
  } finally {
    await server.close();
  }
});

test('parseJsonContent and schemaName', () => {
  assert.deepEqual(parseJsonContent(' {"a": 1} '), { ok: true, value: { a: 1 } });
  assert.deepEqual(parseJsonContent('```\n[1, 2]\n```'), { ok: true, value: [1, 2] });
  assert.deepEqual(parseJsonContent('Answer: {"a": {"b": 2}} done.'), { ok: true, value: { a: { b: 2 } } });
  assert.equal(parseJsonContent('').ok, false);
  assert.match((parseJsonContent('{"a": ') as { problem: string }).problem, /not valid JSON/);
  assert.equal(schemaName('think-purpose'), 'think-purpose');
  assert.equal(schemaName('sub agent: write/read'), 'sub_agent_write_read');
  assert.equal(schemaName('!!!'), 'response');
});
