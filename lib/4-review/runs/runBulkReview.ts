/**
 * The bulk-review job handler: resolves the selection to (trajectory, version) pairs, then
 * decides them in chunks, each one set-based statement in its own transaction. An item whose
 * review version moved since it was selected (someone decided it meanwhile) is skipped and
 * counted, never overwritten. Progress and the heartbeat are written after every chunk.
 */
import type { PrismaClient } from '@prisma/client';
import { failedAttempt } from '../../platform/jobs/failedAttempt';
import { bulkReviewQueue } from '../../platform/jobs/queues';
import type { ReviewFilter } from '../studio/filter';
import { reviewFilterFrom, reviewFilterWhere } from '../studio/query';
import { RunStoppedError } from '../../platform/jobs/stopped';
import { WORKER_ID } from '../../platform/jobs/heartbeat';

/** One selected trajectory and the review version the user saw. */
export interface SelectedItem {
  id: string;
  version: number;
}

const MAX_ATTEMPTS = (bulkReviewQueue.options.retryLimit ?? 0) + 1;
/** Items per transaction: large enough for set-based speed, small enough to hold locks briefly. */
export const CHUNK_SIZE = 500;

interface Decision {
  bulkRunId: string;
  reviewerId: string;
  decision: string;
  reason: string | null;
  note: string | null;
}

/**
 * Decides the items whose review version is still the one given, in one statement: the
 * Trajectory update and the Review insert see the same rows, so every decided item has exactly
 * one Review (previous state, new version, bulkRunId). Nothing is decided once the run is no
 * longer running (cancelled). Returns how many were decided.
 */
export async function decideChunk(prisma: PrismaClient, items: SelectedItem[], d: Decision): Promise<number> {
  if (items.length === 0) return 0;
  // `prev` is the row as this statement's snapshot saw it; its state is right whenever the
  // version check passes, since every decision bumps the version.
  return prisma.$executeRaw`
    WITH sel AS (
      SELECT * FROM unnest(${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.version)}::int[]) AS x("id", "version")
       WHERE EXISTS (SELECT 1 FROM "BulkReviewRun" b WHERE b."id" = ${d.bulkRunId}::uuid AND b."status" = 'running')
    ), decided AS (
      UPDATE "Trajectory" t
         SET "reviewState" = ${d.decision}::"ReviewState", "reviewVersion" = t."reviewVersion" + 1,
             "reviewedAt" = (now() AT TIME ZONE 'UTC'), "reviewedById" = ${d.reviewerId}
        FROM sel, "Trajectory" prev
       WHERE t."id" = sel."id" AND t."reviewVersion" = sel."version" AND t."complete" AND prev."id" = t."id"
      RETURNING t."id", t."reviewVersion" AS "version", prev."reviewState" AS "previousState"
    )
    INSERT INTO "Review" ("id", "trajectoryId", "reviewerId", "decision", "reason", "note", "previousState", "version", "bulkRunId", "createdAt")
    SELECT gen_random_uuid(), x."id", ${d.reviewerId}, ${d.decision}::"ReviewState", ${d.reason}::"RejectReason", ${d.note},
           x."previousState", x."version", ${d.bulkRunId}::uuid, (now() AT TIME ZONE 'UTC')
      FROM decided x`;
}

/**
 * The items still to decide. An id selection keeps the versions the user saw; a filter
 * selection takes each matching trajectory's version now, leaving out the ones already in the
 * decided state. Either way, items this run already decided (an earlier attempt) are left out.
 */
async function resolveSelection(prisma: PrismaClient, bulkRunId: string, selection: { ids?: SelectedItem[]; filter?: ReviewFilter }, decision: string): Promise<SelectedItem[]> {
  const decidedHere = new Set(
    (await prisma.review.findMany({ where: { bulkRunId }, select: { trajectoryId: true } })).map((r) => r.trajectoryId),
  );
  if (selection.ids) return selection.ids.filter((i) => !decidedHere.has(i.id));
  const rows = await prisma.$queryRaw<{ id: string; version: number }[]>`
    SELECT t."id"::text AS "id", t."reviewVersion" AS "version"
    ${reviewFilterFrom(selection.filter ?? {})}
    ${reviewFilterWhere(selection.filter ?? {})} AND t."reviewState" <> ${decision}::"ReviewState"
    ORDER BY t."createdAt", t."id"`;
  return rows.filter((r) => !decidedHere.has(r.id));
}

/**
 * The job handler (also called inline for small selections, with `lastAttempt`). A finished or
 * cancelled run is left alone; a retried one resumes, counting what it decided before. A run
 * cancelled (lib/studio/jobs) or taken over by another worker while it runs decides nothing more:
 * every chunk checks the run is still running, and progress is written only while the row is
 * still this attempt's; then it stops without touching the row.
 */
export async function runBulkReview(prisma: PrismaClient, bulkRunId: string, options: { lastAttempt?: boolean; /** Tests: runs between resolving and deciding. */ afterResolve?: () => Promise<void> } = {}): Promise<void> {
  const run = await prisma.bulkReviewRun.findUnique({ where: { id: bulkRunId } });
  if (!run || run.status === 'succeeded' || run.status === 'cancelled' || run.status === 'failed') return;
  const startedAt = new Date();
  // Conditional, so a cancel that lands after the read above is not overwritten.
  const { count: claimed } = await prisma.bulkReviewRun.updateMany({
    where: { id: run.id, status: { in: ['queued', 'running'] } },
    data: { status: 'running', startedAt, heartbeatAt: new Date(), workerId: WORKER_ID, attempts: { increment: 1 }, error: null },
  });
  if (claimed === 0) return;
  const mine = { id: run.id, status: 'running' as const, startedAt };
  const writeProgress = async (data: { done: number; skipped: number; total?: number }) => {
    const { count } = await prisma.bulkReviewRun.updateMany({ where: mine, data: { ...data, heartbeatAt: new Date() } });
    if (count === 0) throw new RunStoppedError(`Bulk review ${run.id}`);
  };
  // Inline runs (small selections) get one attempt.
  const maxAttempts = options.lastAttempt ? run.attempts + 1 : MAX_ATTEMPTS;
  try {
    const items = await resolveSelection(prisma, run.id, run.selection as { ids?: SelectedItem[]; filter?: ReviewFilter }, run.decision);
    let done = await prisma.review.count({ where: { bulkRunId: run.id } });
    let skipped = 0;
    await writeProgress({ done, skipped, total: done + items.length });
    await options.afterResolve?.();
    const d: Decision = { bulkRunId: run.id, reviewerId: run.requestedById, decision: run.decision, reason: run.reason, note: run.note };
    for (let start = 0; start < items.length; start += CHUNK_SIZE) {
      const chunk = items.slice(start, start + CHUNK_SIZE);
      const decided = await decideChunk(prisma, chunk, d);
      done += chunk.length;
      skipped += chunk.length - decided;
      await writeProgress({ done, skipped });
    }
    const { count } = await prisma.bulkReviewRun.updateMany({ where: mine, data: { status: 'succeeded', finishedAt: new Date() } });
    if (count === 0) throw new RunStoppedError(`Bulk review ${run.id}`);
  } catch (err) {
    if (err instanceof RunStoppedError) return;
    const failed = failedAttempt(err, run.attempts, maxAttempts);
    await prisma.bulkReviewRun.updateMany({ where: mine, data: failed.data }).catch(() => undefined);
    if (failed.rethrow) throw err;
  }
}
