import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { authSecret, studioOrigins } from './auth';
import { safeNextPath } from './nextPath';
import { hasRole, isRole, ROLES } from './roles';

test('roles are ordered viewer < reviewer < admin', () => {
  assert.deepEqual([...ROLES], ['viewer', 'reviewer', 'admin']);
  assert.ok(hasRole('admin', 'reviewer') && hasRole('admin', 'admin') && hasRole('reviewer', 'viewer'));
  assert.ok(!hasRole('viewer', 'reviewer') && !hasRole('reviewer', 'admin'));
  assert.ok(!hasRole('root', 'viewer') && !isRole('Admin') && !isRole(undefined));
});

test('the secret is generated once, mode 600, and read back the same', () => {
  const saved = { home: process.env.RETRACE_HOME, secret: process.env.BETTER_AUTH_SECRET };
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-secret-'));
  try {
    process.env.RETRACE_HOME = path.join(home, 'state');
    delete process.env.BETTER_AUTH_SECRET;
    const first = authSecret();
    const file = path.join(home, 'state', 'auth-secret');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.ok(first.length >= 40, 'at least 32 random bytes');
    assert.equal(authSecret(), first);
    assert.equal(fs.readFileSync(file, 'utf8'), first);
    process.env.BETTER_AUTH_SECRET = 'from-the-environment-0123456789abcdef';
    assert.equal(authSecret(), 'from-the-environment-0123456789abcdef');
  } finally {
    if (saved.home === undefined) delete process.env.RETRACE_HOME;
    else process.env.RETRACE_HOME = saved.home;
    if (saved.secret === undefined) delete process.env.BETTER_AUTH_SECRET;
    else process.env.BETTER_AUTH_SECRET = saved.secret;
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('the studio trusts its own origin and the other loopback spelling of it', () => {
  assert.deepEqual(studioOrigins('http://127.0.0.1:3917'), ['http://127.0.0.1:3917', 'http://localhost:3917']);
  assert.deepEqual(studioOrigins('https://retrace.example.org/'), ['https://retrace.example.org']);
  assert.deepEqual(studioOrigins(undefined), []);
  assert.throws(() => studioOrigins('not a url'), /BETTER_AUTH_URL/);
});

test('?next= only leads to a path of this studio', () => {
  assert.equal(safeNextPath('/review?state=pending#top'), '/review?state=pending#top');
  assert.equal(safeNextPath(['/people', '/x']), '/people');
  for (const bad of ['https://evil.example', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'review', '/\u0000x', '', undefined, null, '/sign-in?next=/x']) {
    assert.equal(safeNextPath(bad), '/', String(bad));
  }
  assert.equal(safeNextPath('/a/../b'), '/b');
});
