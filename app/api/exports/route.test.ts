import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { signedInHeaders } from '@/lib/platform/auth/testing';
import { runExport } from '@/lib/5-export/runs/runExport';
import { decide } from '@/lib/4-review/decide';
import { createTestUser, storeTestTrajectory } from '@/lib/4-review/testing';
import { openStudioEnvironment, TEST_STUDIO_URL } from '@/lib/testing/studioEnvironment';

/** POST /api/exports by role, then the files of the finished export through the download route. */

let env: Awaited<ReturnType<typeof openStudioEnvironment>>;
let db: typeof env.db;
let home: string;
const BASE = TEST_STUDIO_URL;

before(async () => {
  env = await openStudioEnvironment('exports_route');
  db = env.db;
  home = env.home;
  const id = await storeTestTrajectory(db.prisma, { repositoryName: 'route-export' });
  const reviewer = await createTestUser(db.prisma, 'Route Reviewer');
  await decide(db.prisma, { trajectoryId: id, expectedVersion: 0, decision: 'approved', reviewerId: reviewer.id });
});
after(() => env.close());

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

test('deleting an export’s files: reviewers only, once; the export stays listed with who deleted them', async () => {
  const { POST } = await import('./route');
  const { DELETE } = await import('./[id]/files/route');
  const { GET: one } = await import('./[id]/route');
  const remove = (headers: Headers, id: string) => DELETE(new Request(`${BASE}/api/exports/${id}/files`, { method: 'DELETE', headers }), { params: Promise.resolve({ id }) });
  const reviewer = await signedInHeaders('reviewer', { name: 'Dana Deleter' });
  const queued = (await (await POST(post(reviewer.headers, { format: 'parquet' }))).json()) as { id: string };
  assert.equal((await remove(reviewer.headers, queued.id)).status, 409, 'a queued export must be cancelled first');
  await runExport(db.prisma, queued.id);
  assert.equal((await download(queued.id, ['README.md'])).status, 200);

  assert.equal((await remove(new Headers(), queued.id)).status, 401);
  const viewer = await signedInHeaders('viewer');
  assert.equal((await remove(viewer.headers, queued.id)).status, 403);
  assert.ok(fs.existsSync(path.join(home, 'exports', queued.id, 'README.md')), 'a refused deletion deletes nothing');

  const done = await remove(reviewer.headers, queued.id);
  assert.equal(done.status, 200, await done.clone().text());
  const view = (await done.json()) as { status: string; files: unknown[]; filesDeletedAt: string; filesDeletedBy: string; summary: { counts: { trajectories: number } } };
  assert.deepEqual([view.status, view.files, view.filesDeletedBy, view.summary.counts.trajectories], ['succeeded', [], 'Dana Deleter', 1]);
  assert.ok(view.filesDeletedAt);
  assert.equal(fs.existsSync(path.join(home, 'exports', queued.id)), false);
  assert.equal((await download(queued.id, ['README.md'])).status, 404);
  const again = await remove(reviewer.headers, queued.id);
  assert.equal(again.status, 409);
  assert.match(((await again.json()) as { error: string }).error, /already deleted this export's files/);
  const listed = (await (await one(new Request(`${BASE}/api/exports/${queued.id}`), { params: Promise.resolve({ id: queued.id }) })).json()) as { filesDeletedBy: string };
  assert.equal(listed.filesDeletedBy, 'Dana Deleter');
  assert.equal((await remove(reviewer.headers, 'not-a-uuid')).status, 404);
  assert.equal((await remove(reviewer.headers, '6f1c1f1e-0000-4000-8000-000000000000')).status, 404);

  // Two people at once: one deletes, the other is told it is done.
  const second = (await (await POST(post(reviewer.headers, {}))).json()) as { id: string };
  await runExport(db.prisma, second.id);
  const other = await signedInHeaders('admin', { name: 'Olli Other' });
  const statuses = (await Promise.all([remove(reviewer.headers, second.id), remove(other.headers, second.id)])).map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 409]);
});
