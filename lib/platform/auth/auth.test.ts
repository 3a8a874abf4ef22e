import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStudioEnvironment, TEST_STUDIO_URL } from '../../testing/studioEnvironment';
import { auth } from './auth';
import { AuthError, currentUser, requireRole } from './guard';
import { signedInHeaders } from './testing';
import { addPerson, countPeople, listPeople, PeopleError, setPersonRole } from './users';

const STUDIO = TEST_STUDIO_URL;
let env: Awaited<ReturnType<typeof openStudioEnvironment>>;
let db: typeof env.db;

before(async () => {
  env = await openStudioEnvironment('auth');
  db = env.db;
  delete process.env.RETRACE_SIGN_IN_LIMIT;
});
after(() => env.close());

/** A sign-in request as the browser sends it from the studio's page, through better-auth's handler. */
function signInRequest(email: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  return auth().handler(
    new Request(`${STUDIO}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: STUDIO, 'x-forwarded-for': '198.51.100.7', ...headers },
      body: JSON.stringify({ email, password }),
    }),
  );
}

describe('people', () => {
  test('nobody at first; an added person is listed with their role', async () => {
    assert.equal(await countPeople(), 0);
    const ada = await addPerson({ email: ' Ada@Example.COM ', name: 'Ada', role: 'admin', password: 'correct horse battery' });
    assert.equal(ada.email, 'ada@example.com');
    assert.equal(ada.role, 'admin');
    assert.deepEqual((await listPeople()).map((p) => [p.email, p.role]), [['ada@example.com', 'admin']]);
    // better-auth stored a hash, never the password.
    const account = await db.prisma.account.findFirstOrThrow({ where: { userId: ada.id } });
    assert.equal(account.providerId, 'credential');
    assert.ok(account.password && !account.password.includes('correct horse'));
  });

  test('refuses short passwords, unknown roles, bad emails and a second account for one email', async () => {
    await assert.rejects(addPerson({ email: 'b@example.com', name: 'B', role: 'viewer', password: 'short' }), /at least 10/);
    await assert.rejects(addPerson({ email: 'b@example.com', name: 'B', role: 'root', password: 'long enough pw' }), /Unknown role "root"/);
    await assert.rejects(addPerson({ email: 'not-an-email', name: 'B', role: 'viewer', password: 'long enough pw' }), PeopleError);
    await assert.rejects(addPerson({ email: 'ADA@example.com', name: 'Ada 2', role: 'viewer', password: 'long enough pw' }), /already has an account/);
  });

  test('the last admin cannot be demoted; with a second admin they can', async () => {
    await assert.rejects(setPersonRole('ada@example.com', 'reviewer'), /last admin/);
    const bo = await addPerson({ email: 'bo@example.com', name: 'Bo', role: 'reviewer', password: 'long enough pw' });
    assert.equal((await setPersonRole(bo.id, 'admin')).role, 'admin');
    assert.equal((await setPersonRole('ada@example.com', 'reviewer')).role, 'reviewer');
    await assert.rejects(setPersonRole('bo@example.com', 'viewer'), /last admin/);
    await assert.rejects(setPersonRole('nobody@example.com', 'viewer'), /Nobody is signed up/);
    await setPersonRole('ada@example.com', 'admin');
  });
});

describe('the guard', () => {
  test('no session: currentUser is null and requireRole says 401', async () => {
    assert.equal(await currentUser(new Headers()), null);
    await assert.rejects(requireRole(new Headers(), 'viewer'), (err: unknown) => err instanceof AuthError && err.status === 401);
    await assert.rejects(requireRole(new Headers({ cookie: 'better-auth.session_token=forged.value' }), 'viewer'), (err: unknown) => err instanceof AuthError && err.status === 401);
  });

  test('a viewer asking for reviewer gets 403; an admin passes every level', async () => {
    const viewer = await signedInHeaders('viewer');
    assert.equal((await currentUser(viewer.headers))?.role, 'viewer');
    assert.equal((await requireRole(viewer.headers, 'viewer')).id, viewer.person.id);
    await assert.rejects(requireRole(viewer.headers, 'reviewer'), (err: unknown) => err instanceof AuthError && err.status === 403 && /reviewer role/.test(err.message));
    const admin = await signedInHeaders('admin');
    for (const level of ['viewer', 'reviewer', 'admin'] as const) assert.equal((await requireRole(admin.headers, level)).role, 'admin');
  });

  test('a role change applies to the next request of an existing session', async () => {
    const person = await signedInHeaders('reviewer');
    await requireRole(person.headers, 'reviewer');
    await setPersonRole(person.person.email, 'viewer');
    await assert.rejects(requireRole(person.headers, 'reviewer'), (err: unknown) => err instanceof AuthError && err.status === 403);
  });

  test('a change sent from another origin is refused even with a valid session', async () => {
    const admin = await signedInHeaders('admin');
    const foreign = new Headers(admin.headers);
    foreign.set('origin', 'http://127.0.0.1:8080');
    await assert.rejects(requireRole(foreign, 'viewer'), (err: unknown) => err instanceof AuthError && err.status === 403 && /not this studio/.test(err.message));
    const own = new Headers(admin.headers);
    own.set('origin', 'http://localhost:3917');
    assert.equal((await requireRole(own, 'admin')).role, 'admin');
  });
});

describe('signing in over better-auth’s handler', () => {
  test('the right password gives a session cookie; a wrong one is refused with 401', async () => {
    await addPerson({ email: 'cy@example.com', name: 'Cy', role: 'reviewer', password: 'cy password 123' });
    const ok = await signInRequest('cy@example.com', 'cy password 123', { 'x-forwarded-for': '198.51.100.1' });
    assert.equal(ok.status, 200);
    const cookie = ok.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    assert.match(cookie, /better-auth\.session_token=/);
    assert.ok(ok.headers.getSetCookie().every((c) => /HttpOnly/i.test(c) && /SameSite=Lax/i.test(c)));
    assert.equal((await currentUser(new Headers({ cookie })))?.email, 'cy@example.com');
    const wrong = await signInRequest('cy@example.com', 'not the password', { 'x-forwarded-for': '198.51.100.1' });
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { code: string }).code, 'INVALID_EMAIL_OR_PASSWORD');
  });

  test('a sign-in posted from another site is refused (CSRF)', async () => {
    const res = await signInRequest('cy@example.com', 'cy password 123', { origin: 'https://evil.example', 'x-forwarded-for': '198.51.100.2' });
    assert.equal(res.status, 403);
  });

  test('the 6th attempt within a minute from one address is rate limited, with how long to wait', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signInRequest('cy@example.com', `wrong ${i}`, { 'x-forwarded-for': '203.0.113.9' })).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401]);
    const sixth = await signInRequest('cy@example.com', 'cy password 123', { 'x-forwarded-for': '203.0.113.9' });
    assert.equal(sixth.status, 429);
    const wait = Number(sixth.headers.get('X-Retry-After'));
    assert.ok(wait > 0 && wait <= 60, `X-Retry-After ${wait}`);
    // Kept in PostgreSQL, so it holds across restarts and processes.
    assert.ok((await db.prisma.rateLimit.count()) > 0);
    // Another address is not affected.
    assert.equal((await signInRequest('cy@example.com', 'cy password 123', { 'x-forwarded-for': '203.0.113.10' })).status, 200);
  });
});
