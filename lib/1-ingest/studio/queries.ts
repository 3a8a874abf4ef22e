/**
 * The studio's data access: plain async functions over a PrismaClient, used by the pages in
 * app/ and tested against a real PostgreSQL. Sorting, filtering and paging happen in SQL;
 * file content is only read for the one file a page shows. Every value that comes from a
 * request (sort key, page, snapshot id, file path) is validated here.
 */
import type { PrismaClient } from '@prisma/client';
import type { OutlineSymbol } from '../structure/types';
import { isUuid } from '../../platform/http/requestValues';
import { isRepositoryName } from '../repositoryName';

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
  kind: 'import' | 'type_only' | 'same_package';
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
