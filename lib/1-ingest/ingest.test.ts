import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { freshDatabase } from '../testing/database';
import { tarGz } from '../testing/archives';
import { tempTree } from '../testing/tempTree';
import { loadStructure } from '../2-synthesize/runs/loadStructure';
import { ingest } from './ingest';

let db: Awaited<ReturnType<typeof freshDatabase>>;
before(async () => {
  db = await freshDatabase('ingest');
});
after(async () => {
  await db.drop();
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' }).trim();

test('stores files, outlines, edges, imports, skipped paths and order', async () => {
  const root = tempTree({
    'src/app.ts': "import { add } from './math';\nimport React from 'react';\nimport x from './nope';\n\nexport function main() {\n  return add(1, 2);\n}\n",
    'src/math.ts': '/** Adds. */\nexport function add(a: number, b: number) {\n  return a + b;\n}\n',
    'README.md': '# Demo\n',
    'image.bin': new Uint8Array([0, 1, 2]) as unknown as string,
  });
  const summary = await ingest(db.prisma, root, { name: 'demo' });
  assert.equal(summary.created, true);
  assert.deepEqual([summary.files, summary.sourceFiles, summary.edges, summary.external, summary.unresolved, summary.skipped], [3, 2, 1, 1, 1, 1]);

  const snapshot = await db.prisma.snapshot.findUniqueOrThrow({ where: { id: summary.snapshotId }, include: { repository: true } });
  assert.equal(snapshot.status, 'ready');
  assert.equal(snapshot.repository.sourceKind, 'directory');
  assert.deepEqual(snapshot.languages, ['typescript']);
  const files = await db.prisma.file.findMany({ where: { snapshotId: snapshot.id }, orderBy: { path: 'asc' } });
  assert.deepEqual(files.map((f) => [f.path, f.orderIndex]), [['README.md', null], ['src/app.ts', 1], ['src/math.ts', 0]]);
  assert.equal(files[2].content, fs.readFileSync(path.join(root, 'src/math.ts'), 'utf8'));
  const add = await db.prisma.symbol.findFirstOrThrow({ where: { fileId: files[2].id } });
  assert.deepEqual([add.kind, add.name, add.startLine, add.endLine, add.doc], ['function', 'add', 2, 4, 'Adds.']);
  const edge = await db.prisma.edge.findFirstOrThrow({ where: { snapshotId: snapshot.id }, include: { from: true, to: true } });
  assert.deepEqual([edge.from.path, edge.to.path, edge.kind], ['src/app.ts', 'src/math.ts', 'import']);
  const refs = await db.prisma.importRef.findMany({ where: { snapshotId: snapshot.id }, orderBy: { status: 'asc' } });
  assert.deepEqual(refs.map((r) => [r.status, r.specifier]), [['external', 'react'], ['unresolved', './nope']]);
  const skipped = await db.prisma.skippedFile.findMany({ where: { snapshotId: snapshot.id } });
  assert.deepEqual(skipped.map((s) => [s.path, s.reason]), [['image.bin', 'binary file (contains NUL bytes)']]);
});

test('every edge kind is stored and read back as it was found (same-package Go uses included)', async () => {
  const root = tempTree({
    'go.mod': 'module example.com/kinds\n\ngo 1.21\n',
    'server.go': 'package kinds\n\nfunc Serve() *Router {\n\treturn newRouter()\n}\n',
    'router.go': 'package kinds\n\ntype Router struct{}\n\nfunc newRouter() *Router {\n\treturn &Router{}\n}\n',
    'web/app.ts': "import type { T } from './types';\nimport { f } from './lib';\nexport const x: T = f();\n",
    'web/types.ts': 'export type T = number;\n',
    'web/lib.ts': 'export function f() {\n  return 1;\n}\n',
  });
  const summary = await ingest(db.prisma, root, { name: 'kinds' });
  const edges = await db.prisma.edge.findMany({ where: { snapshotId: summary.snapshotId }, include: { from: true, to: true } });
  const stored = edges.map((e) => `${e.from.path} ${e.kind} ${e.to.path}`).sort();
  assert.deepEqual(stored, ['server.go same_package router.go', 'web/app.ts import web/lib.ts', 'web/app.ts type_only web/types.ts']);
  const loaded = await loadStructure(db.prisma, summary.snapshotId);
  assert.deepEqual(loaded.edges.map((e) => `${e.from} ${e.kind} ${e.to}`).sort(), ['server.go same-package router.go', 'web/app.ts import web/lib.ts', 'web/app.ts type-only web/types.ts']);
  assert.ok(loaded.order.indexOf('router.go') < loaded.order.indexOf('server.go'), 'the declaring file comes first');
});

test('ingesting the same commit twice is idempotent; a new commit makes a new snapshot', async () => {
  const work = tempTree({ 'main.py': 'import util\n', 'util.py': 'X = 1\n' });
  git(work, 'init', '-q');
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'one');
  const bare = path.join(tempTree({}), 'proj.git');
  git(work, 'clone', '-q', '--bare', work, bare);
  const url = `file://${bare}`;

  const first = await ingest(db.prisma, url);
  const again = await ingest(db.prisma, url);
  assert.equal(first.name, 'proj');
  assert.equal(first.created, true);
  assert.equal(again.created, false);
  assert.equal(again.snapshotId, first.snapshotId);
  assert.equal(first.commitSha, git(work, 'rev-parse', 'HEAD'));

  fs.writeFileSync(path.join(work, 'util.py'), 'X = 2\n');
  git(work, 'commit', '-qam', 'two');
  git(work, 'push', '-q', bare, 'HEAD:main');
  const second = await ingest(db.prisma, url);
  assert.equal(second.created, true);
  assert.notEqual(second.snapshotId, first.snapshotId);
  assert.equal(second.commitSha, git(work, 'rev-parse', 'HEAD'));
  const snapshots = await db.prisma.snapshot.count({ where: { repository: { name: 'proj' } } });
  assert.equal(snapshots, 2);
});

test('a Python package imports itself by its own name from a folder, a clone or an archive, not the temp folder’s', async () => {
  const packageFiles = { '__init__.py': '', 'a.py': 'from mypkg import b\n', 'b.py': 'X = 1\n' };
  const folder = path.join(tempTree(Object.fromEntries(Object.entries(packageFiles).map(([p, text]) => [`mypkg/${p}`, text]))), 'mypkg');
  const work = tempTree(packageFiles);
  git(work, 'init', '-q');
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'one');
  const bare = path.join(tempTree({}), 'mypkg.git');
  git(work, 'clone', '-q', '--bare', work, bare);
  const archives = tempTree({
    'mypkg.tar.gz': tarGz(Object.entries(packageFiles).map(([p, content]) => ({ path: p, content }))),
    'mypkg-1.0.tar.gz': tarGz(Object.entries(packageFiles).map(([p, content]) => ({ path: `mypkg/${p}`, content }))),
  });
  const sources = { folder, clone: `file://${bare}`, flat: path.join(archives, 'mypkg.tar.gz'), nested: path.join(archives, 'mypkg-1.0.tar.gz') };
  for (const [kind, source] of Object.entries(sources)) {
    const summary = await ingest(db.prisma, source, { name: `self-${kind}` });
    const loaded = await loadStructure(db.prisma, summary.snapshotId);
    assert.deepEqual(loaded.edges.map((e) => `${e.from} -> ${e.to}`), ['a.py -> b.py'], kind);
    assert.deepEqual(loaded.external, [], kind);
  }
});

test('two ingests of the same content at once store one snapshot', async () => {
  const root = tempTree({ 'a.py': 'import b\n', 'b.py': '' });
  const [x, y] = await Promise.all([ingest(db.prisma, root, { name: 'race' }), ingest(db.prisma, root, { name: 'race' })]);
  assert.equal(x.snapshotId, y.snapshotId);
  assert.equal([x.created, y.created].filter(Boolean).length, 1);
  assert.equal(await db.prisma.snapshot.count({ where: { repository: { name: 'race' } } }), 1);
});

test('a bad source fails clearly and stores nothing', async () => {
  await assert.rejects(ingest(db.prisma, '/does/not/exist', { name: 'ghost' }), /No such folder, archive or git URL/);
  assert.equal(await db.prisma.repository.count({ where: { name: 'ghost' } }), 0);
});

test('the same content under another name is stored, and the summary says which repository already holds it', async () => {
  const dir = tempTree({ 'x.py': 'X = 1\n', 'y.py': 'from x import X\n' });
  const first = await ingest(db.prisma, dir, { name: 'dup-first' });
  assert.equal(first.duplicateOf, null);
  const second = await ingest(db.prisma, dir, { name: 'dup-second' });
  assert.equal(second.created, true);
  assert.equal(second.duplicateOf, 'dup-first');
  const again = await ingest(db.prisma, dir, { name: 'dup-first' });
  assert.equal(again.created, false);
  assert.equal(again.duplicateOf, 'dup-second', 'the other repository with this content');
});
