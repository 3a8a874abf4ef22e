/**
 * Packed sequences → shard files, written as they come (bounded memory): JSONL (one sequence per
 * line) or Parquet (hyparquet-writer, one row group per few million tokens). A shard is closed
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
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import type { PackedSequence } from './pack';

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
  const samples = seq.samples.map((s) => ({ trajectory_id: s.trajectoryId, part: s.part, parts: s.parts, start: s.start, end: s.end }));
  const row: SequenceRow = { input_ids: seq.inputIds, labels: seq.labels, trajectory_ids: [...new Set(samples.map((s) => s.trajectory_id))], samples };
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
      const line = Buffer.from(`${JSON.stringify(rowOf(seq, options.withText ?? false))}\n`);
      fs.writeSync(fd, line);
      bytes += line.length;
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
  const columns = COLUMNS.filter((c) => withText || (c !== 'text' && c !== 'mask_spans'));
  const files: string[] = [];
  let shard: { writer: ParquetWriter; bytes: () => number; sequences: number } | null = null;
  let rows: SequenceRow[] = [];
  let bufferedTokens = 0;

  const flushRows = () => {
    if (!shard || rows.length === 0) return;
    // Explicit schema: the column data carries no `type` of its own.
    // No min/max statistics on token columns: they say nothing and cost a pass over every token.
    const columnData = columns.map((name) => ({ name, data: rows.map((r) => r[name]), ...(name === 'input_ids' || name === 'labels' ? { statistics: false } : {}) }));
    void shard.writer.write({ columnData: columnData as never, rowGroupSize: rows.length });
    rows = [];
    bufferedTokens = 0;
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
        const writer = new ParquetWriter({ writer: out, schema, createdBy: options.createdBy ?? 'retrace', codec: 'SNAPPY' });
        shard = { writer, bytes: () => (out as unknown as { offset: number }).offset, sequences: 0 };
      }
      rows.push(rowOf(seq, withText));
      bufferedTokens += seq.inputIds.length;
      shard.sequences++;
      if (bufferedTokens >= rowGroupTokens) flushRows();
      if (shard.sequences >= maxSequences || shard.bytes() >= maxBytes) closeShard();
    },
    close() {
      closeShard();
      return files;
    },
  };
}
