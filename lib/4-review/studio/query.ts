/**
 * The bulk review table: one page of complete trajectories with their repository, languages,
 * review state, last reviewer, size, NLL before/after search and synthesis provider, filtered,
 * sorted and paginated in SQL. The filter's WHERE is shared with bulk decisions
 * (lib/4-review/runs), so "everything matching the filter" means the same rows in both.
 * Values reach SQL only as parameters; ORDER BY comes from a whitelist.
 */
import { Prisma, type PrismaClient } from '@prisma/client';
import { DEFAULT_SORT, type ReviewFilter, type ReviewPageRequest, type ReviewSort, type ReviewSortKey, type ReviewStateName, DEFAULT_PAGE_SIZE } from './filter';

export interface ReviewTableRow {
  id: string;
  repositoryId: string;
  repositoryName: string;
  languages: string[];
  state: ReviewStateName;
  reviewVersion: number;
  reviewedAt: Date | null;
  /** The last decision's reviewer (null: never decided). */
  reviewer: { id: string; name: string; email: string } | null;
  tokenCount: number;
  stepCount: number;
  nllBefore: number | null;
  nllAfter: number | null;
  /** nllAfter − nllBefore: negative means search made the real code more likely. */
  delta: number | null;
  provider: string;
  model: string;
  supersededById: string | null;
  createdAt: Date;
}

export interface ReviewTablePage {
  rows: ReviewTableRow[];
  /** Rows matching the filter, over all pages. */
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  sort: ReviewSort;
  filter: ReviewFilter;
}

type JoinName = 'run' | 'snapshot' | 'repository' | 'reviewer';

// A trajectory always has its run, snapshot and (once complete) repositoryId, so the inner joins
// never drop rows: a query joins only the tables its filter or sort reads.
const JOIN_SQL: Record<JoinName, Prisma.Sql> = {
  run: Prisma.sql`JOIN "SynthesisRun" r ON r."id" = t."runId"`,
  snapshot: Prisma.sql`JOIN "Snapshot" s ON s."id" = r."snapshotId"`,
  repository: Prisma.sql`JOIN "Repository" p ON p."id" = t."repositoryId"`,
  reviewer: Prisma.sql`LEFT JOIN "User" u ON u."id" = t."reviewedById"`,
};
const JOIN_ORDER: JoinName[] = ['run', 'snapshot', 'repository', 'reviewer'];

const SORT_JOINS: Partial<Record<ReviewSortKey, JoinName[]>> = {
  repository: ['repository'],
  languages: ['run', 'snapshot'],
  reviewer: ['reviewer'],
  provider: ['run'],
  model: ['run'],
};

function filterJoins(filter: ReviewFilter): JoinName[] {
  const joins: JoinName[] = [];
  if (filter.repository) joins.push('repository');
  if (filter.language) joins.push('run', 'snapshot');
  if (filter.provider) joins.push('run');
  return joins;
}

/** `FROM "Trajectory" t` plus the joins that the filter (and the sort, when given) need. */
export function reviewFilterFrom(filter: ReviewFilter, sortKey?: ReviewSortKey): Prisma.Sql {
  const wanted = new Set([...filterJoins(filter), ...((sortKey && SORT_JOINS[sortKey]) ?? [])]);
  const joins = JOIN_ORDER.filter((j) => wanted.has(j)).map((j) => JOIN_SQL[j]);
  return joins.length ? Prisma.sql`FROM "Trajectory" t ${Prisma.join(joins, ' ')}` : Prisma.sql`FROM "Trajectory" t`;
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The WHERE clause of a filter over reviewFilterFrom(filter) (only complete trajectories are reviewed). */
export function reviewFilterWhere(filter: ReviewFilter): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`t."complete"`];
  if (!filter.superseded) conditions.push(Prisma.sql`t."supersededById" IS NULL`);
  if (filter.repository) conditions.push(Prisma.sql`p."name" ILIKE ${likePattern(filter.repository)} ESCAPE '\\'`);
  if (filter.language) conditions.push(Prisma.sql`${filter.language} = ANY (s."languages")`);
  if (filter.state) conditions.push(Prisma.sql`t."reviewState" = ${filter.state}::"ReviewState"`);
  if (filter.reviewer) {
    conditions.push(Prisma.sql`t."reviewedById" IN (SELECT x."id" FROM "User" x WHERE x."id" = ${filter.reviewer} OR lower(x."email") = lower(${filter.reviewer}))`);
  }
  if (filter.provider) conditions.push(Prisma.sql`r."provider" = ${filter.provider}`);
  if (filter.deltaMin !== undefined) conditions.push(Prisma.sql`(t."nllAfter" - t."nllBefore") >= ${filter.deltaMin}`);
  if (filter.deltaMax !== undefined) conditions.push(Prisma.sql`(t."nllAfter" - t."nllBefore") <= ${filter.deltaMax}`);
  if (filter.tokensMin !== undefined) conditions.push(Prisma.sql`t."tokenCount" >= ${filter.tokensMin}`);
  if (filter.tokensMax !== undefined) conditions.push(Prisma.sql`t."tokenCount" <= ${filter.tokensMax}`);
  return Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}`;
}

// Whitelisted ORDER BY expressions: user input never reaches the SQL text.
const SORT_SQL: Record<ReviewSortKey, string> = {
  repository: 'lower(p."name")',
  languages: `array_to_string(s."languages", ',')`,
  state: 't."reviewState"',
  reviewer: 'lower(u."name")',
  tokens: 't."tokenCount"',
  steps: 't."stepCount"',
  nllBefore: 't."nllBefore"',
  nllAfter: 't."nllAfter"',
  delta: '(t."nllAfter" - t."nllBefore")',
  provider: 'r."provider"',
  model: 'r."model"',
  created: 't."createdAt"',
  version: 't."reviewVersion"',
};

interface RawRow {
  id: string;
  repositoryId: string;
  repositoryName: string;
  languages: string[] | null;
  state: ReviewStateName;
  reviewVersion: number;
  reviewedAt: Date | null;
  reviewerId: string | null;
  reviewerName: string | null;
  reviewerEmail: string | null;
  tokenCount: number;
  stepCount: number;
  nllBefore: number | null;
  nllAfter: number | null;
  provider: string;
  model: string;
  supersededById: string | null;
  createdAt: Date;
}

/** The page's ids first, joining only what the filter and sort read; then the page's rows' columns. */
function pageRows(prisma: PrismaClient, filter: ReviewFilter, sort: ReviewSort, page: number, pageSize: number) {
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  const order = Prisma.raw(`${SORT_SQL[sort.key]} ${dir} NULLS LAST, t."createdAt" ${dir}, t."id" ${dir}`);
  return prisma.$queryRaw<(RawRow & { total: bigint })[]>`
    WITH page AS (
      SELECT t."id", count(*) OVER () AS "total"
      ${reviewFilterFrom(filter, sort.key)}
      ${reviewFilterWhere(filter)}
      ORDER BY ${order}
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}
    )
    SELECT t."id"::text AS "id", p."id"::text AS "repositoryId", p."name" AS "repositoryName", s."languages",
           t."reviewState"::text AS "state", t."reviewVersion", t."reviewedAt",
           t."reviewedById" AS "reviewerId", u."name" AS "reviewerName", u."email" AS "reviewerEmail",
           t."tokenCount", t."stepCount", t."nllBefore", t."nllAfter",
           r."provider", r."model", t."supersededById"::text AS "supersededById", t."createdAt", page."total"
      FROM page
      JOIN "Trajectory" t ON t."id" = page."id"
      ${Prisma.join(JOIN_ORDER.map((j) => JOIN_SQL[j]), ' ')}
     ORDER BY ${order}`;
}

/** Rows matching a filter (the table's total, and the size of "select all matching"). */
export async function countReviewTable(prisma: PrismaClient, filter: ReviewFilter): Promise<number> {
  const [{ count }] = await prisma.$queryRaw<{ count: bigint }[]>`SELECT count(*)::bigint AS count ${reviewFilterFrom(filter)} ${reviewFilterWhere(filter)}`;
  return Number(count);
}

/**
 * One page of the table, with the count of all matching rows from the same scan (a window
 * count), so a page costs one statement. A page past the end gives the last page. Rows without
 * a value for the sort column come last; ties are broken by creation time and id, so pages
 * never overlap.
 */
export async function reviewTablePage(
  prisma: PrismaClient,
  filter: ReviewFilter,
  sort: ReviewSort = DEFAULT_SORT,
  pageRequest: ReviewPageRequest = { page: 1, pageSize: DEFAULT_PAGE_SIZE },
): Promise<ReviewTablePage> {
  const pageSize = pageRequest.pageSize;
  let page = Math.max(1, pageRequest.page);
  let raw = await pageRows(prisma, filter, sort, page, pageSize);
  let total = raw.length ? Number(raw[0].total) : 0;
  if (raw.length === 0 && page > 1) {
    total = await countReviewTable(prisma, filter);
    page = Math.max(1, Math.ceil(total / pageSize));
    raw = total ? await pageRows(prisma, filter, sort, page, pageSize) : [];
  }
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  return {
    rows: raw.map((r) => ({
      id: r.id,
      repositoryId: r.repositoryId,
      repositoryName: r.repositoryName,
      languages: r.languages ?? [],
      state: r.state,
      reviewVersion: r.reviewVersion,
      reviewedAt: r.reviewedAt,
      reviewer: r.reviewerId ? { id: r.reviewerId, name: r.reviewerName ?? '', email: r.reviewerEmail ?? '' } : null,
      tokenCount: r.tokenCount,
      stepCount: r.stepCount,
      nllBefore: r.nllBefore,
      nllAfter: r.nllAfter,
      delta: r.nllBefore !== null && r.nllAfter !== null ? r.nllAfter - r.nllBefore : null,
      provider: r.provider,
      model: r.model,
      supersededById: r.supersededById,
      createdAt: r.createdAt,
    })),
    total,
    page,
    pageSize,
    pageCount,
    sort,
    filter,
  };
}
