import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeLlmConfig, LlmConfigError, llmConfigFromEnv, llmOverridesFromCli, OPENAI_DEFAULT_BASE_URL } from './config';

test('defaults with a local server and no key', () => {
  const c = llmConfigFromEnv({ RETRACE_LLM_BASE_URL: 'http://127.0.0.1:8000/v1/', RETRACE_LLM_MODEL: 'qwen' });
  assert.deepEqual(c, {
    provider: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', apiKey: 'none', model: 'qwen',
    timeoutMs: 120000, maxAttempts: 6, maxConcurrency: 8, backoffBaseMs: 500, backoffMaxMs: 30000, contextTokens: null,
  });
  assert.equal(llmConfigFromEnv({ RETRACE_LLM_BASE_URL: 'http://a/v1', RETRACE_LLM_MODEL: 'q', RETRACE_LLM_CONTEXT: '8192' }).contextTokens, 8192);
  assert.throws(() => llmConfigFromEnv({ RETRACE_LLM_BASE_URL: 'http://a/v1', RETRACE_LLM_MODEL: 'q', RETRACE_LLM_CONTEXT: '8k' }), /RETRACE_LLM_CONTEXT takes a positive whole number/);
});

test('api.openai.com only when a key is set; OPENAI_API_KEY is the fallback', () => {
  assert.equal(llmConfigFromEnv({ OPENAI_API_KEY: 'sk-1', RETRACE_LLM_MODEL: 'gpt-4o-mini' }).baseUrl, OPENAI_DEFAULT_BASE_URL);
  assert.equal(llmConfigFromEnv({ OPENAI_API_KEY: 'sk-1', RETRACE_LLM_MODEL: 'g' }).apiKey, 'sk-1');
  assert.equal(llmConfigFromEnv({ OPENAI_API_KEY: 'sk-1', RETRACE_LLM_API_KEY: 'sk-2', RETRACE_LLM_MODEL: 'g' }).apiKey, 'sk-2');
  assert.throws(() => llmConfigFromEnv({ RETRACE_LLM_MODEL: 'g' }), (e: Error) => e instanceof LlmConfigError && /set RETRACE_LLM_BASE_URL .*--llm-base-url.*vLLM.*OPENAI_API_KEY/.test(e.message));
  assert.equal(llmConfigFromEnv({ OPENAI_API_KEY: 'sk-1', RETRACE_LLM_BASE_URL: 'http://127.0.0.1:8000/v1', RETRACE_LLM_MODEL: 'g' }).apiKey, 'none', 'an OpenAI key is not sent to another server');
});

test('the model is required, with a hint', () => {
  assert.throws(() => llmConfigFromEnv({ RETRACE_LLM_BASE_URL: 'http://127.0.0.1:8000/v1' }), /set RETRACE_LLM_MODEL \(or --model\).*127\.0\.0\.1:8000\/v1\/models/);
});

test('numbers, bad values and overrides', () => {
  const env = { RETRACE_LLM_BASE_URL: 'http://a/v1', RETRACE_LLM_MODEL: 'm', RETRACE_LLM_TIMEOUT_MS: '5000', RETRACE_LLM_MAX_ATTEMPTS: '3', RETRACE_LLM_MAX_CONCURRENCY: '32' };
  const c = llmConfigFromEnv(env);
  assert.deepEqual([c.timeoutMs, c.maxAttempts, c.maxConcurrency], [5000, 3, 32]);
  assert.throws(() => llmConfigFromEnv({ ...env, RETRACE_LLM_MAX_ATTEMPTS: 'lots' }), /RETRACE_LLM_MAX_ATTEMPTS takes a positive whole number, not "lots"/);
  assert.throws(() => llmConfigFromEnv({ ...env, RETRACE_LLM_TIMEOUT_MS: '0' }), /RETRACE_LLM_TIMEOUT_MS/);
  assert.throws(() => llmConfigFromEnv({ ...env, RETRACE_LLM_BASE_URL: 'localhost:8000' }), /http:\/\/ or https:\/\//);
  assert.throws(() => llmConfigFromEnv({ ...env, RETRACE_LLM_BASE_URL: 'not a url' }), /not a URL/);
  const o = llmConfigFromEnv(env, llmOverridesFromCli({ 'llm-base-url': 'http://b/v1', model: 'm2', 'llm-max-concurrency': '4', 'llm-api-key': 'k' }));
  assert.deepEqual([o.baseUrl, o.model, o.maxConcurrency, o.apiKey, o.maxAttempts], ['http://b/v1', 'm2', 4, 'k', 3]);
  assert.throws(() => llmOverridesFromCli({ 'llm-timeout-ms': '-1' }), /--llm-timeout-ms takes a positive whole number/);
  assert.equal(describeLlmConfig(o).apiKey, '(set)');
  assert.equal(llmConfigFromEnv(env, { backoffBaseMs: 5 }).backoffBaseMs, 5);
});
