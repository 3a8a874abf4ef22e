/**
 * Small fixtures for review tests and benchmarks: users made directly (sign-in is not needed to
 * test decisions) and trajectories stored through the real storeTrajectory (so supersession is
 * the pipeline's own), with a tiny hand-made plan and no ingestion.
 */
import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '@prisma/client';
import type { SynthesizedTrajectory } from '../2-synthesize/types';
import { storeTrajectory } from '../2-synthesize/runs/storeTrajectory';

export async function createTestUser(prisma: PrismaClient, name: string, role: 'viewer' | 'reviewer' | 'admin' = 'reviewer') {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return prisma.user.create({ data: { id: `user-${slug}-${randomUUID().slice(0, 8)}`, name, email: `${slug}-${randomUUID().slice(0, 6)}@example.test`, role } });
}

export interface TestTrajectoryOptions {
  repositoryName: string;
  files?: number;
  tokenCount?: number;
}

/** A new snapshot and offline run of `repositoryName` (created when missing) and its stored trajectory; returns the trajectory id. */
export async function storeTestTrajectory(prisma: PrismaClient, options: TestTrajectoryOptions): Promise<string> {
  const { repositoryName, files = 2, tokenCount = 1000 } = options;
  const repository = await prisma.repository.upsert({
    where: { name: repositoryName },
    create: { name: repositoryName, source: `/tmp/${repositoryName}`, sourceKind: 'directory' },
    update: {},
  });
  const snapshot = await prisma.snapshot.create({ data: { repositoryId: repository.id, contentHash: randomUUID(), status: 'ready' } });
  const run = await prisma.synthesisRun.create({
    data: { snapshotId: snapshot.id, provider: 'offline', model: 'offline-structural-v1', config: {} as Prisma.InputJsonValue, configHash: randomUUID(), status: 'running' },
  });
  const paths = Array.from({ length: files }, (_, i) => `src/file${i}.ts`);
  const trajectory: SynthesizedTrajectory = {
    provider: 'offline',
    model: 'offline-structural-v1',
    offline: true,
    plan: { requirements: `# ${repositoryName}`, files: paths.map((path) => ({ path, purpose: `Implements ${path}.`, needs: '', keySymbols: [] })) },
    steps: paths.map((path, ordinal) => ({ ordinal, agent: 'sub', file: path, kind: 'think', action: null, content: `Think about ${path}.`, tokens: 5, lossMasked: false })),
    tokenCount,
  };
  return storeTrajectory(prisma, run.id, trajectory);
}
