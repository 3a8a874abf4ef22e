import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import parquetjs from '@dsnp/parquetjs';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { createOfflineModel } from '../2-synthesize/offlineModel';
import { synthesize } from '../2-synthesize/synthesize';
import { structureOf } from '../1-ingest/ingest';
import { tempTree } from '../testing/tempTree';
import { flattenTrajectory, type Flattened } from './flatten';
import { IGNORE, packSequences, tokenizeFlattened, type PackedSequence } from './pack';
import { loadTokenizer } from './tokenizers';
import { codePointSpans, createShardWriter, parquetSchema, rowOf, type SequenceRow } from './writers';

const FILES = {
  'README.md': '# Shards\nA small library whose files hold emoji 🎉 and markers.\n',
  'src/emoji.ts': "export const PARTY = '🎉🎊';\nexport const MARK = '<|think|>';\n",
  'src/uses.ts': "import { PARTY } from './emoji';\nexport const twice = PARTY + PARTY;\n",
  'src/long.ts': Array.from({ length: 120 }, (_, i) => `export const v${i} = ${i}; // ${'ü'.repeat(i % 4)}`).join('\n') + '\n',
};

const tokenizer = loadTokenizer('llama3');
let flats: Flattened[];
let sequences: PackedSequence[];
/** The same trajectories padded to the context (-100 labels, pad ids). */
let padded: PackedSequence[];

before(async () => {
  const structure = await structureOf(tempTree(FILES));
  const t = await synthesize(structure, createOfflineModel());
  // Three trajectories (the same one under three names) in a small context: packing and splitting both happen.
  flats = ['a', 'b', 'c'].map((name) => flattenTrajectory(t, { repository: name, commit: null }));
  const packed = packSequences(
    flats.map((f, i) => tokenizeFlattened(`t${i}`, f, tokenizer)),
    tokenizer,
    { context: 2048 },
  );
  assert.equal(packed.cutPieces, 0, 'no piece is cut: every sequence decodes exactly');
  sequences = packed.sequences;
  padded = packSequences(
    flats.map((f, i) => tokenizeFlattened(`t${i}`, f, tokenizer)),
    tokenizer,
    { context: 2048, pad: true },
  ).sequences;
  assert.ok(padded.every((s) => s.inputIds.length === 2048));
});

function tmpDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-writers-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The ids of a sequence without BOS, EOS and padding decode to its text. */
function assertDecodes(row: SequenceRow, expectedText: string) {
  const special = new Set([tokenizer.bos, tokenizer.eos, tokenizer.pad]);
  assert.equal(tokenizer.decode(row.input_ids.filter((id) => !special.has(id))), expectedText);
}

test('the fixture packs several trajectories and splits some', () => {
  assert.ok(sequences.length >= 4, `${sequences.length} sequences`);
  assert.ok(sequences.some((s) => s.samples.some((x) => x.parts > 1)), 'a trajectory is split');
});

test('mask spans are converted to code points, as Python indexes text', () => {
  const text = 'a🎉b<obs>x🎊</obs>c';
  const start = text.indexOf('<obs>');
  const end = text.indexOf('</obs>') + 6;
  const [[a, b]] = codePointSpans(text, [[start, end]]);
  assert.equal([...text].slice(a, b).join(''), '<obs>x🎊</obs>');
  assert.deepEqual(codePointSpans('', []), []);
});

/**
 * Writer settings: a shard every 3 sequences with about one sequence per row group, or one shard
 * of several row groups of several rows each.
 */
const LAYOUTS = [
  { name: '3 sequences per shard', shardSequences: 3, rowGroupTokens: 1500 },
  { name: 'one shard, row groups of several rows', shardSequences: 1000, rowGroupTokens: 5000 },
];

for (const withText of [false, true]) {
  for (const pad of [false, true]) {
    for (const layout of LAYOUTS) {
      describe(`with text: ${withText}, padded: ${pad}, ${layout.name}`, () => {
        const seqs = () => (pad ? padded : sequences);
        const options = { withText, shardSequences: layout.shardSequences, rowGroupTokens: layout.rowGroupTokens };

        test('JSONL shards hold one sequence per line, rotated every N sequences', () => {
          const dir = tmpDir();
          const writer = createShardWriter('jsonl', dir, options);
          for (const s of seqs()) writer.write(s);
          const files = writer.close();
          assert.equal(files.length, Math.ceil(seqs().length / layout.shardSequences));
          assert.equal(files[0], 'data-00000.jsonl');
          const rows: SequenceRow[] = files.flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l)));
          assert.deepEqual(rows, seqs().map((s) => rowOf(s, withText)));
          rows.forEach((row, i) => {
            assertDecodes(row, seqs()[i].text);
            assert.equal(Object.hasOwn(row, 'text'), withText);
            if (row.text !== undefined) {
              const chars = [...row.text];
              const masked = row.mask_spans!.map(([a, b]) => chars.slice(a, b).join(''));
              assert.deepEqual(masked, seqs()[i].maskSpans.map(([a, b]) => seqs()[i].text.slice(a, b)));
            }
          });
        });

        test('Parquet shards read back the same with hyparquet and with parquetjs', async () => {
          const dir = tmpDir();
          // Small row groups: every shard has several, as a large export's would.
          const writer = createShardWriter('parquet', dir, options);
          for (const s of seqs()) writer.write(s);
          const files = writer.close();
          assert.equal(files.length, Math.ceil(seqs().length / layout.shardSequences));
          assert.equal(files[files.length - 1], `data-${String(files.length - 1).padStart(5, '0')}.parquet`);
          const expected = seqs().map((s) => rowOf(s, withText));

          const viaHyparquet: SequenceRow[] = [];
          for (const f of files) viaHyparquet.push(...((await parquetReadObjects({ file: await asyncBufferFromFile(path.join(dir, f)) })) as SequenceRow[]));
          assert.deepEqual(viaHyparquet, expected);

          // parquetjs: an independent implementation; lists come back as { list: [{ element }] } (null when empty).
          type PList<T> = { list: { element: T }[] | null };
          const unlist = <T, U>(l: PList<T>, f: (x: T) => U): U[] => (l.list ?? []).map((x) => f(x.element));
          const viaParquetjs: SequenceRow[] = [];
          for (const f of files) {
            const reader = await parquetjs.ParquetReader.openFile(path.join(dir, f));
            const cursor = reader.getCursor();
            for (let r = await cursor.next(); r; r = await cursor.next()) {
              const raw = r as unknown as Record<string, PList<never>> & { text?: string };
              const row: SequenceRow = {
                input_ids: unlist(raw.input_ids, (x: number) => x),
                labels: unlist(raw.labels, (x: number) => x),
                trajectory_ids: unlist(raw.trajectory_ids, (x: string) => x),
                samples: unlist(raw.samples, (x: SequenceRow['samples'][number]) => ({ ...x })),
              };
              if (withText) {
                row.text = raw.text;
                row.mask_spans = unlist(raw.mask_spans, (x: PList<number>) => unlist(x, (y: number) => y) as [number, number]);
              }
              viaParquetjs.push(row);
            }
            await reader.close();
          }
          assert.deepEqual(viaParquetjs, expected);
          viaParquetjs.forEach((row, i) => assertDecodes(row, seqs()[i].text));
        });

        test('Parquet shards are the very bytes hyparquet-writer writes through its generic encoder', () => {
          const dir = tmpDir();
          const writer = createShardWriter('parquet', dir, { ...options, createdBy: 'test' });
          for (const s of seqs()) writer.write(s);
          const files = writer.close();
          // The same rows, shards and row groups (a group closes once it holds rowGroupTokens tokens) through ParquetWriter.write.
          const columns = ['input_ids', 'labels', 'trajectory_ids', 'samples', ...(withText ? ['text', 'mask_spans'] : [])] as (keyof SequenceRow)[];
          files.forEach((file, index) => {
            const rows = seqs()
              .slice(index * layout.shardSequences, (index + 1) * layout.shardSequences)
              .map((s) => rowOf(s, withText));
            const out = new ByteWriter();
            const generic = new ParquetWriter({ writer: out, schema: parquetSchema(withText), createdBy: 'test', codec: 'SNAPPY' });
            for (let from = 0; from < rows.length; ) {
              let to = from;
              for (let tokens = 0; to < rows.length && tokens < layout.rowGroupTokens; to++) tokens += rows[to].input_ids.length;
              const group = rows.slice(from, to);
              const columnData = columns.map((name) => ({ name, data: group.map((r) => r[name]), ...(name === 'input_ids' || name === 'labels' ? { statistics: false } : {}) }));
              generic.write({ columnData: columnData as never, rowGroupSize: group.length });
              from = to;
            }
            generic.finish();
            assert.ok(fs.readFileSync(path.join(dir, file)).equals(Buffer.from(out.getBytes())), `${file} is byte-identical`);
          });
        });
      });
    }
  }
}

test('every trajectory decodes back to its flattened text from its parts, and only Observations are masked', () => {
  const bos = tokenizer.bos === null ? 0 : 1;
  flats.forEach((flat, index) => {
    let text = '';
    let masked = '';
    for (const s of sequences) {
      for (const x of s.samples.filter((y) => y.trajectoryId === `t${index}`)) {
        // Later parts start with a repeated, loss-masked context (marker lines, requirements, plan, Reads): leave it out.
        const ids = s.inputIds.slice(x.start + bos, x.part === x.parts ? x.end - 1 : x.end);
        text += tokenizer.decode(ids).slice(x.repeatedChars);
        const labelAt = (k: number) => s.labels[x.start + bos + k];
        assert.ok(ids.slice(0, x.repeatedTokens).every((_, k) => labelAt(k) === IGNORE), 'the repeated context is masked');
        masked += tokenizer.decode(ids.filter((_, k) => k >= x.repeatedTokens && labelAt(k) === IGNORE));
      }
    }
    assert.equal(text, flat.text);
    assert.equal(masked, flat.maskedSpans.map(([a, b]) => flat.text.slice(a, b)).join(''));
  });
});
