import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContextTooSmallError, DEFAULT_CONTEXT_TOKENS, DEFAULT_MAX_SCORING_PREFIX_CHARS, generationBudgets, PROMPT_OVERHEAD_TOKENS, scoringPrefixBudget } from './budgets';

/** Every generation request's prompt budget plus its max_tokens stays inside the context. */
function assertFits(contextTokens: number) {
  const b = generationBudgets(contextTokens);
  const plan = PROMPT_OVERHEAD_TOKENS + b.plan.structureTokens + b.plan.maxFiles * 12 + b.plan.maxTokens;
  assert.ok(plan <= contextTokens, `plan: ${plan} of ${contextTokens}`);
  const think = PROMPT_OVERHEAD_TOKENS + (b.subAgent.maxFileChars + b.subAgent.maxDependencyChars) / 3 + b.think.implementationMaxTokens;
  assert.ok(think <= contextTokens, `think: ${think} of ${contextTokens}`);
  const proposer = PROMPT_OVERHEAD_TOKENS + b.proposer.maxTargetChars / 3 + b.proposer.maxTokens;
  assert.ok(proposer <= contextTokens, `proposer: ${proposer} of ${contextTokens}`);
  return b;
}

test('a 1k-context model: everything small, but every request fits', () => {
  const b = assertFits(1024);
  assert.deepEqual(b.plan, { structureTokens: 153, maxTokens: 256, maxFiles: 5 });
  assert.equal(b.assumed, false);
  assert.ok(b.think.implementationMaxTokens < 100 && b.subAgent.maxFileChars < 1000);
});

test('an 8k-context model: the plan asks for 3,840 tokens, not 16,384', () => {
  const b = assertFits(8192);
  assert.deepEqual(b.plan, { structureTokens: 2304, maxTokens: 3840, maxFiles: 76 });
  assert.equal(b.think.implementationMaxTokens, 900);
  assert.equal(b.subAgent.maxFileChars, 11_187);
});

test('a 128k-context model: the caps (the old fixed values)', () => {
  const b = assertFits(131_072);
  assert.deepEqual(b.plan, { structureTokens: 6000, maxTokens: 16_384, maxFiles: 300 });
  assert.deepEqual(b.think, { purposeMaxTokens: 600, implementationMaxTokens: 900, draftMaxTokens: 8192 });
  assert.deepEqual(b.subAgent, { maxFileChars: 24_000, maxDependencyChars: 12_000 });
  assert.deepEqual(b.proposer, { maxTokens: 4000, maxTargetChars: 24_000 });
});

test('unknown context: a sensible default, said to be assumed; too small: refused with what to do', () => {
  const b = generationBudgets(null);
  assert.equal(b.contextTokens, DEFAULT_CONTEXT_TOKENS);
  assert.equal(b.assumed, true);
  assert.ok(b.plan.maxTokens <= 16_384 && b.plan.maxTokens < DEFAULT_CONTEXT_TOKENS / 2);
  assert.throws(() => generationBudgets(256), (e: unknown) => e instanceof ContextTooSmallError && /RETRACE_LLM_CONTEXT/.test(e.message));
});

test('scoring prefix: what the context leaves after the target, in characters, capped; a target that alone does not fit is said so', () => {
  assert.deepEqual(scoringPrefixBudget(null, 5000), { fits: true, maxPrefixTokens: Number.POSITIVE_INFINITY, maxPrefixChars: DEFAULT_MAX_SCORING_PREFIX_CHARS });
  assert.deepEqual(scoringPrefixBudget(1024, 300), { fits: true, maxPrefixTokens: 723, maxPrefixChars: 2169 });
  assert.deepEqual(scoringPrefixBudget(8192, 2000), { fits: true, maxPrefixTokens: 6191, maxPrefixChars: 18_573 });
  assert.equal((scoringPrefixBudget(131_072, 2000) as { maxPrefixChars: number }).maxPrefixChars, DEFAULT_MAX_SCORING_PREFIX_CHARS);
  const tooBig = scoringPrefixBudget(1024, 1000);
  assert.equal(tooBig.fits, false);
  assert.match((tooBig as { reason: string }).reason, /the file alone is 1,000 tokens: with a prefix it does not fit the scoring model's context of 1,024 tokens/);
});
