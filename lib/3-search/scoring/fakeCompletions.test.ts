import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addFakeCompletions, COMPLETIONS_PATH, defaultFakeLogprob, type FakeCompletions, fakeTokenId, fakeTokenize } from '../../platform/llm/testing/fakeCompletions';
import { type FakeOpenAIServer, startFakeOpenAIServer } from '../../platform/llm/testing/fakeOpenAIServer';

let server: FakeOpenAIServer;
let fake: FakeCompletions;
before(async () => {
  server = await startFakeOpenAIServer();
  fake = addFakeCompletions(server);
});
after(() => server.close());

async function post(body: unknown) {
  const res = await fetch(`${server.baseUrl}/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
}

test('the fake tokenizer round-trips any text', () => {
  for (const text of ['The step of boiling water is: ', 'def f(x):\n    return x  # ok\n\n', 'a  b\t\tc', '😀 größe, 中文!', '', ' ']) {
    assert.equal(fakeTokenize(text).join(''), text);
  }
  assert.deepEqual(fakeTokenize('The step of boiling water is: '), ['The', ' step', ' of', ' boiling', ' water', ' is', ':', ' ']);
  const lp = defaultFakeLogprob(' step', 1);
  assert.ok(lp <= -1 && lp > -3);
  assert.equal(defaultFakeLogprob(' step', 1), lp);
});

test('echo + logprobs answers in vLLM\'s shape', async () => {
  const prompt = 'The step of boiling water is: ';
  const { status, json } = await post({ model: 'm', prompt, echo: true, logprobs: 2, max_tokens: 1, temperature: 0 });
  assert.equal(status, 200);
  assert.equal(json.object, 'text_completion');
  const [choice] = json.choices;
  assert.equal(choice.text, `${prompt} the`);
  const { tokens, token_logprobs, text_offset, top_logprobs } = choice.logprobs;
  assert.deepEqual(tokens, ['The', ' step', ' of', ' boiling', ' water', ' is', ':', ' ', ' the']);
  assert.deepEqual(text_offset, [0, 3, 8, 11, 19, 25, 28, 29, 30]);
  assert.equal(token_logprobs[0], null);
  assert.equal(top_logprobs[0], null);
  assert.equal(token_logprobs[1], fake.logprobOf(fakeTokenize(prompt), 1));
  assert.equal(top_logprobs[1][' step'], token_logprobs[1]);
  assert.equal(Object.keys(top_logprobs[1]).length, 3);
  assert.deepEqual(json.usage, { prompt_tokens: 8, total_tokens: 9, completion_tokens: 1, prompt_tokens_details: null });
});

test('text_offset counts code points, as Python does', async () => {
  const { json } = await post({ model: 'm', prompt: '😀 a b', echo: true, logprobs: 0, max_tokens: 1 });
  assert.deepEqual(json.choices[0].logprobs.tokens.slice(0, 3), ['😀', ' a', ' b']);
  assert.deepEqual(json.choices[0].logprobs.text_offset.slice(0, 3), [0, 1, 3]);
});

test('prompt_logprobs answers in vLLM\'s shape; bos shifts echo offsets', async () => {
  const { json } = await post({ model: 'm', prompt: 'x = 1', max_tokens: 1, prompt_logprobs: 1 });
  const pl = json.choices[0].prompt_logprobs;
  assert.equal(pl.length, 3);
  assert.equal(pl[0], null);
  // The prompt token and one alternative (JSON.parse orders integer-like keys numerically, so
  // unlike in vLLM's Python dict the prompt token is not necessarily first here).
  assert.equal(pl[1][String(fakeTokenId(' ='))].decoded_token, ' =');
  assert.equal(Object.keys(pl[1]).length, 2);
  assert.equal(json.choices[0].logprobs, null);

  fake.configure({ bos: '<|begin_of_text|>' });
  try {
    const echo = await post({ model: 'm', prompt: 'x = 1', echo: true, logprobs: 0, max_tokens: 1 });
    assert.deepEqual(echo.json.choices[0].logprobs.tokens, ['<|begin_of_text|>', 'x', ' =', ' 1', ' the']);
    assert.deepEqual(echo.json.choices[0].logprobs.text_offset, [0, 17, 18, 20, 22]);
    assert.equal(echo.json.choices[0].text, 'x = 1 the');
  } finally {
    fake.configure({ bos: null });
  }
});

test('validation and faults like the rest of the fake server', async () => {
  assert.equal((await post({ prompt: 'x' })).status, 400);
  assert.equal((await post({ model: 'm', prompt: 'x', logprobs: 50 })).status, 400);
  assert.equal((await post({ model: 'm', prompt: 'x', max_tokens: 0 })).status, 400);
  assert.equal((await post({ model: 'm', prompt: 'x', max_tokens: 0, echo: true, logprobs: 0 })).json.choices[0].logprobs.tokens.length, 1);
  server.setScript([{ kind: 'status', status: 503 }, { kind: 'content', content: ' scripted' }], COMPLETIONS_PATH);
  assert.equal((await post({ model: 'm', prompt: 'x' })).status, 503);
  assert.equal((await post({ model: 'm', prompt: 'x', echo: true })).json.choices[0].text, 'x scripted');
});
