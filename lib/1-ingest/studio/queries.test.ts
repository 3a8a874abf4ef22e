import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PrismaClient } from '@prisma/client';
import { freshDatabase } from '../../testing/database';
import {
  InvalidFilePathError,
  countImports,
  getFile,
  getRepository,
  listFiles,
  listSkipped,
  pickSnapshot,
  validateFilePath,
} from './queries';
import { listRepositories, normalizeListOptions } from './repositoryList';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let prisma: PrismaClient;
/** alpha's latest ready snapshot and its older one. */
let alphaNew: string;
let alphaOld: string;
let betaSnap: string;

const SECRET = 'THE-CONTENT-OF-INDEX-TS';

async function addRepository(name: string, source: string, createdAt: Date) {
  return prisma.repository.create({ data: { name, source, sourceKind: 'directory', createdAt } });
}

async function addSnapshot(repositoryId: string, data: { status?: 'ready' | 'ingesting' | 'failed'; createdAt: Date; commitSha?: string; languages?: string[]; fileCount?: number; lineCount?: number }) {
  const s = await prisma.snapshot.create({
    data: {
      repositoryId,
      contentHash: `hash-${Math.random()}`,
      status: data.status ?? 'ready',
      createdAt: data.createdAt,
      commitSha: data.commitSha ?? null,
      languages: data.languages ?? [],
      fileCount: data.fileCount ?? 0,
      lineCount: data.lineCount ?? 0,
    },
  });
  return s.id;
}

async function addFile(snapshotId: string, path: string, extra: { language?: string | null; content?: string; orderIndex?: number | null; inCycle?: boolean } = {}) {
  const content = extra.content ?? `// ${path}\n`;
  return prisma.file.create({
    data: {
      snapshotId,
      path,
      language: extra.language ?? null,
      bytes: Buffer.byteLength(content),
      lines: content.split('\n').length - 1,
      sha256: 'x',
      content,
      orderIndex: extra.orderIndex ?? null,
      inCycle: extra.inCycle ?? false,
    },
  });
}

const day = (n: number) => new Date(Date.UTC(2026, 0, n));

before(async () => {
  db = await freshDatabase('studio_queries');
  prisma = db.prisma;

  const alpha = await addRepository('alpha', '/src/alpha', day(1));
  alphaOld = await addSnapshot(alpha.id, { createdAt: day(2), commitSha: 'a'.repeat(40), languages: ['python'], fileCount: 1, lineCount: 10 });
  alphaNew = await addSnapshot(alpha.id, { createdAt: day(3), commitSha: 'b'.repeat(40), languages: ['typescript', 'python'], fileCount: 3, lineCount: 300 });
  // A newer ingest still running: status follows it, figures stay those of the ready one.
  await addSnapshot(alpha.id, { status: 'ingesting', createdAt: day(4) });

  const beta = await addRepository('Beta', 'https://example.com/beta.git', day(2));
  betaSnap = await addSnapshot(beta.id, { createdAt: day(3), commitSha: 'c'.repeat(40), languages: ['go'], fileCount: 7, lineCount: 50 });

  await addRepository('gamma_100%', '/src/gamma', day(3)); // no snapshot at all
  const delta = await addRepository('delta', '/src/delta', day(4));
  await addSnapshot(delta.id, { status: 'failed', createdAt: day(5) });

  // Files of alpha's latest snapshot.
  const index = await addFile(alphaNew, 'src/index.ts', { language: 'typescript', content: `import { util } from './util';\n// ${SECRET}\n`, orderIndex: 2 });
  const util = await addFile(alphaNew, 'src/util.ts', { language: 'typescript', orderIndex: 0, inCycle: true });
  const helper = await addFile(alphaNew, 'src/helper.ts', { language: 'typescript', orderIndex: 1, inCycle: true });
  await addFile(alphaNew, 'README.md');
  await prisma.symbol.createMany({
    data: [
      { fileId: index.id, ordinal: 1, kind: 'method', name: 'run', parent: 'App', signature: 'run(): void', startLine: 5, endLine: 7 },
      { fileId: index.id, ordinal: 0, kind: 'class', name: 'App', signature: 'class App', startLine: 3, endLine: 9, doc: 'The app.' },
    ],
  });
  await prisma.edge.createMany({
    data: [
      { snapshotId: alphaNew, fromId: index.id, toId: util.id, kind: 'import', specifier: './util', line: 1 },
      { snapshotId: alphaNew, fromId: util.id, toId: helper.id, kind: 'type_only', specifier: './helper', line: 1 },
      { snapshotId: alphaNew, fromId: helper.id, toId: util.id, kind: 'import', specifier: './util', line: 2 },
    ],
  });
  await prisma.importRef.createMany({
    data: [
      { snapshotId: alphaNew, fromId: index.id, status: 'unresolved', specifier: './missing', reason: 'no file ./missing.ts', line: 3 },
      { snapshotId: alphaNew, fromId: index.id, status: 'external', specifier: 'react', line: 2 },
    ],
  });
  await prisma.skippedFile.createMany({
    data: [
      { snapshotId: alphaNew, path: 'node_modules/', reason: 'vendored dependencies (node_modules)' },
      { snapshotId: alphaNew, path: 'big.bin', reason: 'binary file' },
    ],
  });
  // The same path in another snapshot: lookups must never cross snapshots.
  await addFile(betaSnap, 'src/only-in-beta.go', { language: 'go' });
  await addFile(alphaOld, 'src/index.ts', { language: 'typescript', content: 'old content\n' });
});

after(async () => {
  await db?.drop();
});

describe('listRepositories', () => {
  test('sorts by name (case-insensitive) by default, with the latest ready snapshot figures', async () => {
    const page = await listRepositories(prisma);
    assert.deepEqual(
      page.rows.map((r) => r.name),
      ['alpha', 'Beta', 'delta', 'gamma_100%'],
    );
    assert.equal(page.total, 4);
    assert.equal(page.sort, 'name');
    assert.equal(page.dir, 'asc');
    const alpha = page.rows[0];
    assert.equal(alpha.snapshotId, alphaNew);
    assert.equal(alpha.commitSha, 'b'.repeat(40));
    assert.deepEqual(alpha.languages, ['typescript', 'python']);
    assert.equal(alpha.fileCount, 3);
    assert.equal(alpha.lineCount, 300);
    assert.equal(alpha.status, 'ingesting');
    assert.equal(alpha.source, '/src/alpha');
    assert.equal(alpha.sourceKind, 'directory');
    const gamma = page.rows[3];
    assert.equal(gamma.status, 'empty');
    assert.equal(gamma.snapshotId, null);
    assert.equal(gamma.fileCount, 0);
    assert.deepEqual(gamma.languages, []);
    assert.equal(page.rows[2].status, 'failed');
  });

  test('shows the latest synthesis run over all snapshots and counts complete trajectories; sorts by them', async () => {
    const run = (snapshotId: string, status: 'succeeded' | 'running', provider: string, createdAt: Date) =>
      prisma.synthesisRun.create({ data: { snapshotId, provider, model: provider === 'offline' ? 'offline-v1' : 'qwen', config: {}, configHash: `h-${Math.random()}`, status, createdAt } });
    const oldRun = await run(alphaOld, 'succeeded', 'offline', day(3));
    await prisma.trajectory.create({ data: { runId: oldRun.id, complete: true, requirements: '', stepCount: 0, tokenCount: 0, reviewState: 'approved' } });
    const newer = await run(alphaNew, 'running', 'openai', day(5));
    await prisma.trajectory.create({ data: { runId: newer.id, complete: false, requirements: '', stepCount: 0, tokenCount: 0 } });
    try {
      const page = await listRepositories(prisma);
      const alpha = page.rows.find((r) => r.name === 'alpha')!;
      assert.equal(alpha.latestRun?.id, newer.id);
      assert.equal(alpha.latestRun?.status, 'running');
      assert.equal(alpha.latestRun?.provider, 'openai');
      assert.equal(alpha.trajectoryCount, 1, 'the incomplete trajectory is not counted');
      assert.deepEqual(alpha.reviews, { pending: 0, approved: 1, rejected: 0, needsResynthesis: 0 });
      const beta = page.rows.find((r) => r.name === 'Beta')!;
      assert.equal(beta.latestRun, null);
      assert.equal(beta.trajectoryCount, 0);
      assert.equal((await listRepositories(prisma, { sort: 'trajectories', dir: 'desc' })).rows[0].name, 'alpha');
      assert.equal((await listRepositories(prisma, { sort: 'run', dir: 'asc' })).rows[0].name, 'alpha', 'repositories without runs sort last');
    } finally {
      await prisma.synthesisRun.deleteMany({ where: { id: { in: [oldRun.id, newer.id] } } });
    }
  });

  test('sorts descending and by numeric columns, empty values last', async () => {
    const desc = await listRepositories(prisma, { sort: 'name', dir: 'desc' });
    assert.deepEqual(
      desc.rows.map((r) => r.name),
      ['gamma_100%', 'delta', 'Beta', 'alpha'],
    );
    const files = await listRepositories(prisma, { sort: 'files', dir: 'desc' });
    assert.deepEqual(
      files.rows.map((r) => r.name).slice(0, 2),
      ['Beta', 'alpha'],
    );
    const lines = await listRepositories(prisma, { sort: 'lines', dir: 'asc' });
    assert.deepEqual(
      lines.rows.map((r) => r.name).slice(0, 2),
      ['Beta', 'alpha'],
    );
    const commitDesc = await listRepositories(prisma, { sort: 'commit', dir: 'desc' });
    assert.deepEqual(
      commitDesc.rows.map((r) => r.name),
      ['Beta', 'alpha', 'delta', 'gamma_100%'],
    );
    const created = await listRepositories(prisma, { sort: 'created', dir: 'desc' });
    assert.equal(created.rows[0].name, 'delta');
  });

  test('unknown sort keys and directions fall back to name ascending', async () => {
    const page = await listRepositories(prisma, { sort: 'name; DROP TABLE "Repository"', dir: 'sideways' });
    assert.equal(page.sort, 'name');
    assert.equal(page.dir, 'asc');
    assert.equal(page.rows[0].name, 'alpha');
    assert.equal(await prisma.repository.count(), 4);
  });

  test('filters by name, source or language, case-insensitively; LIKE wildcards are literal', async () => {
    assert.deepEqual(
      (await listRepositories(prisma, { q: 'BETA' })).rows.map((r) => r.name),
      ['Beta'],
    );
    assert.deepEqual(
      (await listRepositories(prisma, { q: 'example.com' })).rows.map((r) => r.name),
      ['Beta'],
    );
    assert.deepEqual(
      (await listRepositories(prisma, { q: 'python' })).rows.map((r) => r.name),
      ['alpha'],
    );
    assert.deepEqual(
      (await listRepositories(prisma, { q: '100%' })).rows.map((r) => r.name),
      ['gamma_100%'],
    );
    assert.deepEqual(
      (await listRepositories(prisma, { q: '_' })).rows.map((r) => r.name),
      ['gamma_100%'],
    );
    const none = await listRepositories(prisma, { q: 'nothing-like-this' });
    assert.equal(none.total, 0);
    assert.deepEqual(none.rows, []);
    assert.equal(none.page, 1);
    assert.equal(none.pageCount, 1);
  });

  test('paginates in SQL and clamps pages past the end', async () => {
    const first = await listRepositories(prisma, { pageSize: 3, page: 1 });
    assert.deepEqual(
      first.rows.map((r) => r.name),
      ['alpha', 'Beta', 'delta'],
    );
    assert.equal(first.total, 4);
    assert.equal(first.pageCount, 2);
    const second = await listRepositories(prisma, { pageSize: '3', page: '2' });
    assert.deepEqual(
      second.rows.map((r) => r.name),
      ['gamma_100%'],
    );
    const past = await listRepositories(prisma, { pageSize: 3, page: 99 });
    assert.equal(past.page, 2);
    assert.deepEqual(
      past.rows.map((r) => r.name),
      ['gamma_100%'],
    );
  });

  test('normalizes request values', () => {
    assert.deepEqual(normalizeListOptions({ page: '-1', pageSize: '100000', q: '  x\0y  ' }), { sort: 'name', dir: 'asc', q: 'xy', page: 1, pageSize: 100 });
    assert.equal(normalizeListOptions({ page: '2abc' }).page, 1);
    assert.equal(normalizeListOptions({ page: 0 }).page, 1);
    assert.equal(normalizeListOptions({ q: 'x'.repeat(500) }).q.length, 200);
  });
});

describe('getRepository', () => {
  test('returns the repository with its snapshots newest first and skipped counts', async () => {
    const repo = await getRepository(prisma, 'alpha');
    assert.ok(repo);
    assert.equal(repo.snapshots.length, 3);
    assert.deepEqual(
      repo.snapshots.map((s) => s.status),
      ['ingesting', 'ready', 'ready'],
    );
    assert.equal(repo.snapshots[1].id, alphaNew);
    assert.equal(repo.snapshots[1].skippedCount, 2);
    assert.equal(typeof repo.snapshots[1].byteCount, 'number');
  });

  test('unknown or odd names give null', async () => {
    assert.equal(await getRepository(prisma, 'nope'), null);
    assert.equal(await getRepository(prisma, ''), null);
    assert.equal(await getRepository(prisma, 'a\0b'), null);
  });

  test('pickSnapshot defaults to the latest ready one and only accepts snapshots of the repository', async () => {
    const repo = (await getRepository(prisma, 'alpha'))!;
    assert.equal(pickSnapshot(repo)?.id, alphaNew);
    assert.equal(pickSnapshot(repo, alphaOld)?.id, alphaOld);
    assert.equal(pickSnapshot(repo, alphaOld.toUpperCase())?.id, alphaOld);
    assert.equal(pickSnapshot(repo, betaSnap), null);
    assert.equal(pickSnapshot(repo, 'not-a-uuid'), null);
    const gamma = (await getRepository(prisma, 'gamma_100%'))!;
    assert.equal(pickSnapshot(gamma), null);
    const delta = (await getRepository(prisma, 'delta'))!;
    assert.equal(pickSnapshot(delta)?.status, 'failed');
  });

  test('countImports counts external and unresolved imports', async () => {
    assert.deepEqual(await countImports(prisma, alphaNew), { external: 1, unresolved: 1 });
    assert.deepEqual(await countImports(prisma, 'bad'), { external: 0, unresolved: 0 });
  });
});

describe('files', () => {
  test('listFiles lists by path without content', async () => {
    const files = await listFiles(prisma, alphaNew);
    assert.deepEqual(
      files.map((f) => f.path),
      ['README.md', 'src/helper.ts', 'src/index.ts', 'src/util.ts'],
    );
    for (const f of files) assert.equal('content' in f, false);
    assert.equal(JSON.stringify(files).includes(SECRET), false);
    const util = files.find((f) => f.path === 'src/util.ts')!;
    assert.deepEqual(Object.keys(util).sort(), ['bytes', 'inCycle', 'language', 'lines', 'orderIndex', 'path', 'syntaxErrors']);
    assert.equal(util.inCycle, true);
    assert.equal(util.orderIndex, 0);
    assert.deepEqual(await listFiles(prisma, 'not-a-uuid'), []);
  });

  test('getFile returns content, ordered outline, edges both ways and imports', async () => {
    const file = await getFile(prisma, alphaNew, 'src/index.ts');
    assert.ok(file);
    assert.ok(file.content.includes(SECRET));
    assert.deepEqual(
      file.symbols.map((s) => [s.ordinal, s.name, s.parent]),
      [
        [0, 'App', null],
        [1, 'run', 'App'],
      ],
    );
    assert.equal(file.symbols[0].doc, 'The app.');
    assert.deepEqual(file.outgoing, [{ path: 'src/util.ts', kind: 'import', specifier: './util', line: 1 }]);
    assert.deepEqual(file.incoming, []);
    assert.deepEqual(file.imports, [
      { status: 'external', specifier: 'react', reason: null, line: 2 },
      { status: 'unresolved', specifier: './missing', reason: 'no file ./missing.ts', line: 3 },
    ]);
    const util = (await getFile(prisma, alphaNew, 'src/util.ts'))!;
    assert.deepEqual(
      util.incoming.map((e) => [e.path, e.kind]),
      [
        ['src/helper.ts', 'import'],
        ['src/index.ts', 'import'],
      ],
    );
    assert.deepEqual(
      util.outgoing.map((e) => [e.path, e.kind]),
      [['src/helper.ts', 'type_only']],
    );
  });

  test('getFile looks the path up only within the given snapshot', async () => {
    assert.equal((await getFile(prisma, alphaOld, 'src/index.ts'))?.content, 'old content\n');
    assert.equal(await getFile(prisma, alphaNew, 'src/only-in-beta.go'), null);
    assert.equal(await getFile(prisma, alphaNew, 'src/nope.ts'), null);
    assert.equal(await getFile(prisma, 'not-a-uuid', 'src/index.ts'), null);
  });

  test('getFile gives null for traversal and malformed paths', async () => {
    for (const bad of ['../../etc/passwd', 'src/../src/index.ts', '/etc/passwd', '/src/index.ts', './src/index.ts', 'src\\..\\..\\x', 'src/index.ts\0', '', 'a'.repeat(4097), 42, null, ['src/index.ts']]) {
      assert.equal(await getFile(prisma, alphaNew, bad), null, `path ${JSON.stringify(bad)}`);
    }
  });

  test('validateFilePath throws a clear error', () => {
    assert.equal(validateFilePath('src/index.ts'), 'src/index.ts');
    assert.equal(validateFilePath('a..b/c..'), 'a..b/c..');
    assert.throws(() => validateFilePath('../../etc/passwd'), (err: unknown) => err instanceof InvalidFilePathError && /'\.\.' segments/.test(err.message));
    assert.throws(() => validateFilePath('/etc/passwd'), /relative to the repository root/);
    assert.throws(() => validateFilePath('C:/x'), /relative to the repository root/);
    assert.throws(() => validateFilePath('a\0b'), /NUL/);
    assert.throws(() => validateFilePath('x'.repeat(4097)), /longer than 4096/);
    assert.throws(() => validateFilePath(''), /empty/);
    assert.throws(() => validateFilePath(['a']), /single string/);
  });

  test('listSkipped lists skipped paths with reasons', async () => {
    assert.deepEqual(await listSkipped(prisma, alphaNew), [
      { path: 'big.bin', reason: 'binary file' },
      { path: 'node_modules/', reason: 'vendored dependencies (node_modules)' },
    ]);
    assert.deepEqual(await listSkipped(prisma, betaSnap), []);
  });
});
