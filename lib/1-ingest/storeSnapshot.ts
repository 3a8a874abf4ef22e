import { randomUUID } from 'node:crypto';
import { Prisma, type PrismaClient } from '@prisma/client';
import type { SourceKind } from './source/resolveSource';
import { contentHash, type RepoStructure } from './structure/extractStructure';
import { DB_EDGE_KIND } from './structure/edgeKindColumn';

export interface RepositoryIdentity {
  name: string;
  source: string;
  sourceKind: SourceKind;
  commitSha: string | null;
}

export interface StoredSnapshot {
  repositoryId: string;
  snapshotId: string;
  /** false when this exact state was already stored (ingest is idempotent). */
  created: boolean;
}

const CHUNK = 2000;

/** Languages of the source files, most files first. */
export function languagesOf(structure: RepoStructure): string[] {
  const counts = new Map<string, number>();
  for (const f of structure.files) if (f.language) counts.set(f.language, (counts.get(f.language) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([l]) => l);
}

/**
 * Stores one state of a repository as a Snapshot with its files, outlines, edges, imports and
 * skipped paths, in one transaction: a half-written snapshot is never visible. The same state
 * (same content hash) stored again returns the existing snapshot.
 */
export async function storeSnapshot(prisma: PrismaClient, repo: RepositoryIdentity, structure: RepoStructure): Promise<StoredSnapshot> {
  const hash = contentHash(structure.files);
  const repository = await upsertRepository(prisma, repo);
  const existing = await prisma.snapshot.findUnique({ where: { repositoryId_contentHash: { repositoryId: repository.id, contentHash: hash } } });
  if (existing) return { repositoryId: repository.id, snapshotId: existing.id, created: false };

  const snapshotId = randomUUID();
  const fileIds = new Map(structure.files.map((f) => [f.path, randomUUID()]));
  const orderIndex = new Map(structure.order.map((p, i) => [p, i]));
  const inCycle = new Set(structure.cycles.flat());
  const componentOf = componentIndex(structure);
  try {
    await prisma.$transaction(
      async (tx) => {
        await tx.snapshot.create({
          data: {
            id: snapshotId,
            repositoryId: repository.id,
            commitSha: repo.commitSha,
            contentHash: hash,
            status: 'ingesting',
            languages: languagesOf(structure),
          },
        });
        for (const chunk of chunks(structure.files)) {
          await tx.file.createMany({
            data: chunk.map((f) => ({
              id: fileIds.get(f.path)!,
              snapshotId,
              path: f.path,
              language: f.language,
              bytes: f.bytes,
              lines: f.lines,
              sha256: f.sha256,
              content: f.content,
              syntaxErrors: f.syntaxErrors,
              orderIndex: orderIndex.get(f.path) ?? null,
              component: componentOf.get(f.path) ?? null,
              inCycle: inCycle.has(f.path),
            })),
          });
        }
        const symbols = structure.files.flatMap((f) =>
          f.symbols.map((s, ordinal) => ({
            fileId: fileIds.get(f.path)!,
            ordinal,
            kind: s.kind,
            name: s.name,
            parent: s.parent,
            signature: s.signature,
            startLine: s.startLine,
            endLine: s.endLine,
            doc: s.doc,
          })),
        );
        for (const chunk of chunks(symbols)) await tx.symbol.createMany({ data: chunk });
        const edges = structure.edges.map((e) => ({
          snapshotId,
          fromId: fileIds.get(e.from)!,
          toId: fileIds.get(e.to)!,
          kind: DB_EDGE_KIND[e.kind],
          specifier: e.specifier,
          line: e.line,
        }));
        for (const chunk of chunks(edges)) await tx.edge.createMany({ data: chunk });
        const refs = [
          ...structure.external.map((x) => ({ snapshotId, fromId: fileIds.get(x.from)!, status: 'external' as const, specifier: x.specifier, reason: null, line: x.line })),
          ...structure.unresolved.map((x) => ({ snapshotId, fromId: fileIds.get(x.from)!, status: 'unresolved' as const, specifier: x.specifier, reason: x.reason, line: x.line })),
        ];
        for (const chunk of chunks(refs)) await tx.importRef.createMany({ data: chunk });
        for (const chunk of chunks(structure.skipped)) await tx.skippedFile.createMany({ data: chunk.map((s) => ({ snapshotId, ...s })) });
        await tx.snapshot.update({
          where: { id: snapshotId },
          data: {
            status: 'ready',
            finishedAt: new Date(),
            fileCount: structure.files.length,
            sourceFileCount: structure.order.length,
            lineCount: structure.files.reduce((n, f) => n + f.lines, 0),
            byteCount: BigInt(structure.files.reduce((n, f) => n + f.bytes, 0)),
            edgeCount: structure.edges.length,
            cycleCount: structure.cycles.length,
          },
        });
      },
      { timeout: 30 * 60_000, maxWait: 60_000 },
    );
  } catch (err) {
    // Another process stored the same state at the same moment: theirs stands.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      const winner = await prisma.snapshot.findUnique({ where: { repositoryId_contentHash: { repositoryId: repository.id, contentHash: hash } } });
      if (winner) return { repositoryId: repository.id, snapshotId: winner.id, created: false };
    }
    throw err;
  }
  return { repositoryId: repository.id, snapshotId, created: true };
}

async function upsertRepository(prisma: PrismaClient, repo: RepositoryIdentity) {
  const args = {
    where: { name: repo.name },
    create: { name: repo.name, source: repo.source, sourceKind: repo.sourceKind },
    update: { source: repo.source, sourceKind: repo.sourceKind },
  };
  try {
    return await prisma.repository.upsert(args);
  } catch (err) {
    // Prisma's upsert is not atomic: a concurrent ingest may create the row first.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return prisma.repository.upsert(args);
    throw err;
  }
}

function componentIndex(structure: RepoStructure): Map<string, number> {
  // Files in order share a component exactly when they share a cycle.
  const cycleOf = new Map<string, number>();
  structure.cycles.forEach((c, i) => c.forEach((p) => cycleOf.set(p, i)));
  const result = new Map<string, number>();
  let component = -1;
  let lastCycle: number | undefined;
  for (const p of structure.order) {
    const cycle = cycleOf.get(p);
    if (cycle === undefined || cycle !== lastCycle) component++;
    lastCycle = cycle;
    result.set(p, component);
  }
  return result;
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}
