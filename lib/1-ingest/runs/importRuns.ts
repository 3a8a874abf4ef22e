import type { PrismaClient } from '@prisma/client';
import { isUuid } from '../../platform/http/requestValues';

/** An import as the browser sees it: never the upload's path on disk. */
export interface ImportRunView {
  id: string;
  sourceKind: string;
  source: string;
  name: string | null;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  phase: string | null;
  done: number;
  total: number;
  error: string | null;
  repositoryName: string | null;
  duplicateOf: string | null;
  snapshotId: string | null;
  created: boolean | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const VIEW = {
  id: true,
  sourceKind: true,
  source: true,
  name: true,
  status: true,
  phase: true,
  done: true,
  total: true,
  error: true,
  repositoryName: true,
  duplicateOf: true,
  snapshotId: true,
  created: true,
  createdAt: true,
  finishedAt: true,
} as const;

export async function getImportRun(prisma: PrismaClient, id: string): Promise<ImportRunView | null> {
  if (!isUuid(id)) return null;
  return prisma.importRun.findUnique({ where: { id }, select: VIEW });
}

/** The latest imports, newest first. */
export async function listImportRuns(prisma: PrismaClient, limit = 20): Promise<ImportRunView[]> {
  return prisma.importRun.findMany({ orderBy: { createdAt: 'desc' }, take: Math.min(Math.max(1, limit), 100), select: VIEW });
}
