import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { startFakeOpenAIServer } from '../../platform/llm/testing/fakeOpenAIServer';
import { tempTree } from '../../testing/tempTree';
import { resolveSearchConfig, resolveSynthesisConfig } from './searchConfig';

/** An environment with nothing configured (tests must not see the machine's settings). */
const EMPTY = {} as NodeJS.ProcessEnv;
const envOf = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;

test('the generation flags configure the proposer too; the defaults taken are named', () => {
  // Flags only, nothing in the environment: before, the search silently used the offline proposer.
  const flagged = resolveSearchConfig({ proposerBaseUrl: 'http://127.0.0.1:8000/v1', proposerModel: 'qwen-coder' }, EMPTY);
  assert.deepEqual(flagged.proposer, { provider: 'openai', model: 'qwen-coder', baseUrl: 'http://127.0.0.1:8000/v1', contextTokens: null });
  assert.deepEqual(flagged.fallbacks, ['no scoring server is configured (RETRACE_SCORER_BASE_URL or --scorer-base-url): scored by the offline n-gram model']);
  const none = resolveSearchConfig({}, EMPTY);
  assert.equal(none.proposer.provider, 'offline');
  assert.match(none.fallbacks![1], /no generation model is configured .*--llm-base-url.*--model.*offline proposer/);
  assert.deepEqual(resolveSearchConfig({ proposer: 'offline', scorer: 'offline' }, EMPTY).fallbacks, [], 'asked for offline: not a fallback');
  // The scorer's mode, tokenizer and context are part of the configuration the worker gets.
  const scored = resolveSearchConfig({ scorerBaseUrl: 'http://gpu:30000/v1', scorerModel: 'base', scorerMode: 'sglang', scorerContext: 4096 }, EMPTY);
  assert.deepEqual(scored.scorer, { provider: 'openai', model: 'base', baseUrl: 'http://gpu:30000/v1', mode: 'sglang', tokenizer: 'server', contextTokens: 4096 });
  // Synthesis with --llm-base-url / --model and --search: one model for both roles.
  const synthesis = resolveSynthesisConfig({ provider: 'openai', model: 'gen', baseUrl: 'http://127.0.0.1:8000/v1', search: true }, EMPTY);
  assert.deepEqual([synthesis.model, synthesis.search!.proposer.model, synthesis.search!.proposer.baseUrl], ['gen', 'gen', 'http://127.0.0.1:8000/v1']);
  assert.equal(resolveSynthesisConfig({ provider: 'offline', search: true }, envOf({ RETRACE_LLM_BASE_URL: 'http://x/v1', RETRACE_LLM_MODEL: 'm' })).search!.proposer.provider, 'offline');
});

test('synthesize --dry-run --search with --llm-base-url and --model only: the proposer is that model, and the JSON says so', async () => {
  const server = await startFakeOpenAIServer({
    models: ['gen-model'],
    responder: (body) => {
      const schema = JSON.stringify(body.response_format?.json_schema ?? '');
      if (schema.includes('candidates')) return JSON.stringify({ candidates: ['I first define the shape types, then the functions that use them, in the order the plan gives.'] });
      return body.response_format ? JSON.stringify({ requirements: 'Geometry.', files: [] }) : 'I will write it.';
    },
  });
  try {
    const root = tempTree({ 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': "import { a } from './a';\nexport const b = a + 1;\n" });
    const env = { ...process.env, RETRACE_LLM_BASE_URL: '', RETRACE_LLM_MODEL: '', RETRACE_SCORER_BASE_URL: '' };
    const args = ['--import', 'tsx', path.resolve('lib/cli/main.ts'), 'synthesize', root, '--dry-run', '--json', '--search', '--rounds', '1', '--llm-base-url', server.baseUrl, '--model', 'gen-model'];
    const child = spawn(process.execPath, args, { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, err);
    const json = JSON.parse(out);
    assert.deepEqual(json.search.setup.proposer, { provider: 'openai', model: 'gen-model', baseUrl: server.baseUrl, contextTokens: null });
    assert.equal(json.search.setup.scorer.provider, 'offline');
    assert.match(json.search.setup.fallbacks[0], /no scoring server is configured/);
    const purposes = server.requestsTo('/v1/chat/completions').map((r) => JSON.stringify((r.body as { response_format?: unknown }).response_format ?? ''));
    assert.ok(purposes.some((p) => p.includes('candidates')), 'the search asked the flagged model for candidates');
  } finally {
    await server.close();
  }
});
