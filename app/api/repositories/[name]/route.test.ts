import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signedInHeaders } from '@/lib/platform/auth/testing';
import { storeTestTrajectory } from '@/lib/4-review/testing';
import { openStudioEnvironment, TEST_STUDIO_URL } from '@/lib/testing/studioEnvironment';

/** DELETE /api/repositories/NAME and GET …/deletion by role: refusals with what to do, the record, the 404 after. */

let env: Awaited<ReturnType<typeof openStudioEnvironment>>;
let db: typeof env.db;
const BASE = TEST_STUDIO_URL;
const NAME = 'route/doomed'; // a name with a slash travels as one encoded segment

before(async () => {
  env = await openStudioEnvironment('repositories_route');
  db = env.db;
  await storeTestTrajectory(db.prisma, { repositoryName: NAME });
});
after(() => env.close());

const params = () => ({ params: Promise.resolve({ name: encodeURIComponent(NAME) }) });
const remove = (headers: Headers, body?: unknown) =>
  new Request(`${BASE}/api/repositories/${encodeURIComponent(NAME)}`, { method: 'DELETE', headers: new Headers([...headers, ['content-type', 'application/json']]), body: body === undefined ? undefined : JSON.stringify(body) });
const preview = async () => {
  const { GET } = await import('./deletion/route');
  return GET(new Request(`${BASE}/api/repositories/${encodeURIComponent(NAME)}/deletion`), params());
};

test('nobody: 401; a viewer: 403; nothing is deleted', async () => {
  const { DELETE } = await import('./route');
  assert.equal((await DELETE(remove(new Headers()), params())).status, 401);
  const viewer = await signedInHeaders('viewer');
  assert.equal((await DELETE(remove(viewer.headers), params())).status, 403);
  assert.equal(await db.prisma.repository.count({ where: { name: NAME } }), 1);
});

test('a reviewer is refused while a synthesis runs, then deletes with the counts they saw; the record names them', async () => {
  const { DELETE } = await import('./route');
  const reviewer = await signedInHeaders('reviewer', { name: 'Rowan Reviewer' });
  const running = await db.prisma.synthesisRun.findFirstOrThrow({ where: { snapshot: { repository: { name: NAME } } } });
  assert.equal(running.status, 'succeeded');
  await db.prisma.synthesisRun.update({ where: { id: running.id }, data: { status: 'running' } });

  const shown = (await (await preview()).json()) as { counts: Record<string, number>; refusal: string; jobs: { kind: string }[] };
  assert.deepEqual(shown.jobs.map((j) => j.kind), ['synthesis']);
  const refused = await DELETE(remove(reviewer.headers, { confirmed: shown.counts }), params());
  assert.equal(refused.status, 409);
  const body = (await refused.json()) as { error: string; preview: { refusal: string } };
  assert.match(body.error, /route\/doomed cannot be deleted while a job works on it: .*running\)\. Wait for it to finish, or cancel it on the jobs page \(\/jobs\)/);
  assert.equal(body.preview.refusal, body.error);
  assert.equal((await DELETE(remove(reviewer.headers, { confirmed: { snapshots: 'one' } }), params())).status, 400);

  await db.prisma.synthesisRun.update({ where: { id: running.id }, data: { status: 'succeeded' } });
  const done = await DELETE(remove(reviewer.headers, { confirmed: shown.counts }), params());
  assert.equal(done.status, 200, await done.clone().text());
  const { deletion } = (await done.json()) as { deletion: { name: string; deletedBy: string; counts: Record<string, number> } };
  assert.deepEqual([deletion.name, deletion.deletedBy], [NAME, 'Rowan Reviewer']);
  assert.deepEqual(deletion.counts, shown.counts);
  assert.equal((await db.prisma.repositoryDeletion.findFirstOrThrow({ where: { name: NAME } })).deletedById, reviewer.person.id);

  const gone = await preview();
  assert.equal(gone.status, 404);
  assert.equal(((await gone.json()) as { deletion: { deletedBy: string } }).deletion.deletedBy, 'Rowan Reviewer');
  const again = await DELETE(remove(reviewer.headers), params());
  assert.equal(again.status, 404);
  assert.match(((await again.json()) as { error: string }).error, /Rowan Reviewer deleted it at/);
});
