import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { TS_WITH_CYCLE } from '../2-synthesize/testRepos';
import { startFakeChatClient } from '../platform/llm/testing/fakeChatClient';
import type { FakeOpenAIServer } from '../platform/llm/testing/fakeOpenAIServer';
import type { ChatRequest } from '../platform/llm/types';
import { createLlmProposer, PROPOSER_SYSTEM_PROMPT } from './llmProposer';
import { searchableThinks } from './scoringPrefix';
import { searchTrajectory } from './searchTrajectory';
import { fixture, identifierScorer } from './testing';

const servers: FakeOpenAIServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** The real OpenAI client against the fake OpenAI server on loopback; every call here asks for candidates. */
async function stubClient(answer: (req: ChatRequest, index: number) => string) {
  const fake = await startFakeChatClient(answer, () => 'search-candidates', 'stub-model');
  servers.push(fake.server);
  return Object.assign(fake.client, { requests: fake.requests });
}

test('the LLM proposer asks for K rewrites in one JSON call with the plan entry, outline, current Think and the real file', async () => {
  const { structure, trajectory } = await fixture(TS_WITH_CYCLE);
  const client = await stubClient(() => JSON.stringify({ candidates: ['First version naming `Shape`.', '```ts\nclass Shape {}\n```\nSecond version.', '', 'Third, beyond the count.'] }));
  const proposer = createLlmProposer(client, { seed: 10, structure });
  assert.equal(proposer.provider, 'openai');
  assert.equal(proposer.model, 'stub-model');
  const x = searchableThinks(trajectory).find((s) => s.file === 'src/shape.ts')!;
  const step = trajectory.steps[x.ordinal];
  const target = x.write.action!.content;
  const out = await proposer.propose({ trajectory, step, target, current: 'CURRENT THINK', round: 2, count: 2, seed: 0 });
  assert.deepEqual(out, ['First version naming `Shape`.', 'Second version.'], 'code blocks removed, empty answers dropped, at most count');
  assert.equal(client.requests.length, 1);
  const req = client.requests[0];
  assert.equal(req.purpose, 'search-candidates');
  assert.equal(req.seed, 12, 'seed + round');
  assert.ok(req.jsonSchema, 'structured output');
  assert.equal(req.messages[0].content, PROPOSER_SYSTEM_PROMPT);
  const user = req.messages[1].content;
  assert.match(user, /# File to be written next\nsrc\/shape\.ts/);
  assert.match(user, /# Its plan entry\nPurpose: .+\nNeeds: .+\nKey symbols: Shape, Circle/);
  assert.match(user, /# Its outline\n- export abstract class Shape/);
  assert.match(user, /# Files the engineer has just read\nsrc\/point\.ts\nsrc\/render\.ts/);
  assert.match(user, /# The current reasoning\nCURRENT THINK/);
  assert.ok(user.includes(`<file>\n${target}\n</file>`), 'the real file, for the model only');
  assert.match(user, /Write 2 different improved versions/);
});

test('without options.seed the search seed is used; invalid JSON is asked again once', async () => {
  const { trajectory } = await fixture(TS_WITH_CYCLE);
  const client = await stubClient((_req, i) => (i === 0 ? 'not json' : '{"candidates": ["Fixed."]}'));
  const x = searchableThinks(trajectory)[1];
  const out = await createLlmProposer(client).propose({ trajectory, step: trajectory.steps[x.ordinal], target: x.write.action!.content, current: 'c', round: 1, count: 2, seed: 5 });
  assert.deepEqual(out, ['Fixed.']);
  assert.equal(client.requests.length, 2);
  assert.equal(client.requests[0].seed, 6);
});

test('an LLM candidate that copies the file is rejected by the search', async () => {
  const { structure, trajectory } = await fixture(TS_WITH_CYCLE);
  const files = new Map(structure.files.map((f) => [f.path, f.content]));
  const client = await stubClient((req) => {
    const path = /# File to be written next\n(.+)/.exec(req.messages[1].content)![1];
    const content = files.get(path)!;
    const line = content.split('\n').find((l) => l.trim().length >= 25) ?? '';
    return JSON.stringify({ candidates: [`Copying: ${line.trim()}`, `I will define the names of ${path} carefully.`] });
  });
  const result = await searchTrajectory(trajectory, structure, identifierScorer(), createLlmProposer(client, { structure }), { rounds: 1 });
  const shape = result.steps.find((s) => s.file === 'src/shape.ts')!;
  assert.match(shape.candidates[0].rejectedBecause!, /^leaks the target/);
  assert.equal(shape.candidates[0].nll, null);
  assert.notEqual(shape.candidates[1].nll, null);
});
