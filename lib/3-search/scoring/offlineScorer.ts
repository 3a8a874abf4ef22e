/**
 * The default scorer when no scoring server is configured: the n-gram scorer (ngramScorer.ts)
 * trained on the source files of the latest ready snapshot of every *other* repository in the
 * database (capped, deterministic selection). On a bare machine or in a dry run, with no other
 * repository, it falls back to the repository's own source files; the scorer then leaves out the
 * file it scores (leave-one-out, exact), so a target never gets help from itself.
 */
import { createHash } from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import type { RepoStructure } from '../../1-ingest/structure/extractStructure';
import { createNgramScorer, NGRAM_DEFAULTS, type NgramScorer, type NgramScorerOptions } from './ngramScorer';

export type OfflineCorpusSource = 'other-repositories' | 'same-repository' | 'none';

export interface OfflineCorpusInfo {
  /** Where the training files came from. */
  source: OfflineCorpusSource;
  repositories: number;
  /** Files selected (before the scorer's own de-duplication and token cap). */
  files: number;
  /** sha256 over the selected files' content hashes, in training order: equal corpora, equal scores. */
  fingerprint: string;
}

export interface OfflineCorpus extends OfflineCorpusInfo {
  texts: string[];
}

export interface OfflineScorer extends NgramScorer {
  readonly corpus: OfflineCorpusInfo;
}

export interface BuildOfflineScorerOptions {
  /** The database (null: no database, only the fallback). */
  prisma: PrismaClient | null;
  /** The repository being scored: its source files are the fallback corpus. */
  structure?: RepoStructure | null;
  /** The repository being scored: never part of the "other repositories" corpus. */
  excludeRepositoryId: string | null;
  /** Training-token cap (default 5,000,000). */
  maxTrainingTokens?: number;
  /** Options of the n-gram model. */
  ngram?: Omit<NgramScorerOptions, 'maxTrainingTokens'>;
}

/** Files larger than this are left out of the selection (generated or vendored). */
const MAX_FILE_BYTES = 400_000;
/** Bytes loaded per training token of the cap (code runs at ~4-6 bytes a token; some margin). */
const BYTES_PER_TOKEN_BUDGET = 8;
const CONTENT_BATCH = 400;

function fingerprintOf(hashes: string[]): string {
  const h = createHash('sha256');
  for (const x of hashes) h.update(x).update('\n');
  return h.digest('hex');
}

/**
 * Source files of the latest ready snapshot of every repository but `excludeRepositoryId`,
 * ordered by content hash (a deterministic shuffle across repositories and folders), duplicates
 * (same content) once, files over 400 kB left out, loaded until about `maxTrainingTokens` tokens.
 */
export async function otherRepositoriesCorpus(prisma: PrismaClient, options: { excludeRepositoryId: string | null; maxTrainingTokens?: number }): Promise<OfflineCorpus> {
  const cap = options.maxTrainingTokens ?? NGRAM_DEFAULTS.maxTrainingTokens;
  const snapshots = await prisma.snapshot.findMany({
    where: { status: 'ready', ...(options.excludeRepositoryId ? { repositoryId: { not: options.excludeRepositoryId } } : {}) },
    orderBy: [{ repositoryId: 'asc' }, { createdAt: 'desc' }, { id: 'asc' }],
    distinct: ['repositoryId'],
    select: { id: true },
  });
  if (snapshots.length === 0) return { source: 'none', repositories: 0, files: 0, fingerprint: fingerprintOf([]), texts: [] };
  const files = await prisma.file.findMany({
    where: { snapshotId: { in: snapshots.map((s) => s.id) }, language: { not: null }, bytes: { lte: MAX_FILE_BYTES } },
    select: { id: true, sha256: true, bytes: true },
    orderBy: [{ sha256: 'asc' }, { id: 'asc' }],
  });
  const chosen: Array<{ id: string; sha256: string }> = [];
  const seen = new Set<string>();
  let bytes = 0;
  const budget = cap * BYTES_PER_TOKEN_BUDGET;
  for (const f of files) {
    if (seen.has(f.sha256) || f.bytes === 0) continue;
    if (bytes + f.bytes > budget) continue;
    seen.add(f.sha256);
    chosen.push(f);
    bytes += f.bytes;
  }
  const texts: string[] = [];
  for (let i = 0; i < chosen.length; i += CONTENT_BATCH) {
    const batch = chosen.slice(i, i + CONTENT_BATCH);
    const rows = await prisma.file.findMany({ where: { id: { in: batch.map((f) => f.id) } }, select: { id: true, content: true } });
    const byId = new Map(rows.map((r) => [r.id, r.content]));
    for (const f of batch) texts.push(byId.get(f.id) ?? '');
  }
  return { source: 'other-repositories', repositories: snapshots.length, files: chosen.length, fingerprint: fingerprintOf(chosen.map((f) => f.sha256)), texts };
}

/** The repository's own source files (path order): the fallback corpus, used leave-one-out. */
export async function sameRepositoryCorpus(options: { prisma: PrismaClient | null; structure?: RepoStructure | null; repositoryId: string | null }): Promise<OfflineCorpus> {
  let files: Array<{ path: string; sha256: string; content: string }> = [];
  if (options.structure) {
    files = options.structure.files.filter((f) => f.language !== null).map((f) => ({ path: f.path, sha256: f.sha256, content: f.content }));
  } else if (options.prisma && options.repositoryId) {
    const snapshot = await options.prisma.snapshot.findFirst({ where: { repositoryId: options.repositoryId, status: 'ready' }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], select: { id: true } });
    if (snapshot) {
      files = await options.prisma.file.findMany({ where: { snapshotId: snapshot.id, language: { not: null } }, select: { path: true, sha256: true, content: true } });
    }
  }
  files = files.filter((f) => f.content.length > 0).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (files.length === 0) return { source: 'none', repositories: 0, files: 0, fingerprint: fingerprintOf([]), texts: [] };
  return { source: 'same-repository', repositories: 1, files: files.length, fingerprint: fingerprintOf(files.map((f) => f.sha256)), texts: files.map((f) => f.content) };
}

/**
 * The offline scorer for a repository: trained on the other repositories in the database, or,
 * when there are none, on the repository's own files with leave-one-out (see the module comment).
 * With neither, the model has no training data and scores with its spelling model and the cache
 * alone (still finite and deterministic). `corpus` says which it was.
 */
export async function buildOfflineScorer(options: BuildOfflineScorerOptions): Promise<OfflineScorer> {
  let corpus: OfflineCorpus | null = null;
  if (options.prisma) {
    corpus = await otherRepositoriesCorpus(options.prisma, { excludeRepositoryId: options.excludeRepositoryId, maxTrainingTokens: options.maxTrainingTokens });
    if (corpus.source === 'none') corpus = null;
  }
  corpus ??= await sameRepositoryCorpus({ prisma: options.prisma, structure: options.structure, repositoryId: options.excludeRepositoryId });
  const scorer = createNgramScorer(corpus.texts, { ...options.ngram, maxTrainingTokens: options.maxTrainingTokens ?? NGRAM_DEFAULTS.maxTrainingTokens });
  const { texts: _texts, ...info } = corpus;
  return Object.assign(scorer, { corpus: info });
}
