import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sessionCookie, signedInHeaders } from '@/lib/platform/auth/testing';
import { openStudioEnvironment, TEST_STUDIO_URL } from '@/lib/testing/studioEnvironment';

/** DELETE /api/people/ID and POST /api/people/ID/password: admins only, with the refusals they explain. */

let env: Awaited<ReturnType<typeof openStudioEnvironment>>;
let db: typeof env.db;
const BASE = TEST_STUDIO_URL;

before(async () => {
  env = await openStudioEnvironment('people_route');
  db = env.db;
});
after(() => env.close());

const call = (method: 'DELETE' | 'POST', url: string, headers: Headers, body?: unknown) =>
  new Request(`${BASE}${url}`, { method, headers: new Headers([...headers, ['content-type', 'application/json']]), body: body === undefined ? undefined : JSON.stringify(body) });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

test('a reviewer may neither remove people nor reset passwords; an admin may, but not remove themselves', async () => {
  const { DELETE } = await import('./route');
  const { POST } = await import('./password/route');
  const admin = await signedInHeaders('admin');
  const reviewer = await signedInHeaders('reviewer', { password: 'reviewer pw 1' });
  const target = await signedInHeaders('viewer', { password: 'viewer pw 1' });

  assert.equal((await DELETE(call('DELETE', `/api/people/${target.person.id}`, reviewer.headers), params(target.person.id))).status, 403);
  assert.equal((await POST(call('POST', `/api/people/${target.person.id}/password`, reviewer.headers, { password: 'hijacked password' }), params(target.person.id))).status, 403);

  const short = await POST(call('POST', `/api/people/${target.person.id}/password`, admin.headers, { password: 'short' }), params(target.person.id));
  assert.equal(short.status, 400);
  assert.match(((await short.json()) as { error: string }).error, /at least 10 characters/);
  const reset = await POST(call('POST', `/api/people/${target.person.id}/password`, admin.headers, { password: 'a new viewer pw' }), params(target.person.id));
  assert.equal(reset.status, 200);
  await assert.rejects(sessionCookie(target.person.email, 'viewer pw 1'));
  await sessionCookie(target.person.email, 'a new viewer pw');

  const self = await DELETE(call('DELETE', `/api/people/${admin.person.id}`, admin.headers), params(admin.person.id));
  assert.equal(self.status, 409);
  assert.match(((await self.json()) as { error: string }).error, /cannot remove yourself/);
  const removed = await DELETE(call('DELETE', `/api/people/${reviewer.person.id}`, admin.headers), params(reviewer.person.id));
  assert.equal(removed.status, 200);
  // The removed reviewer's own session no longer passes the guard.
  assert.equal((await DELETE(call('DELETE', `/api/people/${target.person.id}`, reviewer.headers), params(target.person.id))).status, 401);
  assert.equal((await DELETE(call('DELETE', '/api/people/nobody', admin.headers), params('nobody'))).status, 404);
});
