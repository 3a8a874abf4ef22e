import type { PrismaClient } from '@prisma/client';
import type { StoredPlanRepair } from '../../2-synthesize/runs/storeTrajectory';
import { rejectionKind } from '../searchFigures';

/** What the summary header needs beyond the steps themselves (components/replay/summary.ts). */
export interface TrajectoryFacts {
  /** Source files of the snapshot: what a plan has to cover. */
  sourceFiles: string[];
  /** What was repaired in a language model's plan; null when nothing was (an offline plan is valid by construction). */
  planRepair: StoredPlanRepair | null;
  /** Candidates of the latest search turned away before scoring: [Think ordinal, kind], one per candidate. */
  rejections: [number, 'leakage' | 'repetition' | 'other'][];
}

export async function getTrajectoryFacts(prisma: PrismaClient, t: { id: string; snapshotId: string; searchRunId: string | null }): Promise<TrajectoryFacts> {
  const [files, trajectory, candidates] = await Promise.all([
    prisma.file.findMany({ where: { snapshotId: t.snapshotId, orderIndex: { not: null } }, select: { path: true }, orderBy: { orderIndex: 'asc' } }),
    prisma.trajectory.findUniqueOrThrow({ where: { id: t.id }, select: { planRepair: true } }),
    t.searchRunId
      ? prisma.$queryRaw<{ ordinal: number; rejectedBecause: string }[]>`
          SELECT ss."stepOrdinal" AS "ordinal", sc."rejectedBecause"
          FROM "SearchCandidate" sc JOIN "SearchStep" ss ON ss.id = sc."searchStepId"
          WHERE ss."searchRunId" = ${t.searchRunId}::uuid AND sc.nll IS NULL AND sc."rejectedBecause" IS NOT NULL
          ORDER BY ss."stepOrdinal", sc.round, sc.ordinal`
      : Promise.resolve([]),
  ]);
  const rejections: TrajectoryFacts['rejections'] = [];
  for (const c of candidates) {
    const kind = rejectionKind({ nll: null, rejectedBecause: c.rejectedBecause });
    if (kind) rejections.push([c.ordinal, kind]);
  }
  return { sourceFiles: files.map((f) => f.path), planRepair: (trajectory.planRepair as StoredPlanRepair | null) ?? null, rejections };
}
