/**
 * The jobs that work on one repository while they are queued or running: what keeps it from
 * being deleted (lib/studio/deleteRepository.ts). Each kind is found the way its handler finds
 * its work, so nothing a worker is about to read or write can disappear under it.
 */
import path from 'node:path';
import type { Prisma } from '@prisma/client';
import { selectTrajectoryIds, isStatusFilter } from '../5-export/select';
import type { JobKind } from './jobs/kinds';
import type { ReviewFilter } from '../4-review/studio/filter';
import { reviewFilterFrom, reviewFilterWhere } from '../4-review/studio/query';

export interface RepositoryJob {
  kind: JobKind;
  id: string;
  status: 'queued' | 'running';
  /** What the job is, in a few words ("synthesis offline · offline-structural-v1"). */
  what: string;
}

/** A repository as the checks need it. */
export interface RepositoryRef {
  id: string;
  name: string;
}

/** The name an unnamed import will most likely store under: its folder's, clone's or archive's name. */
export function likelyImportName(source: string): string {
  const base = path.posix.basename(source.trim().replace(/\\/g, '/').replace(/\/+$/, ''));
  return base.replace(/\.git$/i, '').replace(/\.(tar\.gz|tgz|zip)$/i, '');
}

/** Every queued or running job on the repository, oldest first. */
export async function jobsOnRepository(db: Prisma.TransactionClient, repository: RepositoryRef): Promise<RepositoryJob[]> {
  const id = repository.id;
  // One query after another: a transaction's queries share its one connection.
  const runs = await db.$queryRaw<{ id: string; status: RepositoryJob['status']; provider: string; model: string }[]>`
    SELECT r.id::text, r.status::text AS status, r.provider, r.model FROM "SynthesisRun" r
      JOIN "Snapshot" s ON s.id = r."snapshotId"
     WHERE s."repositoryId" = ${id}::uuid AND r.status IN ('queued', 'running') ORDER BY r."createdAt"`;
  const searches = await db.$queryRaw<{ id: string; status: RepositoryJob['status']; trajectoryId: string }[]>`
    SELECT sr.id::text, sr.status::text AS status, sr."trajectoryId"::text AS "trajectoryId" FROM "SearchRun" sr
      JOIN "Trajectory" t ON t.id = sr."trajectoryId"
      JOIN "SynthesisRun" r ON r.id = t."runId"
      JOIN "Snapshot" s ON s.id = r."snapshotId"
     WHERE s."repositoryId" = ${id}::uuid AND sr.status IN ('queued', 'running') ORDER BY sr."createdAt"`;
  const active = { status: { in: ['queued' as const, 'running' as const] } };
  const imports = await db.importRun.findMany({ where: active, orderBy: { createdAt: 'asc' }, select: { id: true, status: true, source: true, name: true, repositoryName: true } });
  const bulk = await db.bulkReviewRun.findMany({ where: active, orderBy: { createdAt: 'asc' }, select: { id: true, status: true, decision: true, selection: true } });
  const exports = await db.exportRun.findMany({ where: active, orderBy: { createdAt: 'asc' }, select: { id: true, status: true, options: true } });
  const jobs: RepositoryJob[] = [
    ...runs.map((r) => ({ kind: 'synthesis' as const, id: r.id, status: r.status, what: `synthesis ${r.provider} · ${r.model}` })),
    ...searches.map((s) => ({ kind: 'search' as const, id: s.id, status: s.status, what: `search of trajectory ${s.trajectoryId.slice(0, 8)}` })),
  ];
  for (const run of imports) {
    // An import stores under the name it was given, else under its source's name.
    const target = run.repositoryName ?? run.name ?? likelyImportName(run.source);
    if (target === repository.name) jobs.push({ kind: 'import', id: run.id, status: run.status as RepositoryJob['status'], what: `import of ${run.source}` });
  }
  for (const run of bulk) {
    if (await bulkReviewTouches(db, run.selection, id)) jobs.push({ kind: 'bulk-review', id: run.id, status: run.status as RepositoryJob['status'], what: `bulk review (${run.decision})` });
  }
  for (const run of exports) {
    if (await exportTakes(db, run.options, repository.name)) jobs.push({ kind: 'export', id: run.id, status: run.status as RepositoryJob['status'], what: 'export' });
  }
  return jobs;
}

/** Whether a bulk review's selection (ids, or a review-table filter) holds a trajectory of the repository. */
async function bulkReviewTouches(db: Prisma.TransactionClient, selection: Prisma.JsonValue, repositoryId: string): Promise<boolean> {
  const s = (selection ?? {}) as { ids?: { id: string }[]; filter?: ReviewFilter };
  if (s.ids) {
    const ids = s.ids.map((i) => i.id);
    return (await db.trajectory.count({ where: { id: { in: ids }, run: { snapshot: { repositoryId } } } })) > 0;
  }
  const filter = s.filter ?? {};
  const rows = await db.$queryRaw<unknown[]>`SELECT 1 ${reviewFilterFrom(filter)} ${reviewFilterWhere(filter)} AND t."repositoryId" = ${repositoryId}::uuid LIMIT 1`;
  return rows.length > 0;
}

/** Whether an export's selection (its options as checked when asked) takes a trajectory of the repository. */
async function exportTakes(db: Prisma.TransactionClient, options: Prisma.JsonValue, name: string): Promise<boolean> {
  const o = (options ?? {}) as { status?: string; repository?: string; includeSuperseded?: boolean };
  if (o.repository && o.repository !== name) return false;
  const status = o.status && isStatusFilter(o.status) ? o.status : 'approved';
  return (await selectTrajectoryIds(db, { status, repository: name, includeSuperseded: Boolean(o.includeSuperseded), limit: 1 })).length > 0;
}

/** "a synthesis (run 1a2b3c4d, queued)" — how a refusal names a job. */
export function describeJob(job: RepositoryJob): string {
  return `${job.what} (${job.kind} job ${job.id.slice(0, 8)}, ${job.status})`;
}
