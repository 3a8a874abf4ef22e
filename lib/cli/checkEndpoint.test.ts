import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { startFakeOpenAIServer } from '../platform/llm/testing/fakeOpenAIServer';
import { startRealTokenizerServer } from '../3-search/scoring/testing/realTokenizerServer';
import { checkEndpoint, endpointReportText } from './checkEndpoint';

const byName = (report: Awaited<ReturnType<typeof checkEndpoint>>) => Object.fromEntries(report.probes.map((p) => [p.name, p]));

/** Answers the JSON probe with valid JSON (a server enforcing the schema), anything else with "OK". */
const responder = (body: { response_format?: unknown }) => (body.response_format ? '{"language": "Python", "year": 1994}' : 'OK');

test('a vLLM-like server: everything works; prompt_logprobs suggested; non-ASCII aligned by token ids', async () => {
  const { server } = await startRealTokenizerServer({ routes: { tokenize: 'vllm' } });
  server.configure({ responder });
  try {
    const report = await checkEndpoint(server.baseUrl);
    const p = byName(report);
    assert.equal(report.model, 'fake-model');
    assert.equal(report.contextTokens, 32768);
    for (const name of ['models', 'context length', 'chat', 'JSON schema', 'tokenize endpoint', 'echo log-probabilities', 'prompt_logprobs (vLLM)', 'token alignment, non-ASCII (echo)', 'token alignment, non-ASCII (prompt_logprobs)']) {
      assert.equal(p[name]?.ok, true, `${name}: ${p[name]?.detail}`);
      if (name !== 'context length') assert.ok(typeof p[name].latencyMs === 'number');
    }
    assert.equal(p['SGLang /generate scoring'].ok, false);
    assert.match(p['token alignment, non-ASCII (echo)'].detail, /by token ids/);
    assert.deepEqual(report.suggested, { RETRACE_SCORER_BASE_URL: server.baseUrl, RETRACE_SCORER_MODEL: 'fake-model', RETRACE_SCORER_MODE: 'prompt_logprobs', RETRACE_LLM_BASE_URL: server.baseUrl, RETRACE_LLM_MODEL: 'fake-model' });
    assert.match(endpointReportText(report), /ok {6}chat +\d+ ms {2}answered "OK"/);
  } finally {
    await server.close();
  }
});

test('an SGLang-like server: /generate scoring suggested; a server without /tokenize refuses non-ASCII and says what to set', async () => {
  const sglang = await startRealTokenizerServer({ routes: { tokenize: 'sglang', generate: true } });
  try {
    const report = await checkEndpoint(sglang.server.baseUrl, { scorerOnly: true });
    assert.equal(byName(report)['SGLang /generate scoring'].ok, true);
    assert.equal(report.suggested.RETRACE_SCORER_MODE, 'sglang');
    assert.equal(byName(report).chat, undefined, '--scorer skips chat');
  } finally {
    await sglang.server.close();
  }
  const bare = await startRealTokenizerServer({ routes: { tokenize: 'none' } });
  try {
    const p = byName(await checkEndpoint(bare.server.baseUrl, { scorerOnly: true }));
    assert.equal(p['tokenize endpoint'].ok, false);
    assert.equal(p['echo log-probabilities'].ok, true, 'ASCII aligns by exact text');
    assert.equal(p['token alignment, non-ASCII (echo)'].ok, false);
    assert.match(p['token alignment, non-ASCII (echo)'].detail, /cannot be scored reliably in echo mode/);
    assert.equal(p['SGLang /generate scoring'].ok, null);
  } finally {
    await bare.server.close();
  }
});

test('a chat-only server that ignores the schema: chat ok, JSON schema not enforced, no scoring; the CLI prints it and --json parses', async () => {
  const server = await startFakeOpenAIServer({ maxModelLen: 4096 });
  try {
    const main = path.resolve('lib/cli/main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'check-endpoint', server.baseUrl, '--json'], { env: process.env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const report = JSON.parse(out);
    const p = Object.fromEntries(report.probes.map((x: { name: string }) => [x.name, x]));
    assert.equal(p.chat.ok, true);
    assert.equal(p['JSON schema'].ok, false);
    assert.match(p['echo log-probabilities'].detail, /404/);
    assert.equal(report.contextTokens, 4096);
    assert.equal(report.suggested.RETRACE_LLM_MODEL, 'fake-model');
    assert.equal(report.suggested.RETRACE_SCORER_MODE, undefined);
    assert.equal(code, 0);
  } finally {
    await server.close();
  }
});
