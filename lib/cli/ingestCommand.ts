import { createPrismaClient } from '../platform/db/client';
import { openDatabase } from '../platform/db/database';
import { ingest } from '../1-ingest/ingest';
import { numberOption, UsageError, type CliValues } from './args';
import { progressBar } from './progress';

export async function ingestCommand(args: string[], values: CliValues): Promise<number> {
  if (args.length !== 1) throw new UsageError('ingest takes one source: retrace ingest SOURCE [--name NAME] [--ref REF]');
  const bar = progressBar(!values.json);
  bar.update('database', 0, 1);
  const db = await openDatabase();
  const prisma = createPrismaClient(db.url);
  try {
    const summary = await ingest(prisma, args[0], {
      name: values.name,
      ref: values.ref,
      maxFileBytes: numberOption(values, 'max-file-bytes'),
      archiveLimits: { maxEntries: numberOption(values, 'max-archive-entries'), maxTotalBytes: numberOption(values, 'max-archive-bytes') },
      onProgress: (phase, d, t) => bar.update(phase, d, t),
    });
    bar.done();
    if (values.json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } else {
      const verb = summary.created ? 'Stored' : 'Already stored (same content), nothing changed:';
      process.stdout.write(
        `${verb} ${summary.name} snapshot ${summary.snapshotId}\n` +
          `  source     ${summary.source} (${summary.sourceKind})${summary.commitSha ? ` at ${summary.commitSha.slice(0, 12)}` : ''}\n` +
          `  files      ${summary.files} (${summary.sourceFiles} source, ${summary.lines} lines) in ${summary.languages.join(', ') || 'no parsed language'}\n` +
          `  imports    ${summary.edges} edges, ${summary.external} external, ${summary.unresolved} unresolved, ${summary.cycles} cycles\n` +
          `  skipped    ${summary.skipped} paths (see them in the studio or with retrace graph)\n` +
          (summary.duplicateOf && summary.duplicateOf !== summary.name ? `  note       this content is already stored as ${summary.duplicateOf}: both names now hold the same files\n` : ''),
      );
    }
    return 0;
  } finally {
    bar.done();
    await prisma.$disconnect();
    await db.close();
  }
}
