import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { freshDatabase } from '../testing/database';

const MAIN = path.resolve('lib/cli/main.ts');
let db: Awaited<ReturnType<typeof freshDatabase>>;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-users-'));

/** Runs `retrace ARGS` against this file's database, with `input` on stdin. */
function retrace(args: string[], input = '') {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, DATABASE_URL: db.url, RETRACE_HOME: home },
    timeout: 120_000,
  });
}

before(async () => {
  db = await freshDatabase('users_cli');
});
after(async () => {
  await db.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

test('users list says how to add the first admin when nobody exists', () => {
  const r = retrace(['users', 'list']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /users add you@example\.com --name 'Your Name' --role admin/);
});

test('users add reads the password from stdin; better-auth stores only its hash', async () => {
  const r = retrace(['users', 'add', 'First@Example.com', '--name', 'First Admin', '--role', 'admin', '--password-stdin'], 'a long password\n');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Added first@example\.com \(First Admin\) as admin/);
  const account = await db.prisma.account.findFirstOrThrow({ where: { user: { email: 'first@example.com' } } });
  assert.ok(account.password && account.password !== 'a long password');
});

test('users add refuses a short password, a missing role and an existing email', () => {
  const short = retrace(['users', 'add', 'v@example.com', '--name', 'V', '--role', 'viewer'], 'short\n');
  assert.equal(short.status, 1);
  assert.match(short.stderr, /at least 10 characters/);
  const noRole = retrace(['users', 'add', 'v@example.com', '--name', 'V'], 'long enough password\n');
  assert.equal(noRole.status, 2);
  assert.match(noRole.stderr, /Give a role: --role viewer\|reviewer\|admin/);
  const again = retrace(['users', 'add', 'first@example.com', '--name', 'Again', '--role', 'viewer'], 'long enough password\n');
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already has an account/);
});

test('users set-role changes a role, refuses to demote the last admin, and users list --json shows it', () => {
  assert.equal(retrace(['users', 'add', 'rev@example.com', '--name', 'Rev', '--role', 'reviewer'], 'long enough password').status, 0);
  const last = retrace(['users', 'set-role', 'first@example.com', 'viewer']);
  assert.equal(last.status, 1);
  assert.match(last.stderr, /last admin/);
  const promoted = retrace(['users', 'set-role', 'rev@example.com', 'admin']);
  assert.equal(promoted.status, 0, promoted.stderr);
  assert.match(promoted.stdout, /rev@example\.com is now admin/);
  const bad = retrace(['users', 'set-role', 'rev@example.com', 'owner']);
  assert.match(bad.stderr, /Unknown role "owner"/);
  const list = retrace(['users', 'list', '--json']);
  assert.equal(list.status, 0, list.stderr);
  const users = (JSON.parse(list.stdout) as { users: { email: string; role: string }[] }).users;
  assert.deepEqual(users.map((u) => [u.email, u.role]), [['first@example.com', 'admin'], ['rev@example.com', 'admin']]);
});

test('users reset-password sets a new hash from stdin; users remove takes a person out of the list, recorded as the command line', async () => {
  assert.equal(retrace(['users', 'add', 'gone@example.com', '--name', 'Gone', '--role', 'viewer'], 'first password 1').status, 0);
  const before = (await db.prisma.account.findFirstOrThrow({ where: { user: { email: 'gone@example.com' } } })).password;
  const short = retrace(['users', 'reset-password', 'gone@example.com', '--password-stdin'], 'short\n');
  assert.equal(short.status, 1);
  assert.match(short.stderr, /at least 10 characters/);
  const reset = retrace(['users', 'reset-password', 'gone@example.com', '--password-stdin'], 'second password 2\n');
  assert.equal(reset.status, 0, reset.stderr);
  assert.match(reset.stdout, /New password set for gone@example\.com; every session of theirs ended/);
  assert.notEqual((await db.prisma.account.findFirstOrThrow({ where: { user: { email: 'gone@example.com' } } })).password, before);

  const removed = retrace(['users', 'remove', 'gone@example.com']);
  assert.equal(removed.status, 0, removed.stderr);
  assert.match(removed.stdout, /Removed gone@example\.com: signed out everywhere/);
  assert.doesNotMatch(retrace(['users', 'list']).stdout, /gone@example\.com/);
  const kinds = await db.prisma.personChange.findMany({ where: { person: { email: 'gone@example.com' } }, orderBy: { createdAt: 'asc' }, select: { kind: true, changedById: true } });
  assert.deepEqual(kinds, [{ kind: 'added', changedById: null }, { kind: 'password_reset', changedById: null }, { kind: 'removed', changedById: null }]);
  assert.match(retrace(['users', 'remove', 'gone@example.com']).stderr, /was removed on/);
  // Two admins (the test above promoted rev): one may go, not the other.
  assert.equal(retrace(['users', 'remove', 'first@example.com']).status, 0);
  assert.match(retrace(['users', 'remove', 'rev@example.com']).stderr, /rev@example\.com is the last admin/);
});
