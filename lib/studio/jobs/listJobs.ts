import { Prisma, type PrismaClient } from '@prisma/client';
import { formatCount } from '../../platform/format';
import { JOB_KINDS, type JobKind, type JobStatus } from './kinds';

/** One job of any kind, as the jobs page and `retrace jobs` show it. */
export interface JobView {
  kind: JobKind;
  id: string;
  /** What it works on: a repository name, an import's source, a bulk review's selection. */
  subject: string;
  /** Provider and model, an import's phase, a bulk review's decision. */
  detail: string | null;
  status: JobStatus;
  progress: { done: number; total: number; unit: string };
  error: string | null;
  /** The error repeats on the same input: a retry fails the same way (so it was not retried). */
  errorDeterministic: boolean;
  attempts: number;
  requestedBy: string | null;
  /** Repository to link to, when known and not deleted. */
  repositoryName: string | null;
  /** The trajectory it produced (synthesis) or searched (search). */
  trajectoryId: string | null;
  /** A synthesis whose trajectory is identical to the repository's previous one: that trajectory. */
  identicalTo: string | null;
  /** What a search ran with beyond its scorer (proposer, alignment) and every fallback it took, in words. */
  notes: string[];
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  heartbeatAt: Date | null;
}

export interface ListJobsOptions {
  status?: JobStatus;
  kind?: JobKind;
  /** At most this many (1–500); default 100. */
  limit?: number;
}

interface Row {
  kind: JobKind;
  id: string;
  subject: string | null;
  detail: string | null;
  status: JobStatus;
  done: number;
  total: number;
  unit: string;
  error: string | null;
  errorDeterministic: boolean;
  attempts: number;
  requestedBy: string | null;
  repositoryName: string | null;
  trajectoryId: string | null;
  identicalTo: string | null;
  selection: unknown;
  setup: unknown;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  heartbeatAt: Date | null;
}

/** A repository name to link to, only while that repository exists (an import's or export's may have been deleted since). */
const linkable = (name: Prisma.Sql) => Prisma.sql`CASE WHEN EXISTS (SELECT 1 FROM "Repository" x WHERE x.name = ${name}) THEN ${name} END`;

/**
 * One SELECT per kind with the same columns; each is filtered, ordered and limited on its own
 * (by the (status, createdAt) indexes), then UNION ALL merges them and keeps the newest.
 */
function branch(kind: JobKind, where: Prisma.Sql, limit: number): Prisma.Sql {
  const common = (alias: string) =>
    Prisma.raw(
      `${alias}.status::text AS status, ${alias}.error, ${alias}."errorDeterministic", ${alias}.attempts, u.name AS "requestedBy", ` +
        `${alias}."createdAt", ${alias}."startedAt", ${alias}."finishedAt", ${alias}."heartbeatAt"`,
    );
  switch (kind) {
    case 'synthesis':
      return Prisma.sql`(SELECT 'synthesis' AS kind, r.id::text AS id, repo.name AS subject, r.provider || ' · ' || r.model AS detail,
          r."filesDone" AS done, r."filesTotal" AS total, 'files' AS unit, repo.name AS "repositoryName", t.id::text AS "trajectoryId",
          NULL::jsonb AS selection, t."identicalToId"::text AS "identicalTo", NULL::jsonb AS setup, ${common('r')}
        FROM "SynthesisRun" r
        JOIN "Snapshot" snap ON snap.id = r."snapshotId"
        JOIN "Repository" repo ON repo.id = snap."repositoryId"
        LEFT JOIN "Trajectory" t ON t."runId" = r.id
        LEFT JOIN "User" u ON u.id = r."requestedById"
        WHERE ${where} ORDER BY r."createdAt" DESC LIMIT ${limit})`;
    case 'search':
      return Prisma.sql`(SELECT 'search' AS kind, r.id::text AS id, repo.name AS subject, r."scorerProvider" || ' · ' || r."scorerModel" AS detail,
          r."stepsDone" AS done, r."stepsTotal" AS total, 'steps' AS unit, repo.name AS "repositoryName", r."trajectoryId"::text AS "trajectoryId",
          NULL::jsonb AS selection, NULL::text AS "identicalTo", r.setup::jsonb AS setup, ${common('r')}
        FROM "SearchRun" r
        JOIN "Trajectory" t ON t.id = r."trajectoryId"
        JOIN "SynthesisRun" sr ON sr.id = t."runId"
        JOIN "Snapshot" snap ON snap.id = sr."snapshotId"
        JOIN "Repository" repo ON repo.id = snap."repositoryId"
        LEFT JOIN "User" u ON u.id = sr."requestedById"
        WHERE ${where} ORDER BY r."createdAt" DESC LIMIT ${limit})`;
    case 'import':
      return Prisma.sql`(SELECT 'import' AS kind, r.id::text AS id, COALESCE(r."repositoryName", r.name, r.source) AS subject,
          r."sourceKind" || COALESCE(' · ' || r.phase, '') AS detail,
          r.done, r.total, COALESCE(r.phase, 'steps') AS unit, ${linkable(Prisma.raw('r."repositoryName"'))} AS "repositoryName", NULL AS "trajectoryId",
          NULL::jsonb AS selection, NULL::text AS "identicalTo", NULL::jsonb AS setup, ${common('r')}
        FROM "ImportRun" r
        LEFT JOIN "User" u ON u.id = r."requestedById"
        WHERE ${where} ORDER BY r."createdAt" DESC LIMIT ${limit})`;
    case 'bulk-review':
      return Prisma.sql`(SELECT 'bulk-review' AS kind, r.id::text AS id, NULL AS subject, r.decision::text || COALESCE(' · ' || r.reason::text, '') AS detail,
          r.done, r.total, 'trajectories' AS unit, NULL AS "repositoryName", NULL AS "trajectoryId",
          r.selection::jsonb AS selection, NULL::text AS "identicalTo", NULL::jsonb AS setup, ${common('r')}
        FROM "BulkReviewRun" r
        LEFT JOIN "User" u ON u.id = r."requestedById"
        WHERE ${where} ORDER BY r."createdAt" DESC LIMIT ${limit})`;
    case 'export':
      // Subject: what was selected; detail: the format and tokenizer (from the options as checked when asked).
      return Prisma.sql`(SELECT 'export' AS kind, r.id::text AS id,
          COALESCE(r.options->>'repository', 'every repository') || ' · ' || COALESCE(r.options->>'status', 'approved') AS subject,
          COALESCE(r.options->>'format', 'jsonl') || ' · ' || COALESCE(r.options->>'tokenizer', 'llama3') || CASE WHEN (r.options->>'atif')::boolean THEN ' · ATIF' ELSE '' END AS detail,
          r.done, r.total, 'trajectories' AS unit, ${linkable(Prisma.raw(`r.options->>'repository'`))} AS "repositoryName", NULL AS "trajectoryId",
          NULL::jsonb AS selection, NULL::text AS "identicalTo", NULL::jsonb AS setup, ${common('r')}
        FROM "ExportRun" r
        LEFT JOIN "User" u ON u.id = r."requestedById"
        WHERE ${where} ORDER BY r."createdAt" DESC LIMIT ${limit})`;
  }
}

/** Every job of every kind (or of one kind / status), newest first. */
export async function listJobs(prisma: PrismaClient, options: ListJobsOptions = {}): Promise<JobView[]> {
  const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? 100) || 100), 500);
  const where = options.status ? Prisma.sql`r.status = ${options.status}::"RunStatus"` : Prisma.sql`true`;
  const kinds = options.kind ? [options.kind] : JOB_KINDS;
  const union = Prisma.join(
    kinds.map((k) => branch(k, where, limit)),
    ' UNION ALL ',
  );
  const rows = await prisma.$queryRaw<Row[]>`SELECT * FROM (${union}) jobs ORDER BY "createdAt" DESC, id LIMIT ${limit}`;
  return rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    subject: r.subject ?? selectionSummary(r.selection),
    detail: r.detail,
    status: r.status,
    progress: { done: Number(r.done), total: Number(r.total), unit: r.unit },
    error: r.error,
    errorDeterministic: r.errorDeterministic,
    attempts: Number(r.attempts),
    requestedBy: r.requestedBy,
    repositoryName: r.repositoryName,
    trajectoryId: r.trajectoryId,
    identicalTo: r.identicalTo,
    notes: searchNotes(r.setup),
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    heartbeatAt: r.heartbeatAt,
  }));
}

/** A bulk review's selection in a few words: "3 selected trajectories", or its filter's fields. */
export function selectionSummary(selection: unknown): string {
  if (!selection || typeof selection !== 'object') return 'selection';
  const s = selection as Record<string, unknown>;
  if (Array.isArray(s.ids)) return `${s.ids.length} selected ${s.ids.length === 1 ? 'trajectory' : 'trajectories'}`;
  const filter = (s.filter && typeof s.filter === 'object' ? s.filter : s) as Record<string, unknown>;
  const parts = Object.entries(filter)
    .filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return parts.length ? `trajectories with ${parts.join('; ')}`.slice(0, 300) : 'every trajectory';
}

/**
 * What a search's stored setup (`SearchRun.setup`, lib/3-search/runs/searchSetup.ts) says beyond
 * its scorer: who proposed, how the scorer aligned tokens, and every fallback taken. Empty for other
 * kinds and for searches stored before the setup was.
 */
export function searchNotes(setup: unknown): string[] {
  if (!setup || typeof setup !== 'object') return [];
  const s = setup as { proposer?: { provider?: string; model?: string }; scorer?: { mode?: string; alignment?: string | null; alignmentTokenizer?: string | null; contextTokens?: number | null }; fallbacks?: unknown };
  const notes: string[] = [];
  if (s.proposer?.provider) notes.push(`proposed by ${s.proposer.provider} · ${s.proposer.model ?? '?'}`);
  if (s.scorer?.mode) {
    const aligned = s.scorer.alignment === 'token-ids' ? `aligned by token ids${s.scorer.alignmentTokenizer ? ` (${s.scorer.alignmentTokenizer})` : ''}` : s.scorer.alignment === 'text' ? 'aligned by text' : null;
    const context = typeof s.scorer.contextTokens === 'number' ? `context ${formatCount(s.scorer.contextTokens)} tokens` : null;
    notes.push(['scored in ' + s.scorer.mode + ' mode', aligned, context].filter(Boolean).join(', '));
  }
  if (Array.isArray(s.fallbacks)) for (const f of s.fallbacks) if (typeof f === 'string') notes.push(`fallback: ${f}`);
  return notes;
}
