import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { signedInHeaders } from '@/lib/auth/testing';
import { runExport } from '@/lib/exportRuns/runExport';
import { decide } from '@/lib/review/decide';
import { createTestUser, storeTestTrajectory } from '@/lib/review/testing';
import { freshDatabase } from '@/lib/testing/database';

/** POST /api/exports by role, then the files of the finished export through the download route. */

let db: Awaited<ReturnType<typeof freshDatabase>>;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-exports-route-'));
const BASE = 'http://127.0.0.1:3917';

before(async () => {
  db = await freshDatabase('exports_route');
  process.env.DATABASE_URL = db.url;
  process.env.RETRACE_HOME = home;
  process.env.BETTER_AUTH_URL = BASE;
  const id = await storeTestTrajectory(db.prisma, { repositoryName: 'route-export' });
  const reviewer = await createTestUser(db.prisma, 'Route Reviewer');
  await decide(db.prisma, { trajectoryId: id, expectedVersion: 0, decision: 'approved', reviewerId: reviewer.id });
});
after(async () => {
  const { webBoss } = await import('@/lib/jobs/webBoss');
  const { prisma } = await import('@/lib/db/client');
  const boss = (globalThis as { retraceBoss?: unknown }).retraceBoss ? await webBoss() : null;
  await boss?.stop({ graceful: false, wait: true, timeout: 5000 });
  await prisma().$disconnect();
  await db.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

const post = (headers: Headers, body: unknown) =>
  new Request(`${BASE}/api/exports`, { method: 'POST', headers: new Headers([...headers, ['content-type', 'application/json']]), body: JSON.stringify(body) });

const download = async (id: string, name: string[]) => {
  const { GET } = await import('./[id]/files/[...name]/route');
  return GET(new Request(`${BASE}/api/exports/${id}/files/${name.join('/')}`), { params: Promise.resolve({ id, name }) });
};

test('nobody: 401; a viewer: 403; bad options: 400 with what to fix; nothing is recorded', async () => {
  const { POST } = await import('./route');
  assert.equal((await POST(post(new Headers(), {}))).status, 401);
  const viewer = await signedInHeaders('viewer');
  const refused = await POST(post(viewer.headers, {}));
  assert.equal(refused.status, 403);
  const reviewer = await signedInHeaders('reviewer');
  const bad = await POST(post(reviewer.headers, { format: 'csv' }));
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: string }).error, /The format takes jsonl or parquet/);
  const notObject = await POST(post(reviewer.headers, ['jsonl']));
  assert.equal(notObject.status, 400);
  assert.equal(await db.prisma.exportRun.count(), 0);
});

test('a reviewer’s export is queued with who asked; once run, its files download and nothing else does', async () => {
  const { POST, GET: list } = await import('./route');
  const { GET: one } = await import('./[id]/route');
  const reviewer = await signedInHeaders('reviewer');
  const res = await POST(post(reviewer.headers, { atif: true, format: 'jsonl' }));
  assert.equal(res.status, 202, await res.clone().text());
  const queued = (await res.json()) as { id: string; status: string };
  assert.equal(queued.status, 'queued');
  assert.equal((await db.prisma.exportRun.findUniqueOrThrow({ where: { id: queued.id } })).requestedById, reviewer.person.id);
  assert.equal((await download(queued.id, ['README.md'])).status, 404, 'nothing to download before it succeeded');

  await runExport(db.prisma, queued.id);
  const state = (await (await one(new Request(`${BASE}/api/exports/${queued.id}`), { params: Promise.resolve({ id: queued.id }) })).json()) as { status: string; files: { name: string }[] };
  assert.equal(state.status, 'succeeded');
  const atif = state.files.find((f) => f.name.startsWith('atif/'))!.name;
  assert.ok(((await (await list()).json()) as { id: string }[]).some((r) => r.id === queued.id));

  const card = await download(queued.id, ['README.md']);
  assert.equal(card.status, 200);
  assert.equal(card.headers.get('content-type'), 'text/markdown; charset=utf-8');
  assert.equal(card.headers.get('content-disposition'), `attachment; filename="README.md"; filename*=UTF-8''README.md`);
  assert.equal(card.headers.get('x-content-type-options'), 'nosniff');
  assert.match(await card.text(), /route-export/);
  const shard = await download(queued.id, ['data-00000.jsonl']);
  assert.equal(shard.headers.get('content-type'), 'application/x-ndjson');
  const row = JSON.parse((await shard.text()).split('\n')[0]) as { input_ids: number[]; labels: number[] };
  assert.equal(row.input_ids.length, row.labels.length);
  const atifFile = await download(queued.id, atif.split('/'));
  assert.equal(atifFile.status, 200);
  assert.match(atifFile.headers.get('content-disposition') ?? '', /filename="atif-[0-9a-f-]+\.json"/);

  fs.writeFileSync(path.join(home, 'outside.txt'), 'secret');
  for (const name of [['..', 'outside.txt'], ['..', '..', 'auth-secret'], ['atif', '..', 'README.md'], ['atif'], ['nope.json'], ['README.md', 'x']]) {
    assert.equal((await download(queued.id, name)).status, 404, name.join('/'));
  }
  assert.equal((await download('not-a-uuid', ['README.md'])).status, 404);
});
