/**
 * The focus view's queue and one trajectory's review summary. The queue holds complete,
 * non-superseded trajectories in one review state, NEWEST FIRST: ordered by (createdAt DESC,
 * id DESC), paged by keyset on that pair with a trajectory id as the cursor (the cursor need not
 * be in the queue any more: a trajectory just decided still marks its place). No query here
 * reads Step rows: the summary figures are columns of Trajectory (stepCount, tokenCount, the
 * latest search's NLL means) and the plan's length.
 */
import { Prisma, type PrismaClient, type RejectReason, type ReviewState } from '@prisma/client';
import { isUuid } from '../platform/http/requestValues';
import { isReviewState } from './reasons';
import { ReviewError } from './decide';

export const DEFAULT_QUEUE_LIMIT = 20;
export const MAX_QUEUE_LIMIT = 100;

/** A review state, or every state. */
export type QueueState = ReviewState | 'all';

export interface QueueOptions {
  state?: QueueState;
  /** Items after this trajectory in queue order (older ones). */
  after?: string | null;
  /** Items before this trajectory in queue order (newer ones), still returned in queue order: the last is the nearest. */
  before?: string | null;
  limit?: number;
}

export interface QueueItem {
  id: string;
  repositoryName: string;
  /** Files of the main agent's plan (the files the trajectory writes). */
  files: number;
  stepCount: number;
  tokenCount: number;
  nllBefore: number | null;
  nllAfter: number | null;
  provider: string;
  model: string;
  /** True when synthesized by the offline provider. */
  offline: boolean;
  reviewState: ReviewState;
  reviewVersion: number;
  reviewedAt: string | null;
  createdAt: string;
}

interface RawQueueItem {
  id: string;
  repositoryName: string;
  files: number | bigint;
  stepCount: number;
  tokenCount: number;
  nllBefore: number | null;
  nllAfter: number | null;
  provider: string;
  model: string;
  reviewState: ReviewState;
  reviewVersion: number;
  reviewedAt: Date | null;
  createdAt: Date;
}

/** The item's columns over `t` (Trajectory), `run`, `r` (Repository); the plan's length through its unique index. */
const ITEM_COLUMNS = Prisma.sql`t."id"::text AS "id", r."name" AS "repositoryName",
  (SELECT count(*) FROM "PlanEntry" p WHERE p."trajectoryId" = t."id") AS "files",
  t."stepCount", t."tokenCount", t."nllBefore", t."nllAfter", run."provider", run."model",
  t."reviewState"::text AS "reviewState", t."reviewVersion", t."reviewedAt", t."createdAt"`;

const finiteOrNull = (x: number | null): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

function toItem(r: RawQueueItem): QueueItem {
  return {
    id: r.id,
    repositoryName: r.repositoryName,
    files: Number(r.files),
    stepCount: r.stepCount,
    tokenCount: r.tokenCount,
    nllBefore: finiteOrNull(r.nllBefore),
    nllAfter: finiteOrNull(r.nllAfter),
    provider: r.provider,
    model: r.model,
    offline: r.provider === 'offline',
    reviewState: r.reviewState,
    reviewVersion: r.reviewVersion,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

/** A queue state from a request ('all' or a review state); throws a ReviewError (400) otherwise. */
export function parseQueueState(value: unknown): QueueState {
  if (value === undefined || value === null || value === '') return 'pending';
  if (value === 'all' || isReviewState(value)) return value;
  throw new ReviewError('state must be pending, approved, rejected, needs_resynthesis or all.', 400);
}

/** A page size from a request: 1–100, default 20; throws a ReviewError (400) otherwise. */
export function parseQueueLimit(value: unknown): number {
  if (value === undefined || value === null || value === '') return DEFAULT_QUEUE_LIMIT;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_QUEUE_LIMIT) throw new ReviewError(`limit must be a whole number from 1 to ${MAX_QUEUE_LIMIT}.`, 400);
  return n;
}

/**
 * The next `limit` items of the focus queue: from the newest, after `after`, or (with `before`)
 * the ones just before it. Throws a ReviewError (400) for an invalid cursor, (404) for an unknown one.
 */
export async function reviewQueue(prisma: PrismaClient, options: QueueOptions = {}): Promise<QueueItem[]> {
  const state = parseQueueState(options.state);
  const limit = parseQueueLimit(options.limit);
  const cursor = options.before ?? options.after ?? null;
  const backwards = options.before != null;
  if (cursor !== null && !isUuid(cursor)) throw new ReviewError('The queue cursor must be a trajectory id (a UUID).', 400);
  const filters: Prisma.Sql[] = [Prisma.sql`t."complete"`, Prisma.sql`t."supersededById" IS NULL`];
  if (state !== 'all') filters.push(Prisma.sql`t."reviewState" = ${state}::"ReviewState"`);
  // The cursor's position is read in the same statement; an unknown cursor matches nothing (checked below).
  const position = Prisma.sql`(SELECT c."createdAt", c."id" FROM "Trajectory" c WHERE c."id" = ${cursor}::uuid)`;
  if (cursor !== null) filters.push(backwards ? Prisma.sql`(t."createdAt", t."id") > ${position}` : Prisma.sql`(t."createdAt", t."id") < ${position}`);
  const order = backwards ? Prisma.sql`t."createdAt" ASC, t."id" ASC` : Prisma.sql`t."createdAt" DESC, t."id" DESC`;
  const rows = await prisma.$queryRaw<RawQueueItem[]>`
    SELECT ${ITEM_COLUMNS}
      FROM "Trajectory" t
      JOIN "SynthesisRun" run ON run."id" = t."runId"
      JOIN "Snapshot" s ON s."id" = run."snapshotId"
      JOIN "Repository" r ON r."id" = s."repositoryId"
     WHERE ${Prisma.join(filters, ' AND ')}
     ORDER BY ${order}
     LIMIT ${limit}`;
  if (cursor !== null && rows.length === 0) {
    const known = await prisma.trajectory.count({ where: { id: cursor } });
    if (!known) throw new ReviewError(`No trajectory ${cursor} to page from: reload the queue.`, 404);
  }
  const items = rows.map(toItem);
  return backwards ? items.reverse() : items;
}

/** How many trajectories the queue of `state` holds (complete, not superseded). */
export async function countQueue(prisma: PrismaClient, state: QueueState = 'pending'): Promise<number> {
  return prisma.trajectory.count({
    where: { complete: true, supersededById: null, ...(state === 'all' ? {} : { reviewState: parseQueueState(state) as ReviewState }) },
  });
}

/** One trajectory's queue item (whatever its state, superseded or not), or null for an unknown, invalid or incomplete one. */
export async function getQueueItem(prisma: PrismaClient, trajectoryId: string): Promise<(QueueItem & { supersededById: string | null }) | null> {
  if (!isUuid(trajectoryId)) return null;
  const rows = await prisma.$queryRaw<(RawQueueItem & { supersededById: string | null })[]>`
    SELECT ${ITEM_COLUMNS}, t."supersededById"::text AS "supersededById"
      FROM "Trajectory" t
      JOIN "SynthesisRun" run ON run."id" = t."runId"
      JOIN "Snapshot" s ON s."id" = run."snapshotId"
      JOIN "Repository" r ON r."id" = s."repositoryId"
     WHERE t."id" = ${trajectoryId}::uuid AND t."complete"`;
  return rows[0] ? { ...toItem(rows[0]), supersededById: rows[0].supersededById } : null;
}

export interface ReviewRecord {
  id: string;
  decision: ReviewState;
  reason: RejectReason | null;
  note: string | null;
  previousState: ReviewState;
  version: number;
  bulkRunId: string | null;
  createdAt: string;
  reviewer: { id: string; name: string; email: string };
}

export interface ReviewSummary {
  trajectoryId: string;
  reviewState: ReviewState;
  reviewVersion: number;
  reviewedAt: string | null;
  /** Newest first. */
  reviews: ReviewRecord[];
  /** The newer trajectory of the same repository that replaces this one, or null. */
  supersededBy: { id: string; createdAt: string; reviewState: ReviewState } | null;
  /** Older trajectories of the same repository this one replaces (newest first, at most 20); their reviews stay theirs. */
  supersedes: { id: string; createdAt: string; reviewState: ReviewState; reviewVersion: number }[];
}

/** A trajectory's review state, its review history (newest first) and supersession; null for an unknown or invalid id. */
export async function getReviewSummary(prisma: PrismaClient, trajectoryId: string): Promise<ReviewSummary | null> {
  if (!isUuid(trajectoryId)) return null;
  const t = await prisma.trajectory.findUnique({
    where: { id: trajectoryId },
    select: {
      id: true,
      reviewState: true,
      reviewVersion: true,
      reviewedAt: true,
      supersededById: true,
      reviews: {
        orderBy: { version: 'desc' },
        select: {
          id: true,
          decision: true,
          reason: true,
          note: true,
          previousState: true,
          version: true,
          bulkRunId: true,
          createdAt: true,
          reviewer: { select: { id: true, name: true, email: true } },
        },
      },
    },
  });
  if (!t) return null;
  const [newer, older] = await Promise.all([
    t.supersededById ? prisma.trajectory.findUnique({ where: { id: t.supersededById }, select: { id: true, createdAt: true, reviewState: true } }) : null,
    prisma.trajectory.findMany({
      where: { supersededById: t.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 20,
      select: { id: true, createdAt: true, reviewState: true, reviewVersion: true },
    }),
  ]);
  return {
    trajectoryId: t.id,
    reviewState: t.reviewState,
    reviewVersion: t.reviewVersion,
    reviewedAt: t.reviewedAt?.toISOString() ?? null,
    reviews: t.reviews.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    supersededBy: newer ? { ...newer, createdAt: newer.createdAt.toISOString() } : null,
    supersedes: older.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })),
  };
}

/** Repositories whose trajectory in the queue is marked as needing re-synthesis (complete, not superseded), by name. */
export async function repositoriesNeedingResynthesis(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ name: string }[]>`
    SELECT DISTINCT repo.name FROM "Trajectory" t
      JOIN "SynthesisRun" r ON r.id = t."runId" JOIN "Snapshot" s ON s.id = r."snapshotId" JOIN "Repository" repo ON repo.id = s."repositoryId"
     WHERE t."complete" AND t."supersededById" IS NULL AND t."reviewState" = 'needs_resynthesis'
     ORDER BY repo.name`;
  return rows.map((r) => r.name);
}
