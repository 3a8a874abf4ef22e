import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decide } from '../../4-review/decide';
import { storeTestTrajectory } from '../../4-review/testing';
import { openStudioEnvironment } from '../../testing/studioEnvironment';
import { currentUser } from './guard';
import { listPersonChanges } from './personChanges';
import { removePerson, resetPassword } from './peopleAdmin';
import { sessionCookie, signedInHeaders } from './testing';
import { addPerson, countPeople, listPeople, PeopleError, setPersonRole } from './users';

/** Removing people and resetting passwords over the real better-auth and PostgreSQL. */

let env: Awaited<ReturnType<typeof openStudioEnvironment>>;
let db: typeof env.db;

before(async () => {
  env = await openStudioEnvironment('people_admin');
  db = env.db;
});
after(() => env.close());

const refused = (status: number, message: RegExp) => (err: unknown) => err instanceof PeopleError && err.status === status && message.test(err.message);
const signsIn = (email: string, password: string) => sessionCookie(email, password).then(
  () => true,
  () => false,
);

describe('removing a person', () => {
  test('ends their sessions and sign-ins, keeps their reviews with their name, and is recorded', async () => {
    const admin = await signedInHeaders('admin', { name: 'Ada Admin' });
    const reviewer = await signedInHeaders('reviewer', { name: 'Rae Reviewer', password: 'rae password 1' });
    const trajectoryId = await storeTestTrajectory(db.prisma, { repositoryName: 'reviewed' });
    await decide(db.prisma, { trajectoryId, expectedVersion: 0, decision: 'approved', reviewerId: reviewer.person.id });
    assert.equal((await currentUser(reviewer.headers))?.id, reviewer.person.id);

    const removed = await removePerson(reviewer.person.email, admin.person.id);
    assert.equal(removed.id, reviewer.person.id);
    assert.equal(await currentUser(reviewer.headers), null, 'their open session ended');
    assert.equal(await db.prisma.session.count({ where: { userId: reviewer.person.id } }), 0);
    assert.equal(await db.prisma.account.count({ where: { userId: reviewer.person.id } }), 0, 'no password left');
    assert.equal(await signsIn(reviewer.person.email, 'rae password 1'), false);
    assert.ok(!(await listPeople()).some((p) => p.id === reviewer.person.id));
    // The review and who made it stay.
    const review = await db.prisma.review.findFirstOrThrow({ where: { trajectoryId }, include: { reviewer: true } });
    assert.deepEqual([review.reviewerId, review.reviewer.name], [reviewer.person.id, 'Rae Reviewer']);
    assert.equal((await db.prisma.trajectory.findUniqueOrThrow({ where: { id: trajectoryId } })).reviewedById, reviewer.person.id);
    const [change] = await listPersonChanges(1);
    assert.deepEqual([change.kind, change.person.email, change.changedBy, change.detail], ['removed', reviewer.person.email, 'Ada Admin', 'was reviewer']);
    const row = await db.prisma.user.findUniqueOrThrow({ where: { id: reviewer.person.id } });
    assert.equal(row.removedById, admin.person.id);

    await assert.rejects(removePerson(reviewer.person.id, admin.person.id), refused(409, /was removed on/));
    await assert.rejects(setPersonRole(reviewer.person.email, 'admin'), refused(409, /was removed on/));
    await assert.rejects(resetPassword(reviewer.person.email, 'another password', admin.person.id), refused(409, /was removed on/));
  });

  test('adding a removed address brings the same account back, with its reviews', async () => {
    const [row] = await db.prisma.user.findMany({ where: { removedAt: { not: null } } });
    const back = await addPerson({ email: row.email, name: 'Rae Again', role: 'viewer', password: 'rae password 2' });
    assert.equal(back.id, row.id);
    assert.equal(back.role, 'viewer');
    assert.equal(await signsIn(row.email, 'rae password 2'), true);
    assert.equal(await db.prisma.review.count({ where: { reviewerId: row.id } }), 1);
    const [change] = await listPersonChanges(1);
    assert.deepEqual([change.kind, change.changedBy], ['added', null]);
    assert.match(change.detail!, /^added back as viewer \(removed on \d{4}-\d\d-\d\d\)$/);
  });

  test('refused for yourself, for the last admin and for nobody', async () => {
    const admins = await db.prisma.user.findMany({ where: { role: 'admin', removedAt: null } });
    assert.equal(admins.length, 1);
    await assert.rejects(removePerson(admins[0].email, admins[0].id), refused(409, /cannot remove yourself/));
    await assert.rejects(removePerson(admins[0].email, null), refused(409, /is the last admin/));
    await assert.rejects(removePerson('nobody@example.org', null), refused(404, /Nobody is signed up as nobody@example.org/));
    assert.equal((await db.prisma.user.findUniqueOrThrow({ where: { id: admins[0].id } })).removedAt, null);
  });

  test('two admins removing or demoting each other at once leave one admin', async () => {
    for (let i = 0; i < 4; i++) {
      const a = await addPerson({ email: `a${i}@example.org`, name: `A${i}`, role: 'admin', password: 'long enough pw' });
      const b = await addPerson({ email: `b${i}@example.org`, name: `B${i}`, role: 'admin', password: 'long enough pw' });
      // Leave these two as the only admins.
      await db.prisma.user.updateMany({ where: { role: 'admin', id: { notIn: [a.id, b.id] } }, data: { role: 'reviewer' } });
      const results = await Promise.allSettled(i % 2 ? [removePerson(a.id, b.id), removePerson(b.id, a.id)] : [removePerson(a.id, b.id), setPersonRole(b.id, 'viewer', a.id)]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, JSON.stringify(results.map((r) => r.status === 'rejected' && String(r.reason))));
      const reason = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
      assert.ok(refused(409, /last admin/)(reason), String(reason));
      assert.equal(await db.prisma.user.count({ where: { role: 'admin', removedAt: null } }), 1);
    }
  });

  test('a sign-in of a removed person is refused even while their password is still stored', async () => {
    await addPerson({ email: 'half@example.org', name: 'Half', role: 'viewer', password: 'half password 1' });
    // The moment between marking them removed and dropping their password (removePerson does it in that order).
    await db.prisma.user.update({ where: { email: 'half@example.org' }, data: { removedAt: new Date() } });
    assert.equal(await signsIn('half@example.org', 'half password 1'), false);
    assert.equal(await db.prisma.session.count({ where: { user: { email: 'half@example.org' } } }), 0);
    assert.ok(!(await listPeople()).some((p) => p.email === 'half@example.org'));
    assert.equal(await countPeople(), (await listPeople()).length);
  });
});

describe('resetting a password', () => {
  test('the new password signs in, the old one does not, every session ends; recorded', async () => {
    const admin = await signedInHeaders('admin', { name: 'Ivo Admin' });
    const person = await signedInHeaders('viewer', { password: 'old password 1' });
    await assert.rejects(resetPassword(person.person.email, 'too short', admin.person.id), refused(400, /at least 10 characters/));
    assert.equal(await signsIn(person.person.email, 'old password 1'), true, 'a refused reset changes nothing');

    await resetPassword(person.person.email, 'new password 1', admin.person.id);
    assert.equal(await currentUser(person.headers), null);
    assert.equal(await db.prisma.session.count({ where: { userId: person.person.id } }), 0);
    assert.equal(await signsIn(person.person.email, 'old password 1'), false);
    assert.equal(await signsIn(person.person.email, 'new password 1'), true);
    const stored = await db.prisma.account.findFirstOrThrow({ where: { userId: person.person.id } });
    assert.ok(stored.password && !stored.password.includes('new password'), 'better-auth stored a hash');
    const [change] = await listPersonChanges(1);
    assert.deepEqual([change.kind, change.person.id, change.changedBy], ['password_reset', person.person.id, 'Ivo Admin']);
  });

  test('role changes and additions are recorded too, and the record cannot be edited', async () => {
    const admin = await signedInHeaders('admin', { name: 'Lou Admin' });
    const person = await addPerson({ email: 'roles@example.org', name: 'Roles', role: 'viewer', password: 'long enough pw' }, admin.person.id);
    await setPersonRole(person.id, 'reviewer', admin.person.id);
    const [changed, added] = await listPersonChanges(2);
    assert.deepEqual([changed.kind, changed.detail, changed.changedBy], ['role_changed', 'viewer → reviewer', 'Lou Admin']);
    assert.deepEqual([added.kind, added.detail, added.changedBy], ['added', 'as viewer', 'Lou Admin']);
    await assert.rejects(db.prisma.personChange.delete({ where: { id: added.id } }), /append-only/);
  });
});
