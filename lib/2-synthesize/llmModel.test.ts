import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { structureOf } from '../1-ingest/ingest';
import { startFakeChatClient } from '../platform/llm/testing/fakeChatClient';
import type { ChatCompletionRequestBody, FakeOpenAIServer } from '../platform/llm/testing/fakeOpenAIServer';
import type { ChatRequest } from '../platform/llm/types';
import { tempTree } from '../testing/tempTree';
import { checkGrounding } from './grounding';
import { cleanDraft, cleanThink, createLlmModel, DRAFT_SYSTEM_PROMPT } from './llmModel';
import { mainAgentContextOf } from './mainAgentContext';
import { offlinePlanEntry } from './offlineModel';
import { synthesize } from './synthesize';
import { PYTHON_PACKAGE, TS_WITH_CYCLE } from './testRepos';

const servers: FakeOpenAIServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** What a request was for, read back from the wire: the plan asks for JSON, thinks differ by their task. */
function purposeOf(body: ChatCompletionRequestBody): string {
  if (body.response_format) return 'plan';
  if (body.messages[0]?.content === DRAFT_SYSTEM_PROMPT) return 'draft';
  const user = body.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
  return /# Your task\nIn two to four sentences/.test(user) ? 'think-purpose' : 'think-implementation';
}

/** The real OpenAI client against the fake OpenAI server on loopback. */
async function fakeClient(answer: (req: ChatRequest, index: number) => string) {
  const fake = await startFakeChatClient(answer, purposeOf);
  servers.push(fake.server);
  return fake;
}

const userText = (req: ChatRequest) => req.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');

test('the LLM plan is validated and repaired against the real files, and the repair recorded', async () => {
  const structure = await structureOf(tempTree(PYTHON_PACKAGE));
  const plan = {
    requirements: '# Inventory\n\nTracks stock.',
    files: [
      { path: 'inventory/stock.py', purpose: 'Stock levels.', needs: 'models.py: Item', keySymbols: ['Stock', 'Invented'] },
      { path: 'inventory/models.py', purpose: 'Items.', needs: 'nothing', keySymbols: ['Item'] },
      { path: 'inventory/models.py', purpose: 'Dup.', needs: 'nothing', keySymbols: [] },
      { path: 'inventory/__init__.py', purpose: 'Package.', needs: 'Item, Stock', keySymbols: [] },
      { path: 'inventory/report.py', purpose: 'Report.', needs: 'Stock', keySymbols: ['report'] },
      { path: 'inventory/ghost.py', purpose: 'Invented file.', needs: '', keySymbols: [] },
    ],
  };
  const { client, requests } = await fakeClient((req) => (req.purpose === 'plan' ? JSON.stringify(plan) : 'I will write it.'));
  const model = createLlmModel(client, { temperature: 0.5, seed: 7 });
  assert.equal(model.provider, 'openai');
  assert.equal(model.model, 'fake-model');
  assert.equal(model.offline, false);
  assert.equal(model.lastPlanRepair, null);

  const repaired = await model.plan(mainAgentContextOf(structure));
  assert.deepEqual(repaired.files.map((f) => f.path), structure.order);
  assert.deepEqual(model.lastPlanRepair, {
    unknown: ['inventory/ghost.py'],
    duplicates: ['inventory/models.py'],
    missing: ['tests/__init__.py', 'tests/test_stock.py'],
    normalized: [],
    reordered: true,
    unknownSymbols: 1,
    filledFields: 0,
    reasked: false,
  });
  assert.deepEqual(repaired.files[1], { path: 'inventory/stock.py', purpose: 'Stock levels.', needs: 'models.py: Item', keySymbols: ['Stock'] });
  assert.deepEqual(repaired.files[5], offlinePlanEntry(structure, 'tests/test_stock.py'));

  // One plan call (valid JSON, more than half covered), with the structure, the order and the options.
  assert.equal(requests.length, 1);
  const req = requests[0];
  assert.equal(req.purpose, 'plan');
  assert.equal(req.temperature, 0.5);
  assert.equal(req.seed, 7);
  assert.ok(req.jsonSchema, 'structured output was requested');
  assert.match(userText(req), /# Repository structure/);
  assert.match(userText(req), /## Files to plan, in this order \(6\)\n1\. inventory\/models\.py\n2\. inventory\/stock\.py/);
  assert.match(req.messages[0].content, /exactly one entry per file/);
});

test('a plan covering fewer than half of the files is asked again once; invalid JSON is re-asked by chatJson', async () => {
  const structure = await structureOf(tempTree(PYTHON_PACKAGE));
  const partial = { requirements: 'R', files: [{ path: 'inventory/models.py', purpose: 'Items.', needs: '-', keySymbols: ['Item'] }] };
  const fuller = { requirements: 'R', files: structure.order.slice(0, 4).map((p) => ({ path: p, purpose: `About ${p}.`, needs: '-', keySymbols: [] })) };
  const answers = ['not json at all', JSON.stringify(partial), JSON.stringify(fuller)];
  const { client, requests } = await fakeClient((_req, i) => answers[i]);
  const model = createLlmModel(client);
  const plan = await model.plan(mainAgentContextOf(structure));
  assert.equal(requests.length, 3);
  assert.match(requests[2].messages[requests[2].messages.length - 1].content, /covers only 1 of the 6 files/);
  assert.equal(model.lastPlanRepair!.reasked, true);
  assert.deepEqual(model.lastPlanRepair!.missing, ['tests/__init__.py', 'tests/test_stock.py']);
  assert.equal(plan.files[3].purpose, 'About inventory/report.py.');
  assert.equal(requests[0].seed, 0, 'seed defaults to 0');
});

test('think answers are cleaned of code; the sub-agent sees plan, outlines and the real content', async () => {
  const structure = await structureOf(tempTree(TS_WITH_CYCLE));
  const { client, requests } = await fakeClient((req) => {
    if (req.purpose === 'plan') return JSON.stringify({ requirements: '# Shapes', files: structure.order.map((p) => ({ path: p, purpose: `Purpose of ${p}.`, needs: 'See imports.', keySymbols: [] })) });
    if (req.purpose === 'think-purpose') return 'This file is part of the geometry library.';
    if (req.purpose === 'draft') return '```ts\nexport const draft = true;\n```';
    return 'I take distance from point.ts.\n```ts\nexport class Circle {}\n```\n    return Math.PI * this.radius ** 2;\nThen I write the classes.';
  });
  const model = createLlmModel(client, { keepDraft: true });
  const t = await synthesize(structure, model, { concurrency: 3 });
  assert.deepEqual(checkGrounding(structure, t), []);
  assert.equal(t.provider, 'openai');
  assert.equal(t.model, 'fake-model');
  assert.equal(t.offline, false);
  const shape = t.steps.filter((s) => s.file === 'src/shape.ts');
  assert.equal(shape[0].content, 'This file is part of the geometry library.');
  const impl = shape.filter((s) => s.kind === 'think')[1];
  assert.equal(impl.content, 'I take distance from point.ts.\n\nThen I write the classes.');
  const write = shape.find((s) => s.action?.type === 'write')!;
  assert.equal(write.draft, 'export const draft = true;\n');
  assert.equal(write.action!.content, structure.files.find((f) => f.path === 'src/shape.ts')!.content);

  const about = (path: string) => (r: ChatRequest) => userText(r).includes(`# Plan entry for this file\nPath: ${path}\n`) || userText(r).includes(`# Plan entry\nPath: ${path}\n`);
  const implReq = requests.find((r) => r.purpose === 'think-implementation' && about('src/shape.ts')(r))!;
  const text = userText(implReq);
  assert.match(text, /# Plan entry for this file\nPath: src\/shape\.ts\nPurpose: Purpose of src\/shape\.ts\./);
  assert.match(text, /# Outline of src\/shape\.ts/);
  assert.match(text, /## src\/point\.ts\n- export interface Point/);
  assert.match(text, /# The file's actual content[^\n]*\nimport \{ distance, type Point \} from '\.\/point';/);
  // render.ts imports shape.ts, which comes later in the cycle: its plan entry is shown instead.
  const renderReq = requests.find((r) => r.purpose === 'think-purpose' && about('src/render.ts')(r))!;
  assert.match(userText(renderReq), /same dependency cycle, not written yet[^\n]*\nPath: src\/shape\.ts/);
  // The draft request never sees the real content.
  const draftReq = requests.find((r) => r.purpose === 'draft' && about('src/shape.ts')(r))!;
  assert.doesNotMatch(userText(draftReq), /Math\.PI/);
});

test('cleanThink and cleanDraft', () => {
  const content = 'const answer = computeTheAnswer(42, "everything");\n';
  assert.equal(cleanThink('First.\n```js\ncode()\n```\nSecond.', content), 'First.\n\nSecond.');
  assert.equal(cleanThink('- const answer = computeTheAnswer(42, "everything");\n- Then export it.', content), '- Then export it.');
  assert.equal(cleanThink('Unclosed ```python\nx = 1', ''), 'Unclosed');
  assert.equal(cleanDraft('```python\nx = 1\n```'), 'x = 1\n');
  assert.equal(cleanDraft('x = 1\n'), 'x = 1\n');
});

test('an empty think answer falls back to the offline text', async () => {
  const structure = await structureOf(tempTree(PYTHON_PACKAGE));
  const { client } = await fakeClient((req) => (req.purpose === 'plan' ? JSON.stringify({ requirements: 'R', files: [] }) : '```\nonly code\n```'));
  const t = await synthesize(structure, createLlmModel(client));
  assert.deepEqual(checkGrounding(structure, t), []);
  const first = t.steps.find((s) => s.file === 'inventory/models.py' && s.kind === 'think')!;
  assert.match(first.content, /inventory\/models\.py/);
});

test('faults on the wire (429 with Retry-After, 500, a dropped connection, a plan breaking the schema) still end in a grounded trajectory', async () => {
  const structure = await structureOf(tempTree(PYTHON_PACKAGE));
  const { client, server, requests } = await fakeClient((req) =>
    req.purpose === 'plan' ? JSON.stringify({ requirements: '# Inventory', files: structure.order.map((p) => ({ path: p, purpose: `For ${p}.`, needs: '-', keySymbols: [] })) }) : 'Reasoning.',
  );
  server.setScript([
    { kind: 'status', status: 429, retryAfter: 1 },
    { kind: 'content', content: '{"requirements": 42}' },
    { kind: 'status', status: 500 },
    { kind: 'drop' },
  ]);
  const started = Date.now();
  const t = await synthesize(structure, createLlmModel(client), { concurrency: 2 });
  assert.ok(Date.now() - started >= 1000, 'Retry-After was honoured');
  assert.deepEqual(checkGrounding(structure, t), []);
  assert.equal(t.plan.files[0].purpose, `For ${structure.order[0]}.`, 'the plan re-asked after the schema error was used');
  const planRequests = requests.filter((r) => r.purpose === 'plan');
  assert.equal(planRequests.length, 1, 'the responder saw only the re-ask; the broken answer came from the script');
  assert.match(planRequests[0].messages.at(-1)!.content, /requirements/);
  assert.ok(server.statusCounts[429] >= 1 && server.statusCounts[500] >= 1);
});
