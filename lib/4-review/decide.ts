/**
 * One reviewer's decision on one trajectory, with optimistic concurrency: the decision names the
 * reviewVersion it saw; when another decision came first, it is refused (StaleDecisionError),
 * never applied over the other. The conditional UPDATE of the trajectory and the INSERT of its
 * Review row are one SQL statement (data-modifying CTEs), so they commit together in a single
 * round trip: either both happen or neither does.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient, RejectReason, ReviewState } from '@prisma/client';
import { isUuid } from '../platform/http/requestValues';
import { describeDecision, formatDecisionTime, isRejectReason, isReviewState, MAX_NOTE_CHARS } from './reasons';
import { RequestError } from '../platform/http/requestError';

export { REJECT_REASONS, MAX_NOTE_CHARS } from './reasons';

export interface DecisionInput {
  trajectoryId: string;
  /** The reviewVersion the reviewer saw. */
  expectedVersion: number;
  decision: ReviewState;
  /** Required for a rejection, refused otherwise. */
  reason?: RejectReason | null;
  note?: string | null;
  /** User.id of the reviewer. */
  reviewerId: string;
}

export interface DecisionResult {
  trajectoryId: string;
  state: ReviewState;
  version: number;
  reviewId: string;
}

/** A decision that cannot be recorded: `status` is the HTTP status a route answers with. */
export class ReviewError extends RequestError {
  constructor(message: string, status: 400 | 404 | 409) {
    super(message, status);
  }
}

/** What the trajectory looks like now, for a refused stale decision. */
export interface CurrentReview {
  state: ReviewState;
  version: number;
  decidedBy: { id: string; name: string; email: string } | null;
  decidedAt: string | null;
  reason: RejectReason | null;
}

/** Someone decided since this reviewer loaded the trajectory: reload, then decide again. */
export class StaleDecisionError extends ReviewError {
  constructor(
    message: string,
    readonly current: CurrentReview,
  ) {
    super(message, 409);
  }

  /** The client shows who decided and reloads the item. */
  body() {
    return { error: this.message, current: this.current };
  }
}

interface ValidDecision {
  trajectoryId: string;
  expectedVersion: number;
  decision: ReviewState;
  reason: RejectReason | null;
  note: string | null;
  reviewerId: string;
}

/** Checks and normalizes a decision (a blank note is no note); throws a ReviewError (400) saying what to fix. */
export function validateDecision(input: DecisionInput): ValidDecision {
  const { trajectoryId, expectedVersion, decision, reviewerId } = input;
  if (!isUuid(trajectoryId)) throw new ReviewError('Invalid trajectory id: it must be a UUID.', 400);
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0 || expectedVersion > 2_147_483_647) {
    throw new ReviewError('expectedVersion must be the review version you saw (a whole number from 0).', 400);
  }
  if (!isReviewState(decision)) throw new ReviewError('decision must be one of approved, rejected, needs_resynthesis or pending.', 400);
  if (typeof reviewerId !== 'string' || reviewerId.length === 0) throw new ReviewError('A decision needs the reviewer who makes it.', 400);
  const reason = input.reason ?? null;
  if (decision === 'rejected') {
    if (reason === null) throw new ReviewError('A rejection needs a reason: one of hallucinated_plan, incoherent_reasoning, target_leakage, low_quality_repository, licence, duplicate or other.', 400);
    if (!isRejectReason(reason)) throw new ReviewError(`Unknown rejection reason "${String(reason).slice(0, 40)}".`, 400);
  } else if (reason !== null) {
    throw new ReviewError(`A reason goes only with a rejection, not with ${describeDecision(decision, null)}.`, 400);
  }
  let note: string | null = null;
  if (input.note !== undefined && input.note !== null) {
    if (typeof input.note !== 'string') throw new ReviewError('A note must be text.', 400);
    const trimmed = input.note.trim();
    if ([...trimmed].length > MAX_NOTE_CHARS) throw new ReviewError(`A note holds at most ${MAX_NOTE_CHARS.toLocaleString('en-US')} characters; this one has ${[...trimmed].length.toLocaleString('en-US')}.`, 400);
    // NUL cannot be stored in a PostgreSQL text column.
    note = trimmed.length ? trimmed.replace(/\u0000/g, '') : null;
  }
  return { trajectoryId, expectedVersion, decision, reason, note, reviewerId };
}

/**
 * Records a decision: bumps the trajectory's reviewVersion, sets its state, and appends a Review
 * row (who, when, decision, reason, note, the state before). Refused with StaleDecisionError
 * when the trajectory's version is no longer `expectedVersion`.
 */
export async function decide(prisma: PrismaClient, input: DecisionInput): Promise<DecisionResult> {
  const d = validateDecision(input);
  const reviewId = randomUUID();
  let rows: { version: number }[];
  try {
    // `old` reads the state before the update: with the version unchanged, nobody changed it since.
    rows = await prisma.$queryRaw<{ version: number }[]>`
      WITH old AS (
        SELECT "id", "reviewState" FROM "Trajectory" WHERE "id" = ${d.trajectoryId}::uuid
      ), updated AS (
        UPDATE "Trajectory" t
           SET "reviewState" = ${d.decision}::"ReviewState", "reviewVersion" = t."reviewVersion" + 1,
               "reviewedAt" = (now() AT TIME ZONE 'UTC'), "reviewedById" = ${d.reviewerId}
          FROM old
         WHERE t."id" = old."id" AND t."reviewVersion" = ${d.expectedVersion} AND t."complete"
        RETURNING t."id", t."reviewVersion", old."reviewState" AS "previousState"
      ), inserted AS (
        INSERT INTO "Review" ("id", "trajectoryId", "reviewerId", "decision", "reason", "note", "previousState", "version", "createdAt")
        SELECT ${reviewId}::uuid, u."id", ${d.reviewerId}, ${d.decision}::"ReviewState", ${d.reason}::"RejectReason", ${d.note},
               u."previousState", u."reviewVersion", (now() AT TIME ZONE 'UTC')
          FROM updated u
        RETURNING "version"
      )
      SELECT "version" FROM inserted`;
  } catch (err) {
    if (isForeignKeyViolation(err, 'Review_reviewerId_fkey')) throw new ReviewError(`No user ${d.reviewerId}: sign in again.`, 400);
    throw err;
  }
  if (rows.length === 1) return { trajectoryId: d.trajectoryId, state: d.decision, version: Number(rows[0].version), reviewId };
  throw await whyNotUpdated(prisma, d);
}

function isForeignKeyViolation(err: unknown, constraint: string): boolean {
  const text = err instanceof Error ? `${err.message} ${JSON.stringify((err as { meta?: unknown }).meta ?? '')}` : '';
  return text.includes(constraint) || (text.includes('23503') && text.includes('reviewerId'));
}

/** No row was updated: an unknown or incomplete trajectory, or a stale version (who decided, and when). */
async function whyNotUpdated(prisma: PrismaClient, d: ValidDecision): Promise<ReviewError> {
  const t = await prisma.trajectory.findUnique({
    where: { id: d.trajectoryId },
    select: {
      complete: true,
      reviewState: true,
      reviewVersion: true,
      reviews: {
        orderBy: { version: 'desc' },
        take: 1,
        select: { decision: true, reason: true, createdAt: true, bulkRunId: true, reviewer: { select: { id: true, name: true, email: true } } },
      },
    },
  });
  if (!t) return new ReviewError(`No trajectory ${d.trajectoryId}: it may have been deleted. Go back to the queue.`, 404);
  if (!t.complete) return new ReviewError('This trajectory is not complete yet (its synthesis is still being stored): it cannot be reviewed.', 400);
  const latest = t.reviews[0] ?? null;
  const current: CurrentReview = {
    state: t.reviewState,
    version: t.reviewVersion,
    decidedBy: latest?.reviewer ?? null,
    decidedAt: latest?.createdAt.toISOString() ?? null,
    reason: latest?.reason ?? null,
  };
  if (!latest) {
    return new StaleDecisionError(`This trajectory is at review version ${t.reviewVersion}, not ${d.expectedVersion}; reload to see the current state before deciding.`, current);
  }
  const who = `${latest.reviewer.name} (${latest.reviewer.email})`;
  const what = latest.decision === 'pending' ? 'reset this to pending' : latest.decision === 'needs_resynthesis' ? 'marked this as needing re-synthesis' : `marked this ${describeDecision(latest.decision, latest.reason)}`;
  const bulk = latest.bulkRunId ? ' in a bulk decision' : '';
  return new StaleDecisionError(`${who} already ${what}${bulk} at ${formatDecisionTime(latest.createdAt)}; reload to see the current state before deciding.`, current);
}
