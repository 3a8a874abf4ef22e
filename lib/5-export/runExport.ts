/**
 * `retrace export`: selected trajectories → flattened → tokenized with labels → packed → shard
 * files, then the dataset card and manifest. Streaming: one trajectory is loaded, flattened and
 * tokenized at a time, closed sequences are written as they come, so memory stays bounded by one
 * trajectory, one open sequence and one Parquet row group, whatever the export's size.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from '@prisma/client';
import type { SynthesizedTrajectory } from '../2-synthesize/types';
import { toAtif } from './atif';
import { validateAtif } from './atifSchema';
import { renderCard, type ExportConfiguration, type ExportManifest, type SampleRecord, type TokenTotals } from './card';
import { flattenTrajectory, type Flattened } from './flatten';
import { createPacker, IGNORE, sequenceRuns, tokenizeFlattened, type PackedSequence } from './pack';
import { explainEmptySelection, licenceReader, loadExportItem, selectTrajectoryIds, type Provenance, type SelectOptions } from './select';
import { loadTokenizer, type ExportTokenizer } from './tokenizers';
import { createShardWriter, type ExportFormat } from './writers';

export const DEFAULT_CONTEXT = 65_536;

export interface ExportOptions extends SelectOptions {
  out: string;
  format?: ExportFormat;
  /** llama3 (default), o200k, cl100k, or a tokenizer.json path. */
  tokenizer?: string;
  context?: number;
  pad?: boolean;
  withText?: boolean;
  /** Also write atif/<trajectory id>.json per trajectory. */
  atif?: boolean;
  /** Replace an earlier export in a folder that is not empty. */
  overwrite?: boolean;
  shardSequences?: number;
  /** The date written on the card (tests fix it). */
  now?: Date;
}

export type ExportProgress = (phase: 'select' | 'export' | 'card', done: number, total: number) => void;

export interface ExportSummary {
  out: string;
  files: ExportManifest['files'];
  counts: ExportManifest['counts'];
  tokens: TokenTotals;
  card: string;
  manifest: string;
}

/** Retrace's version, from its package.json. */
export function retraceVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/** Outputs of an earlier export, the only files --overwrite removes. */
const OUR_FILES = /^(data-\d{5}\.(jsonl|parquet)|README\.md|manifest\.json|atif)$/;

/** Refuses a folder that holds anything unless `overwrite`; then removes only an earlier export's files. */
export function prepareOutputFolder(out: string, overwrite: boolean) {
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) throw new Error(`${out} is a file: choose a folder for --out.`);
  const entries = fs.existsSync(out) ? fs.readdirSync(out) : [];
  if (entries.length > 0 && !overwrite) {
    throw new Error(`${out} exists and is not empty (${entries.length} entries): choose a new --out folder, or add --overwrite to replace the export in it.`);
  }
  for (const name of entries) if (OUR_FILES.test(name)) fs.rmSync(path.join(out, name), { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
}

export interface PipelineOptions {
  tokenizer: ExportTokenizer;
  context: number;
  pad: boolean;
  format: ExportFormat;
  withText: boolean;
  out: string;
  shardSequences: number;
}

/**
 * Flattened trajectories in, shard files out: tokenize → label → pack → write, incrementally.
 * Used by exportDataset and by the benchmark (which feeds trajectories from memory).
 */
export function createExportPipeline(options: PipelineOptions) {
  const { tokenizer } = options;
  const writer = createShardWriter(options.format, options.out, { withText: options.withText, shardSequences: options.shardSequences, createdBy: `retrace ${retraceVersion()}` });
  const tokens: TokenTotals = { total: 0, trained: 0, masked: 0, bos: 0, padding: 0 };
  const sequencesOf = new Map<string, number[]>();
  let sequences = 0;
  const emit = (seq: PackedSequence) => {
    const used = seq.samples[seq.samples.length - 1].end;
    const bos = tokenizer.bos === null ? 0 : seq.samples.length;
    // Counted on the runs of tokens: the joined arrays are built only if the writer needs them.
    const runs = sequenceRuns(seq);
    let ignored = 0;
    for (const run of runs.labels) for (let i = 0; i < run.length; i++) if (run[i] === IGNORE) ignored++;
    tokens.total += runs.length;
    tokens.trained += runs.length - ignored;
    tokens.bos += bos;
    tokens.padding += runs.length - used;
    tokens.masked += ignored - bos - (runs.length - used);
    for (const s of seq.samples) {
      const list = sequencesOf.get(s.trajectoryId) ?? [];
      if (list[list.length - 1] !== sequences) list.push(sequences);
      sequencesOf.set(s.trajectoryId, list);
    }
    writer.write(seq);
    sequences++;
  };
  const packer = createPacker(tokenizer, { context: options.context, pad: options.pad }, emit);
  let trajectories = 0;
  let parts = 0;
  let split = 0;
  const splitting = { contextReads: 0, readsLeftOut: 0, cutAgents: 0 };
  return {
    /** Adds one flattened trajectory; returns its token count and how many parts it took. */
    add(id: string, flat: Flattened) {
      const tokenized = tokenizeFlattened(id, flat, tokenizer);
      const added = packer.add(tokenized);
      trajectories++;
      parts += added.parts;
      if (added.parts > 1) split++;
      splitting.contextReads += added.contextReads;
      splitting.readsLeftOut += added.readsLeftOut;
      splitting.cutAgents += added.cutAgents;
      return { tokens: tokenized.tokens, parts: added.parts };
    },
    /** Closes the last sequence and shard. `sequencesOf` is complete only after this. */
    finish() {
      packer.finish();
      const data = writer.close();
      return { data, counts: { trajectories, sequences, splitTrajectories: split, parts, cutPieces: packer.cutPieces, ...splitting }, tokens, sequencesOf };
    },
  };
}

function flattenItem(trajectory: SynthesizedTrajectory, p: Provenance, overrides: Map<number, string>): Flattened {
  return flattenTrajectory(trajectory, { repository: p.repository, commit: p.commit }, overrides);
}

export async function exportDataset(prisma: PrismaClient, options: ExportOptions, onProgress: ExportProgress = () => {}): Promise<ExportSummary> {
  const format = options.format ?? 'jsonl';
  const context = options.context ?? DEFAULT_CONTEXT;
  const tokenizer = loadTokenizer(options.tokenizer ?? 'llama3');
  const out = path.resolve(options.out);
  onProgress('select', 0, 1);
  const ids = await selectTrajectoryIds(prisma, options);
  if (ids.length === 0) throw new Error(await explainEmptySelection(prisma, options));
  prepareOutputFolder(out, options.overwrite ?? false);

  const configuration: ExportConfiguration = {
    format,
    tokenizer: tokenizer.name,
    context,
    pad: options.pad ?? false,
    withText: options.withText ?? false,
    atif: options.atif ?? false,
    status: options.status ?? 'approved',
    repository: options.repository ?? null,
    includeSuperseded: options.includeSuperseded ?? false,
    limit: options.limit ?? null,
    shardSequences: options.shardSequences ?? 1000,
  };
  const pipeline = createExportPipeline({ tokenizer, context, pad: configuration.pad, format, withText: configuration.withText, out, shardSequences: configuration.shardSequences });
  const version = retraceVersion();
  const licenceOf = licenceReader(prisma);
  const samples: SampleRecord[] = [];
  const atifFiles: string[] = [];
  if (configuration.atif) fs.mkdirSync(path.join(out, 'atif'), { recursive: true });

  try {
    for (let i = 0; i < ids.length; i++) {
      onProgress('export', i, ids.length);
      const item = await loadExportItem(prisma, ids[i], licenceOf);
      const added = pipeline.add(ids[i], flattenItem(item.trajectory, item.provenance, item.thinkOverrides));
      samples.push({ ...item.provenance, tokens: added.tokens, parts: added.parts, sequences: [] });
      if (configuration.atif) {
        // Validated before writing: an export never ships a file other tools would refuse.
        const atif = validateAtif(toAtif(item.trajectory, { provenance: item.provenance, thinkOverrides: item.thinkOverrides, retraceVersion: version }));
        const file = `atif/${ids[i]}.json`;
        fs.writeFileSync(path.join(out, file), `${JSON.stringify(atif, null, 2)}\n`);
        atifFiles.push(file);
      }
    }
    onProgress('export', ids.length, ids.length);
  } catch (err) {
    // Stopped (a cancelled job) or failed: close the open shard so no file handle is left behind.
    try {
      pipeline.finish();
    } catch {
      /* the first error is the one to report */
    }
    throw err;
  }
  const done = pipeline.finish();
  for (const s of samples) s.sequences = done.sequencesOf.get(s.trajectoryId) ?? [];

  onProgress('card', 0, 1);
  const manifest: ExportManifest = {
    retraceVersion: version,
    createdAt: (options.now ?? new Date()).toISOString(),
    configuration,
    files: { data: done.data, atif: atifFiles },
    counts: done.counts,
    tokens: done.tokens,
    samples,
  };
  const card = path.join(out, 'README.md');
  const manifestPath = path.join(out, 'manifest.json');
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(card, renderCard(manifest));
  onProgress('card', 1, 1);
  return { out, files: manifest.files, counts: manifest.counts, tokens: manifest.tokens, card, manifest: manifestPath };
}
