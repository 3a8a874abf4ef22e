/**
 * Which trajectories an export takes, from PostgreSQL: ids first (cheap, in a stable order), then
 * each trajectory loaded alone with its provenance, so an export of any size holds one
 * trajectory's steps at a time.
 */
import { Prisma, type PrismaClient, type ReviewState } from '@prisma/client';
import type { SynthesizedTrajectory } from '../2-synthesize/types';
import { loadTrajectory } from '../2-synthesize/runs/loadTrajectory';
import { detectLicence, isLicenceFile, LICENCE_FILES } from './licence';

export const REVIEW_STATES = ['pending', 'approved', 'rejected', 'needs_resynthesis'] as const;
export type StatusFilter = ReviewState | 'all';

export interface SelectOptions {
  /** Review state to take (default approved); `all` takes every state. */
  status?: StatusFilter;
  /** Only this repository (by name). */
  repository?: string;
  /** Also take trajectories a newer one of the same repository superseded. */
  includeSuperseded?: boolean;
  limit?: number;
}

/** Where a sample comes from, as the dataset card and manifest list it. */
export interface Provenance {
  trajectoryId: string;
  repository: string;
  commit: string | null;
  /** SPDX identifier from the snapshot's licence file, or 'unknown'. */
  licence: string;
  runId: string;
  provider: string;
  model: string;
  /** The synthesis' read policy for files already in the trajectory (lib/2-synthesize/readPolicy.ts). */
  repeatedReads: string;
  reviewState: ReviewState;
  /** The latest review decision, or null when nobody decided. */
  review: { decision: ReviewState; reason: string | null; reviewer: string; decidedAt: string } | null;
  /** The search whose Thinks were exported, or null when none succeeded. */
  searchRunId: string | null;
  createdAt: string;
}

export interface ExportItem {
  provenance: Provenance;
  trajectory: SynthesizedTrajectory;
  /** Step ordinal → the Think the latest succeeded search kept. */
  thinkOverrides: Map<number, string>;
}

export function isStatusFilter(value: string): value is StatusFilter {
  return value === 'all' || (REVIEW_STATES as readonly string[]).includes(value);
}

/**
 * Which trajectories are in force (what an export takes unless `includeSuperseded`): the newest of each
 * repository, and a reviewed one (approved, rejected, needing re-synthesis) until a newer trajectory of
 * its repository is approved. So re-synthesizing a repository never silently drops its approved
 * trajectory from the next export: it stays until a successor is approved in its place (a rejected or
 * still pending successor leaves it in).
 */
export const IN_FORCE_RULE = 'a reviewed trajectory stays in force until a newer trajectory of its repository is approved; the newest is always in force';

/** Ids of the matching complete trajectories, oldest first (ties by id), so exports are reproducible. */
export async function selectTrajectoryIds(prisma: Pick<PrismaClient, '$queryRaw'>, options: SelectOptions = {}): Promise<string[]> {
  const status = options.status ?? 'approved';
  const filters: Prisma.Sql[] = [Prisma.sql`t."complete"`];
  if (status !== 'all') filters.push(Prisma.sql`t."reviewState" = ${status}::"ReviewState"`);
  if (options.repository) filters.push(Prisma.sql`repo.name = ${options.repository}`);
  if (!options.includeSuperseded) {
    filters.push(Prisma.sql`(t."supersededById" IS NULL OR (t."reviewState" <> 'pending' AND NOT EXISTS (
      SELECT 1 FROM "Trajectory" n
       WHERE n."repositoryId" = t."repositoryId" AND n."complete" AND n."reviewState" = 'approved'
         AND (n."createdAt", n.id) > (t."createdAt", t.id))))`);
  }
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT t.id::text AS id FROM "Trajectory" t
      JOIN "SynthesisRun" r ON r.id = t."runId"
      JOIN "Snapshot" s ON s.id = r."snapshotId"
      JOIN "Repository" repo ON repo.id = s."repositoryId"
     WHERE ${Prisma.join(filters, ' AND ')}
     ORDER BY t."createdAt" ASC, t.id ASC
     ${options.limit ? Prisma.sql`LIMIT ${options.limit}` : Prisma.empty}`;
  return rows.map((r) => r.id);
}

/** How the advice names the options: flags on the command line, fields in the studio. */
export interface ExplainWords {
  chooseStatus: string;
  chooseAnotherStatus: string;
  includeSuperseded: string;
}
const CLI_WORDS: ExplainWords = { chooseStatus: 'choose --status', chooseAnotherStatus: 'choose another --status', includeSuperseded: '--include-superseded' };

/** Says what to do when nothing matched: the message names the filter that emptied the selection. */
export async function explainEmptySelection(prisma: PrismaClient, options: SelectOptions, say: ExplainWords = CLI_WORDS): Promise<string> {
  const status = options.status ?? 'approved';
  if (options.repository) {
    const repo = await prisma.repository.findUnique({ where: { name: options.repository }, select: { id: true } });
    if (!repo) return `No repository named ${JSON.stringify(options.repository)}: see the names in the studio or with \`retrace jobs\`.`;
  }
  const where = options.repository ? ` of ${options.repository}` : '';
  if (status === 'approved') return `No approved trajectories${where}: approve some in the studio's review queue, or ${say.chooseStatus}.`;
  if (status === 'all') return `No complete trajectories${where}: synthesize some first (retrace synthesize REPO --wait).`;
  const superseded = options.includeSuperseded ? '' : ` (superseded ones are left out unless ${say.includeSuperseded})`;
  return `No trajectories${where} are ${status}${superseded}: ${say.chooseAnotherStatus}.`;
}

/** The licence of a snapshot, from its root licence file; cached per snapshot for one export. */
export function licenceReader(prisma: PrismaClient) {
  const cache = new Map<string, string>();
  return async (snapshotId: string): Promise<string> => {
    const known = cache.get(snapshotId);
    if (known) return known;
    const files = await prisma.file.findMany({
      where: { snapshotId, OR: LICENCE_FILES.map((name) => ({ path: { equals: name, mode: 'insensitive' as const } })) },
      select: { path: true, content: true },
    });
    const ordered = files.filter((f) => isLicenceFile(f.path)).sort((a, b) => rank(a.path) - rank(b.path));
    let licence = 'unknown';
    for (const f of ordered) {
      licence = detectLicence(f.content);
      if (licence !== 'unknown') break;
    }
    cache.set(snapshotId, licence);
    return licence;
  };
}

const rank = (path: string) => LICENCE_FILES.findIndex((n) => n.toLowerCase() === path.toLowerCase());

/** One trajectory with its steps, searched Thinks and provenance. */
export async function loadExportItem(prisma: PrismaClient, trajectoryId: string, licenceOf: (snapshotId: string) => Promise<string>): Promise<ExportItem> {
  const { trajectory, snapshotId } = await loadTrajectory(prisma, trajectoryId);
  const row = await prisma.trajectory.findUniqueOrThrow({
    where: { id: trajectoryId },
    select: {
      createdAt: true,
      reviewState: true,
      run: { select: { id: true, provider: true, model: true, config: true, snapshot: { select: { commitSha: true, repository: { select: { name: true } } } } } },
      reviews: { orderBy: { version: 'desc' }, take: 1, select: { decision: true, reason: true, createdAt: true, reviewer: { select: { email: true } } } },
      searches: { where: { status: 'succeeded' }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1, select: { id: true } },
    },
  });
  const search = row.searches[0] ?? null;
  const thinkOverrides = new Map<number, string>();
  if (search) {
    const steps = await prisma.searchStep.findMany({ where: { searchRunId: search.id }, select: { stepOrdinal: true, finalText: true } });
    for (const s of steps) thinkOverrides.set(s.stepOrdinal, s.finalText);
  }
  const review = row.reviews[0] ?? null;
  return {
    trajectory,
    thinkOverrides,
    provenance: {
      trajectoryId,
      repository: row.run.snapshot.repository.name,
      commit: row.run.snapshot.commitSha,
      licence: await licenceOf(snapshotId),
      runId: row.run.id,
      provider: row.run.provider,
      model: row.run.model,
      repeatedReads: (row.run.config as { repeatedReads?: string } | null)?.repeatedReads ?? 'full',
      reviewState: row.reviewState,
      review: review ? { decision: review.decision, reason: review.reason, reviewer: review.reviewer.email, decidedAt: review.createdAt.toISOString() } : null,
      searchRunId: search?.id ?? null,
      createdAt: row.createdAt.toISOString(),
    },
  };
}

/** What an export with these options would take, before it starts: trajectories, their tokens, repositories. */
export interface SelectionPreview {
  trajectories: number;
  /** Llama-3 tokens of the trajectories as synthesized (before flattening, packing and the chosen tokenizer). */
  tokens: number;
  repositories: number;
  /** The first repositories by name (at most 20). */
  repositoryNames: string[];
}

export async function previewSelection(prisma: PrismaClient, options: SelectOptions = {}): Promise<SelectionPreview> {
  const ids = await selectTrajectoryIds(prisma, options);
  if (ids.length === 0) return { trajectories: 0, tokens: 0, repositories: 0, repositoryNames: [] };
  const [totals] = await prisma.$queryRaw<{ tokens: bigint | null; repositories: bigint }[]>`
    SELECT sum(t."tokenCount")::bigint AS tokens, count(DISTINCT t."repositoryId")::bigint AS repositories FROM "Trajectory" t WHERE t.id = ANY(${ids}::uuid[])`;
  const names = await prisma.$queryRaw<{ name: string }[]>`
    SELECT DISTINCT repo.name FROM "Trajectory" t JOIN "Repository" repo ON repo.id = t."repositoryId" WHERE t.id = ANY(${ids}::uuid[]) ORDER BY repo.name LIMIT 20`;
  return { trajectories: ids.length, tokens: Number(totals.tokens ?? 0), repositories: Number(totals.repositories), repositoryNames: names.map((n) => n.name) };
}
