/**
 * Review progress for the /progress page: the current state of every complete, non-superseded
 * trajectory (what would be exported), and every decision ever recorded by reviewer (superseded
 * trajectories' decisions included: they were work done). Three grouped queries, no Step rows.
 */
import type { PrismaClient, ReviewState } from '@prisma/client';
import { REJECT_REASON_VALUES, REVIEW_STATES, type RejectReasonName } from './reasons';

export type StateCounts = Record<ReviewState, number>;

export interface ReviewerProgress {
  reviewerId: string;
  name: string;
  email: string;
  /** Decisions recorded, by the decision made. */
  decisions: StateCounts;
  total: number;
  /** Of which made through a bulk decision. */
  bulk: number;
  lastDecisionAt: string;
}

export interface ReviewProgress {
  /** Complete, non-superseded trajectories by current state. */
  counts: StateCounts;
  total: number;
  /** Decided = approved + rejected + needs re-synthesis. */
  decided: number;
  /** approved / decided, or null before any decision. */
  approvalRate: number | null;
  approvedTokens: number;
  /** Tokens over every counted trajectory, to set approved tokens against. */
  totalTokens: number;
  /** Currently rejected trajectories by the reason of the decision that rejected them. */
  rejectReasons: Record<RejectReasonName, number>;
  /** Complete trajectories a newer one of their repository replaced (not counted above). */
  superseded: number;
  /** Most decisions first. */
  reviewers: ReviewerProgress[];
}

const zeroStates = (): StateCounts => Object.fromEntries(REVIEW_STATES.map((s) => [s, 0])) as StateCounts;

export async function reviewProgress(prisma: PrismaClient): Promise<ReviewProgress> {
  const [byState, reasons, byReviewer] = await Promise.all([
    prisma.$queryRaw<{ state: ReviewState; superseded: boolean; n: bigint; tokens: bigint | null }[]>`
      SELECT "reviewState"::text AS "state", "supersededById" IS NOT NULL AS "superseded", count(*) AS "n", sum("tokenCount") AS "tokens"
        FROM "Trajectory" WHERE "complete"
       GROUP BY 1, 2`,
    // The reason of the decision that produced each rejected trajectory's current version.
    prisma.$queryRaw<{ reason: RejectReasonName | null; n: bigint }[]>`
      SELECT rv."reason"::text AS "reason", count(*) AS "n"
        FROM "Trajectory" t
        JOIN "Review" rv ON rv."trajectoryId" = t."id" AND rv."version" = t."reviewVersion"
       WHERE t."complete" AND t."supersededById" IS NULL AND t."reviewState" = 'rejected'
       GROUP BY 1`,
    prisma.$queryRaw<{ reviewerId: string; name: string; email: string; decision: ReviewState; n: bigint; bulk: bigint; lastAt: Date }[]>`
      SELECT g."reviewerId", u."name", u."email", g."decision", g."n", g."bulk", g."lastAt"
        FROM (SELECT "reviewerId", "decision"::text AS "decision", count(*) AS "n", count("bulkRunId") AS "bulk", max("createdAt") AS "lastAt"
                FROM "Review" GROUP BY 1, 2) g
        JOIN "User" u ON u."id" = g."reviewerId"`,
  ]);

  const counts = zeroStates();
  let superseded = 0;
  let approvedTokens = 0;
  let totalTokens = 0;
  for (const row of byState) {
    if (row.superseded) {
      superseded += Number(row.n);
      continue;
    }
    counts[row.state] = Number(row.n);
    totalTokens += Number(row.tokens ?? 0);
    if (row.state === 'approved') approvedTokens = Number(row.tokens ?? 0);
  }
  const total = REVIEW_STATES.reduce((sum, s) => sum + counts[s], 0);
  const decided = counts.approved + counts.rejected + counts.needs_resynthesis;

  const rejectReasons = Object.fromEntries(REJECT_REASON_VALUES.map((r) => [r, 0])) as Record<RejectReasonName, number>;
  for (const row of reasons) if (row.reason) rejectReasons[row.reason] = Number(row.n);

  const reviewers = new Map<string, ReviewerProgress>();
  for (const row of byReviewer) {
    let r = reviewers.get(row.reviewerId);
    if (!r) {
      r = { reviewerId: row.reviewerId, name: row.name, email: row.email, decisions: zeroStates(), total: 0, bulk: 0, lastDecisionAt: row.lastAt.toISOString() };
      reviewers.set(row.reviewerId, r);
    }
    r.decisions[row.decision] = Number(row.n);
    r.total += Number(row.n);
    r.bulk += Number(row.bulk);
    if (row.lastAt.toISOString() > r.lastDecisionAt) r.lastDecisionAt = row.lastAt.toISOString();
  }

  return {
    counts,
    total,
    decided,
    approvalRate: decided ? counts.approved / decided : null,
    approvedTokens,
    totalTokens,
    rejectReasons,
    superseded,
    reviewers: [...reviewers.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)),
  };
}
