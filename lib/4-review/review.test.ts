import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { PrismaClient, User } from '@prisma/client';
import { freshDatabase } from '../testing/database';
import { decide, REJECT_REASONS, ReviewError, StaleDecisionError, validateDecision } from './decide';
import { reviewProgress } from './progress';
import { countQueue, getQueueItem, getReviewSummary, reviewQueue } from './queue';
import { createTestUser, storeTestTrajectory } from './testing';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let prisma: PrismaClient;
let alice: User;
let bob: User;

before(async () => {
  db = await freshDatabase('review');
  prisma = db.prisma;
  alice = await createTestUser(prisma, 'Alice');
  bob = await createTestUser(prisma, 'Bob');
});

after(async () => {
  await db?.drop();
});

test('REJECT_REASONS follow the issue order with number keys 1–7', () => {
  assert.deepEqual(
    REJECT_REASONS.map((r) => [r.key, r.value]),
    [
      ['1', 'hallucinated_plan'],
      ['2', 'incoherent_reasoning'],
      ['3', 'target_leakage'],
      ['4', 'low_quality_repository'],
      ['5', 'licence'],
      ['6', 'duplicate'],
      ['7', 'other'],
    ],
  );
});

test('a decision updates the trajectory and appends a Review row with who, what, why and the state before', async () => {
  const id = await storeTestTrajectory(prisma, { repositoryName: 'happy' });
  const first = await decide(prisma, { trajectoryId: id, expectedVersion: 0, decision: 'approved', note: '  Clean plan.  ', reviewerId: alice.id });
  assert.deepEqual({ ...first, reviewId: undefined }, { trajectoryId: id, state: 'approved', version: 1, reviewId: undefined });

  const t = await prisma.trajectory.findUniqueOrThrow({ where: { id } });
  assert.equal(t.reviewState, 'approved');
  assert.equal(t.reviewVersion, 1);
  assert.equal(t.reviewedById, alice.id);
  assert.ok(t.reviewedAt && Math.abs(t.reviewedAt.getTime() - Date.now()) < 60_000, `reviewedAt is now (UTC): ${t.reviewedAt?.toISOString()}`);

  const review = await prisma.review.findUniqueOrThrow({ where: { id: first.reviewId } });
  assert.equal(review.trajectoryId, id);
  assert.equal(review.reviewerId, alice.id);
  assert.equal(review.decision, 'approved');
  assert.equal(review.reason, null);
  assert.equal(review.note, 'Clean plan.');
  assert.equal(review.previousState, 'pending');
  assert.equal(review.version, 1);
  assert.equal(review.bulkRunId, null);
  assert.ok(Math.abs(review.createdAt.getTime() - Date.now()) < 60_000);

  const second = await decide(prisma, { trajectoryId: id, expectedVersion: 1, decision: 'rejected', reason: 'licence', reviewerId: bob.id });
  assert.equal(second.version, 2);
  const summary = await getReviewSummary(prisma, id);
  assert.ok(summary);
  assert.equal(summary.reviewState, 'rejected');
  assert.equal(summary.reviewVersion, 2);
  assert.deepEqual(
    summary.reviews.map((r) => [r.version, r.decision, r.reason, r.previousState, r.reviewer.name]),
    [
      [2, 'rejected', 'licence', 'approved', 'Bob'],
      [1, 'approved', null, 'pending', 'Alice'],
    ],
  );
  assert.equal(summary.reviews[1].reviewer.email, alice.email);
});

test('two concurrent decisions on the same version: exactly one wins, the other is refused naming the first reviewer', async () => {
  const id = await storeTestTrajectory(prisma, { repositoryName: 'race' });
  const results = await Promise.allSettled([
    decide(prisma, { trajectoryId: id, expectedVersion: 0, decision: 'rejected', reason: 'duplicate', reviewerId: alice.id }),
    decide(prisma, { trajectoryId: id, expectedVersion: 0, decision: 'approved', reviewerId: bob.id }),
  ]);
  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(won.length, 1, 'exactly one decision succeeded');
  assert.equal(lost.length, 1);
  const err = lost[0].reason;
  assert.ok(err instanceof StaleDecisionError, `a StaleDecisionError: ${String(err)}`);
  assert.equal(err.status, 409);
  const winner = results[0].status === 'fulfilled' ? alice : bob;
  assert.match(err.message, new RegExp(`^${winner.name} \\(${winner.email.replace(/[.]/g, '\\.')}\\) already marked this ${winner === alice ? 'rejected \\(duplicate\\)' : 'approved'} at \\d\\d:\\d\\d UTC; reload`));
  assert.equal(err.current.version, 1);
  assert.equal(err.current.decidedBy?.id, winner.id);

  const reviews = await prisma.review.findMany({ where: { trajectoryId: id } });
  assert.equal(reviews.length, 1, 'the refused decision left no Review row');
  assert.equal(reviews[0].reviewerId, winner.id);
  const t = await prisma.trajectory.findUniqueOrThrow({ where: { id } });
  assert.equal(t.reviewVersion, 1);
  assert.equal(t.reviewState, winner === alice ? 'rejected' : 'approved');

  // Deciding again on the version now current works.
  const again = await decide(prisma, { trajectoryId: id, expectedVersion: 1, decision: 'needs_resynthesis', reviewerId: winner === alice ? bob.id : alice.id });
  assert.equal(again.version, 2);
});

test('invalid decisions are refused with a message saying what to fix, and change nothing', async () => {
  const id = await storeTestTrajectory(prisma, { repositoryName: 'invalid' });
  const base = { trajectoryId: id, expectedVersion: 0, reviewerId: alice.id } as const;
  await assert.rejects(decide(prisma, { ...base, decision: 'rejected' }), (e: unknown) => e instanceof ReviewError && e.status === 400 && /rejection needs a reason/.test(e.message));
  await assert.rejects(decide(prisma, { ...base, decision: 'approved', reason: 'duplicate' }), /reason goes only with a rejection/);
  await assert.rejects(decide(prisma, { ...base, decision: 'rejected', reason: 'nope' as never }), /Unknown rejection reason/);
  await assert.rejects(decide(prisma, { ...base, decision: 'maybe' as never }), /decision must be one of/);
  await assert.rejects(decide(prisma, { ...base, decision: 'approved', note: 'x'.repeat(2001) }), /at most 2,000 characters/);
  await assert.rejects(decide(prisma, { ...base, expectedVersion: -1, decision: 'approved' }), /expectedVersion/);
  await assert.rejects(decide(prisma, { ...base, expectedVersion: 2 ** 40, decision: 'approved' }), /expectedVersion/);
  await assert.rejects(decide(prisma, { ...base, trajectoryId: 'nope', decision: 'approved' }), /must be a UUID/);
  await assert.rejects(
    decide(prisma, { ...base, trajectoryId: '00000000-0000-4000-8000-000000000000', decision: 'approved' }),
    (e: unknown) => e instanceof ReviewError && !(e instanceof StaleDecisionError) && e.status === 404,
  );
  await assert.rejects(decide(prisma, { ...base, reviewerId: 'ghost', decision: 'approved' }), /No user ghost/);
  assert.equal(validateDecision({ ...base, decision: 'approved', note: 'x'.repeat(2000) }).note?.length, 2000);
  assert.equal(validateDecision({ ...base, decision: 'approved', note: '   ' }).note, null);

  // An incomplete trajectory cannot be reviewed.
  await prisma.trajectory.update({ where: { id }, data: { complete: false } });
  await assert.rejects(decide(prisma, { ...base, decision: 'approved' }), /not complete/);
  await prisma.trajectory.update({ where: { id }, data: { complete: true } });

  const t = await prisma.trajectory.findUniqueOrThrow({ where: { id } });
  assert.equal(t.reviewVersion, 0);
  assert.equal(await prisma.review.count({ where: { trajectoryId: id } }), 0);
});

test('the database refuses to change or delete a Review row', async () => {
  const id = await storeTestTrajectory(prisma, { repositoryName: 'audit' });
  const { reviewId } = await decide(prisma, { trajectoryId: id, expectedVersion: 0, decision: 'approved', reviewerId: alice.id });
  await assert.rejects(prisma.review.update({ where: { id: reviewId }, data: { note: 'rewritten' } }), /append-only/);
  await assert.rejects(prisma.review.delete({ where: { id: reviewId } }), /append-only/);
  await assert.rejects(prisma.$executeRaw`UPDATE "Review" SET "decision" = 'rejected' WHERE "id" = ${reviewId}::uuid`, /append-only/);
  const review = await prisma.review.findUniqueOrThrow({ where: { id: reviewId } });
  assert.equal(review.decision, 'approved');
  assert.equal(review.note, null);
});

test('a newer trajectory of the same repository supersedes the older one, which keeps its reviews', async () => {
  const older = await storeTestTrajectory(prisma, { repositoryName: 'evolving', files: 3 });
  await decide(prisma, { trajectoryId: older, expectedVersion: 0, decision: 'rejected', reason: 'incoherent_reasoning', note: 'Thinks contradict the plan.', reviewerId: alice.id });
  const newer = await storeTestTrajectory(prisma, { repositoryName: 'evolving', files: 4 });

  const all = await reviewQueue(prisma, { state: 'all', limit: 100 });
  assert.ok(all.some((i) => i.id === newer));
  assert.ok(!all.some((i) => i.id === older), 'the superseded trajectory left the queue');
  const pending = await reviewQueue(prisma, { state: 'pending', limit: 100 });
  const item = pending.find((i) => i.id === newer);
  assert.ok(item);
  assert.equal(item.repositoryName, 'evolving');
  assert.equal(item.files, 4);
  assert.equal(item.stepCount, 4);
  assert.equal(item.provider, 'offline');
  assert.equal(item.offline, true);

  const olderSummary = await getReviewSummary(prisma, older);
  assert.equal(olderSummary?.supersededBy?.id, newer);
  assert.equal(olderSummary?.reviewState, 'rejected');
  assert.deepEqual(olderSummary?.reviews.map((r) => [r.decision, r.reason, r.note]), [['rejected', 'incoherent_reasoning', 'Thinks contradict the plan.']]);
  const newerSummary = await getReviewSummary(prisma, newer);
  assert.equal(newerSummary?.supersededBy, null);
  assert.deepEqual(newerSummary?.supersedes.map((s) => [s.id, s.reviewState]), [[older, 'rejected']]);
  assert.equal((await getQueueItem(prisma, older))?.supersededById, newer);
});

test('the queue pages by keyset, newest first, forwards and backwards, whatever happens to the cursor', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push(await storeTestTrajectory(prisma, { repositoryName: `paged-${i}` }));
  const newestFirst = [...ids].reverse();
  const mine = (items: { id: string }[]) => items.map((i) => i.id).filter((id) => ids.includes(id));

  const all = mine(await reviewQueue(prisma, { state: 'pending', limit: 100 }));
  assert.deepEqual(all, newestFirst);
  const page = await reviewQueue(prisma, { state: 'pending', after: newestFirst[1], limit: 2 });
  assert.deepEqual(page.map((i) => i.id), newestFirst.slice(2, 4));
  // Deciding the cursor does not lose the place.
  await decide(prisma, { trajectoryId: newestFirst[1], expectedVersion: 0, decision: 'approved', reviewerId: bob.id });
  assert.deepEqual((await reviewQueue(prisma, { state: 'pending', after: newestFirst[1], limit: 2 })).map((i) => i.id), newestFirst.slice(2, 4));
  // Backwards: the items just before the cursor, in queue order.
  assert.deepEqual((await reviewQueue(prisma, { state: 'pending', before: newestFirst[3], limit: 2 })).map((i) => i.id), [newestFirst[0], newestFirst[2]]);
  assert.deepEqual((await reviewQueue(prisma, { state: 'approved', limit: 100 })).filter((i) => ids.includes(i.id)).map((i) => i.reviewVersion), [1]);

  await assert.rejects(reviewQueue(prisma, { after: 'x' }), /cursor must be a trajectory id/);
  await assert.rejects(reviewQueue(prisma, { after: '00000000-0000-4000-8000-000000000000' }), (e: unknown) => e instanceof ReviewError && e.status === 404);
  await assert.rejects(reviewQueue(prisma, { limit: 0 }), /limit must be/);
  await assert.rejects(reviewQueue(prisma, { state: 'done' as never }), /state must be/);
});

test('progress: counts by state over current trajectories, approval rate, approved tokens, decisions per reviewer', async () => {
  const before = await reviewProgress(prisma);
  const a = await storeTestTrajectory(prisma, { repositoryName: 'progress-a', tokenCount: 1200 });
  const b = await storeTestTrajectory(prisma, { repositoryName: 'progress-b', tokenCount: 800 });
  const c = await storeTestTrajectory(prisma, { repositoryName: 'progress-c', tokenCount: 500 });
  const carol = await createTestUser(prisma, 'Carol');
  await decide(prisma, { trajectoryId: a, expectedVersion: 0, decision: 'approved', reviewerId: carol.id });
  await decide(prisma, { trajectoryId: b, expectedVersion: 0, decision: 'rejected', reason: 'target_leakage', reviewerId: carol.id });
  await decide(prisma, { trajectoryId: b, expectedVersion: 1, decision: 'approved', reviewerId: carol.id });
  await decide(prisma, { trajectoryId: c, expectedVersion: 0, decision: 'rejected', reason: 'target_leakage', reviewerId: carol.id });

  const p = await reviewProgress(prisma);
  assert.equal(p.counts.approved - before.counts.approved, 2);
  assert.equal(p.counts.rejected - before.counts.rejected, 1);
  assert.equal(p.counts.pending - before.counts.pending, 0);
  assert.equal(p.total, Object.values(p.counts).reduce((x, y) => x + y, 0));
  assert.equal(p.total, await countQueue(prisma, 'all'));
  assert.equal(p.counts.pending, await countQueue(prisma, 'pending'));
  assert.equal(p.approvedTokens - before.approvedTokens, 2000);
  assert.equal(p.decided, p.counts.approved + p.counts.rejected + p.counts.needs_resynthesis);
  assert.equal(p.approvalRate, p.counts.approved / p.decided);
  assert.equal(p.rejectReasons.target_leakage - before.rejectReasons.target_leakage, 1);
  assert.ok(p.superseded >= 1, 'the superseded trajectory is counted apart');
  const carolRow = p.reviewers.find((r) => r.reviewerId === carol.id);
  assert.deepEqual(carolRow && { ...carolRow.decisions, total: carolRow.total, bulk: carolRow.bulk, name: carolRow.name }, {
    pending: 0,
    approved: 2,
    rejected: 2,
    needs_resynthesis: 0,
    total: 4,
    bulk: 0,
    name: 'Carol',
  });
});
