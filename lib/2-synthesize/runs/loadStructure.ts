import type { PrismaClient } from '@prisma/client';
import type { RepoStructure } from '../../1-ingest/structure/extractStructure';
import { edgeKindFromDb } from '../../1-ingest/structure/edgeKindColumn';

/** Rebuilds a snapshot's structure (as ingestion computed it) from Postgres, for synthesis. */
export async function loadStructure(prisma: PrismaClient, snapshotId: string): Promise<RepoStructure> {
  const files = await prisma.file.findMany({
    where: { snapshotId },
    include: { symbols: { orderBy: { ordinal: 'asc' } } },
    orderBy: { path: 'asc' },
  });
  const pathOf = new Map(files.map((f) => [f.id, f.path]));
  const [edges, refs, skipped] = await Promise.all([
    prisma.edge.findMany({ where: { snapshotId }, orderBy: [{ fromId: 'asc' }, { line: 'asc' }] }),
    prisma.importRef.findMany({ where: { snapshotId } }),
    prisma.skippedFile.findMany({ where: { snapshotId }, orderBy: { path: 'asc' } }),
  ]);
  const ordered = files.filter((f) => f.orderIndex !== null).sort((a, b) => a.orderIndex! - b.orderIndex!);
  const cycles = new Map<number, string[]>();
  for (const f of ordered) if (f.inCycle && f.component !== null) cycles.set(f.component, [...(cycles.get(f.component) ?? []), f.path]);
  return {
    files: files.map((f) => ({
      path: f.path,
      language: f.language as RepoStructure['files'][number]['language'],
      bytes: f.bytes,
      lines: f.lines,
      sha256: f.sha256,
      content: f.content,
      syntaxErrors: f.syntaxErrors,
      symbols: f.symbols.map((s) => ({ kind: s.kind, name: s.name, parent: s.parent, signature: s.signature, startLine: s.startLine, endLine: s.endLine, doc: s.doc })),
    })),
    edges: edges.map((e) => ({ from: pathOf.get(e.fromId)!, to: pathOf.get(e.toId)!, kind: edgeKindFromDb(e.kind), specifier: e.specifier, line: e.line })),
    external: refs.filter((r) => r.status === 'external').map((r) => ({ from: pathOf.get(r.fromId)!, specifier: r.specifier, line: r.line })),
    unresolved: refs.filter((r) => r.status === 'unresolved').map((r) => ({ from: pathOf.get(r.fromId)!, specifier: r.specifier, reason: r.reason ?? '', line: r.line })),
    cycles: [...cycles.values()],
    order: ordered.map((f) => f.path),
    skipped: skipped.map((s) => ({ path: s.path, reason: s.reason })),
  };
}
