import path from 'node:path';
import { createPrismaClient } from '../db/client';
import { openDatabase } from '../db/database';
import { DEFAULT_CONTEXT, exportDataset } from '../export/runExport';
import { isStatusFilter } from '../export/select';
import { EXPORT_FORMATS, type ExportFormat } from '../export/writers';
import { UsageError, type CliValues } from './args';
import { progressBar } from './progress';

const STATUS_HELP = 'approved, pending, rejected, needs_resynthesis or all';

function positive(values: CliValues, key: 'context' | 'limit'): number | undefined {
  const raw = values[key];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${key} takes a positive whole number, not "${raw}".`);
  return n;
}

/**
 * `retrace export`: reviewed trajectories → training data (JSONL or Parquet shards, optional ATIF
 * per trajectory), with a dataset card and manifest, in --out.
 */
export async function exportCommand(args: string[], values: CliValues): Promise<number> {
  if (args.length > 0) throw new UsageError(`export takes no positional argument (got "${args[0]}"): use --out DIR for the folder.`);
  const status = values.status ?? 'approved';
  if (!isStatusFilter(status)) throw new UsageError(`--status takes ${STATUS_HELP}, not "${status}".`);
  const format = (values.format ?? 'jsonl') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format takes jsonl or parquet, not "${values.format}".`);
  const options = {
    status,
    repository: values.repository,
    includeSuperseded: values['include-superseded'] ?? false,
    limit: positive(values, 'limit'),
    format,
    tokenizer: values.tokenizer ?? 'llama3',
    context: positive(values, 'context') ?? DEFAULT_CONTEXT,
    pad: values.pad ?? false,
    withText: values['with-text'] ?? false,
    atif: values.atif ?? false,
    out: path.resolve(values.out ?? 'export'),
    overwrite: values.overwrite ?? false,
  };

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
