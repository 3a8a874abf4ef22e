/**
 * The studio's trajectory replay data: plain async functions over a PrismaClient, like
 * queries.ts. List and outline queries never read step bodies: the outline's previews are cut
 * in SQL (`left()`), so a trajectory of thousands of steps costs two queries and no large
 * transfers; a step's full bodies and search candidates come from getStepBody, one step at a
 * time. Per-step NLLs and candidates always come from the trajectory's latest succeeded
 * search. Every value that comes from a request (ids, ordinals, names) is validated here:
 * invalid or unknown ones give null, never a database error.
 */
import type { PrismaClient } from '@prisma/client';
import { isRepositoryName } from '../../1-ingest/repositoryName';
import { isUuid } from '../../platform/http/requestValues';
import { getTrajectoryFacts, type TrajectoryFacts } from './trajectoryFacts';
import { STEP_TEXTS_SELECT, stepTexts } from '../../2-synthesize/runs/loadTrajectory';

/** Characters (code points) of a step's content kept in the outline's preview. */
export const PREVIEW_CHARS = 160;
/** The largest ordinal a step can have (PostgreSQL integer). */
const MAX_ORDINAL = 2_147_483_647;

export type StepAgent = 'main' | 'sub';
export type StepKind = 'think' | 'action' | 'observation';
export type ActionType = 'plan' | 'read' | 'write';

/** A succeeded search's figures, as lists and headers show them. */
export interface SearchSummary {
  id: string;
  /** Means over the searched steps (null when none was searched). */
  meanNllBefore: number | null;
  meanNllAfter: number | null;
  scorerProvider: string;
  scorerModel: string;
  proposerProvider: string;
  proposerModel: string;
  /** True when the scorer is the offline one. */
  offline: boolean;
  createdAt: Date;
}

const finiteOrNull = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/**
 * A step ordinal taken from a request: a whole number from 0 (a number, or a string of digits),
 * or null when it is not one.
 */
export function parseOrdinal(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,10}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= MAX_ORDINAL ? n : null;
}

// ---------------------------------------------------------------------------------------------
// Trajectories of a repository

export interface TrajectoryRow {
  id: string;
  runId: string;
  snapshotId: string;
  commitSha: string | null;
  provider: string;
  model: string;
  /** True when the synthesis ran with the offline model. */
  offline: boolean;
  createdAt: Date;
  stepCount: number;
  tokenCount: number;
  /** The latest succeeded search of the trajectory, or null when none succeeded. */
  search: SearchSummary | null;
}

interface RawTrajectoryRow {
  id: string;
  runId: string;
  snapshotId: string;
  commitSha: string | null;
  provider: string;
  model: string;
  createdAt: Date;
  stepCount: number;
  tokenCount: number;
  searchId: string | null;
  meanNllBefore: number | null;
  meanNllAfter: number | null;
  scorerProvider: string | null;
  scorerModel: string | null;
  proposerProvider: string | null;
  proposerModel: string | null;
  searchCreatedAt: Date | null;
}

/** A repository's complete trajectories (over all its snapshots), newest first; [] for an unknown or invalid name. */
export async function listTrajectories(prisma: PrismaClient, repositoryName: string): Promise<TrajectoryRow[]> {
  if (!isRepositoryName(repositoryName)) return [];
  const raw = await prisma.$queryRaw<RawTrajectoryRow[]>`
    SELECT t."id"::text AS "id", t."runId"::text AS "runId", s."id"::text AS "snapshotId", s."commitSha",
           run."provider", run."model", t."createdAt", t."stepCount", t."tokenCount",
           sr."id"::text AS "searchId", sr."meanNllBefore", sr."meanNllAfter", sr."scorerProvider", sr."scorerModel",
           sr."proposerProvider", sr."proposerModel", sr."createdAt" AS "searchCreatedAt"
    FROM "Trajectory" t
    JOIN "SynthesisRun" run ON run."id" = t."runId"
    JOIN "Snapshot" s ON s."id" = run."snapshotId"
    JOIN "Repository" r ON r."id" = s."repositoryId"
    LEFT JOIN LATERAL (
      SELECT x."id", x."meanNllBefore", x."meanNllAfter", x."scorerProvider", x."scorerModel",
             x."proposerProvider", x."proposerModel", x."createdAt"
      FROM "SearchRun" x
      WHERE x."trajectoryId" = t."id" AND x."status" = 'succeeded'
      ORDER BY x."createdAt" DESC, x."id" DESC
      LIMIT 1
    ) sr ON true
    WHERE r."name" = ${repositoryName} AND t."complete"
    ORDER BY t."createdAt" DESC, t."id" DESC`;
  return raw.map((r) => ({
    id: r.id,
    runId: r.runId,
    snapshotId: r.snapshotId,
    commitSha: r.commitSha,
    provider: r.provider,
    model: r.model,
    offline: r.provider === 'offline',
    createdAt: r.createdAt,
    stepCount: r.stepCount,
    tokenCount: r.tokenCount,
    search:
      r.searchId === null
        ? null
        : {
            id: r.searchId,
            meanNllBefore: finiteOrNull(r.meanNllBefore),
            meanNllAfter: finiteOrNull(r.meanNllAfter),
            scorerProvider: r.scorerProvider ?? '',
            scorerModel: r.scorerModel ?? '',
            proposerProvider: r.proposerProvider ?? '',
            proposerModel: r.proposerModel ?? '',
            offline: r.scorerProvider === 'offline',
            createdAt: r.searchCreatedAt ?? r.createdAt,
          },
  }));
}

// ---------------------------------------------------------------------------------------------
// One trajectory's outline

export interface PlanEntryRow {
  ordinal: number;
  path: string;
  purpose: string;
  needs: string;
  keySymbols: string[];
}

/** A step without its bodies. */
export interface StepOutline {
  ordinal: number;
  agent: StepAgent;
  file: string | null;
  kind: StepKind;
  actionType: ActionType | null;
  actionPath: string | null;
  tokens: number;
  lossMasked: boolean;
  /** The first PREVIEW_CHARS characters of the content. */
  preview: string;
  /** Whether the content is longer than the preview. */
  truncated: boolean;
  hasActionContent: boolean;
  hasDraft: boolean;
  /** For a Think the latest succeeded search searched; null otherwise. */
  search: { nllBefore: number; nllAfter: number } | null;
}

export interface TrajectoryOutline {
  id: string;
  runId: string;
  repositoryName: string;
  snapshotId: string;
  commitSha: string | null;
  provider: string;
  model: string;
  offline: boolean;
  /** The synthesis' read policy for files already in the trajectory (lib/2-synthesize/readPolicy.ts). */
  repeatedReads: string;
  createdAt: Date;
  stepCount: number;
  tokenCount: number;
  /** Markdown requirements written by the main agent. */
  requirements: string;
  /** In implementation order. */
  plan: PlanEntryRow[];
  /** The latest succeeded search, or null. */
  search: SearchSummary | null;
  /** Every step, by ordinal. */
  steps: StepOutline[];
  /** For the summary header: source files, plan repairs, the search's rejections. */
  facts: TrajectoryFacts;
}

interface RawStepOutline {
  ordinal: number;
  agent: StepAgent;
  file: string | null;
  kind: StepKind;
  actionType: ActionType | null;
  actionPath: string | null;
  tokens: number;
  lossMasked: boolean;
  preview: string;
  truncated: boolean;
  hasActionContent: boolean;
  hasDraft: boolean;
  nllBefore: number | null;
  nllAfter: number | null;
}

const SEARCH_SUMMARY_SELECT = {
  id: true,
  meanNllBefore: true,
  meanNllAfter: true,
  scorerProvider: true,
  scorerModel: true,
  proposerProvider: true,
  proposerModel: true,
  createdAt: true,
} as const;

function searchSummary(s: { id: string; meanNllBefore: number | null; meanNllAfter: number | null; scorerProvider: string; scorerModel: string; proposerProvider: string; proposerModel: string; createdAt: Date }): SearchSummary {
  return { ...s, meanNllBefore: finiteOrNull(s.meanNllBefore), meanNllAfter: finiteOrNull(s.meanNllAfter), offline: s.scorerProvider === 'offline' };
}

/**
 * A complete trajectory's header and every step without its bodies (a preview of the content
 * cut in SQL), with each searched step's NLL before and after from the latest succeeded
 * search. Two queries whatever the number of steps. Null for an invalid or unknown id, or a
 * trajectory that is not complete.
 */
export async function getTrajectoryOutline(prisma: PrismaClient, trajectoryId: string): Promise<TrajectoryOutline | null> {
  if (!isUuid(trajectoryId)) return null;
  const t = await prisma.trajectory.findUnique({
    where: { id: trajectoryId },
    select: {
      id: true,
      runId: true,
      complete: true,
      requirements: true,
      stepCount: true,
      tokenCount: true,
      createdAt: true,
      run: { select: { provider: true, model: true, config: true, snapshot: { select: { id: true, commitSha: true, repository: { select: { name: true } } } } } },
      plan: { orderBy: { ordinal: 'asc' }, select: { ordinal: true, path: true, purpose: true, needs: true, keySymbols: true } },
      searches: { where: { status: 'succeeded' }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1, select: SEARCH_SUMMARY_SELECT },
    },
  });
  if (!t || !t.complete) return null;
  const search = t.searches[0] ?? null;
  const factsPromise = getTrajectoryFacts(prisma, { id: t.id, snapshotId: t.run.snapshot.id, searchRunId: search?.id ?? null });
  const raw = await prisma.$queryRaw<RawStepOutline[]>`
    SELECT st."ordinal", st."agent"::text AS "agent", st."file", st."kind"::text AS "kind",
           st."actionType"::text AS "actionType", st."actionPath", st."tokens", st."lossMasked",
           left(coalesce(st."content", f."content"), ${PREVIEW_CHARS}) AS "preview",
           char_length(coalesce(st."content", f."content")) > ${PREVIEW_CHARS} AS "truncated",
           (st."actionContent" IS NOT NULL OR (st."kind" = 'action' AND f."id" IS NOT NULL)) AS "hasActionContent",
           st."draft" IS NOT NULL AS "hasDraft",
           ss."nllBefore", ss."nllAfter"
    FROM "Step" st
    -- A step that shows a file whole has its text there (see stepTexts in lib/2-synthesize/runs/loadTrajectory.ts).
    LEFT JOIN "File" f ON f."id" = st."shownFileId"
    LEFT JOIN "SearchStep" ss ON ss."searchRunId" = ${search?.id ?? null}::uuid AND ss."stepOrdinal" = st."ordinal"
    WHERE st."trajectoryId" = ${t.id}::uuid
    ORDER BY st."ordinal"`;
  return {
    id: t.id,
    runId: t.runId,
    repositoryName: t.run.snapshot.repository.name,
    snapshotId: t.run.snapshot.id,
    commitSha: t.run.snapshot.commitSha,
    provider: t.run.provider,
    model: t.run.model,
    offline: t.run.provider === 'offline',
    repeatedReads: (t.run.config as { repeatedReads?: string } | null)?.repeatedReads ?? 'full',
    createdAt: t.createdAt,
    stepCount: t.stepCount,
    tokenCount: t.tokenCount,
    requirements: t.requirements,
    plan: t.plan,
    search: search ? searchSummary(search) : null,
    steps: raw.map(({ nllBefore, nllAfter, ...step }) => ({
      ...step,
      search: nllBefore === null || nllAfter === null ? null : { nllBefore, nllAfter },
    })),
    facts: await factsPromise,
  };
}

// ---------------------------------------------------------------------------------------------
// One step's bodies

export interface CandidateRow {
  round: number;
  ordinal: number;
  text: string;
  /** Null when it was rejected without being scored. */
  nll: number | null;
  accepted: boolean;
  rejectedBecause: string | null;
}

export interface StepSearch {
  searchRunId: string;
  nllBefore: number;
  nllAfter: number;
  /** The Think search kept (the original when no candidate was accepted). */
  finalText: string;
  /** By round, then as proposed. */
  candidates: CandidateRow[];
}

export interface StepBody {
  ordinal: number;
  agent: StepAgent;
  file: string | null;
  kind: StepKind;
  actionType: ActionType | null;
  actionPath: string | null;
  tokens: number;
  lossMasked: boolean;
  /** Think text, observation text, or the action as written. */
  content: string;
  /** A write's full content (the real file), or the plan as JSON. */
  actionContent: string | null;
  /** An LLM's own draft of the file, kept for inspection only. */
  draft: string | null;
  /** For a Think the latest succeeded search searched; null otherwise. */
  search: StepSearch | null;
}

/**
 * One step of a complete trajectory with its full bodies and, for a searched Think, the latest
 * succeeded search's result and candidates. Null for an invalid id or ordinal, or when there is
 * no such step.
 */
export async function getStepBody(prisma: PrismaClient, trajectoryId: string, ordinal: number | string): Promise<StepBody | null> {
  const n = parseOrdinal(ordinal);
  if (!isUuid(trajectoryId) || n === null) return null;
  const [step, search] = await Promise.all([
    prisma.step.findUnique({
      where: { trajectoryId_ordinal: { trajectoryId, ordinal: n } },
      select: {
        ordinal: true,
        agent: true,
        file: true,
        kind: true,
        actionPath: true,
        tokens: true,
        lossMasked: true,
        ...STEP_TEXTS_SELECT,
        draft: true,
        trajectory: { select: { complete: true } },
      },
    }),
    prisma.searchRun.findFirst({
      where: { trajectoryId, status: 'succeeded' },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: {
        id: true,
        steps: {
          where: { stepOrdinal: n },
          select: {
            nllBefore: true,
            nllAfter: true,
            finalText: true,
            candidates: {
              orderBy: [{ round: 'asc' }, { ordinal: 'asc' }],
              select: { round: true, ordinal: true, text: true, nll: true, accepted: true, rejectedBecause: true },
            },
          },
        },
      },
    }),
  ]);
  if (!step || !step.trajectory.complete) return null;
  const { trajectory: _trajectory, shownFile: _shownFile, ...body } = step;
  const searched = search?.steps[0];
  return { ...body, ...stepTexts(step), search: search && searched ? { searchRunId: search.id, ...searched } : null };
}
