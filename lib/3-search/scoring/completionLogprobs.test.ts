import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScoringAlignmentError, ScoringUnsupportedError, targetFromEcho, targetFromPromptLogprobs } from './completionLogprobs';
import { isDeterministic } from '../../platform/jobs/failedAttempt';
import { MalformedResponseError } from '../../platform/llm/retry';

/** A real vLLM 0.16 answer (Qwen3 tokenizer) to echo + logprobs 5, max_tokens 1; top_logprobs trimmed. */
const PROMPT = 'The step of boiling water is: ';
const VLLM = {
  id: 'cmpl-8c16f81d43846721',
  object: 'text_completion',
  created: 1772367069,
  model: 'Intel/Qwen3-Coder-Next-int4-AutoRound',
  choices: [
    {
      index: 0,
      text: 'The step of boiling water is: 1',
      logprobs: {
        text_offset: [0, 3, 8, 11, 19, 25, 28, 29, 30],
        token_logprobs: [null, -8.818763732910156, -1.552642822265625, -13.55989933013916, -2.0115487575531006, -2.2331151962280273, -8.53701114654541, -1.2870503664016724, -0.41059786081314087],
        tokens: ['The', ' step', ' of', ' boiling', ' water', ' is', ':', ' ', '1'],
        top_logprobs: [null, { ' step': -8.818763732910156, ' is': -0.7875133752822876 }, { ' of': -1.552642822265625 }, { ' boiling': -13.55989933013916 }, { ' water': -2.0115487575531006 }, { ' is': -2.2331151962280273 }, { ':': -8.53701114654541 }, { ' ': -1.2870503664016724 }, { '1': -0.41059786081314087 }],
      },
      finish_reason: 'length',
      stop_reason: null,
      prompt_logprobs: null,
    },
  ],
  usage: { prompt_tokens: 8, total_tokens: 9, completion_tokens: 1 },
};

test('echo: target tokens start at the prefix boundary; the generated token is left out', () => {
  const t = targetFromEcho(VLLM, PROMPT, 'The step of '.length);
  assert.deepEqual(t.tokens, [' boiling', ' water', ' is', ':', ' ']);
  assert.deepEqual(t.logprobs, [-13.55989933013916, -2.0115487575531006, -2.2331151962280273, -8.53701114654541, -1.2870503664016724]);
  assert.equal(t.generated, '1');
  assert.equal(t.promptTokens, 8);
});

test('echo: a token straddling the boundary counts as target', () => {
  // The prefix ends inside " boiling": "The step of boi" + "ling water is: ".
  const t = targetFromEcho(VLLM, PROMPT, 'The step of boi'.length);
  assert.deepEqual(t.tokens, [' boiling', ' water', ' is', ':', ' ']);
  // A boundary right after a token leaves it in the prefix.
  assert.deepEqual(targetFromEcho(VLLM, PROMPT, 'The step of boiling'.length).tokens, [' water', ' is', ':', ' ']);
});

test('echo: with an empty prefix the first token has no log-probability: -Infinity (clipped to the floor)', () => {
  const t = targetFromEcho(VLLM, PROMPT, 0);
  assert.equal(t.tokens.length, 8);
  assert.equal(t.logprobs[0], Number.NEGATIVE_INFINITY);
  assert.equal(t.logprobs[1], -8.818763732910156);
});

test('echo: offsets in code points are mapped to UTF-16; a BOS echoed as text is skipped', () => {
  const prompt = '😀 a b';
  const answer = { choices: [{ text: `${prompt} c`, logprobs: { tokens: ['😀', ' a', ' b', ' c'], token_logprobs: [null, -1, -2, -3], text_offset: [0, 1, 3, 5] } }] };
  assert.deepEqual(targetFromEcho(answer, prompt, '😀 a'.length), { tokens: [' b'], logprobs: [-2], promptTokens: 3, generated: ' c' });
  const bos = { choices: [{ text: `${prompt} c`, logprobs: { tokens: ['<s>', '😀', ' a', ' b', ' c'], token_logprobs: [null, -0.5, -1, -2, -3], text_offset: [0, 3, 4, 6, 8] } }] };
  assert.deepEqual(targetFromEcho(bos, prompt, '😀'.length).tokens, [' a', ' b']);
  assert.deepEqual(targetFromEcho(bos, prompt, 0), { tokens: ['😀', ' a', ' b'], logprobs: [-0.5, -1, -2], promptTokens: 4, generated: ' c' });
});

test('echo: a server without prompt log-probabilities gets a clear, non-retryable error', () => {
  const noLogprobs = { choices: [{ text: PROMPT, logprobs: null }] };
  assert.throws(() => targetFromEcho(noLogprobs, PROMPT, 4), (e: unknown) => e instanceof ScoringUnsupportedError && /did not return prompt log-probabilities/.test(e.message) && /RETRACE_SCORER_MODE=prompt_logprobs/.test(e.message));
  // llama.cpp's server: logprobs of the generated token only.
  const generatedOnly = { choices: [{ text: '1', logprobs: { tokens: ['1'], token_logprobs: [-0.4], text_offset: [PROMPT.length] } }] };
  assert.throws(() => targetFromEcho(generatedOnly, PROMPT, 4), (e: unknown) => e instanceof ScoringUnsupportedError && /no prompt tokens/.test(e.message));
  assert.throws(() => targetFromEcho({ choices: [] }, PROMPT, 4), MalformedResponseError);
  assert.throws(() => targetFromEcho('<html>', PROMPT, 4), MalformedResponseError);
});

test('prompt_logprobs: offsets from the decoded tokens, backwards from the end; BOS entry is the null one', () => {
  const prompt = 'x = 1';
  const answer = {
    choices: [
      {
        text: ' the',
        logprobs: null,
        prompt_logprobs: [
          null,
          { '87': { logprob: -1.5, rank: 3, decoded_token: 'x' } },
          { '12': { logprob: -0.25, rank: 1, decoded_token: ' =' }, '5': { logprob: -0.5, rank: 1, decoded_token: ',' } },
          { '220': { logprob: -2.5, rank: 9, decoded_token: ' 1' } },
        ],
      },
    ],
  };
  assert.deepEqual(targetFromPromptLogprobs(answer, prompt, 1), { tokens: [' =', ' 1'], logprobs: [-0.25, -2.5], promptTokens: 4, generated: '' });
  assert.deepEqual(targetFromPromptLogprobs(answer, prompt, 0).tokens, ['x', ' =', ' 1']);
  // Without a BOS the first prompt token is the null one.
  const noBos = { choices: [{ prompt_logprobs: [null, { '12': { logprob: -0.25, rank: 1, decoded_token: ' =' } }, { '220': { logprob: -2.5, rank: 9, decoded_token: ' 1' } }] }] };
  assert.deepEqual(targetFromPromptLogprobs(noBos, prompt, 0), { tokens: ['x', ' =', ' 1'], logprobs: [Number.NEGATIVE_INFINITY, -0.25, -2.5], promptTokens: 3, generated: '' });
  assert.throws(() => targetFromPromptLogprobs({ choices: [{ text: '', prompt_logprobs: null }] }, prompt, 1), (e: unknown) => e instanceof ScoringUnsupportedError && /prompt_logprobs/.test(e.message));
});

test('text alignment refuses tokens that do not spell the prompt (per-token decoding of a split character), deterministically', () => {
  // vLLM's echo of 'x = "こ"' with "こ" split into two tokens, each decoded on its own.
  const prompt = 'x = "こ"';
  const echo = { choices: [{ text: `${prompt} the`, logprobs: { tokens: ['<|begin_of_text|>', 'x', ' =', ' "', '\uFFFD', '\uFFFD', '"', ' the'], token_logprobs: [null, -1, -1, -1, -1, -1, -1, -0.3], text_offset: [0, 17, 18, 20, 22, 23, 24, 25] } }] };
  assert.throws(() => targetFromEcho(echo, prompt, 4), (e: unknown) => e instanceof ScoringAlignmentError && isDeterministic(e) && /cannot be scored reliably in echo mode/.test(e.message) && /at character 5/.test(e.message));
  // prompt_logprobs: the decoded tokens are longer than the prompt.
  const pl = { choices: [{ prompt_logprobs: [null, { '1': { logprob: -1, decoded_token: 'x' } }, { '2': { logprob: -1, decoded_token: ' = "' } }, { '3': { logprob: -1, decoded_token: '\uFFFD' } }, { '4': { logprob: -1, decoded_token: '\uFFFD' } }, { '5': { logprob: -1, decoded_token: '"' } }] }] };
  assert.throws(() => targetFromPromptLogprobs(pl, prompt, 4), (e: unknown) => e instanceof ScoringAlignmentError && /cannot be scored reliably in prompt_logprobs mode/.test(e.message));
});
