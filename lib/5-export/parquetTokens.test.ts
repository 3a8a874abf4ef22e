import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import parquetjs from '@dsnp/parquetjs';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { TokenColumn, TokenParquetWriter } from './parquetTokens';
import { parquetSchema, type SampleRow } from './writers';

interface Row {
  input_ids: number[];
  labels: number[];
  trajectory_ids: string[];
  samples: SampleRow[];
}

/** A deterministic pseudo-random generator (the same rows on every run). */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Rows of `lengths` tokens drawn by `token`; labels mask some runs with -100, as packing does. */
function rowsOf(lengths: number[], token: (i: number) => number, seed = 1): Row[] {
  const rand = random(seed);
  let k = 0;
  return lengths.map((n, r) => {
    const ids = Array.from({ length: n }, () => token(k++));
    let masked = false;
    const labels = ids.map((id, i) => {
      if (i % 16 === 0) masked = rand() < 0.5;
      return masked ? -100 : id;
    });
    return { input_ids: ids, labels, trajectory_ids: [`t${r}`], samples: [{ trajectory_id: `t${r}`, part: 1, parts: 1, start: 0, end: n }] };
  });
}

/** The file hyparquet-writer's generic path writes: one write (one row group) per group of rows. */
function generic(groups: Row[][], pageSize?: number): Uint8Array {
  const out = new ByteWriter();
  const writer = new ParquetWriter({ writer: out, schema: parquetSchema(false), codec: 'SNAPPY' });
  for (const rows of groups) {
    const columnData = (['input_ids', 'labels', 'trajectory_ids', 'samples'] as const).map((name) => ({
      name,
      data: rows.map((r) => r[name]),
      ...(name === 'input_ids' || name === 'labels' ? { statistics: false } : {}),
    }));
    writer.write({ columnData: columnData as never, rowGroupSize: rows.length, pageSize });
  }
  writer.finish();
  return out.getBytes();
}

/** The same rows through TokenParquetWriter's typed-array token columns. */
function fast(groups: Row[][], pageSize?: number): Uint8Array {
  const out = new ByteWriter();
  const writer = new TokenParquetWriter({ writer: out, schema: parquetSchema(false), codec: 'SNAPPY' });
  const ids = new TokenColumn();
  const labels = new TokenColumn();
  for (const rows of groups) {
    for (const r of rows) (ids.push(r.input_ids), labels.push(r.labels));
    const columns = [
      { name: 'input_ids', tokens: ids },
      { name: 'labels', tokens: labels },
      { name: 'trajectory_ids', data: rows.map((r) => r.trajectory_ids) },
      { name: 'samples', data: rows.map((r) => r.samples) },
    ];
    writer.writeRowGroup(columns, rows.length, pageSize);
    ids.clear();
    labels.clear();
  }
  writer.finish();
  return out.getBytes();
}

async function readBoth(bytes: Uint8Array): Promise<{ hyparquet: Row[]; parquetjs: Row[] }> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const hyparquet = (await parquetReadObjects({ file })) as Row[];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-tokens-'));
  try {
    fs.writeFileSync(path.join(dir, 'x.parquet'), bytes);
    type PList<T> = { list: { element: T }[] | null };
    const unlist = <T,>(l: PList<T>): T[] => (l.list ?? []).map((x) => x.element);
    const reader = await parquetjs.ParquetReader.openFile(path.join(dir, 'x.parquet'));
    const cursor = reader.getCursor();
    const rows: Row[] = [];
    for (let r = await cursor.next(); r; r = await cursor.next()) {
      const raw = r as unknown as Record<string, PList<never>>;
      rows.push({ input_ids: unlist(raw.input_ids), labels: unlist(raw.labels), trajectory_ids: unlist(raw.trajectory_ids), samples: unlist(raw.samples).map((x: SampleRow) => ({ ...x })) });
    }
    await reader.close();
    return { hyparquet, parquetjs: rows };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Ids below `vocab`, small ones far more often (log-uniform), spread over a 200k vocabulary. */
const zipf = (rand: () => number, vocab: number) => () => ((Math.floor(vocab ** rand()) - 1) * 65_537) % 200_000;

/** `dictionary`: whether input_ids is dictionary-encoded; `pages`: whether some token chunk has several pages. */
const CASES: { name: string; groups: Row[][]; pageSize?: number; dictionary: boolean; pages: boolean }[] = (() => {
  const rand = random(7);
  const lengths = (count: number, max: number, emptyEvery = 0) => Array.from({ length: count }, (_, i) => (emptyEvery && i % emptyEvery === 3 ? 0 : 1 + Math.floor(rand() * max)));
  const tokens = zipf(rand, 3000); // about as skewed as real text's tokens: dictionary-encoded
  return [
    { name: 'token-like ids, one row group', groups: [rowsOf(lengths(40, 3000), tokens)], dictionary: true, pages: false },
    { name: 'many rows in several row groups, small pages', groups: [rowsOf(lengths(1200, 60), tokens, 2), rowsOf(lengths(900, 90), tokens, 3), rowsOf(lengths(5, 4000), tokens, 4)], pageSize: 4096, dictionary: true, pages: true },
    { name: 'empty lists and one-token lists', groups: [rowsOf(lengths(500, 3, 4), (i) => (i * 31) % 17, 5), rowsOf([0, 0, 1, 0, 5, 0], (i) => i % 3, 6)], pageSize: 64, dictionary: true, pages: true },
    { name: 'only empty lists', groups: [rowsOf([0, 0, 0], tokens)], dictionary: false, pages: false },
    // hyparquet-writer samples 1,000 values first and gives up on a dictionary past 90% distinct.
    { name: 'a sample 85% distinct: still a dictionary', groups: [rowsOf(lengths(40, 2000), () => Math.floor(rand() * 3000) * 67)], dictionary: true, pages: false },
    { name: 'a sample 94% distinct: PLAIN, though a dictionary would halve the column', groups: [rowsOf(Array(50).fill(2000), () => Math.floor(rand() * 8000) * 67)], dictionary: false, pages: false },
    { name: 'distinct values (PLAIN, no dictionary)', groups: [rowsOf(lengths(30, 500), (i) => i * 7919 - 1_000_000)], dictionary: false, pages: false },
    { name: 'one value everywhere (zero-width indexes)', groups: [rowsOf(lengths(20, 100), () => 42)], dictionary: true, pages: false },
    { name: 'values far apart (dictionary by Map)', groups: [rowsOf(lengths(50, 200), (i) => (i % 3 === 0 ? 2 ** 30 : i % 3 === 1 ? -(2 ** 30) : 5))], dictionary: true, pages: false },
    { name: 'rows of 65,536 tokens, padded', groups: [rowsOf([65_536, 65_536, 65_536, 65_536, 30_000], (i) => (i % 65_536 < 50_000 ? tokens() : 128_004))], dictionary: true, pages: true },
  ];
})();

for (const c of CASES) {
  test(`token columns: the very bytes hyparquet-writer's generic path writes — ${c.name}`, async () => {
    const expected = generic(c.groups, c.pageSize);
    const actual = fast(c.groups, c.pageSize);
    assert.equal(actual.length, expected.length);
    assert.ok(Buffer.from(actual).equals(Buffer.from(expected)), 'byte-identical files');
    // The case covers what it says.
    const meta = parquetMetadata(actual.buffer.slice(actual.byteOffset, actual.byteOffset + actual.byteLength) as ArrayBuffer);
    const tokenChunks = meta.row_groups.flatMap((g) => g.columns.slice(0, 2));
    assert.equal(meta.row_groups.length, c.groups.length);
    assert.equal(tokenChunks[0].meta_data!.encodings.includes('RLE_DICTIONARY'), c.dictionary);
    assert.equal(tokenChunks.some((x) => x.offset_index_length !== undefined), c.pages);
    const rows = c.groups.flat();
    const read = await readBoth(actual);
    assert.deepEqual(read.hyparquet, rows);
    assert.deepEqual(read.parquetjs, rows);
  });
}

test('a column of another shape is refused', () => {
  const writer = new TokenParquetWriter({ writer: new ByteWriter(), schema: parquetSchema(false) });
  const col = new TokenColumn();
  col.push(['a'.length]);
  assert.throws(() => writer.writeRowGroup([{ name: 'trajectory_ids', tokens: col }], 1), /not a required LIST of required INT32/);
});
