import type { PrismaClient } from '@prisma/client';
import { userNames } from '../../platform/auth/userNames';
import type { ExportSettings } from '../options';
import { isUuid } from '../../platform/http/requestValues';
import { listExportFiles, type ExportFile } from './files';

/** What a finished export stored: no paths on the studio's disk, only names and numbers. */
export interface ExportRunSummary {
  files: { data: string[]; atif: string[] };
  counts: { trajectories: number; sequences: number; splitTrajectories: number; parts: number; cutPieces: number };
  tokens: { total: number; trained: number; masked: number; bos: number; padding: number };
}

/** An export as the browser sees it; `files` only once it succeeded. */
export interface ExportRunView {
  id: string;
  options: ExportSettings;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  done: number;
  total: number;
  error: string | null;
  summary: ExportRunSummary | null;
  attempts: number;
  requestedBy: string | null;
  /** The files on the studio's disk: a succeeded run's, until someone deletes them. */
  files: ExportFile[];
  filesDeletedAt: Date | null;
  filesDeletedBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  heartbeatAt: Date | null;
}

const VIEW = {
  id: true,
  options: true,
  status: true,
  done: true,
  total: true,
  error: true,
  summary: true,
  attempts: true,
  requestedById: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  heartbeatAt: true,
  filesDeletedAt: true,
  filesDeletedById: true,
} as const;

type Row = { [K in keyof typeof VIEW]: unknown } & { id: string; status: ExportRunView['status']; requestedById: string | null; filesDeletedAt: Date | null; filesDeletedById: string | null };

async function toViews(prisma: PrismaClient, rows: Row[]): Promise<ExportRunView[]> {
  // ExportRun has no relation to User in the schema: names are looked up in one query.
  const nameOf = await userNames(prisma, rows.flatMap((r) => [r.requestedById, r.filesDeletedById]));
  return rows.map(({ requestedById, filesDeletedById, ...r }) => ({
    ...(r as Omit<ExportRunView, 'requestedBy' | 'files' | 'filesDeletedBy'>),
    requestedBy: requestedById ? (nameOf.get(requestedById) ?? null) : null,
    files: r.status === 'succeeded' && !r.filesDeletedAt ? listExportFiles(r.id) : [],
    filesDeletedBy: filesDeletedById ? (nameOf.get(filesDeletedById) ?? null) : null,
  }));
}

export async function getExportRun(prisma: PrismaClient, id: string): Promise<ExportRunView | null> {
  if (!isUuid(id)) return null;
  const row = await prisma.exportRun.findUnique({ where: { id }, select: VIEW });
  return row ? (await toViews(prisma, [row as Row]))[0] : null;
}

/** The latest exports, newest first. */
export async function listExportRuns(prisma: PrismaClient, limit = 50): Promise<ExportRunView[]> {
  const rows = await prisma.exportRun.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: Math.min(Math.max(1, Math.trunc(limit) || 50), 200), select: VIEW });
  return toViews(prisma, rows as Row[]);
}

/** Repository names for the form's suggestions, alphabetical. */
export async function repositoryNames(prisma: PrismaClient, limit = 1000): Promise<string[]> {
  const rows = await prisma.repository.findMany({ orderBy: { name: 'asc' }, take: limit, select: { name: true } });
  return rows.map((r) => r.name);
}
