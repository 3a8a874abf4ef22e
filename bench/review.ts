/**
 * `npm run bench -- review [--trajectories 10000] [--steps-per 100] [--iterations 300] [--url URL]`
 *
 * Curation latency over a fresh embedded PostgreSQL seeded at scale (bench/seedReview.ts:
 * 10,000 trajectories, 1,000,000 steps by default): median and p95 of (1) the focus view's
 * review-queue query (lib/4-review/queue.ts) from random cursors, (2) the bulk table's query
 * (lib/4-review/studio) under several filters and sorts, (3) a decision round trip
 * (lib/4-review/decide.ts) on random pending trajectories; plus one inline bulk decision of 200
 * ids and one queued-size filter decision (lib/4-review/runs) for their throughput. Targets: p95
 * under 100 ms for the queries, under 150 ms for a decision. `--url` measures an existing
 * database seeded by bench/seedReview.ts instead (its decisions change it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { PrismaClient } from '@prisma/client';
import { requestBulkReview } from '../lib/4-review/runs/requestBulkReview';
import { runBulkReview } from '../lib/4-review/runs/runBulkReview';
import { createPrismaClient } from '../lib/platform/db/client';
import { freePort, startEmbeddedPostgres } from '../lib/platform/db/embeddedPostgres';
import { applyMigrations } from '../lib/platform/db/migrate';
import { decide } from '../lib/4-review/decide';
import { reviewQueue } from '../lib/4-review/queue';
import { seededRandom } from '../lib/platform/random/seededRandom';
import type { ReviewFilter, ReviewSort } from '../lib/4-review/studio/filter';
import { reviewTablePage } from '../lib/4-review/studio/query';
import { BENCH_REVIEWERS, seedReviewData, type ReviewSeedFigures } from './seedReview';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const TRAJECTORIES = option('trajectories', 10_000);
const STEPS_PER = option('steps-per', 100);
const ITERATIONS = Math.max(200, option('iterations', 300));
const WARMUP = 20;

const QUERY_TARGET_MS = 100;
const DECISION_TARGET_MS = 150;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const round = (ms: number) => Math.round(ms * 10) / 10;

interface Row {
  measure: string;
  iterations: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  targetP95Ms: number;
  met: string;
}

/** Times `run(i)` ITERATIONS times after a warm-up; the callback's own set-up is excluded via `prepare`. */
async function measure<T>(label: string, target: number, prepare: (i: number) => T | Promise<T>, run: (input: T) => Promise<unknown>, iterations = ITERATIONS): Promise<Row> {
  for (let i = 0; i < WARMUP; i++) await run(await prepare(-1 - i));
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const input = await prepare(i);
    const t = performance.now();
    await run(input);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const p95 = quantile(times, 0.95);
  return { measure: label, iterations, medianMs: round(quantile(times, 0.5)), p95Ms: round(p95), maxMs: round(times[times.length - 1]), targetP95Ms: target, met: p95 < target ? 'yes' : 'NO' };
}

const TABLE_CASES: { label: string; filter: ReviewFilter; sort: ReviewSort; page?: number }[] = [
  { label: 'no filter, newest first', filter: {}, sort: { key: 'created', dir: 'desc' } },
  { label: 'pending, by delta, page 20', filter: { state: 'pending' }, sort: { key: 'delta', dir: 'asc' }, page: 20 },
  { label: 'repository substring, by name', filter: { repository: 'repo-01' }, sort: { key: 'repository', dir: 'asc' } },
  { label: 'python + openai + tokens, by tokens', filter: { language: 'python', provider: 'openai', tokensMin: 20_000, tokensMax: 150_000 }, sort: { key: 'tokens', dir: 'desc' } },
  { label: 'reviewer e-mail + delta range, by reviewer', filter: { reviewer: 'reviewer2@bench.test', deltaMin: -0.2, deltaMax: 0.05 }, sort: { key: 'reviewer', dir: 'asc' } },
  { label: 'superseded included, by model, last page (200)', filter: { superseded: true }, sort: { key: 'model', dir: 'desc' }, page: 200 },
  { label: 'page past the end (falls back to the last)', filter: { state: 'rejected' }, sort: { key: 'created', dir: 'desc' }, page: 10_000 },
];

async function pendingItems(prisma: PrismaClient, n: number): Promise<{ id: string; version: number }[]> {
  return prisma.$queryRaw<{ id: string; version: number }[]>`
    SELECT "id"::text AS "id", "reviewVersion" AS "version" FROM "Trajectory"
     WHERE "reviewState" = 'pending' AND "complete" AND "supersededById" IS NULL
     ORDER BY md5("id"::text) LIMIT ${n}`;
}

const EXISTING_URL = (() => {
  const i = process.argv.indexOf('--url');
  return i > 0 ? process.argv[i + 1] : null;
})();

async function main() {
  if (EXISTING_URL) return measureAll(EXISTING_URL, null);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-bench-review-'));
  fs.chmodSync(dataDir, 0o755);
  const cluster = await startEmbeddedPostgres(path.join(dataDir, 'pg'), await freePort());
  try {
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_review');
    await admin.end();
    const url = cluster.url('bench_review');
    await applyMigrations(url);
    const seeded = await seedReviewData(url, { trajectories: TRAJECTORIES, stepsPer: STEPS_PER });
    console.log(`seeded ${seeded.trajectories.toLocaleString('en-US')} trajectories, ${seeded.steps.toLocaleString('en-US')} steps, ${seeded.reviews.toLocaleString('en-US')} reviews in ${seeded.seconds.toFixed(1)} s (ANALYZEd)`);
    await measureAll(url, seeded);
  } finally {
    await cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureAll(url: string, seeded: ReviewSeedFigures | null) {
  {
    const prisma = createPrismaClient(url);
    const rand = seededRandom(11);
    const rows: Row[] = [];

    // (1) The focus queue from random cursors of each state.
    const cursors = (await prisma.$queryRaw<{ id: string; state: string }[]>`
      SELECT "id"::text AS "id", "reviewState"::text AS "state" FROM "Trajectory" WHERE "complete" AND "supersededById" IS NULL`);
    const pendingCursors = cursors.filter((c) => c.state === 'pending');
    const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
    rows.push(await measure('review queue: pending, first page', QUERY_TARGET_MS, () => null, () => reviewQueue(prisma, { state: 'pending', limit: 20 })));
    rows.push(await measure('review queue: pending, random `after` cursor', QUERY_TARGET_MS, () => pick(pendingCursors).id, (after) => reviewQueue(prisma, { state: 'pending', after, limit: 20 })));
    rows.push(await measure('review queue: all states, random `after` cursor', QUERY_TARGET_MS, () => pick(cursors).id, (after) => reviewQueue(prisma, { state: 'all', after, limit: 20 })));

    // (2) The bulk table (count + page) under several filters and sorts.
    const tableTimes: Row[] = [];
    for (const c of TABLE_CASES) {
      tableTimes.push(await measure(`bulk table: ${c.label}`, QUERY_TARGET_MS, () => null, () => reviewTablePage(prisma, c.filter, c.sort, { page: c.page ?? 1, pageSize: 50 })));
    }
    rows.push(...tableTimes);

    // (3) A decision round trip on random pending trajectories (each decided once).
    const toDecide = await pendingItems(prisma, ITERATIONS + WARMUP + 50);
    let next = 0;
    rows.push(
      await measure(
        'decision round trip (decide)',
        DECISION_TARGET_MS,
        () => toDecide[next++],
        (item) =>
          decide(prisma, {
            trajectoryId: item.id,
            expectedVersion: item.version,
            decision: next % 3 === 0 ? 'rejected' : 'approved',
            reason: next % 3 === 0 ? 'incoherent_reasoning' : null,
            note: next % 5 === 0 ? 'benchmark decision' : null,
            reviewerId: `bench-reviewer-${(next % BENCH_REVIEWERS) + 1}`,
          }),
      ),
    );

    console.log(`\n${os.cpus().length} cores; PostgreSQL 18 (embedded, default settings); through Prisma (pg adapter) as the studio runs them`);
    console.table(rows);

    // Bulk decisions: their throughput, for information (no target in the issue).
    const inlineIds = await pendingItems(prisma, 200);
    let t = performance.now();
    const inline = await requestBulkReview(prisma, async () => Promise.reject(new Error('no queue needed')), {
      selection: { ids: inlineIds },
      decision: 'approved',
      requestedById: 'bench-reviewer-1',
    });
    const inlineMs = performance.now() - t;
    const filterRun = await prisma.bulkReviewRun.create({
      data: { requestedById: 'bench-reviewer-2', selection: { filter: { state: 'pending', provider: 'openai' } }, decision: 'rejected', reason: 'licence' },
    });
    t = performance.now();
    await runBulkReview(prisma, filterRun.id, { lastAttempt: true });
    const filterMs = performance.now() - t;
    const filterDone = await prisma.bulkReviewRun.findUniqueOrThrow({ where: { id: filterRun.id } });
    const bulk = [
      { measure: 'bulk decision, 200 ids, inline', items: inline.run.decided, ms: Math.round(inlineMs), itemsPerSecond: Math.round(inline.run.decided / (inlineMs / 1000)) },
      { measure: 'bulk decision, filter (pending openai), job handler', items: filterDone.done - filterDone.skipped, ms: Math.round(filterMs), itemsPerSecond: Math.round((filterDone.done - filterDone.skipped) / (filterMs / 1000)) },
    ];
    console.table(bulk);
    await prisma.$disconnect();

    fs.mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/review-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`;
    fs.writeFileSync(file, JSON.stringify({ seeded, cores: os.cpus().length, latency: rows, bulk }, null, 2));
    console.log(`written ${file}`);
    if (rows.some((r) => r.met !== 'yes')) process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
