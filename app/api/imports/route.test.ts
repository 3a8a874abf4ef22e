import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { signedInHeaders } from '@/lib/auth/testing';
import { freshDatabase } from '@/lib/testing/database';
import { tempTree } from '@/lib/testing/tempTree';

/** POST /api/imports as nobody, a viewer and a reviewer: only the reviewer's import is queued, with who asked. */

let db: Awaited<ReturnType<typeof freshDatabase>>;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-imports-route-'));

before(async () => {
  db = await freshDatabase('imports_route');
  process.env.DATABASE_URL = db.url;
  process.env.RETRACE_HOME = home;
  process.env.BETTER_AUTH_URL = 'http://127.0.0.1:3917';
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
