import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { PrismaClient } from '@prisma/client';
import { prismaCallRecorder } from '../../platform/llm/callRecorder';
import { addFakeCompletions, COMPLETIONS_PATH } from '../../platform/llm/testing/fakeCompletions';
import { type FakeOpenAIServer, startFakeOpenAIServer } from '../../platform/llm/testing/fakeOpenAIServer';
import type { RepoStructure } from '../../1-ingest/structure/extractStructure';
import { freshDatabase } from '../../testing/database';
import { createNgramScorer } from './ngramScorer';
import { buildOfflineScorer } from './offlineScorer';
import { createOpenAIScorer, scoringConfigFromEnv, scoringRequestHash } from './openaiScorer';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let server: FakeOpenAIServer;
before(async () => {
  db = await freshDatabase('scoring');
  server = await startFakeOpenAIServer();
  addFakeCompletions(server);
});
after(async () => {
  await server.close();
  await db.drop();
});

test('Postgres call record: purpose score; an identical score is answered from LlmCall without HTTP', async () => {
  const config = scoringConfigFromEnv({}, { baseUrl: server.baseUrl, model: 'rec-scorer', apiKey: 'sk-secret', backoffBaseMs: 5 });
  const prefix = 'Think: it parses the outline.\n';
  const target = 'export const outline = parse(source);\n';
  const first = await createOpenAIScorer(config, prismaCallRecorder(db.prisma)).scoreDetailed(prefix, target);
  assert.equal(first.fromRecord, false);
  const rows = await db.prisma.llmCall.findMany();
  assert.equal(rows.length, 1);
  const [row] = rows;
  assert.deepEqual([row.provider, row.baseUrl, row.model, row.purpose], ['openai', server.baseUrl, 'rec-scorer', 'score']);
  assert.equal(row.requestHash, scoringRequestHash(server.baseUrl, 'rec-scorer', 'echo', prefix, target));
  assert.deepEqual(row.request, { model: 'rec-scorer', prompt: prefix + target, max_tokens: 1, echo: true, logprobs: 1, temperature: 0 });
  assert.ok(!JSON.stringify(row).includes('sk-secret'), 'the key is not recorded');
  assert.deepEqual((row.response as { tokens: string[] }).tokens, first.tokens);

  // A new scorer (a resumed run) gets the recorded answer.
  const again = await createOpenAIScorer(config, prismaCallRecorder(db.prisma)).scoreDetailed(prefix, target);
  assert.equal(again.fromRecord, true);
  assert.deepEqual([again.tokens, again.logprobs], [first.tokens, first.logprobs]);
  assert.equal(server.requestsTo(COMPLETIONS_PATH).length, 1);
});

const FILES_A: Record<string, string> = {
  'src/outline.ts': 'export interface OutlineNode {\n  name: string;\n  line: number;\n}\n\nexport function parseOutline(source: string): OutlineNode[] {\n  return source.split("\\n").map((name, line) => ({ name, line }));\n}\n',
  'src/render.ts': 'import { type OutlineNode } from "./outline";\n\nexport function renderOutline(nodes: OutlineNode[]): string {\n  return nodes.map((n) => `${n.line}: ${n.name}`).join("\\n");\n}\n',
  'src/index.ts': 'export { parseOutline } from "./outline";\nexport { renderOutline } from "./render";\n',
};
const FILES_B: Record<string, string> = {
  'lib/stack.py': 'class Stack:\n    def __init__(self):\n        self.items = []\n\n    def push(self, item):\n        self.items.append(item)\n\n    def pop(self):\n        return self.items.pop()\n',
  'lib/queue.py': 'from collections import deque\n\n\nclass Queue:\n    def __init__(self):\n        self.items = deque()\n\n    def put(self, item):\n        self.items.append(item)\n',
  'README.md': '# B\n',
};
const FILES_C: Record<string, string> = {
  'main.go': 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello")\n}\n',
};

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

async function addRepository(prisma: PrismaClient, name: string, files: Record<string, string>, status: 'ready' | 'failed' = 'ready') {
  const repository = await prisma.repository.upsert({ where: { name }, create: { name, source: `/src/${name}`, sourceKind: 'directory' }, update: {} });
  const snapshot = await prisma.snapshot.create({
    data: { repositoryId: repository.id, contentHash: sha(name + status + JSON.stringify(files)), status, languages: [] },
  });
  await prisma.file.createMany({
    data: Object.entries(files).map(([path, content]) => ({
      snapshotId: snapshot.id,
      path,
      language: path.endsWith('.md') ? null : path.endsWith('.py') ? 'python' : path.endsWith('.go') ? 'go' : 'typescript',
      bytes: Buffer.byteLength(content),
      lines: content.split('\n').length,
      sha256: sha(content),
      content,
    })),
  });
  return repository.id;
}

function structureOf(files: Record<string, string>): RepoStructure {
  return {
    files: Object.entries(files).map(([path, content]) => ({ path, language: 'typescript' as const, bytes: content.length, lines: 1, sha256: sha(content), content, symbols: [], syntaxErrors: 0 })),
    edges: [],
    external: [],
    unresolved: [],
    cycles: [],
    order: Object.keys(files),
    skipped: [],
  };
}

test('offline scorer: trained on the other repositories\' latest ready snapshots, never on the one scored', async () => {
  const prisma = db.prisma;
  const a = await addRepository(prisma, 'repo-a', FILES_A);
  // Only repo A so far: the fallback is its own files, left out one at a time.
  const alone = await buildOfflineScorer({ prisma, excludeRepositoryId: a });
  assert.equal(alone.corpus.source, 'same-repository');
  assert.equal(alone.offline, true);
  assert.equal(alone.provider, 'offline');
  assert.equal(alone.inCorpus(FILES_A['src/outline.ts']), true);
  const target = FILES_A['src/outline.ts'];
  const othersOnly = createNgramScorer([FILES_A['src/index.ts'], FILES_A['src/render.ts']]);
  assert.deepEqual(alone.scoreSync('Think: parseOutline', target), othersOnly.scoreSync('Think: parseOutline', target));

  await addRepository(prisma, 'repo-b', { 'lib/old.py': 'x = 1\n' });
  await addRepository(prisma, 'repo-b', FILES_B);
  await addRepository(prisma, 'repo-b', { 'lib/broken.py': 'def (\n' }, 'failed');
  await addRepository(prisma, 'repo-c', FILES_C);
  const scorer = await buildOfflineScorer({ prisma, structure: structureOf(FILES_A), excludeRepositoryId: a });
  assert.equal(scorer.corpus.source, 'other-repositories');
  assert.equal(scorer.corpus.repositories, 2);
  assert.equal(scorer.corpus.files, 3, 'source files of B (latest ready snapshot) and C; README left out');
  assert.equal(scorer.inCorpus(FILES_B['lib/stack.py']), true);
  assert.equal(scorer.inCorpus(FILES_C['main.go']), true);
  assert.equal(scorer.inCorpus('x = 1\n'), false, 'an older snapshot of B is not used');
  assert.equal(scorer.inCorpus('def (\n'), false, 'a failed snapshot is not used');
  assert.equal(scorer.inCorpus(target), false, 'the scored repository is left out');
  // Deterministic: the same database gives the same corpus and scores.
  const again = await buildOfflineScorer({ prisma, excludeRepositoryId: a });
  assert.equal(again.corpus.fingerprint, scorer.corpus.fingerprint);
  assert.deepEqual(again.scoreSync('Think: parseOutline', target), scorer.scoreSync('Think: parseOutline', target));
  // The token cap bounds the training set.
  const capped = await buildOfflineScorer({ prisma, excludeRepositoryId: a, maxTrainingTokens: 40 });
  assert.ok(capped.training.tokens <= 40);
});

test('offline scorer without a database: the structure\'s files, leave-one-out; with nothing, an untrained model', async () => {
  const scorer = await buildOfflineScorer({ prisma: null, structure: structureOf(FILES_A), excludeRepositoryId: null });
  assert.equal(scorer.corpus.source, 'same-repository');
  assert.equal(scorer.corpus.files, 3);
  const target = FILES_A['src/render.ts'];
  assert.deepEqual(scorer.scoreSync('', target), createNgramScorer([FILES_A['src/index.ts'], FILES_A['src/outline.ts']]).scoreSync('', target));
  const bare = await buildOfflineScorer({ prisma: null, excludeRepositoryId: null });
  assert.equal(bare.corpus.source, 'none');
  assert.ok(bare.scoreSync('renderOutline', target).logprobs.every(Number.isFinite));
});
