/** Test data for the review table and bulk reviews: trajectories written directly with Prisma. */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import type { ReviewStateName } from './filter';

export interface SeedTrajectory {
  repository: string;
  languages?: string[];
  provider?: string;
  model?: string;
  tokens?: number;
  nllBefore?: number | null;
  nllAfter?: number | null;
  state?: ReviewStateName;
  reviewedById?: string | null;
  complete?: boolean;
  /** Created this many seconds after the first one (orders the rows). */
  at?: number;
}

const base = Date.UTC(2026, 0, 1);

/** One repository, snapshot and run per trajectory (a repository may repeat). Returns the ids in order. */
export async function seedTrajectories(prisma: PrismaClient, items: SeedTrajectory[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, item] of items.entries()) {
    const repository = await prisma.repository.upsert({ where: { name: item.repository }, update: {}, create: { name: item.repository, source: `/src/${item.repository}`, sourceKind: 'directory' } });
    const snapshot = await prisma.snapshot.create({ data: { repositoryId: repository.id, contentHash: randomUUID(), status: 'ready', languages: item.languages ?? ['typescript'] } });
    const run = await prisma.synthesisRun.create({
      data: { snapshotId: snapshot.id, provider: item.provider ?? 'offline', model: item.model ?? 'offline-structural-v1', config: {}, configHash: randomUUID(), status: 'succeeded' },
    });
    const trajectory = await prisma.trajectory.create({
      data: {
        runId: run.id,
        complete: item.complete ?? true,
        requirements: '# r',
        tokenCount: item.tokens ?? 1000,
        stepCount: 10,
        repositoryId: repository.id,
        nllBefore: item.nllBefore === undefined ? 1.2 : item.nllBefore,
        nllAfter: item.nllAfter === undefined ? 1.0 : item.nllAfter,
        reviewState: item.state ?? 'pending',
        reviewVersion: item.state && item.state !== 'pending' ? 1 : 0,
        reviewedById: item.reviewedById ?? null,
        createdAt: new Date(base + (item.at ?? i) * 1000),
      },
    });
    ids.push(trajectory.id);
  }
  return ids;
}

export async function seedUser(prisma: PrismaClient, id: string, role = 'reviewer') {
  return prisma.user.create({ data: { id, name: id.replace(/-/g, ' '), email: `${id}@example.com`, role } });
}

/** `n` pending, complete trajectories of one repository in a few set-based statements (for bulk tests). */
export async function seedManyTrajectories(prisma: PrismaClient, repository: string, n: number, tokens = 1000): Promise<string[]> {
  const repo = await prisma.repository.upsert({ where: { name: repository }, update: {}, create: { name: repository, source: `/src/${repository}`, sourceKind: 'directory' } });
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    WITH snap AS (
      INSERT INTO "Snapshot" ("id", "repositoryId", "contentHash", "status", "languages")
      SELECT gen_random_uuid(), ${repo.id}::uuid, md5(random()::text || g::text), 'ready', ARRAY['typescript'] FROM generate_series(1, ${n}::int) g
      RETURNING "id"
    ), run AS (
      INSERT INTO "SynthesisRun" ("id", "snapshotId", "provider", "model", "config", "configHash", "status")
      SELECT gen_random_uuid(), snap."id", 'offline', 'offline-structural-v1', '{}'::jsonb, md5(random()::text), 'succeeded' FROM snap
      RETURNING "id"
    )
    INSERT INTO "Trajectory" ("id", "runId", "complete", "requirements", "tokenCount", "stepCount", "repositoryId", "nllBefore", "nllAfter")
    SELECT gen_random_uuid(), run."id", true, '# r', ${tokens}::int, 10, ${repo.id}::uuid, 1.2, 1.0 FROM run
    RETURNING "id"::text AS "id"`;
  return rows.map((r) => r.id);
}
