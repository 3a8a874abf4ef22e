/**
 * A bulk decision as asked for: checked, recorded as a BulkReviewRun, then either decided at
 * once (small selections, so the table answers in the same request) or queued for a worker.
 */
import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { enqueue } from '../../platform/jobs/queue';
import { bulkReviewQueue } from '../../platform/jobs/queues';
import { parseReviewFilter, ReviewFilterError, type ReviewFilter } from '../studio/filter';
import { REJECT_REASON_VALUES as REJECT_REASONS, type RejectReasonName } from '../reasons';
import { countReviewTable } from '../studio/query';
import { isUuid } from '../../platform/http/requestValues';
import { getBulkReviewRun, type BulkReviewRunView } from './bulkRuns';
import { runBulkReview, type SelectedItem } from './runBulkReview';
import { RequestError } from '../../platform/http/requestError';

export const BULK_DECISIONS = ['approved', 'rejected', 'needs_resynthesis'] as const;
export type BulkDecision = (typeof BULK_DECISIONS)[number];

/** Selections up to this size are decided in the request itself. */
export const INLINE_LIMIT = 200;
/** The most ids one request may list (larger selections go by filter). */
export const MAX_IDS = 5000;
export const MAX_NOTE_LENGTH = 2000;

export type BulkSelection = { ids: SelectedItem[] } | { filter: ReviewFilter };

export interface BulkReviewRequest {
  selection: BulkSelection;
  decision: BulkDecision;
  reason?: RejectReasonName | null;
  note?: string | null;
  requestedById: string;
}

export class BulkReviewError extends RequestError {}

/** Checks a request body's fields; throws BulkReviewError with what to send instead. */
export function parseBulkReviewBody(body: unknown, requestedById: string): BulkReviewRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BulkReviewError('Send a JSON object { ids?: [{ id, version }], filter?: {...}, decision, reason?, note? }.');
  const b = body as Record<string, unknown>;
  let selection: BulkSelection;
  if (b.ids !== undefined && b.filter !== undefined) throw new BulkReviewError('Send either ids or filter, not both.');
  if (b.ids !== undefined) {
    if (!Array.isArray(b.ids)) throw new BulkReviewError('ids must be a list of { id, version }.');
    selection = { ids: b.ids.map(checkItem) };
  } else if (b.filter !== undefined) {
    if (!b.filter || typeof b.filter !== 'object' || Array.isArray(b.filter)) throw new BulkReviewError('filter must be an object such as { "state": "pending", "repository": "zod" }.');
    try {
      selection = { filter: parseReviewFilter(b.filter as Record<string, unknown>) };
    } catch (err) {
      if (err instanceof ReviewFilterError) throw new BulkReviewError(`filter: ${err.message}`);
      throw err;
    }
  } else {
    throw new BulkReviewError('Say what to decide: ids (the rows you selected, with the version you saw) or filter (everything matching it).');
  }
  if (b.note != null && typeof b.note !== 'string') throw new BulkReviewError('note must be text.');
  return {
    selection,
    decision: b.decision as BulkDecision,
    reason: b.reason === undefined || b.reason === null || b.reason === '' ? null : (b.reason as RejectReasonName),
    note: typeof b.note === 'string' ? b.note : null,
    requestedById,
  };
}

function checkItem(item: unknown, index: number): SelectedItem {
  const i = item as { id?: unknown; version?: unknown } | null;
  if (!i || !isUuid(i.id) || typeof i.version !== 'number' || !Number.isInteger(i.version) || i.version < 0) {
    throw new BulkReviewError(`ids[${index}] must be { "id": a trajectory id, "version": the reviewVersion you saw }.`);
  }
  return { id: i.id, version: i.version };
}

/** Throws BulkReviewError when the request cannot be meant; returns it with ids de-duplicated. */
export function checkBulkReviewRequest(request: BulkReviewRequest): BulkReviewRequest {
  if (!(BULK_DECISIONS as readonly string[]).includes(request.decision)) throw new BulkReviewError(`decision must be one of ${BULK_DECISIONS.join(', ')}.`);
  if (request.reason != null && !(REJECT_REASONS as readonly string[]).includes(request.reason)) throw new BulkReviewError(`reason must be one of ${REJECT_REASONS.join(', ')}.`);
  if (request.decision === 'rejected' && !request.reason) throw new BulkReviewError(`A rejection needs a reason: one of ${REJECT_REASONS.join(', ')}.`);
  if (request.decision === 'approved' && request.reason) throw new BulkReviewError('An approval takes no reason; use the note to say why.');
  const note = request.note?.trim() ? request.note.trim() : null;
  if (note && note.length > MAX_NOTE_LENGTH) throw new BulkReviewError(`The note is longer than ${MAX_NOTE_LENGTH} characters.`);
  let selection = request.selection;
  if ('ids' in selection) {
    if (selection.ids.length === 0) throw new BulkReviewError('Select at least one trajectory.');
    if (selection.ids.length > MAX_IDS) throw new BulkReviewError(`At most ${MAX_IDS} ids per request; select by filter for more.`);
    for (const [i, item] of selection.ids.entries()) checkItem(item, i);
    const seen = new Map<string, SelectedItem>();
    for (const item of selection.ids) if (!seen.has(item.id)) seen.set(item.id, item);
    selection = { ids: [...seen.values()] };
  }
  return { ...request, selection, note, reason: request.reason ?? null };
}

export interface BulkReviewStarted {
  run: BulkReviewRunView;
  /** True when a worker decides it (follow it at /api/review/bulk/ID); false when it is already done. */
  queued: boolean;
}

/**
 * Records a bulk decision; small selections (≤ INLINE_LIMIT ids or matching rows) are decided
 * before returning, larger ones are queued on bulkReviewQueue.
 */
export async function requestBulkReview(prisma: PrismaClient, boss: PgBoss | (() => Promise<PgBoss>), request: BulkReviewRequest): Promise<BulkReviewStarted> {
  const checked = checkBulkReviewRequest(request);
  const reviewer = await prisma.user.findUnique({ where: { id: checked.requestedById }, select: { id: true } });
  if (!reviewer) throw new BulkReviewError(`No user ${checked.requestedById}: decisions are recorded with who made them.`);
  const size = 'ids' in checked.selection ? checked.selection.ids.length : await countReviewTable(prisma, checked.selection.filter);
  if (size === 0) throw new BulkReviewError('Nothing matches the filter: there is nothing to decide.');
  const row = await prisma.bulkReviewRun.create({
    data: {
      requestedById: checked.requestedById,
      selection: checked.selection as object,
      decision: checked.decision,
      reason: checked.reason ?? null,
      note: checked.note ?? null,
      total: size,
    },
  });
  if (size <= INLINE_LIMIT) {
    // A failure is recorded on the row (status failed, error), which is what the caller shows.
    await runBulkReview(prisma, row.id, { lastAttempt: true }).catch(() => undefined);
    return { run: (await getBulkReviewRun(prisma, row.id))!, queued: false };
  }
  try {
    const jobId = await enqueue(typeof boss === 'function' ? await boss() : boss, bulkReviewQueue, { bulkRunId: row.id });
    await prisma.bulkReviewRun.update({ where: { id: row.id }, data: { jobId } });
  } catch (err) {
    await prisma.bulkReviewRun.update({ where: { id: row.id }, data: { status: 'failed', error: `Could not queue the bulk decision: ${(err as Error).message}`, finishedAt: new Date() } });
    throw err;
  }
  return { run: (await getBulkReviewRun(prisma, row.id))!, queued: true };
}
