import os from 'node:os';
import path from 'node:path';
import type { PrismaClient } from '@prisma/client';
import { resolveSource, type LocalSource, type SourceOptions } from './source/resolveSource';
import { extractStructure, type ExtractOptions, type RepoStructure } from './structure/extractStructure';
import { walkRepository, type WalkOptions } from './walk/walk';
import { languagesOf, storeSnapshot, type StoredSnapshot } from './storeSnapshot';

export interface IngestOptions extends SourceOptions, WalkOptions {
  /** Repository name; defaults to one derived from the source. */
  name?: string;
  /** What to record as the repository's source (default: `source`); an upload's original file name, say. */
  recordedSource?: string;
  onProgress?: (phase: 'fetch' | 'walk' | 'parse' | 'resolve' | 'order' | 'store', done: number, total: number) => void;
}

export interface IngestSummary extends StoredSnapshot {
  name: string;
  source: string;
  sourceKind: string;
  commitSha: string | null;
  languages: string[];
  files: number;
  sourceFiles: number;
  lines: number;
  edges: number;
  external: number;
  unresolved: number;
  cycles: number;
  skipped: number;
  /** Another repository whose snapshot holds exactly this content (null when none does). */
  duplicateOf: string | null;
}

/** Reads a source into a structure (no database): walk → parse → resolve → order. */
export async function structureOf(dir: string, options: WalkOptions & ExtractOptions = {}): Promise<RepoStructure> {
  return extractStructure(walkRepository(dir, options), options);
}

/**
 * The name the source's root folder would have in a checkout: a folder's own name, the repository name of a clone (what
 * `git clone` names the folder), an archive's single top folder, else the archive's name. Clones and archives without a
 * top folder are walked in a temporary folder whose random name must not become the root package's name.
 */
function rootNameOf(local: LocalSource): string {
  if (local.kind === 'git') return local.suggestedName;
  // resolveSource extracts an archive into a fresh folder of the system temp folder and walks its single top folder, if any.
  if (local.kind === 'archive' && path.dirname(local.dir) === os.tmpdir()) return local.suggestedName;
  return path.basename(local.dir);
}

/** source → local folder → structure → Postgres. Temporary clones and extractions are removed. */
export async function ingest(prisma: PrismaClient, source: string, options: IngestOptions = {}): Promise<IngestSummary> {
  const progress = options.onProgress;
  progress?.('fetch', 0, 1);
  const local = await resolveSource(source, options);
  try {
    progress?.('walk', 0, 1);
    const structure = await structureOf(local.dir, { ...options, rootName: rootNameOf(local), onProgress: progress });
    progress?.('store', 0, 1);
    const name = options.name ?? local.suggestedName;
    const recorded = options.recordedSource ?? source;
    const stored = await storeSnapshot(prisma, { name, source: recorded, sourceKind: local.kind, commitSha: local.commitSha }, structure);
    progress?.('store', 1, 1);
    const duplicateOf = await sameContentElsewhere(prisma, stored.snapshotId, stored.repositoryId);
    return {
      ...stored,
      duplicateOf,
      name,
      source: recorded,
      sourceKind: local.kind,
      commitSha: local.commitSha,
      languages: languagesOf(structure),
      files: structure.files.length,
      sourceFiles: structure.order.length,
      lines: structure.files.reduce((n, f) => n + f.lines, 0),
      edges: structure.edges.length,
      external: structure.external.length,
      unresolved: structure.unresolved.length,
      cycles: structure.cycles.length,
      skipped: structure.skipped.length,
    };
  } finally {
    local.cleanup();
  }
}

/** The name of another repository with a snapshot of exactly this content, if any (importing a folder twice under two names). */
async function sameContentElsewhere(prisma: PrismaClient, snapshotId: string, repositoryId: string): Promise<string | null> {
  const { contentHash } = await prisma.snapshot.findUniqueOrThrow({ where: { id: snapshotId }, select: { contentHash: true } });
  const other = await prisma.snapshot.findFirst({ where: { contentHash, repositoryId: { not: repositoryId } }, orderBy: { createdAt: 'asc' }, select: { repository: { select: { name: true } } } });
  return other?.repository.name ?? null;
}
