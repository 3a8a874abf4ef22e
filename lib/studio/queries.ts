/**
 * The studio's data access: plain async functions over a PrismaClient, used by the pages in
 * app/ and tested against a real PostgreSQL. Sorting, filtering and paging happen in SQL;
 * file content is only read for the one file a page shows. Every value that comes from a
 * request (sort key, page, snapshot id, file path) is validated here.
 */
import { Prisma, type PrismaClient } from '@prisma/client';
import type { OutlineSymbol } from '../structure/types';

// ---------------------------------------------------------------------------------------------
// Repositories list

export const REPOSITORY_SORT_KEYS = ['name', 'source', 'commit', 'languages', 'files', 'lines', 'status', 'created'] as const;
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
    ) l ON true`;
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
           COALESCE(l."status"::text, 'empty') AS "status"
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

// ---------------------------------------------------------------------------------------------
// One repository and its snapshots

export interface SnapshotSummary {
  id: string;
  commitSha: string | null;
  status: 'ingesting' | 'ready' | 'failed';
  error: string | null;
  languages: string[];
  fileCount: number;
  sourceFileCount: number;
  lineCount: number;
  byteCount: number;
  edgeCount: number;
  cycleCount: number;
  skippedCount: number;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface RepositoryDetail {
  id: string;
  name: string;
  source: string;
  sourceKind: string;
  createdAt: Date;
  updatedAt: Date;
  /** Newest first. */
  snapshots: SnapshotSummary[];
}

const MAX_NAME_LENGTH = 1000;

/** Whether a value from a request can be a repository name (a non-empty string of at most 1000 characters, no NUL). */
export function isRepositoryName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME_LENGTH && !value.includes('\0');
}

/** A repository by name with its snapshots (newest first), or null. */
export async function getRepository(prisma: PrismaClient, name: string): Promise<RepositoryDetail | null> {
  if (!isRepositoryName(name)) return null;
  const repo = await prisma.repository.findUnique({
    where: { name },
    include: {
      snapshots: {
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        include: { _count: { select: { skipped: true } } },
      },
    },
  });
  if (!repo) return null;
  return {
    id: repo.id,
    name: repo.name,
    source: repo.source,
    sourceKind: repo.sourceKind,
    createdAt: repo.createdAt,
    updatedAt: repo.updatedAt,
    snapshots: repo.snapshots.map((s) => ({
      id: s.id,
      commitSha: s.commitSha,
      status: s.status,
      error: s.error,
      languages: s.languages,
      fileCount: s.fileCount,
      sourceFileCount: s.sourceFileCount,
      lineCount: s.lineCount,
      byteCount: Number(s.byteCount),
      edgeCount: s.edgeCount,
      cycleCount: s.cycleCount,
      skippedCount: s._count.skipped,
      createdAt: s.createdAt,
      finishedAt: s.finishedAt,
    })),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * The snapshot a page shows: the requested one when it belongs to the repository (else
 * null), or by default the latest ready snapshot, else the latest of any status.
 */
export function pickSnapshot(repo: RepositoryDetail, requested?: string | null): SnapshotSummary | null {
  if (requested !== undefined && requested !== null && requested !== '') {
    return repo.snapshots.find((s) => s.id === requested.toLowerCase()) ?? null;
  }
  return repo.snapshots.find((s) => s.status === 'ready') ?? repo.snapshots[0] ?? null;
}

export interface ImportCounts {
  external: number;
  unresolved: number;
}

/** How many imports of a snapshot point outside the repository or nowhere. */
export async function countImports(prisma: PrismaClient, snapshotId: string): Promise<ImportCounts> {
  if (!isUuid(snapshotId)) return { external: 0, unresolved: 0 };
  const groups = await prisma.importRef.groupBy({ by: ['status'], where: { snapshotId }, _count: { _all: true } });
  const of = (status: string) => groups.find((g) => g.status === status)?._count._all ?? 0;
  return { external: of('external'), unresolved: of('unresolved') };
}

// ---------------------------------------------------------------------------------------------
// Files

export interface FileRow {
  path: string;
  language: string | null;
  lines: number;
  bytes: number;
  syntaxErrors: number;
  orderIndex: number | null;
  inCycle: boolean;
}

/** Every file of a snapshot, by path, without content. */
export async function listFiles(prisma: PrismaClient, snapshotId: string): Promise<FileRow[]> {
  if (!isUuid(snapshotId)) return [];
  return prisma.file.findMany({
    where: { snapshotId },
    select: { path: true, language: true, lines: true, bytes: true, syntaxErrors: true, orderIndex: true, inCycle: true },
    orderBy: { path: 'asc' },
  });
}

export interface SkippedRow {
  path: string;
  reason: string;
}

/** The paths the walk left out of a snapshot, with why. */
export async function listSkipped(prisma: PrismaClient, snapshotId: string): Promise<SkippedRow[]> {
  if (!isUuid(snapshotId)) return [];
  return prisma.skippedFile.findMany({ where: { snapshotId }, select: { path: true, reason: true }, orderBy: [{ path: 'asc' }, { id: 'asc' }] });
}

export const MAX_PATH_LENGTH = 4096;

export class InvalidFilePathError extends Error {
  constructor(reason: string) {
    super(`Invalid file path: ${reason}.`);
    this.name = 'InvalidFilePathError';
  }
}

/**
 * Checks a repository-relative path taken from a request: a non-empty string of at most
 * 4096 characters, without NUL, not absolute, without '.' or '..' segments. Returns it or
 * throws InvalidFilePathError saying what is wrong.
 */
export function validateFilePath(value: unknown): string {
  if (typeof value !== 'string') throw new InvalidFilePathError('it must be a single string');
  if (value.length === 0) throw new InvalidFilePathError('it is empty');
  if (value.length > MAX_PATH_LENGTH) throw new InvalidFilePathError(`it is longer than ${MAX_PATH_LENGTH} characters`);
  if (value.includes('\0')) throw new InvalidFilePathError('it contains a NUL character');
  if (value.startsWith('/') || value.startsWith('\\') || /^[a-zA-Z]:/.test(value)) throw new InvalidFilePathError('it must be relative to the repository root');
  const segments = value.split(/[/\\]/);
  if (segments.some((s) => s === '..')) throw new InvalidFilePathError("it must not contain '..' segments");
  if (segments.some((s) => s === '.')) throw new InvalidFilePathError("it must not contain '.' segments");
  return value;
}

/** Why a path is not acceptable, or null when it is. */
export function filePathProblem(value: unknown): string | null {
  try {
    validateFilePath(value);
    return null;
  } catch (err) {
    if (err instanceof InvalidFilePathError) return err.message;
    throw err;
  }
}

/** An outline entry as stored, with its position in the file's outline. */
export interface SymbolRow extends OutlineSymbol {
  ordinal: number;
}

export interface EdgeRow {
  /** The file at the other end of the edge. */
  path: string;
  kind: 'import' | 'type_only';
  specifier: string;
  line: number;
}

export interface ImportRow {
  status: 'external' | 'unresolved';
  specifier: string;
  reason: string | null;
  line: number;
}

export interface FileDetail extends FileRow {
  content: string;
  component: number | null;
  symbols: SymbolRow[];
  /** Files this one imports. */
  outgoing: EdgeRow[];
  /** Files that import this one. */
  incoming: EdgeRow[];
  /** External and unresolved imports, by line. */
  imports: ImportRow[];
}

/**
 * One file of a snapshot with its content, outline, edges and non-file imports. The path is
 * looked up only within that snapshot; an invalid or unknown path (or snapshot id) gives null.
 */
export async function getFile(prisma: PrismaClient, snapshotId: string, path: unknown): Promise<FileDetail | null> {
  if (!isUuid(snapshotId) || filePathProblem(path) !== null) return null;
  const file = await prisma.file.findUnique({
    where: { snapshotId_path: { snapshotId, path: path as string } },
    select: {
      path: true,
      language: true,
      lines: true,
      bytes: true,
      syntaxErrors: true,
      orderIndex: true,
      inCycle: true,
      component: true,
      content: true,
      symbols: {
        orderBy: { ordinal: 'asc' },
        select: { ordinal: true, kind: true, name: true, parent: true, signature: true, startLine: true, endLine: true, doc: true },
      },
      edgesOut: { orderBy: [{ line: 'asc' }, { id: 'asc' }], select: { kind: true, specifier: true, line: true, to: { select: { path: true } } } },
      edgesIn: { orderBy: [{ line: 'asc' }, { id: 'asc' }], select: { kind: true, specifier: true, line: true, from: { select: { path: true } } } },
      imports: { orderBy: [{ line: 'asc' }, { id: 'asc' }], select: { status: true, specifier: true, reason: true, line: true } },
    },
  });
  if (!file) return null;
  const { edgesOut, edgesIn, ...rest } = file;
  return {
    ...rest,
    outgoing: edgesOut.map((e) => ({ path: e.to.path, kind: e.kind, specifier: e.specifier, line: e.line })),
    incoming: edgesIn
      .map((e) => ({ path: e.from.path, kind: e.kind, specifier: e.specifier, line: e.line }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line)),
  };
}
