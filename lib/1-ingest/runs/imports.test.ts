import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type PgBoss from 'pg-boss';
import { openBoss } from '../../platform/jobs/queue';
import { importQueue } from '../../platform/jobs/queues';
import { tarGz } from '../../testing/archives';
import { freshDatabase } from '../../testing/database';
import { tempTree } from '../../testing/tempTree';
import { getImportRun, listImportRuns } from './importRuns';
import { checkImportRequest, ImportRequestError, requestImport } from './requestImport';
import { runImport } from './runImport';
import { saveUpload, UploadError, uploadFileName } from './saveUpload';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let boss: PgBoss;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-imports-'));

before(async () => {
  process.env.RETRACE_HOME = home;
  db = await freshDatabase('imports');
  boss = await openBoss(db.url);
});
after(async () => {
  await boss.stop({ graceful: false, wait: true, timeout: 5000 });
  await db.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

const repo = () => tempTree({ 'src/a.ts': "import { b } from './b';\nexport const a = b + 1;\n", 'src/b.ts': 'export const b = 1;\n' });
const body = (bytes: Uint8Array) => new Blob([new Uint8Array(bytes)]).stream() as unknown as import('node:stream/web').ReadableStream<Uint8Array>;

describe('checking a request', () => {
  test('refuses relative, missing and non-archive paths, bad URLs and bad names with what to do', () => {
    const plain = tempTree({ 'notes.txt': 'hi' });
    const cases: [Parameters<typeof checkImportRequest>[0], RegExp][] = [
      [{ kind: 'path', source: 'relative/dir' }, /absolute path/],
      [{ kind: 'path', source: path.join(plain, 'missing') }, /No folder or archive/],
      [{ kind: 'path', source: path.join(plain, 'notes.txt') }, /neither a folder nor/],
      [{ kind: 'git', source: 'not a url' }, /not a git URL/],
      [{ kind: 'git', source: 'https://example.com/x.git', name: 'a\0b' }, /without NUL/],
    ];
    for (const [request, message] of cases) assert.throws(() => checkImportRequest(request), (err: Error) => err instanceof ImportRequestError && message.test(err.message));
    assert.doesNotThrow(() => checkImportRequest({ kind: 'path', source: plain }));
    assert.doesNotThrow(() => checkImportRequest({ kind: 'git', source: 'git@github.com:owner/project.git' }));
  });

  test('an upload needs an archive file name; only the base name is kept', () => {
    assert.equal(uploadFileName('../../etc/project.tar.gz'), 'project.tar.gz');
    assert.equal(uploadFileName('C:\\Users\\me\\repo.ZIP'), 'repo.ZIP');
    assert.throws(() => uploadFileName('repo.rar'), UploadError);
    assert.throws(() => uploadFileName(null), /no file name/);
  });
});

describe('saving an upload', () => {
  test('streams the body to RETRACE_HOME/uploads under a name of our own', async () => {
    const saved = await saveUpload(body(new Uint8Array([1, 2, 3])), 'x.tgz');
    assert.equal(path.dirname(saved.path), path.join(home, 'uploads'));
    assert.match(path.basename(saved.path), /^[0-9a-f-]{36}\.tgz$/);
    assert.deepEqual([...fs.readFileSync(saved.path)], [1, 2, 3]);
  });

  test('over the limit: refused, and the partial file is removed', async () => {
    const before = fs.readdirSync(path.join(home, 'uploads')).length;
    await assert.rejects(saveUpload(body(new Uint8Array(5000)), 'big.zip', 1000), /larger than the upload limit of 1000 bytes/);
    assert.equal(fs.readdirSync(path.join(home, 'uploads')).length, before);
    await assert.rejects(saveUpload(body(new Uint8Array(0)), 'empty.zip'), /empty/);
    await assert.rejects(saveUpload(null, 'none.zip'), /empty/);
  });
});

describe('running imports', () => {
  test('a folder: queued with a job, then ingested with progress and the repository recorded', async () => {
    const dir = repo();
    const queued = await requestImport(db.prisma, boss, { kind: 'path', source: dir, name: 'imported-folder' });
    assert.equal(queued.status, 'queued');
    assert.ok(queued.jobId);
    const job = await boss.getJobById(importQueue.name, queued.jobId!);
    assert.deepEqual(job?.data, { importRunId: queued.id });

    await runImport(db.prisma, queued.id);
    const done = await getImportRun(db.prisma, queued.id);
    assert.equal(done?.status, 'succeeded');
    assert.equal(done?.repositoryName, 'imported-folder');
    assert.equal(done?.created, true);
    const snapshot = await db.prisma.snapshot.findUnique({ where: { id: done!.snapshotId! }, include: { repository: true } });
    assert.equal(snapshot?.fileCount, 2);
    assert.equal(snapshot?.repository.source, dir);
    // Running the finished import again changes nothing.
    await runImport(db.prisma, queued.id);
    assert.equal((await getImportRun(db.prisma, queued.id))?.finishedAt?.getTime(), done?.finishedAt?.getTime());
  });

  test('an upload: ingested under the archive name, recorded by its original name, and the file removed', async () => {
    const archive = tarGz([
      { path: 'proj/src/a.py', content: 'from .b import x\n' },
      { path: 'proj/src/b.py', content: 'x = 1\n' },
      { path: 'proj/src/__init__.py', content: '' },
    ]);
    const saved = await saveUpload(body(archive), 'my-project.tar.gz');
    const queued = await requestImport(db.prisma, boss, { kind: 'upload', fileName: 'my-project.tar.gz', uploadPath: saved.path });
    await runImport(db.prisma, queued.id);
    const done = await getImportRun(db.prisma, queued.id);
    assert.equal(done?.status, 'succeeded', done?.error ?? '');
    assert.equal(done?.repositoryName, 'my-project');
    const repository = await db.prisma.repository.findUnique({ where: { name: 'my-project' } });
    assert.equal(repository?.source, 'my-project.tar.gz');
    assert.equal(fs.existsSync(saved.path), false);
    assert.equal('uploadPath' in done!, false, 'the path on disk is not shown to the browser');
  });

  test('a broken archive fails with the reader’s message on the last attempt and its file is removed', async () => {
    const saved = await saveUpload(body(new TextEncoder().encode('this is not gzip')), 'broken.tar.gz');
    const queued = await requestImport(db.prisma, boss, { kind: 'upload', fileName: 'broken.tar.gz', uploadPath: saved.path });
    // First attempt: back to queued for the retry, file kept.
    await assert.rejects(runImport(db.prisma, queued.id));
    let state = await getImportRun(db.prisma, queued.id);
    assert.equal(state?.status, 'queued');
    assert.match(state?.error ?? '', /attempt 1 of 2 failed, retrying/);
    assert.equal(fs.existsSync(saved.path), true);
    // Last attempt: failed, file gone.
    await assert.rejects(runImport(db.prisma, queued.id));
    state = await getImportRun(db.prisma, queued.id);
    assert.equal(state?.status, 'failed');
    assert.ok(state?.error && state.error.length > 10, state?.error ?? '');
    assert.equal(fs.existsSync(saved.path), false);
  });

  test('the list shows the newest first; an unknown or invalid id gives null', async () => {
    const list = await listImportRuns(db.prisma);
    assert.ok(list.length >= 3);
    assert.ok(list[0].createdAt >= list[1].createdAt);
    assert.equal(await getImportRun(db.prisma, 'not-a-uuid'), null);
    assert.equal(await getImportRun(db.prisma, '00000000-0000-4000-8000-000000000000'), null);
  });
});
