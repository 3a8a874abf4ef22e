import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PrismaClient } from '@prisma/client';
import { freshDatabase } from '../../testing/database';
import { getSnapshotGraph } from './graphQueries';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let prisma: PrismaClient;
let snap: string;
let other: string;
let empty: string;

async function addFile(snapshotId: string, path: string, extra: { language?: string | null; lines?: number; orderIndex?: number | null; inCycle?: boolean; component?: number | null } = {}) {
  return prisma.file.create({
    data: {
      snapshotId,
      path,
      language: extra.language ?? null,
      bytes: 10,
      lines: extra.lines ?? 1,
      sha256: 'x',
      content: `// ${path}\n`,
      orderIndex: extra.orderIndex ?? null,
      inCycle: extra.inCycle ?? false,
      component: extra.component ?? null,
    },
  });
}

before(async () => {
  db = await freshDatabase('graph_queries');
  prisma = db.prisma;
  const repo = await prisma.repository.create({ data: { name: 'g', source: '/g', sourceKind: 'directory' } });
  const mk = async (hash: string) => (await prisma.snapshot.create({ data: { repositoryId: repo.id, contentHash: hash, status: 'ready' } })).id;
  snap = await mk('a');
  other = await mk('b');
  empty = await mk('c');

  const main = await addFile(snap, 'src/main.ts', { language: 'typescript', lines: 40, orderIndex: 3, component: 2 });
  const a = await addFile(snap, 'src/a.ts', { language: 'typescript', lines: 12, orderIndex: 0, inCycle: true, component: 0 });
  const b = await addFile(snap, 'src/b.ts', { language: 'typescript', lines: 7, orderIndex: 1, inCycle: true, component: 0 });
  const types = await addFile(snap, 'src/types.ts', { language: 'typescript', lines: 3, orderIndex: 2, component: 1 });
  await addFile(snap, 'README.md', { lines: 5 });
  await prisma.edge.createMany({
    data: [
      // Two imports of the same file, one type-only: one edge, a value import.
      { snapshotId: snap, fromId: main.id, toId: a.id, kind: 'type_only', specifier: './a', line: 1 },
      { snapshotId: snap, fromId: main.id, toId: a.id, kind: 'import', specifier: './a.ts', line: 2 },
      // Only type-only imports: a type-only edge.
      { snapshotId: snap, fromId: main.id, toId: types.id, kind: 'type_only', specifier: './types', line: 3 },
      { snapshotId: snap, fromId: main.id, toId: types.id, kind: 'type_only', specifier: './types.js', line: 4 },
      { snapshotId: snap, fromId: a.id, toId: b.id, kind: 'import', specifier: './b', line: 1 },
      { snapshotId: snap, fromId: b.id, toId: a.id, kind: 'import', specifier: './a', line: 1 },
      // A file importing itself is no edge of the graph.
      { snapshotId: snap, fromId: b.id, toId: b.id, kind: 'import', specifier: './b', line: 2 },
    ],
  });
  // Another snapshot's files and edges never show.
  const x = await addFile(other, 'src/main.ts', { language: 'typescript' });
  const y = await addFile(other, 'src/a.ts', { language: 'typescript' });
  await prisma.edge.create({ data: { snapshotId: other, fromId: y.id, toId: x.id, kind: 'import', specifier: './main', line: 1 } });
});

after(async () => {
  await db?.drop();
});

describe('getSnapshotGraph', () => {
  test('returns every file of the snapshot with its order facts, by path', async () => {
    const g = await getSnapshotGraph(prisma, snap);
    assert.ok(g);
    assert.equal(g.snapshotId, snap);
    assert.equal(g.status, 'ready');
    assert.deepEqual(
      g.files.map((f) => f.path),
      ['README.md', 'src/a.ts', 'src/b.ts', 'src/main.ts', 'src/types.ts'],
    );
    assert.deepEqual(g.files[1], { path: 'src/a.ts', language: 'typescript', lines: 12, orderIndex: 0, inCycle: true, component: 0 });
    assert.deepEqual(g.files[0], { path: 'README.md', language: null, lines: 5, orderIndex: null, inCycle: false, component: null });
  });

  test('gives one edge per pair of files, type-only only when every import is, without self-loops', async () => {
    const g = await getSnapshotGraph(prisma, snap);
    assert.deepEqual(g?.edges, [
      { fromPath: 'src/a.ts', toPath: 'src/b.ts', kind: 'import' },
      { fromPath: 'src/b.ts', toPath: 'src/a.ts', kind: 'import' },
      { fromPath: 'src/main.ts', toPath: 'src/a.ts', kind: 'import' },
      { fromPath: 'src/main.ts', toPath: 'src/types.ts', kind: 'type_only' },
    ]);
  });

  test('keeps snapshots apart', async () => {
    const g = await getSnapshotGraph(prisma, other);
    assert.deepEqual(
      g?.files.map((f) => f.path),
      ['src/a.ts', 'src/main.ts'],
    );
    assert.deepEqual(g?.edges, [{ fromPath: 'src/a.ts', toPath: 'src/main.ts', kind: 'import' }]);
  });

  test('an empty snapshot has an empty graph; invalid or unknown ids give null', async () => {
    assert.deepEqual(await getSnapshotGraph(prisma, empty), { snapshotId: empty, status: 'ready', files: [], edges: [] });
    assert.equal(await getSnapshotGraph(prisma, snap.toUpperCase()).then((g) => g?.snapshotId), snap);
    assert.equal(await getSnapshotGraph(prisma, 'not-a-uuid'), null);
    assert.equal(await getSnapshotGraph(prisma, '00000000-0000-4000-8000-000000000000'), null);
  });
});
