/** Turning an HTTP request into a decision (route handlers stay thin); decide() validates the values. */
import type { RejectReason, ReviewState } from '@prisma/client';
import { ReviewError, type DecisionInput } from './decide';

/**
 * The decision a `POST /api/trajectories/ID/review` body asks for:
 * `{ expectedVersion, decision, reason?, note? }`. Throws a ReviewError (400) for a body of the wrong shape.
 */
export function decisionFromBody(body: unknown, trajectoryId: string, reviewerId: string): DecisionInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ReviewError('Send JSON { "expectedVersion": N, "decision": "approved" | "rejected" | "needs_resynthesis" | "pending", "reason"?: "...", "note"?: "..." }.', 400);
  }
  const b = body as Record<string, unknown>;
  if (typeof b.expectedVersion !== 'number') throw new ReviewError('expectedVersion is missing: send the review version you saw (from the queue item or the review summary).', 400);
  if (typeof b.decision !== 'string') throw new ReviewError('decision is missing: approved, rejected, needs_resynthesis or pending.', 400);
  if (b.reason !== undefined && b.reason !== null && typeof b.reason !== 'string') throw new ReviewError('reason must be a string.', 400);
  if (b.note !== undefined && b.note !== null && typeof b.note !== 'string') throw new ReviewError('note must be a string.', 400);
  return {
    trajectoryId,
    expectedVersion: b.expectedVersion,
    decision: b.decision as ReviewState,
    reason: (b.reason as RejectReason | null | undefined) ?? null,
    note: (b.note as string | null | undefined) ?? null,
    reviewerId,
  };
}
