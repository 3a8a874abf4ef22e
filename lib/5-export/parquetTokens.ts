/**
 * The token columns (`input_ids`, `labels`: LIST<INT32>) written straight from typed arrays.
 *
 * hyparquet-writer's generic path shreds every row through its Dremel encoder (a recursive call
 * and three array pushes per token), then tries a Map-based dictionary and slices levels and
 * values per page — most of an export's Parquet time for millions of tokens. These columns have
 * one fixed shape, so their page data is computed directly: the values are one Int32Array of
 * all rows' tokens; in the 3-level list (`name` REQUIRED LIST → `list` REPEATED → `element`
 * REQUIRED INT32) the maximum repetition and definition levels are both 1, a row's first token
 * has repetition level 0 and the others 1, every token has definition level 1, and an empty list
 * is a single level pair (0, 0) with no value. Levels are kept as runs (O(rows)); the values are
 * RLE_DICTIONARY (typed-array dictionary, RLE/bit-packed indexes) or PLAIN.
 *
 * Every choice is hyparquet-writer's own — its dictionary test (sample, then "at least halves
 * the bytes"), dictionary order, index bit widths, RLE/bit-packed runs, page boundaries (~1 MiB
 * of values, at row starts), data pages v2, offset index when a chunk has several pages, no
 * statistics — so the file is byte for byte what its generic path writes for the same rows
 * (parquetTokens.test.ts compares whole files). Every other column goes through
 * hyparquet-writer's own encoder, in the same row group.
 *
 * This uses hyparquet-writer internals (`src/*.js`, allowed by its package.json "exports"), so
 * its version is pinned exactly in package.json (0.17.0): check this file when upgrading it.
 */
import os from 'node:os';
import type { ColumnChunk, CompressionCodec, OffsetIndex, SchemaElement, SchemaTree } from 'hyparquet';
import { ParquetWriter } from 'hyparquet-writer';
import { writeColumn } from 'hyparquet-writer/src/column.js';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { encodeNestedValues } from 'hyparquet-writer/src/dremel.js';
import { schemaPathResolver } from 'hyparquet-writer/src/schema.js';
import { snappyCompress } from './snappy';

/** One row group's worth of one token column: all rows' tokens end to end, and each row's length. */
export class TokenColumn {
  values = new Int32Array(1 << 16);
  /** Tokens held. */
  length = 0;
  rowLengths: number[] = [];

  /** Appends one row (a list of tokens). */
  push(ids: ArrayLike<number>) {
    this.pushRuns([ids]);
  }

  /** Appends one row given as consecutive runs of tokens. */
  pushRuns(runs: ArrayLike<number>[]) {
    let n = 0;
    for (const run of runs) n += run.length;
    if (this.length + n > this.values.length) {
      const grown = new Int32Array(Math.max(this.length + n, 2 * this.values.length));
      grown.set(this.values.subarray(0, this.length));
      this.values = grown;
    }
    for (const run of runs) {
      this.values.set(run, this.length);
      this.length += run.length;
    }
    this.rowLengths.push(n);
  }

  clear() {
    this.length = 0;
    this.rowLengths = [];
  }

  get rows() {
    return this.rowLengths.length;
  }
}

/** A column of a row group: a token column, or rows for hyparquet-writer's generic encoder. */
export type RowGroupColumn = { name: string; tokens: TokenColumn } | { name: string; data: unknown[]; statistics?: boolean };

type PageIndexes = ParquetWriter['pendingIndexes'][number];

/**
 * A ParquetWriter that also writes token columns from TokenColumn buffers, and compresses SNAPPY
 * with snappy.ts (the same bytes as hyparquet-writer's own compressor, about twice as fast).
 */
export class TokenParquetWriter extends ParquetWriter {
  private resolve = schemaPathResolver(this.schema);

  constructor(options: ConstructorParameters<typeof ParquetWriter>[0]) {
    super({ ...options, compressors: { SNAPPY: snappyCompress, ...options.compressors } });
  }

  /**
   * Writes one row group, as ParquetWriter.write writes one (without its VARIANT, bloom filter and
   * column index options, which these files do not use). Columns in schema order; `pageSize` in
   * bytes of values, as hyparquet-writer's.
   */
  writeRowGroup(columns: RowGroupColumn[], numRows: number, pageSize = 1 << 20) {
    const groupStart = this.writer.offset;
    const chunks: ColumnChunk[] = [];
    for (const c of columns) {
      const path = this.resolve([c.name]);
      const results: PageIndexes[] = [];
      if ('tokens' in c) {
        if (c.tokens.rows !== numRows) throw new Error(`parquet column ${c.name} has ${c.tokens.rows} rows, not ${numRows}`);
        results.push(writeTokenColumn(this, path, c.tokens, pageSize));
      } else {
        if (c.data.length !== numRows) throw new Error(`parquet column ${c.name} has ${c.data.length} rows, not ${numRows}`);
        for (const leaf of leafPaths(path)) {
          const schemaPath = leaf.map((n) => n.element);
          results.push(
            writeColumn({
              writer: this.writer,
              column: {
                columnName: schemaPath.slice(1).map((s) => s.name).join('.'),
                element: schemaPath[schemaPath.length - 1],
                schemaPath,
                codec: this.codec,
                compressors: this.compressors,
                stats: c.statistics ?? this.statistics,
                statisticsTruncateLength: this.statisticsTruncateLength,
                pageSize,
                columnIndex: false,
                offsetIndex: true,
              },
              pageData: encodeNestedValues(leaf, c.data as never),
            }),
          );
        }
      }
      for (const r of results) {
        chunks.push(r.chunk);
        this.pendingIndexes.push(r);
      }
    }
    let total_byte_size = 0n;
    for (const { meta_data } of chunks) total_byte_size += meta_data?.total_uncompressed_size ?? 0n;
    this.num_rows += BigInt(numRows);
    this.row_groups.push({ columns: chunks, total_byte_size, num_rows: BigInt(numRows), total_compressed_size: BigInt(this.writer.offset - groupStart) });
    // As ParquetWriter.write does after each row group (the file writer has none).
    void this.writer.flush?.();
  }
}

function leafPaths(path: SchemaTree[]): SchemaTree[][] {
  const node = path[path.length - 1];
  return node.children.length ? node.children.flatMap((child) => leafPaths([...path, child])) : [path];
}

/** A growable byte buffer. */
class Bytes {
  buf: Uint8Array;
  pos = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(Math.max(16, size));
  }
  ensure(n: number) {
    if (this.pos + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.pos + n, 2 * this.buf.length));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }
  varint(value: number) {
    this.ensure(5);
    while (value > 0x7f) {
      this.buf[this.pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.buf[this.pos++] = value;
  }
  bytes() {
    return this.buf.subarray(0, this.pos);
  }
}

/** An RLE run of the hybrid encoding: `count` times `value`, `width` bits wide. */
function rleRun(out: Bytes, value: number, count: number, width: number) {
  out.varint(count * 2);
  out.ensure(4);
  for (let b = 0; b < width; b += 8) out.buf[out.pos++] = (value >>> b) & 0xff;
}

/**
 * RLE/bit-packed hybrid encoding of `v[start, end)` (values < 2^width): runs of 8 or more equal
 * values as RLE runs, the rest bit-packed in groups of 8 (the last group padded with zeros) —
 * the same choice hyparquet-writer's encoder makes, on typed arrays. Widths up to 16 bits.
 */
function hybrid(out: Bytes, v: Int32Array, start: number, end: number, width: number) {
  // A dictionary is kept only when its indexes take at most 15 bits (see dictionaryOf); levels take 1.
  if (width > 16) throw new Error(`parquet bit width ${width} is not supported here`);
  let groupsStart = start;
  let groups = 0;
  let i = start;
  while (i < end) {
    const first = v[i];
    let run = 1;
    while (i + run < end && v[i + run] === first) run++;
    if (run >= 8) {
      if (groups > 0) bitPacked(out, v, groupsStart, groups, end, width);
      groups = 0;
      rleRun(out, first, run, width);
      i += run;
    } else {
      if (groups === 0) groupsStart = i;
      groups++;
      i += 8;
    }
  }
  if (groups > 0) bitPacked(out, v, groupsStart, groups, end, width);
}

/** `groups` groups of 8 values from `v[from]` bit-packed, LSB first (zeros past `end`). */
function bitPacked(out: Bytes, v: Int32Array, from: number, groups: number, end: number, width: number) {
  out.varint(groups * 2 + 1);
  out.ensure(groups * width + 8);
  const buf = out.buf;
  let pos = out.pos;
  let acc = 0;
  let bits = 0;
  const stop = from + groups * 8;
  // `acc` holds under 8 bits before each value is added: never more than 23.
  for (let i = from; i < stop; i++) {
    acc |= (i < end ? v[i] : 0) << bits;
    bits += width;
    while (bits >= 8) {
      buf[pos++] = acc & 0xff;
      acc >>>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) buf[pos++] = acc & 0xff;
  out.pos = pos;
}

/**
 * A sequence of 0/1 levels as runs of equal values, encoded as `hybrid` would encode it spelled
 * out (width 1): a run of 8 or more left at a group's start is an RLE run; else the next 8
 * levels, across runs, are a bit-packed group.
 */
class Runs {
  values: number[] = [];
  lengths: number[] = [];

  add(value: number, count: number) {
    if (count <= 0) return;
    const last = this.values.length - 1;
    if (last >= 0 && this.values[last] === value) this.lengths[last] += count;
    else {
      this.values.push(value);
      this.lengths.push(count);
    }
  }

  encode(out: Bytes) {
    const { values, lengths } = this;
    let r = 0;
    let off = 0;
    let groups = 0;
    let groupsRun = 0;
    let groupsOff = 0;
    while (r < values.length) {
      const left = lengths[r] - off;
      if (left >= 8) {
        if (groups > 0) this.bitPacked(out, groupsRun, groupsOff, groups);
        groups = 0;
        rleRun(out, values[r], left, 1);
        r++;
        off = 0;
      } else {
        if (groups === 0) {
          groupsRun = r;
          groupsOff = off;
        }
        groups++;
        // Skip 8 levels, across runs.
        for (let k = 8; k > 0 && r < values.length; ) {
          const take = Math.min(k, lengths[r] - off);
          off += take;
          k -= take;
          if (off === lengths[r]) {
            r++;
            off = 0;
          }
        }
      }
    }
    if (groups > 0) this.bitPacked(out, groupsRun, groupsOff, groups);
  }

  /** `groups` groups of 8 one-bit levels from run `r`, offset `off` (zeros past the end). */
  private bitPacked(out: Bytes, r: number, off: number, groups: number) {
    out.varint(groups * 2 + 1);
    out.ensure(groups);
    for (let g = 0; g < groups; g++) {
      let byte = 0;
      for (let bit = 0; bit < 8; bit++) {
        if (r >= this.values.length) break;
        byte |= this.values[r] << bit;
        if (++off === this.lengths[r]) {
          r++;
          off = 0;
        }
      }
      out.buf[out.pos++] = byte;
    }
  }
}

const LITTLE_ENDIAN = os.endianness() === 'LE';

/** PLAIN INT32 bytes of `v[start, end)`. */
function plainInt32(v: Int32Array, start: number, end: number): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(v.buffer, v.byteOffset + 4 * start, 4 * (end - start));
  const out = new Uint8Array(4 * (end - start));
  const view = new DataView(out.buffer);
  for (let i = start; i < end; i++) view.setInt32(4 * (i - start), v[i], true);
  return out;
}

/**
 * The dictionary of `v[0, n)` in order of first appearance and each value's index, or null when
 * it would not pay (hyparquet-writer's rule, so the choice and the bytes are the same as its).
 */
function dictionaryOf(v: Int32Array, n: number): { dictionary: Int32Array; indexes: Int32Array } | null {
  const indexes = new Int32Array(n);
  const dictionary: number[] = [];
  let min = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (max - min < 1 << 24) {
    // Token ids are small integers: a table indexed by value.
    const slot = new Int32Array(max - min + 1).fill(-1);
    for (let i = 0; i < n; i++) {
      const k = v[i] - min;
      let j = slot[k];
      if (j < 0) {
        j = slot[k] = dictionary.length;
        dictionary.push(v[i]);
      }
      indexes[i] = j;
    }
  } else {
    const slot = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      let j = slot.get(v[i]);
      if (j === undefined) {
        j = dictionary.length;
        slot.set(v[i], j);
        dictionary.push(v[i]);
      }
      indexes[i] = j;
    }
  }
  // Kept when the dictionary and its bit-packed indexes take at most half the PLAIN bytes.
  const width = Math.ceil(Math.log2(dictionary.length));
  if (2 * (4 * dictionary.length + Math.ceil((n * width) / 8)) > 4 * n) return null;
  return { dictionary: Int32Array.from(dictionary), indexes };
}

/**
 * hyparquet-writer's first test (useDictionary): 1,000 entries spread over the column's level
 * entries (an empty list is an entry without a value), rejected when more than 90% of the
 * sampled values are distinct, or when no sampled entry has a value.
 */
function sampleRejectsDictionary(col: TokenColumn, emptyRows: number): boolean {
  let entries: ArrayLike<number> = col.values;
  let count = col.length;
  if (emptyRows > 0) {
    // NaN marks an empty list's entry (rare: only a row group with empty lists takes this copy).
    const spread = new Float64Array(col.length + emptyRows);
    let at = 0;
    let from = 0;
    for (const len of col.rowLengths) {
      if (len === 0) spread[at++] = NaN;
      else for (let k = 0; k < len; k++) spread[at++] = col.values[from++];
    }
    entries = spread;
    count = spread.length;
  }
  const size = Math.min(count, 1000);
  const seen = new Set<number>();
  let sampled = 0;
  for (let i = 0; i < size; i++) {
    const x = entries[size === 1 ? 0 : Math.floor((i * (count - 1)) / (size - 1))];
    if (Number.isNaN(x)) continue;
    seen.add(x);
    sampled++;
  }
  return sampled === 0 || seen.size / sampled > 0.9;
}

/** Checks the column is the 3-level LIST<INT32> these pages are computed for. */
function checkShape(path: SchemaTree[]) {
  const [, list, repeated, element] = path.map((n) => n.element);
  const ok =
    path.length === 4 &&
    list.repetition_type === 'REQUIRED' &&
    repeated.repetition_type === 'REPEATED' &&
    element.repetition_type === 'REQUIRED' &&
    element.type === 'INT32';
  if (!ok) throw new Error(`parquet column ${list?.name} is not a required LIST of required INT32`);
}

function writeTokenColumn(pw: ParquetWriter, path: SchemaTree[], col: TokenColumn, pageSize: number): PageIndexes {
  const leaves = leafPaths(path);
  if (leaves.length !== 1) throw new Error(`parquet column ${path[path.length - 1].element.name} is not a LIST of INT32`);
  const leaf = leaves[0];
  checkShape(leaf);
  const schemaPath: SchemaElement[] = leaf.map((n) => n.element);
  const { writer } = pw;
  const codec: CompressionCodec = pw.codec;
  // As hyparquet-writer compresses (a codec without a compressor, UNCOMPRESSED, leaves the bytes as they are).
  const compress = (bytes: Uint8Array): Uint8Array => pw.compressors[codec]?.(bytes) ?? bytes;
  const n = col.length;
  const values = col.values;
  const rows = col.rowLengths;
  const emptyRows = rows.reduce((k, len) => k + (len === 0 ? 1 : 0), 0);
  const offsetStart = writer.offset;
  let uncompressed = 0;

  const dict = n > 0 && !sampleRejectsDictionary(col, emptyRows) ? dictionaryOf(values, n) : null;
  let dictionary_page_offset: bigint | undefined;
  if (dict) {
    dictionary_page_offset = BigInt(writer.offset);
    const plain = plainInt32(dict.dictionary, 0, dict.dictionary.length);
    const compressed = compress(plain);
    const headerStart = writer.offset;
    writePageHeader(writer, {
      type: 'DICTIONARY_PAGE',
      uncompressed_page_size: plain.length,
      compressed_page_size: compressed.length,
      dictionary_page_header: { num_values: dict.dictionary.length, encoding: 'PLAIN' },
    });
    uncompressed += writer.offset - headerStart + plain.length;
    writer.appendBytes(compressed);
  }

  // Data pages of whole rows.
  const data_page_offset = BigInt(writer.offset);
  const locations: OffsetIndex['page_locations'] = [];
  let row = 0;
  let value = 0;
  while (row < rows.length) {
    const firstRow = row;
    const firstValue = value;
    let empty = 0;
    // hyparquet-writer's boundaries: a new page at the first row start where the bytes of values
    // so far, that row's first value included, reach pageSize (no limit when pageSize is 0).
    do {
      if (rows[row] === 0) empty++;
      value += rows[row++];
    } while (row < rows.length && !(pageSize > 0 && 4 * (value - firstValue) + (rows[row] > 0 ? 4 : 0) >= pageSize));
    const pageRows = row - firstRow;

    // Levels: a row's first token (or its empty list) at repetition 0, the rest at 1; definition
    // 1 per token, 0 per empty list. Kept as runs, O(rows), and encoded as hyparquet-writer
    // encodes them (the same bytes).
    const entries = value - firstValue + empty;
    const repetition = new Runs();
    const definition = new Runs();
    for (let r = firstRow; r < row; r++) {
      const len = rows[r];
      repetition.add(0, 1);
      repetition.add(1, len - 1);
      definition.add(len === 0 ? 0 : 1, Math.max(1, len));
    }
    const levels = new Bytes(64);
    repetition.encode(levels);
    const repetitionBytes = levels.pos;
    definition.encode(levels);
    const definitionBytes = levels.pos - repetitionBytes;

    let data: Uint8Array;
    if (dict) {
      // As narrow as this page's largest index needs.
      let top = 0;
      for (let i = firstValue; i < value; i++) if (dict.indexes[i] > top) top = dict.indexes[i];
      const width = 32 - Math.clz32(top); // ceil(log2(top + 1)), 0 when every index is 0
      const out = new Bytes(Math.ceil(((value - firstValue) * width) / 8) + 64);
      out.buf[out.pos++] = width;
      hybrid(out, dict.indexes, firstValue, value, width);
      data = out.bytes();
    } else {
      data = plainInt32(values, firstValue, value);
    }
    const compressed = compress(data);
    const pageOffset = writer.offset;
    writePageHeader(writer, {
      type: 'DATA_PAGE_V2',
      uncompressed_page_size: levels.pos + data.length,
      compressed_page_size: levels.pos + compressed.length,
      data_page_header_v2: {
        num_values: entries,
        num_nulls: empty,
        num_rows: pageRows,
        encoding: dict ? 'RLE_DICTIONARY' : 'PLAIN',
        definition_levels_byte_length: definitionBytes,
        repetition_levels_byte_length: repetitionBytes,
        is_compressed: true, // as hyparquet-writer says it (`!!codec`)
      },
    });
    uncompressed += writer.offset - pageOffset + levels.pos + data.length;
    writer.appendBytes(levels.bytes());
    writer.appendBytes(compressed);
    locations.push({ offset: BigInt(pageOffset), compressed_page_size: writer.offset - pageOffset, first_row_index: BigInt(firstRow) });
  }

  return {
    chunk: {
      meta_data: {
        type: 'INT32',
        encodings: dict ? ['PLAIN', 'RLE_DICTIONARY'] : ['PLAIN'],
        path_in_schema: schemaPath.slice(1).map((s) => s.name),
        codec,
        num_values: BigInt(n + emptyRows),
        total_compressed_size: BigInt(writer.offset - offsetStart),
        total_uncompressed_size: BigInt(uncompressed),
        data_page_offset,
        dictionary_page_offset,
      },
      file_offset: BigInt(offsetStart),
    },
    offsetIndex: locations.length > 1 ? { page_locations: locations } : undefined,
  };
}
