import type { PrismaClient } from '@prisma/client';
import { isUuid } from '../../platform/http/requestValues';

/** A bulk decision as the browser follows it. `done` counts decided and skipped items. */
export interface BulkReviewRunView {
  id: string;
  requestedById: string;
  /** ids (how many) or filter (which). */
  selection: { ids: number } | { filter: Record<string, unknown> };
  decision: 'pending' | 'approved' | 'rejected' | 'needs_resynthesis';
  reason: string | null;
  note: string | null;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  done: number;
  total: number;
  /** Items someone else decided after they were selected: left as they were. */
  skipped: number;
  /** done − skipped. */
  decided: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export async function getBulkReviewRun(prisma: PrismaClient, id: string): Promise<BulkReviewRunView | null> {
  if (!isUuid(id)) return null;
  const run = await prisma.bulkReviewRun.findUnique({ where: { id } });
  if (!run) return null;
  const selection = run.selection as { ids?: unknown[]; filter?: Record<string, unknown> };
  return {
    id: run.id,
    requestedById: run.requestedById,
    selection: Array.isArray(selection.ids) ? { ids: selection.ids.length } : { filter: selection.filter ?? {} },
    decision: run.decision,
    reason: run.reason,
    note: run.note,
    status: run.status,
    done: run.done,
    total: run.total,
    skipped: run.skipped,
    decided: run.done - run.skipped,
    error: run.error,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}
