/**
 * Packed sequences → shard files, written as they come (bounded memory): JSONL (one sequence per
 * line) or Parquet (hyparquet-writer, one row group per few million tokens; the token columns
 * encoded from typed arrays by parquetTokens.ts, to the same bytes). A shard is closed
 * after `shardSequences` sequences or `shardBytes` bytes, and the next one opened:
 * `data-00000.jsonl`, `data-00001.jsonl`, …
 *
 * Every row has `input_ids`, `labels`, `trajectory_ids` and `samples` (where each trajectory part
 * sits: token offsets [start, end)); with `withText`, also `text` (without BOS/EOS/padding) and
 * `mask_spans`, the masked [start, end) ranges of `text` in Unicode code points — what Python's
 * `text[start:end]` takes (JavaScript's UTF-16 offsets would be wrong beyond the BMP).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileWriter } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import { sequenceRuns, type PackedSequence } from './pack';
import { TokenColumn, TokenParquetWriter } from './parquetTokens';

export type ExportFormat = 'jsonl' | 'parquet';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'parquet'];

export interface WriterOptions {
  withText?: boolean;
  /** Sequences per shard (default 1,000). */
  shardSequences?: number;
  /** Bytes per shard before the next one opens (default 256 MiB). */
  shardBytes?: number;
  /** Parquet: tokens per row group (default 4 Mi), which bounds the rows held in memory. */
  rowGroupTokens?: number;
  /** Written into Parquet files' key-value metadata. */
  createdBy?: string;
}

export interface SampleRow {
  trajectory_id: string;
  part: number;
  parts: number;
  start: number;
  end: number;
}

/** One row of a shard, in either format. */
export interface SequenceRow {
  input_ids: number[];
  labels: number[];
  trajectory_ids: string[];
  samples: SampleRow[];
  text?: string;
  mask_spans?: [number, number][];
}

export interface ShardWriter {
  write(seq: PackedSequence): void;
  /** Closes the open shard; returns every file written (relative to the folder). */
  close(): string[];
}

/** UTF-16 offsets of `text` → code point offsets (spans must be sorted, as packing makes them). */
export function codePointSpans(text: string, spans: [number, number][]): [number, number][] {
  if (spans.length === 0) return [];
  const out: [number, number][] = [];
  const wanted = spans.flat();
  const mapped: number[] = [];
  let unit = 0;
  let point = 0;
  for (const target of wanted) {
    while (unit < target) {
      const c = text.charCodeAt(unit);
      unit += c >= 0xd800 && c <= 0xdbff && unit + 1 < text.length ? 2 : 1;
      point++;
    }
    mapped.push(point);
  }
  for (let i = 0; i < mapped.length; i += 2) out.push([mapped[i], mapped[i + 1]]);
  return out;
}

export function rowOf(seq: PackedSequence, withText: boolean): SequenceRow {
  return { input_ids: seq.inputIds, labels: seq.labels, ...restOf(seq, withText) };
}

/** A row without its token columns (the Parquet writer takes those as runs, never joined). */
function restOf(seq: PackedSequence, withText: boolean): Omit<SequenceRow, 'input_ids' | 'labels'> {
  const samples = seq.samples.map((s) => ({ trajectory_id: s.trajectoryId, part: s.part, parts: s.parts, start: s.start, end: s.end }));
  const row: Omit<SequenceRow, 'input_ids' | 'labels'> = { trajectory_ids: [...new Set(samples.map((s) => s.trajectory_id))], samples };
  if (withText) {
    row.text = seq.text;
    row.mask_spans = codePointSpans(seq.text, seq.maskSpans);
  }
  return row;
}

const shardName = (index: number, ext: string) => `data-${String(index).padStart(5, '0')}.${ext}`;

export function createShardWriter(format: ExportFormat, dir: string, options: WriterOptions = {}): ShardWriter {
  return format === 'jsonl' ? jsonlWriter(dir, options) : parquetWriter(dir, options);
}

function jsonlWriter(dir: string, options: WriterOptions): ShardWriter {
  const maxSequences = options.shardSequences ?? 1000;
  const maxBytes = options.shardBytes ?? 256 * 1024 * 1024;
  const files: string[] = [];
  let fd: number | null = null;
  let sequences = 0;
  let bytes = 0;
  const closeShard = () => {
    if (fd !== null) fs.closeSync(fd);
    fd = null;
  };
  return {
    write(seq) {
      if (fd === null) {
        files.push(shardName(files.length, 'jsonl'));
        fd = fs.openSync(path.join(dir, files[files.length - 1]), 'w');
        sequences = 0;
        bytes = 0;
      }
      // A string written as is: writeSync encodes it once and says how many bytes it took.
      bytes += fs.writeSync(fd, `${JSON.stringify(rowOf(seq, options.withText ?? false))}\n`);
      if (++sequences >= maxSequences || bytes >= maxBytes) closeShard();
    },
    close() {
      closeShard();
      return files;
    },
  };
}

const listOf = (name: string, element: Omit<SchemaElement, 'name'>, children = 0): SchemaElement[] => [
  { name, repetition_type: 'REQUIRED', num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', repetition_type: 'REQUIRED', ...element, ...(children ? { num_children: children } : {}) },
];
const STRING = { type: 'BYTE_ARRAY', converted_type: 'UTF8' } as const;
const INT32 = { type: 'INT32' } as const;

/** The Parquet schema: LIST<INT32> token columns (3-level lists, as pyarrow writes them), a LIST<STRUCT> of samples. */
export function parquetSchema(withText: boolean): SchemaElement[] {
  const columns: SchemaElement[][] = [
    listOf('input_ids', INT32),
    listOf('labels', INT32),
    listOf('trajectory_ids', STRING),
    [
      ...listOf('samples', {}, 5),
      { name: 'trajectory_id', repetition_type: 'REQUIRED', ...STRING },
      ...['part', 'parts', 'start', 'end'].map((name): SchemaElement => ({ name, repetition_type: 'REQUIRED', ...INT32 })),
    ],
  ];
  if (withText) {
    columns.push([{ name: 'text', repetition_type: 'REQUIRED', ...STRING }]);
    columns.push([...listOf('mask_spans', { converted_type: 'LIST', logical_type: { type: 'LIST' } }, 1), { name: 'list', repetition_type: 'REPEATED', num_children: 1 }, { name: 'element', repetition_type: 'REQUIRED', ...INT32 }]);
  }
  return [{ name: 'root', num_children: columns.length }, ...columns.flat()];
}

const COLUMNS = ['input_ids', 'labels', 'trajectory_ids', 'samples', 'text', 'mask_spans'] as const;

function parquetWriter(dir: string, options: WriterOptions): ShardWriter {
  const withText = options.withText ?? false;
  const maxSequences = options.shardSequences ?? 1000;
  const maxBytes = options.shardBytes ?? 256 * 1024 * 1024;
  const rowGroupTokens = options.rowGroupTokens ?? 4 * 1024 * 1024;
  const schema = parquetSchema(withText);
  const others = COLUMNS.filter((c): c is Exclude<typeof c, 'input_ids' | 'labels'> => c !== 'input_ids' && c !== 'labels' && (withText || (c !== 'text' && c !== 'mask_spans')));
  const files: string[] = [];
  let shard: { writer: TokenParquetWriter; bytes: () => number; sequences: number } | null = null;
  // The open row group: token columns as typed arrays (parquetTokens.ts), the other columns as rows.
  const inputIds = new TokenColumn();
  const labels = new TokenColumn();
  let rows: Omit<SequenceRow, 'input_ids' | 'labels'>[] = [];

  const flushRows = () => {
    if (!shard || rows.length === 0) return;
    // The token columns carry no min/max statistics: they say nothing and would cost a pass over every token.
    shard.writer.writeRowGroup(
      [{ name: 'input_ids', tokens: inputIds }, { name: 'labels', tokens: labels }, ...others.map((name) => ({ name, data: rows.map((r) => r[name]) }))],
      rows.length,
    );
    rows = [];
    inputIds.clear();
    labels.clear();
  };
  const closeShard = () => {
    if (!shard) return;
    flushRows();
    void shard.writer.finish();
    shard = null;
  };
  return {
    write(seq) {
      if (!shard) {
        files.push(shardName(files.length, 'parquet'));
        const out = fileWriter(path.join(dir, files[files.length - 1]));
        const writer = new TokenParquetWriter({ writer: out, schema, createdBy: options.createdBy ?? 'retrace', codec: 'SNAPPY' });
        shard = { writer, bytes: () => out.offset, sequences: 0 };
      }
      const runs = sequenceRuns(seq);
      inputIds.pushRuns(runs.ids);
      labels.pushRuns(runs.labels);
      rows.push(restOf(seq, withText));
      shard.sequences++;
      if (inputIds.length >= rowGroupTokens) flushRows();
      if (shard.sequences >= maxSequences || shard.bytes() >= maxBytes) closeShard();
    },
    close() {
      closeShard();
      return files;
    },
  };
}
