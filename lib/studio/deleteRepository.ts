/**
 * Deleting a repository: what goes with it (its snapshots with their files, outlines and imports,
 * its synthesis runs, trajectories, reviews and searches), refused while a job works on it, done
 * in one transaction that leaves a RepositoryDeletion record (name, counts, who, when) behind.
 * Nothing of another repository is touched; exports already written are files and stay.
 */
import { Prisma, type PrismaClient, type SourceKind } from '@prisma/client';
import { plural } from '../platform/format';
import { userNames } from '../platform/auth/userNames';
import { exportsHolding, type ExportHolding } from '../5-export/runs/holding';
import { RequestError } from '../platform/http/requestError';
import { isRepositoryName } from '../1-ingest/repositoryName';
import { describeJob, jobsOnRepository, type RepositoryJob, type RepositoryRef } from './repositoryJobs';

/** What goes with a repository. */
export interface DeletionCounts {
  snapshots: number;
  synthesisRuns: number;
  trajectories: number;
  /** Of the trajectories, the approved ones. */
  approved: number;
  reviews: number;
  searchRuns: number;
}

export interface RepositoryDeletionPreview {
  repository: { id: string; name: string; source: string; sourceKind: string };
  counts: DeletionCounts;
  /** Studio exports whose files hold its trajectories (they stay on disk). */
  exports: ExportHolding[];
  /** Jobs working on it now: while there are any, it cannot be deleted. */
  jobs: RepositoryJob[];
  /** Why it cannot be deleted now (the jobs, and what to do), or null. */
  refusal: string | null;
}

export interface RepositoryDeletionRecord {
  id: string;
  repositoryId: string;
  name: string;
  source: string;
  sourceKind: string;
  counts: DeletionCounts;
  exportRunIds: string[];
  /** The name of who deleted it, or null for the command line. */
  deletedBy: string | null;
  deletedAt: Date;
}

/** A deletion refused; the message says why and what to do, the body carries the figures as they are now. */
export class RepositoryDeletionError extends RequestError {
  constructor(
    message: string,
    status: 400 | 404 | 409,
    readonly preview?: RepositoryDeletionPreview,
  ) {
    super(message, status);
  }

  body() {
    return this.preview ? { error: this.message, preview: this.preview } : { error: this.message };
  }
}

/** "2 snapshots, 1 synthesis run, 3 trajectories (1 approved), 4 reviews, 0 search runs". */
export function describeCounts(c: DeletionCounts): string {
  const trajectories = `${plural(c.trajectories, 'trajectory', 'trajectories')}${c.approved ? ` (${c.approved} approved)` : ''}`;
  return [plural(c.snapshots, 'snapshot'), plural(c.synthesisRuns, 'synthesis run'), trajectories, plural(c.reviews, 'review'), plural(c.searchRuns, 'search run')].join(', ');
}

/** The refusal while jobs work on the repository: which ones, and what to do. */
export function refusalFor(name: string, jobs: RepositoryJob[]): string | null {
  if (jobs.length === 0) return null;
  const one = jobs.length === 1;
  return (
    `${name} cannot be deleted while ${one ? 'a job works' : `${jobs.length} jobs work`} on it: ${jobs.map(describeJob).join('; ')}. ` +
    `Wait for ${one ? 'it' : 'them'} to finish, or cancel ${one ? 'it' : 'them'} on the jobs page (/jobs), then delete again.`
  );
}

// The repository's rows, found the way the cascade finds them (snapshot → run → trajectory), not by
// the denormalized Trajectory.repositoryId.
const TRAJECTORIES_OF = (id: string) => Prisma.sql`SELECT t.id FROM "Trajectory" t
  JOIN "SynthesisRun" r ON r.id = t."runId" JOIN "Snapshot" s ON s.id = r."snapshotId" WHERE s."repositoryId" = ${id}::uuid`;

async function countContents(db: Prisma.TransactionClient, id: string): Promise<DeletionCounts> {
  const [row] = await db.$queryRaw<Record<keyof DeletionCounts, bigint>[]>`
    SELECT (SELECT count(*) FROM "Snapshot" s WHERE s."repositoryId" = ${id}::uuid) AS snapshots,
           (SELECT count(*) FROM "SynthesisRun" r JOIN "Snapshot" s ON s.id = r."snapshotId" WHERE s."repositoryId" = ${id}::uuid) AS "synthesisRuns",
           (SELECT count(*) FROM (${TRAJECTORIES_OF(id)}) x) AS trajectories,
           (SELECT count(*) FROM "Trajectory" a WHERE a.id IN (${TRAJECTORIES_OF(id)}) AND a."complete" AND a."reviewState" = 'approved') AS approved,
           (SELECT count(*) FROM "Review" v WHERE v."trajectoryId" IN (${TRAJECTORIES_OF(id)})) AS reviews,
           (SELECT count(*) FROM "SearchRun" sr WHERE sr."trajectoryId" IN (${TRAJECTORIES_OF(id)})) AS "searchRuns"`;
  return {
    snapshots: Number(row.snapshots),
    synthesisRuns: Number(row.synthesisRuns),
    trajectories: Number(row.trajectories),
    approved: Number(row.approved),
    reviews: Number(row.reviews),
    searchRuns: Number(row.searchRuns),
  };
}

async function notFound(db: Prisma.TransactionClient, name: string): Promise<RepositoryDeletionError> {
  const earlier = await latestDeletion(db, name);
  const gone = earlier ? ` ${earlier.deletedBy ?? 'The command line'} deleted it at ${earlier.deletedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.` : '';
  return new RepositoryDeletionError(`No repository named ${JSON.stringify(name.slice(0, 200))}.${gone}`, 404);
}

/** What deleting the repository would remove, and whether a job keeps it from being deleted now; null when there is none. */
export async function previewRepositoryDeletion(prisma: PrismaClient, name: string): Promise<RepositoryDeletionPreview | null> {
  if (!isRepositoryName(name)) return null;
  const repo = await prisma.repository.findUnique({ where: { name }, select: { id: true, name: true, source: true, sourceKind: true } });
  if (!repo) return null;
  const [counts, jobs, exports] = [await countContents(prisma, repo.id), await jobsOnRepository(prisma, repo), await exportsHolding(prisma, repo.name)];
  return { repository: repo, counts, exports, jobs, refusal: refusalFor(repo.name, jobs) };
}

const sameCounts = (a: DeletionCounts, b: DeletionCounts) => (Object.keys(a) as (keyof DeletionCounts)[]).every((k) => a[k] === b[k]);

/** Locks every row a concurrent writer could add to or change, parents first (the order the writers lock them). */
async function lockRepository(tx: Prisma.TransactionClient, name: string): Promise<(RepositoryRef & { source: string; sourceKind: string }) | null> {
  const [repo] = await tx.$queryRaw<{ id: string; name: string; source: string; sourceKind: string }[]>`
    SELECT id::text, name, source, "sourceKind"::text AS "sourceKind" FROM "Repository" WHERE name = ${name} FOR UPDATE`;
  if (!repo) return null;
  // A new snapshot, run, search or review needs a key-share lock on its parent row, which these block.
  await tx.$queryRaw`SELECT s.id FROM "Snapshot" s WHERE s."repositoryId" = ${repo.id}::uuid FOR UPDATE`;
  await tx.$queryRaw`SELECT r.id FROM "SynthesisRun" r JOIN "Snapshot" s ON s.id = r."snapshotId" WHERE s."repositoryId" = ${repo.id}::uuid FOR UPDATE OF r`;
  await tx.$queryRaw`SELECT sr.id FROM "SearchRun" sr WHERE sr."trajectoryId" IN (${TRAJECTORIES_OF(repo.id)}) FOR UPDATE OF sr`;
  await tx.$queryRaw`SELECT t.id FROM "Trajectory" t WHERE t.id IN (${TRAJECTORIES_OF(repo.id)}) FOR UPDATE OF t`;
  return repo;
}

/**
 * Deletes the repository named `name` with everything that cascades from it, in one transaction:
 * its rows are locked first (so a synthesis, search or decision asked for at the same moment
 * either lands before, and the deletion is refused or counts it, or finds the repository gone),
 * refused (409) while a job works on it or — with `confirmed` — when the counts changed since the
 * person confirmed them; the reviews of its trajectories are removed (the one exception to their
 * append-only rule, see the migration) and a RepositoryDeletion record is written.
 */
export async function deleteRepository(
  prisma: PrismaClient,
  name: string,
  options: { deletedById: string | null; confirmed?: DeletionCounts },
): Promise<RepositoryDeletionRecord> {
  if (!isRepositoryName(name)) throw new RepositoryDeletionError('Name the repository to delete (1 to 1000 characters, no NUL).', 404);
  // Files on disk, read outside the transaction: a running export would have refused the deletion anyway.
  const exports = await exportsHolding(prisma, name);
  let id: string;
  try {
    id = await prisma.$transaction(
      async (tx) => {
        const repo = await lockRepository(tx, name);
        if (!repo) throw await notFound(tx, name);
        const jobs = await jobsOnRepository(tx, repo);
        const counts = await countContents(tx, repo.id);
        const preview = { repository: repo, counts, exports, jobs, refusal: refusalFor(repo.name, jobs) };
        if (preview.refusal) throw new RepositoryDeletionError(preview.refusal, 409, preview);
        if (options.confirmed && !sameCounts(options.confirmed, counts)) {
          throw new RepositoryDeletionError(`What goes with ${repo.name} changed since you confirmed: it is now ${describeCounts(counts)}. Check the figures and confirm again.`, 409, preview);
        }
        // The review trigger lets exactly this repository's reviews go, for this transaction only.
        await tx.$queryRaw`SELECT set_config('retrace.deleting_repository', ${repo.id}, true)`;
        await tx.$executeRaw`DELETE FROM "Review" WHERE "trajectoryId" IN (${TRAJECTORIES_OF(repo.id)})`;
        // Import records stay (they are the history of /jobs) but point at no snapshot that is gone.
        await tx.$executeRaw`UPDATE "ImportRun" SET "snapshotId" = NULL WHERE "snapshotId" IN (SELECT s.id FROM "Snapshot" s WHERE s."repositoryId" = ${repo.id}::uuid)`;
        await tx.$executeRaw`DELETE FROM "Repository" WHERE id = ${repo.id}::uuid`;
        const record = await tx.repositoryDeletion.create({
          data: { repositoryId: repo.id, name: repo.name, source: repo.source, sourceKind: repo.sourceKind as SourceKind, ...counts, exportRunIds: exports.map((e) => e.id), deletedById: options.deletedById },
        });
        return record.id;
      },
      // A large repository's cascade (files, outlines, steps) takes a while; nothing else waits on it but its own writers.
      { timeout: 10 * 60_000, maxWait: 30_000 },
    );
  } catch (err) {
    if (isLockConflict(err)) throw new RepositoryDeletionError(`Someone changed ${name} while it was being deleted, and nothing was deleted. Delete it again.`, 409);
    throw err;
  }
  return (await listRepositoryDeletions(prisma, { id }))[0];
}

/** A deadlock or serialization failure: PostgreSQL rolled the transaction back, so a retry is safe. */
function isLockConflict(err: unknown): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  return err.code === 'P2034' || /40P01|40001|deadlock/i.test(`${err.message} ${JSON.stringify(err.meta ?? {})}`);
}

/** Deletion records, newest first: all (up to `limit`), one repository name's, or one record. */
export async function listRepositoryDeletions(db: Prisma.TransactionClient, where: { name?: string; id?: string; limit?: number } = {}): Promise<RepositoryDeletionRecord[]> {
  const rows = await db.repositoryDeletion.findMany({
    where: { ...(where.name !== undefined ? { name: where.name } : {}), ...(where.id !== undefined ? { id: where.id } : {}) },
    orderBy: [{ deletedAt: 'desc' }, { id: 'desc' }],
    take: Math.min(Math.max(1, where.limit ?? 20), 200),
  });
  const nameOf = await userNames(db, rows.map((r) => r.deletedById));
  return rows.map((r) => ({
    id: r.id,
    repositoryId: r.repositoryId,
    name: r.name,
    source: r.source,
    sourceKind: r.sourceKind,
    counts: { snapshots: r.snapshots, synthesisRuns: r.synthesisRuns, trajectories: r.trajectories, approved: r.approved, reviews: r.reviews, searchRuns: r.searchRuns },
    exportRunIds: r.exportRunIds,
    deletedBy: r.deletedById ? (nameOf.get(r.deletedById) ?? r.deletedById) : null,
    deletedAt: r.deletedAt,
  }));
}

/** The latest deletion of a repository by this name, or null. */
export async function latestDeletion(db: Prisma.TransactionClient, name: string): Promise<RepositoryDeletionRecord | null> {
  if (!isRepositoryName(name)) return null;
  return (await listRepositoryDeletions(db, { name, limit: 1 }))[0] ?? null;
}
