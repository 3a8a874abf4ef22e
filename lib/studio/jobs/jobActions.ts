import fs from 'node:fs';
import { Prisma, type PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { enqueue } from '../../platform/jobs/queue';
import { isUuid } from '../../platform/http/requestValues';
import { isJobKind, JOB_KINDS, payloadOf, queueOf, TABLE_OF, type JobKind, type JobStatus } from './kinds';
import { RequestError } from '../../platform/http/requestError';

/** A refused cancel or retry; `status` is the HTTP status the API answers with. */
export class JobActionError extends RequestError {
  constructor(status: 400 | 404 | 409, message: string) {
    super(message, status);
  }
}

/** Progress columns put back to zero when a run is queued again. */
const RESET_PROGRESS: Record<JobKind, string> = {
  import: `phase = NULL, done = 0, total = 0`,
  synthesis: `"filesDone" = 0`,
  search: `"stepsDone" = 0`,
  'bulk-review': `done = 0, skipped = 0`,
  export: `done = 0, total = 0, summary = NULL`,
};

function checkTarget(kind: string, id: string): JobKind {
  if (!isJobKind(kind)) throw new JobActionError(400, `Unknown job kind "${kind}": use ${JOB_KINDS.join(', ')}.`);
  if (!isUuid(id)) throw new JobActionError(404, `No ${kind} job ${id}.`);
  return kind;
}

async function currentStatus(prisma: PrismaClient, kind: JobKind, id: string): Promise<JobStatus> {
  const rows = await prisma.$queryRawUnsafe<{ status: JobStatus }[]>(`SELECT status::text AS status FROM "${TABLE_OF[kind]}" WHERE id = $1::uuid`, id);
  if (!rows[0]) throw new JobActionError(404, `No ${kind} job ${id}: it may have been deleted. Reload the jobs page.`);
  return rows[0].status;
}

/**
 * Cancels a queued or running job. The row becomes `cancelled` at once (one conditional
 * UPDATE, so a job that ends meanwhile is not cancelled after the fact) and its pg-boss job is
 * cancelled; a worker already running it notices at its next heartbeat or before storing
 * results, and stops without storing.
 */
export async function cancelJob(prisma: PrismaClient, boss: PgBoss, kind: string, id: string): Promise<{ kind: JobKind; id: string; status: 'cancelled' }> {
  const k = checkTarget(kind, id);
  const rows = await prisma.$queryRawUnsafe<{ jobId: string | null }[]>(
    `UPDATE "${TABLE_OF[k]}" SET status = 'cancelled', "finishedAt" = now()
      WHERE id = $1::uuid AND status IN ('queued', 'running') RETURNING "jobId"`,
    id,
  );
  if (!rows[0]) {
    const status = await currentStatus(prisma, k, id);
    throw new JobActionError(409, `This ${k} job is ${status}: only queued or running jobs can be cancelled.`);
  }
  // A job pg-boss already finished (or archived) cannot be cancelled there; the row is what counts.
  if (rows[0].jobId) await boss.cancel(queueOf(k).name, rows[0].jobId).catch(() => undefined);
  return { kind: k, id, status: 'cancelled' };
}

/**
 * Queues a failed or cancelled job again: the same row (attempts reset, error cleared, progress
 * back to zero) with a fresh pg-boss job. Refused for any other state, for an upload whose
 * archive is gone, and while an equal synthesis or search is already active.
 */
export async function retryJob(prisma: PrismaClient, boss: PgBoss, kind: string, id: string, options: { force?: boolean } = {}): Promise<{ kind: JobKind; id: string; status: 'queued'; jobId: string }> {
  const k = checkTarget(kind, id);
  const queue = queueOf(k);
  if (!options.force) {
    const [failed] = await prisma.$queryRawUnsafe<{ error: string | null }[]>(`SELECT error FROM "${TABLE_OF[k]}" WHERE id = $1::uuid AND status = 'failed' AND "errorDeterministic"`, id);
    if (failed) {
      throw new JobActionError(
        409,
        `A retry would fail the same way: this ${k} failed with an error that repeats on the same input and configuration (${failed.error ?? 'no message'}). Change the input or the configuration, or retry anyway once Retrace has been fixed or upgraded.`,
      );
    }
  }
  if (k === 'import') {
    const run = await prisma.importRun.findUnique({ where: { id }, select: { sourceKind: true, uploadPath: true, source: true } });
    if (run?.sourceKind === 'upload' && (!run.uploadPath || !fs.existsSync(run.uploadPath))) {
      throw new JobActionError(409, `The uploaded archive ${run.source} was removed when its import ended: upload it again to import it.`);
    }
  }
  let rows: { id: string }[];
  try {
    rows = await prisma.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE "${TABLE_OF[k]}"
          SET status = 'queued', attempts = 0, error = NULL, "startedAt" = NULL, "finishedAt" = NULL,
              "heartbeatAt" = NULL, "workerId" = NULL, "errorDeterministic" = false, ${RESET_PROGRESS[k]}
        WHERE id = $1::uuid AND status IN ('failed', 'cancelled') RETURNING id::text`,
      id,
    );
  } catch (err) {
    // The partial unique index: an equal synthesis (same snapshot and configuration) or search is active.
    if (isUniqueViolation(err)) {
      throw new JobActionError(409, `An equal ${k} (same ${k === 'search' ? 'trajectory' : 'snapshot'} and configuration) is already queued or running: wait for it, or cancel it first.`);
    }
    throw err;
  }
  if (!rows[0]) {
    const status = await currentStatus(prisma, k, id);
    throw new JobActionError(409, `This ${k} job is ${status}: only failed or cancelled jobs can be retried.`);
  }
  let jobId: string;
  try {
    jobId = await enqueue(boss, queue, payloadOf(k, id));
  } catch (err) {
    await prisma.$executeRawUnsafe(
      `UPDATE "${TABLE_OF[k]}" SET status = 'failed', "finishedAt" = now(), error = $2 WHERE id = $1::uuid`,
      id,
      `Could not queue the retry: ${(err as Error).message}`,
    );
    throw err;
  }
  await prisma.$executeRawUnsafe(`UPDATE "${TABLE_OF[k]}" SET "jobId" = $2 WHERE id = $1::uuid`, id, jobId);
  return { kind: k, id, status: 'queued', jobId };
}

function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  const meta = JSON.stringify(err.meta ?? {});
  return err.code === 'P2002' || meta.includes('23505') || /unique constraint/i.test(err.message);
}
