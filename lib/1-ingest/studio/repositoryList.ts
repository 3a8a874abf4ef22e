/**
 * The repositories list: one page of repositories with their latest snapshot's figures and
 * latest synthesis run, filtered, sorted and paginated in SQL. Request values (sort key,
 * direction, page, filter) are validated here; user input never reaches the SQL text.
 */
import { Prisma, type PrismaClient } from '@prisma/client';

export const REPOSITORY_SORT_KEYS = ['name', 'source', 'commit', 'languages', 'files', 'lines', 'status', 'run', 'trajectories', 'created'] as const;
export type RepositorySortKey = (typeof REPOSITORY_SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

/** Latest snapshot's status, or 'empty' when the repository has none. */
export type RepositoryStatus = 'ready' | 'ingesting' | 'failed' | 'empty';

export interface ListRepositoriesOptions {
  sort?: string | null;
  dir?: string | null;
  /** Case-insensitive substring of the name, the source or a language. */
  q?: string | null;
  /** 1-based. */
  page?: number | string | null;
  pageSize?: number | string | null;
}

export interface RepositoryRow {
  id: string;
  name: string;
  source: string;
  sourceKind: string;
  /** Latest ready snapshot (null when none is ready). */
  snapshotId: string | null;
  commitSha: string | null;
  languages: string[];
  fileCount: number;
  lineCount: number;
  status: RepositoryStatus;
  /** The latest synthesis run of any snapshot, or null when there has been none. */
  latestRun: LatestRun | null;
  /** Complete trajectories over all snapshots. */
  trajectoryCount: number;
  /** Those trajectories by review state. */
  reviews: ReviewCounts;
  createdAt: Date;
}

export interface ReviewCounts {
  pending: number;
  approved: number;
  rejected: number;
  needsResynthesis: number;
}

export interface LatestRun {
  id: string;
  provider: string;
  model: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  createdAt: Date;
}

export interface RepositoryPage {
  rows: RepositoryRow[];
  /** Rows matching the filter, over all pages. */
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  sort: RepositorySortKey;
  dir: SortDirection;
  q: string;
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;
const MAX_QUERY_LENGTH = 200;

// Whitelisted ORDER BY expressions: user input never reaches the SQL text.
const SORT_SQL: Record<RepositorySortKey, string> = {
  name: 'lower(r."name"), r."name"',
  source: 'lower(r."source"), r."source"',
  commit: 's."commitSha"',
  languages: `array_to_string(s."languages", ',')`,
  files: 's."fileCount"',
  lines: 's."lineCount"',
  status: `COALESCE(l."status"::text, 'empty')`,
  run: 'lr."createdAt"',
  trajectories: 'tc."count"',
  created: 'r."createdAt"',
};

function positiveInt(value: number | string | null | undefined, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

/** Normalizes request values: unknown sort keys, directions and pages fall back to defaults. */
export function normalizeListOptions(options: ListRepositoriesOptions = {}) {
  const sort = (REPOSITORY_SORT_KEYS as readonly string[]).includes(options.sort ?? '') ? (options.sort as RepositorySortKey) : 'name';
  const dir: SortDirection = options.dir === 'desc' ? 'desc' : 'asc';
  const q = (options.q ?? '').replace(/\0/g, '').trim().slice(0, MAX_QUERY_LENGTH);
  const page = positiveInt(options.page, 1);
  const pageSize = Math.min(positiveInt(options.pageSize, DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  return { sort, dir, q, page, pageSize };
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface RawRepositoryRow {
  id: string;
  name: string;
  source: string;
  sourceKind: string;
  snapshotId: string | null;
  commitSha: string | null;
  languages: string[] | null;
  fileCount: number | null;
  lineCount: number | null;
  status: string;
  createdAt: Date;
  runId: string | null;
  runProvider: string | null;
  runModel: string | null;
  runStatus: LatestRun['status'] | null;
  runCreatedAt: Date | null;
  trajectoryCount: number;
  pending: number;
  approved: number;
  rejected: number;
  needsResynthesis: number;
}

/**
 * One page of repositories with their latest ready snapshot's figures and the status of
 * their latest snapshot, filtered, sorted and paginated in SQL. A page past the end gives
 * the last page. Ties (and rows without a value, always last) are ordered by name.
 */
export async function listRepositories(prisma: PrismaClient, options: ListRepositoriesOptions = {}): Promise<RepositoryPage> {
  const { sort, dir, q, page: wantedPage, pageSize } = normalizeListOptions(options);
  const from = Prisma.sql`
    FROM "Repository" r
    LEFT JOIN LATERAL (
      SELECT x."id", x."commitSha", x."languages", x."fileCount", x."lineCount"
      FROM "Snapshot" x
      WHERE x."repositoryId" = r."id" AND x."status" = 'ready'
      ORDER BY x."createdAt" DESC, x."id" DESC
      LIMIT 1
    ) s ON true
    LEFT JOIN LATERAL (
      SELECT y."status"
      FROM "Snapshot" y
      WHERE y."repositoryId" = r."id"
      ORDER BY y."createdAt" DESC, y."id" DESC
      LIMIT 1
    ) l ON true
    LEFT JOIN LATERAL (
      SELECT z."id", z."provider", z."model", z."status", z."createdAt"
      FROM "SynthesisRun" z JOIN "Snapshot" zs ON zs."id" = z."snapshotId"
      WHERE zs."repositoryId" = r."id"
      ORDER BY z."createdAt" DESC, z."id" DESC
      LIMIT 1
    ) lr ON true
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS "count",
             (count(*) FILTER (WHERE t."reviewState" = 'pending'))::int AS "pending",
             (count(*) FILTER (WHERE t."reviewState" = 'approved'))::int AS "approved",
             (count(*) FILTER (WHERE t."reviewState" = 'rejected'))::int AS "rejected",
             (count(*) FILTER (WHERE t."reviewState" = 'needs_resynthesis'))::int AS "needsResynthesis"
      FROM "Trajectory" t JOIN "SynthesisRun" tr ON tr."id" = t."runId" JOIN "Snapshot" ts ON ts."id" = tr."snapshotId"
      WHERE ts."repositoryId" = r."id" AND t."complete"
    ) tc ON true`;
  const pattern = likePattern(q);
  const where = q
    ? Prisma.sql`WHERE r."name" ILIKE ${pattern} ESCAPE '\\'
        OR r."source" ILIKE ${pattern} ESCAPE '\\'
        OR EXISTS (SELECT 1 FROM unnest(s."languages") AS lang WHERE lang ILIKE ${pattern} ESCAPE '\\')`
    : Prisma.empty;

  const [{ count }] = await prisma.$queryRaw<{ count: bigint }[]>`SELECT count(*)::bigint AS count ${from} ${where}`;
  const total = Number(count);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(wantedPage, pageCount);

  const order = Prisma.raw(
    SORT_SQL[sort]
      .split(', ')
      .map((expr) => `${expr} ${dir === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`)
      .join(', '),
  );
  const raw = await prisma.$queryRaw<RawRepositoryRow[]>`
    SELECT r."id"::text AS "id", r."name", r."source", r."sourceKind"::text AS "sourceKind", r."createdAt",
           s."id"::text AS "snapshotId", s."commitSha", s."languages", s."fileCount", s."lineCount",
           COALESCE(l."status"::text, 'empty') AS "status",
           lr."id"::text AS "runId", lr."provider" AS "runProvider", lr."model" AS "runModel", lr."status"::text AS "runStatus",
           lr."createdAt" AS "runCreatedAt", tc."count" AS "trajectoryCount",
           tc."pending", tc."approved", tc."rejected", tc."needsResynthesis"
    ${from}
    ${where}
    ORDER BY ${order}, lower(r."name") ASC, r."name" ASC, r."id"
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`;

  return {
    rows: raw.map((r) => ({
      id: r.id,
      name: r.name,
      source: r.source,
      sourceKind: r.sourceKind,
      snapshotId: r.snapshotId,
      commitSha: r.commitSha,
      languages: r.languages ?? [],
      fileCount: r.fileCount ?? 0,
      lineCount: r.lineCount ?? 0,
      status: r.status as RepositoryStatus,
      latestRun: r.runId ? { id: r.runId, provider: r.runProvider!, model: r.runModel!, status: r.runStatus!, createdAt: r.runCreatedAt! } : null,
      trajectoryCount: r.trajectoryCount,
      reviews: { pending: r.pending, approved: r.approved, rejected: r.rejected, needsResynthesis: r.needsResynthesis },
      createdAt: r.createdAt,
    })),
    total,
    page,
    pageSize,
    pageCount,
    sort,
    dir,
    q,
  };
}
