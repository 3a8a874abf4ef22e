/**
 * The dependency graph of one snapshot, as the graph view draws it: every file (no content)
 * and one edge per pair of files that import each other. Two lean queries, whatever the size:
 * a 2,000-file, 10,000-edge snapshot is a few hundred kilobytes of JSON.
 */
import type { PrismaClient } from '@prisma/client';
import { isUuid } from '../../platform/http/requestValues';

export interface GraphFile {
  path: string;
  /** null for files that are not parsed source (README, config...). */
  language: string | null;
  lines: number;
  /** Position in the implementation order (source files only), 0-based. */
  orderIndex: number | null;
  inCycle: boolean;
  /** Strongly connected component, in implementation order; files sharing one form a cycle. */
  component: number | null;
}

export interface GraphEdge {
  /** The importing file. */
  fromPath: string;
  /** The imported file. */
  toPath: string;
  /** The strongest link between the two files: any import, else any type-only import, else same-package use. */
  kind: 'import' | 'type_only' | 'same_package';
}

export interface SnapshotGraph {
  snapshotId: string;
  status: 'ingesting' | 'ready' | 'failed';
  /** By path. */
  files: GraphFile[];
  /** By fromPath, then toPath; no self-loops. */
  edges: GraphEdge[];
}

/**
 * The graph of a snapshot, or null for an invalid or unknown snapshot id. Several imports of
 * the same file (different lines, specifiers) are one edge; a file importing itself is no edge.
 */
export async function getSnapshotGraph(prisma: PrismaClient, snapshotId: string): Promise<SnapshotGraph | null> {
  if (!isUuid(snapshotId)) return null;
  const id = snapshotId.toLowerCase();
  const snapshot = await prisma.snapshot.findUnique({ where: { id }, select: { id: true, status: true } });
  if (!snapshot) return null;
  const [files, edges] = await Promise.all([
    prisma.$queryRaw<GraphFile[]>`
      SELECT f."path", f."language", f."lines", f."orderIndex", f."inCycle", f."component"
      FROM "File" f
      WHERE f."snapshotId" = ${id}::uuid
      ORDER BY f."path"`,
    prisma.$queryRaw<GraphEdge[]>`
      SELECT a."path" AS "fromPath", b."path" AS "toPath",
             CASE WHEN bool_or(e."kind" = 'import') THEN 'import'
                  WHEN bool_or(e."kind" = 'type_only') THEN 'type_only'
                  ELSE min(e."kind"::text) END AS "kind"
      FROM "Edge" e
      JOIN "File" a ON a."id" = e."fromId"
      JOIN "File" b ON b."id" = e."toId"
      WHERE e."snapshotId" = ${id}::uuid AND e."fromId" <> e."toId"
      GROUP BY a."path", b."path"
      ORDER BY a."path", b."path"`,
  ]);
  return { snapshotId: snapshot.id, status: snapshot.status, files, edges };
}
