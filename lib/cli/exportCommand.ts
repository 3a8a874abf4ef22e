import path from 'node:path';
import { createPrismaClient } from '../platform/db/client';
import { openDatabase } from '../platform/db/database';
import { ExportOptionsError, parseExportSettings, type ExportSettings } from '../5-export/options';
import { exportDataset } from '../5-export/runExport';
import { UsageError, type CliValues } from './args';
import { progressBar } from './progress';

/** The command line's flags, checked by the same rules as the studio's export form. */
function settingsOf(values: CliValues): ExportSettings {
  try {
    return parseExportSettings({
      status: values.status,
      repository: values.repository,
      includeSuperseded: values['include-superseded'],
      limit: values.limit,
      format: values.format,
      tokenizer: values.tokenizer,
      context: values.context,
      pad: values.pad,
      withText: values['with-text'],
      atif: values.atif,
    });
  } catch (err) {
    if (err instanceof ExportOptionsError) throw new UsageError(err.message);
    throw err;
  }
}

/**
 * `retrace export`: reviewed trajectories → training data (JSONL or Parquet shards, optional ATIF
 * per trajectory), with a dataset card and manifest, in --out.
 */
export async function exportCommand(args: string[], values: CliValues): Promise<number> {
  if (args.length > 0) throw new UsageError(`export takes no positional argument (got "${args[0]}"): use --out DIR for the folder.`);
  const settings = settingsOf(values);
  const { status, format } = settings;
  const options = { ...settings, out: path.resolve(values.out ?? 'export'), overwrite: values.overwrite ?? false };

  const bar = progressBar(!values.json);
  bar.update('database', 0, 1);
  const db = await openDatabase();
  const prisma = createPrismaClient(db.url);
  try {
    const summary = await exportDataset(prisma, options, (phase, done, total) => bar.update(phase, done, total));
    bar.done();
    if (values.json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } else {
      const n = (v: number) => v.toLocaleString('en-US');
      const { counts: c, tokens: t } = summary;
      process.stdout.write(
        `Exported ${n(c.trajectories)} ${status === 'all' ? '' : `${status} `}trajectories to ${summary.out}\n` +
          `  sequences  ${n(c.sequences)} of at most ${n(options.context)} ${options.tokenizer} tokens in ${summary.files.data.length} ${format} file(s)` +
          `${c.splitTrajectories ? `; ${n(c.splitTrajectories)} trajectories split` : ''}${c.cutPieces ? `, ${n(c.cutPieces)} pieces cut` : ''}\n` +
          `  tokens     ${n(t.total)} in all, ${n(t.trained)} trained on, ${n(t.masked)} masked (Observations)\n` +
          (summary.files.atif.length ? `  ATIF       ${n(summary.files.atif.length)} files in atif/\n` : '') +
          `  card       ${summary.card} (configuration, counts and provenance per sample; manifest.json beside it)\n`,
      );
    }
    return 0;
  } finally {
    bar.done();
    await prisma.$disconnect();
    await db.close();
  }
}
