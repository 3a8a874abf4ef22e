import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signedInHeaders } from '@/lib/platform/auth/testing';
import { openStudioEnvironment } from '@/lib/testing/studioEnvironment';
import { tempTree } from '@/lib/testing/tempTree';

/** POST /api/imports as nobody, a viewer and a reviewer: only the reviewer's import is queued, with who asked. */

let env: Awaited<ReturnType<typeof openStudioEnvironment>>;
let db: typeof env.db;

before(async () => {
  env = await openStudioEnvironment('imports_route');
  db = env.db;
});
after(() => env.close());

const importRequest = (headers: Headers, source: string) =>
  new Request('http://127.0.0.1:3917/api/imports', {
    method: 'POST',
    headers: new Headers([...headers, ['content-type', 'application/json']]),
    body: JSON.stringify({ kind: 'path', source, name: 'route-import' }),
  });

test('nobody signed in: 401; a viewer: 403; nothing is recorded', async () => {
  const { POST } = await import('./route');
  const folder = tempTree({ 'a.ts': 'export const a = 1;\n' });
  const anonymous = await POST(importRequest(new Headers(), folder));
  assert.equal(anonymous.status, 401);
  const viewer = await signedInHeaders('viewer');
  const refused = await POST(importRequest(viewer.headers, folder));
  assert.equal(refused.status, 403);
  assert.match(((await refused.json()) as { error: string }).error, /reviewer role/);
  assert.equal(await db.prisma.importRun.count(), 0);
});

test('a reviewer’s import is queued and records who asked', async () => {
  const { POST } = await import('./route');
  const reviewer = await signedInHeaders('reviewer');
  const folder = tempTree({ 'a.ts': 'export const a = 1;\n' });
  const res = await POST(importRequest(reviewer.headers, folder));
  assert.equal(res.status, 202, await res.clone().text());
  const run = await db.prisma.importRun.findFirstOrThrow();
  assert.equal(run.requestedById, reviewer.person.id);
});
