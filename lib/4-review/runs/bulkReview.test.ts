import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type PgBoss from 'pg-boss';
import { openBoss } from '../../platform/jobs/queue';
import { bulkReviewQueue } from '../../platform/jobs/queues';
import { seedManyTrajectories, seedTrajectories, seedUser } from '../studio/testSeed';
import { freshDatabase } from '../../testing/database';
import { startBulkReviewWorker } from '../../../workers/bulkReviewWorker';
import { getBulkReviewRun } from './bulkRuns';
import { BulkReviewError, INLINE_LIMIT, parseBulkReviewBody, requestBulkReview } from './requestBulkReview';
import { CHUNK_SIZE, decideChunk, runBulkReview } from './runBulkReview';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let boss: PgBoss;

before(async () => {
  db = await freshDatabase('bulk_review');
  boss = await openBoss(db.url);
  await seedUser(db.prisma, 'ada');
  await seedUser(db.prisma, 'bob');
});
after(async () => {
  await boss.stop({ graceful: false, wait: true, timeout: 5000 });
  await db.drop();
});

const state = (id: string) => db.prisma.trajectory.findUniqueOrThrow({ where: { id }, select: { reviewState: true, reviewVersion: true, reviewedById: true, reviewedAt: true } });

/** What a single reviewer's decision does (lib/4-review's decide), enough to make an item stale. */
async function decideElsewhere(id: string, decision: 'approved' | 'rejected') {
  const t = await state(id);
  await db.prisma.$transaction([
    db.prisma.trajectory.update({ where: { id }, data: { reviewState: decision, reviewVersion: t.reviewVersion + 1, reviewedById: 'bob', reviewedAt: new Date() } }),
    db.prisma.review.create({ data: { trajectoryId: id, reviewerId: 'bob', decision, reason: decision === 'rejected' ? 'other' : null, previousState: t.reviewState, version: t.reviewVersion + 1 } }),
  ]);
}

describe('checking a request', () => {
  test('refuses what cannot be meant, saying what to send', async () => {
    const cases: [unknown, RegExp][] = [
      [null, /Send a JSON object/],
      [{ decision: 'approved' }, /Say what to decide/],
      [{ ids: [], filter: {}, decision: 'approved' }, /either ids or filter/],
      [{ ids: [{ id: 'x', version: 0 }], decision: 'approved' }, /ids\[0\] must be/],
      [{ filter: { state: 'nope' }, decision: 'approved' }, /filter: state must be one of/],
      [{ filter: {}, decision: 'rejected' }, /A rejection needs a reason/],
      [{ filter: {}, decision: 'approved', reason: 'other' }, /An approval takes no reason/],
      [{ filter: {}, decision: 'maybe' }, /decision must be one of/],
      [{ filter: {}, decision: 'rejected', reason: 'ugly' }, /reason must be one of/],
      [{ ids: [], decision: 'approved' }, /Select at least one/],
    ];
    for (const [body, message] of cases) {
      await assert.rejects(
        (async () => requestBulkReview(db.prisma, boss, parseBulkReviewBody(body, 'ada')))(),
        (err: Error) => err instanceof BulkReviewError && message.test(err.message),
        JSON.stringify(body),
      );
    }
    await assert.rejects(requestBulkReview(db.prisma, boss, { selection: { filter: {} }, decision: 'approved', requestedById: 'nobody' }), /No user nobody/);
    await assert.rejects(requestBulkReview(db.prisma, boss, { selection: { filter: { repository: 'no-such-repo' } }, decision: 'approved', requestedById: 'ada' }), /Nothing matches/);
  });
});

describe('deciding', () => {
  test('a small id selection is decided at once; an item decided meanwhile is skipped and counted', async () => {
    const ids = await seedTrajectories(db.prisma, [{ repository: 'small-a' }, { repository: 'small-b' }, { repository: 'small-c', state: 'approved', reviewedById: 'bob' }]);
    const seen = await Promise.all(ids.map(async (id) => ({ id, version: (await state(id)).reviewVersion })));
    await decideElsewhere(ids[1], 'approved'); // after the user saw version 0

    const { run, queued } = await requestBulkReview(db.prisma, boss, { selection: { ids: [...seen, seen[0]] }, decision: 'rejected', reason: 'duplicate', note: ' same as upstream ', requestedById: 'ada' });
    assert.equal(queued, false);
    assert.equal(run.status, 'succeeded');
    assert.deepEqual([run.total, run.done, run.skipped, run.decided], [3, 3, 1, 2]);

    const [a, b, c] = await Promise.all(ids.map(state));
    assert.deepEqual([a.reviewState, a.reviewVersion, a.reviewedById], ['rejected', 1, 'ada']);
    assert.ok(a.reviewedAt && Math.abs(a.reviewedAt.getTime() - Date.now()) < 60_000, `reviewedAt in UTC: ${a.reviewedAt?.toISOString()}`);
    assert.deepEqual([b.reviewState, b.reviewVersion, b.reviewedById], ['approved', 1, 'bob'], 'never overwritten');
    assert.deepEqual([c.reviewState, c.reviewVersion], ['rejected', 2]);
    const reviews = await db.prisma.review.findMany({ where: { bulkRunId: run.id }, orderBy: { trajectoryId: 'asc' } });
    assert.equal(reviews.length, 2);
    const onC = reviews.find((r) => r.trajectoryId === ids[2])!;
    assert.deepEqual([onC.decision, onC.reason, onC.note, onC.previousState, onC.version, onC.reviewerId], ['rejected', 'duplicate', 'same as upstream', 'approved', 2, 'ada']);
  });

  test('decideChunk decides only rows whose version still matches', async () => {
    const ids = await seedTrajectories(db.prisma, [{ repository: 'chunk-a' }, { repository: 'chunk-b' }]);
    const run = await db.prisma.bulkReviewRun.create({ data: { requestedById: 'ada', selection: { ids: [] }, decision: 'approved', status: 'running' } });
    const d = { bulkRunId: run.id, reviewerId: 'ada', decision: 'approved', reason: null, note: null };
    assert.equal(await decideChunk(db.prisma, [{ id: ids[0], version: 0 }, { id: ids[1], version: 7 }], d), 1);
    assert.equal(await decideChunk(db.prisma, [{ id: ids[0], version: 0 }], d), 0, 'the same decision twice is stale the second time');
    await db.prisma.bulkReviewRun.update({ where: { id: run.id }, data: { status: 'cancelled' } });
    assert.equal(await decideChunk(db.prisma, [{ id: ids[1], version: 0 }], d), 0, 'a cancelled run decides nothing');
  });

  test('a large filter selection is queued, run by the worker with progress, and decides exactly the matching items', async () => {
    const matching = await seedManyTrajectories(db.prisma, 'big-match', CHUNK_SIZE + 150, 2000);
    const other = await seedManyTrajectories(db.prisma, 'big-other', 30, 2000);
    const small = await seedManyTrajectories(db.prisma, 'big-match-small', 20, 10); // same name prefix, outside the token range
    await decideElsewhere(matching[5], 'approved'); // already approved: not counted
    const { run, queued } = await requestBulkReview(db.prisma, boss, {
      selection: { filter: { repository: 'big-match', tokensMin: 1000, state: 'pending' } },
      decision: 'approved',
      note: 'looks right',
      requestedById: 'ada',
    });
    assert.equal(queued, true);
    assert.ok(run.total > INLINE_LIMIT);
    const job = await boss.getJobById(bulkReviewQueue.name, (await db.prisma.bulkReviewRun.findUniqueOrThrow({ where: { id: run.id } })).jobId!);
    assert.deepEqual(job?.data, { bulkRunId: run.id });

    const progress: number[] = [];
    const timer = setInterval(async () => progress.push((await getBulkReviewRun(db.prisma, run.id))?.done ?? -1), 20);
    await startBulkReviewWorker(boss, db.prisma, 1);
    let finished = await getBulkReviewRun(db.prisma, run.id);
    for (let i = 0; i < 300 && finished?.status !== 'succeeded' && finished?.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      finished = await getBulkReviewRun(db.prisma, run.id);
    }
    clearInterval(timer);
    assert.equal(finished?.status, 'succeeded', finished?.error ?? '');
    assert.deepEqual([finished!.total, finished!.done, finished!.skipped], [CHUNK_SIZE + 149, CHUNK_SIZE + 149, 0]);

    const decided = await db.prisma.review.findMany({ where: { bulkRunId: run.id }, select: { trajectoryId: true, previousState: true, version: true, note: true } });
    assert.deepEqual(new Set(decided.map((r) => r.trajectoryId)), new Set(matching.filter((id) => id !== matching[5])));
    assert.ok(decided.every((r) => r.previousState === 'pending' && r.version === 1 && r.note === 'looks right'));
    const untouched = await db.prisma.trajectory.count({ where: { id: { in: [...other, ...small] }, reviewState: 'pending', reviewVersion: 0 } });
    assert.equal(untouched, 50);

    // Running it again (a retried job) changes nothing.
    await db.prisma.bulkReviewRun.update({ where: { id: run.id }, data: { status: 'queued' } });
    await runBulkReview(db.prisma, run.id);
    const again = await getBulkReviewRun(db.prisma, run.id);
    assert.deepEqual([again!.status, again!.done, again!.total], ['succeeded', CHUNK_SIZE + 149, CHUNK_SIZE + 149]);
    assert.equal(await db.prisma.review.count({ where: { bulkRunId: run.id } }), CHUNK_SIZE + 149);
  });

  test('a filter selection skips and counts items decided between resolving and deciding', async () => {
    const ids = await seedManyTrajectories(db.prisma, 'race', 5);
    const row = await db.prisma.bulkReviewRun.create({ data: { requestedById: 'ada', selection: { filter: { repository: 'race' } }, decision: 'rejected', reason: 'licence' } });
    // Another reviewer's decision lands after the run resolved its versions.
    await runBulkReview(db.prisma, row.id, { afterResolve: () => decideElsewhere(ids[2], 'approved') });
    const run = await getBulkReviewRun(db.prisma, row.id);
    assert.deepEqual([run!.status, run!.total, run!.done, run!.skipped, run!.decided], ['succeeded', 5, 5, 1, 4]);
    assert.equal((await state(ids[2])).reviewState, 'approved');
  });

  test('a run cancelled while it runs decides nothing more and stays cancelled', async () => {
    const ids = await seedManyTrajectories(db.prisma, 'cancelled', 4);
    const row = await db.prisma.bulkReviewRun.create({ data: { requestedById: 'ada', selection: { filter: { repository: 'cancelled' } }, decision: 'approved' } });
    await runBulkReview(db.prisma, row.id, { afterResolve: async () => void (await db.prisma.bulkReviewRun.update({ where: { id: row.id }, data: { status: 'cancelled' } })) });
    const run = await getBulkReviewRun(db.prisma, row.id);
    assert.deepEqual([run!.status, run!.decided], ['cancelled', 0]);
    assert.equal(await db.prisma.trajectory.count({ where: { id: { in: ids }, reviewState: 'pending' } }), 4);
  });
});
