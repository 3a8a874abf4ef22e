import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createOfflineModel } from '../agents/offlineModel';
import { synthesize } from '../agents/synthesize';
import type { SynthesizedTrajectory } from '../agents/types';
import { structureOf } from '../ingest/ingest';
import { tempTree } from '../testing/tempTree';
import { flattenTrajectory, type Flattened } from './flatten';
import { IGNORE, packSequences, sequenceRuns, tokenizeFlattened } from './pack';
import { loadTokenizer } from './tokenizers';

const FILES = {
  'README.md': '# Packed\nA library whose files mention special tokens.\n',
  'src/special.ts': "export const EOT = '<|eot_id|>';\nexport const END = '<|endoftext|>';\n// trailing spaces before the newline:   \nexport const OBS = '<|observation|>';\n",
  'src/uses.ts': "import { EOT, END } from './special';\nexport const both = `${EOT}${END}`;   \n\n\n",
  'src/big.ts': Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i} * 2; // ünïcödé ${'é'.repeat(i % 5)}`).join('\n') + '\n',
};

let trajectory: SynthesizedTrajectory;
let flat: Flattened;
before(async () => {
  trajectory = await synthesize(await structureOf(tempTree(FILES)), createOfflineModel());
  flat = flattenTrajectory(trajectory, { repository: 'packed', commit: null });
});

for (const name of ['llama3', 'o200k', 'cl100k']) {
  describe(`${name}: tokenizing and labelling`, () => {
    const tokenizer = loadTokenizer(name);

    test('piece-by-piece ids equal the whole text’s ids, and decode back to the text', () => {
      const t = tokenizeFlattened('t1', flat, tokenizer);
      const ids = t.pieces.flatMap((p) => p.ids);
      assert.deepEqual(ids, tokenizer.encode(flat.text), 'no token crosses a piece boundary');
      assert.equal(tokenizer.decode(ids), flat.text);
      assert.equal(t.pieces.map((p) => p.text).join(''), flat.text);
    });

    test('special-token text in files stays text', () => {
      const ids = tokenizer.encode('<|eot_id|><|endoftext|>');
      assert.ok(!ids.includes(tokenizer.eos), 'never the end-of-sequence token');
      if (tokenizer.bos !== null) assert.ok(!ids.includes(tokenizer.bos));
      assert.equal(tokenizer.decode(ids), '<|eot_id|><|endoftext|>');
    });

    test('labels are -100 exactly on Observation tokens, BOS and padding; EOS is trained', () => {
      const t = tokenizeFlattened('t1', flat, tokenizer);
      const { sequences } = packSequences([t], tokenizer, { context: 1 << 20, pad: false });
      assert.equal(sequences.length, 1);
      const [seq] = sequences;
      const expected: number[] = [];
      if (tokenizer.bos !== null) expected.push(IGNORE);
      for (const p of t.pieces) for (const id of p.ids) expected.push(p.masked ? IGNORE : id);
      expected.push(tokenizer.eos);
      assert.deepEqual(seq.labels, expected);
      // The masked character spans are the observation blocks of the text.
      assert.equal(seq.text, flat.text);
      assert.deepEqual(seq.maskSpans, flat.maskedSpans);
      // Masked tokens decode to exactly the masked text.
      const maskedIds = seq.inputIds.filter((_, i) => seq.labels[i] === IGNORE && i > (tokenizer.bos === null ? -1 : 0));
      assert.equal(tokenizer.decode(maskedIds), flat.maskedSpans.map(([a, b]) => flat.text.slice(a, b)).join(''));
    });
  });
}

describe('packing and splitting (llama3)', () => {
  const tokenizer = loadTokenizer('llama3');

  test('a trajectory longer than the context is split at pieces; later parts repeat the headers', () => {
    const t = tokenizeFlattened('long', flat, tokenizer);
    const context = 700;
    const { sequences, cutPieces } = packSequences([t], tokenizer, { context });
    assert.ok(sequences.length > 2, `${t.tokens} tokens in ${sequences.length} sequences`);
    const header = t.pieces[0].text;
    const rebuilt: number[] = [];
    sequences.forEach((s, i) => {
      assert.ok(s.inputIds.length <= context);
      assert.ok(s.text.startsWith(header), `part ${i + 1} starts with the trajectory marker`);
      const [sample] = s.samples;
      assert.deepEqual([s.samples.length, sample.part, sample.parts], [1, i + 1, sequences.length]);
      // Only the last part ends with EOS.
      assert.equal(s.inputIds.at(-1) === tokenizer.eos, i === sequences.length - 1);
      if (i > 0) {
        assert.ok(sample.repeatedChars >= header.length);
        const repeated = s.text.slice(0, sample.repeatedChars);
        // The trajectory line, then the agent line in force (unless the part starts with a new agent).
        assert.match(repeated, new RegExp(`^${escape(header)}(<\\|+agent [^\n]*\n)?$`));
      }
      const body = s.inputIds.slice(1 + sample.repeatedTokens, s.inputIds.at(-1) === tokenizer.eos ? -1 : undefined);
      rebuilt.push(...body);
    });
    assert.deepEqual(rebuilt, tokenizer.encode(flat.text), 'without the repeated headers, the parts are the trajectory');
    assert.ok(cutPieces >= 1, 'big.ts does not fit in 700 tokens and is cut');
  });

  test('short trajectories are packed greedily with EOS between them; padding fills with -100', () => {
    const small = flattenTrajectory({ ...trajectory, steps: trajectory.steps.filter((s) => s.agent === 'main') }, { repository: 'small', commit: null });
    const ts = ['a', 'b', 'c'].map((id) => tokenizeFlattened(id, small, tokenizer));
    const size = ts[0].tokens + 2;
    const { sequences } = packSequences(ts, tokenizer, { context: size * 2 + 5, pad: true });
    assert.equal(sequences.length, 2);
    assert.deepEqual(sequences[0].samples.map((x) => x.trajectoryId), ['a', 'b']);
    assert.deepEqual(sequences[1].samples.map((x) => x.trajectoryId), ['c']);
    for (const s of sequences) assert.equal(s.inputIds.length, size * 2 + 5);
    const [first] = sequences;
    assert.equal(first.inputIds[first.samples[1].start], tokenizer.bos);
    assert.equal(first.inputIds[first.samples[0].end - 1], tokenizer.eos);
    const padded = first.inputIds.slice(first.samples[1].end);
    assert.ok(padded.every((id) => id === tokenizer.pad));
    assert.ok(first.labels.slice(first.samples[1].end).every((l) => l === IGNORE));
  });

  test('a tokenizer that returns typed arrays packs the same sequences', () => {
    const typed = { ...tokenizer, encode: (text: string) => Int32Array.from(tokenizer.encode(text)) as unknown as number[] };
    const plain = packSequences([tokenizeFlattened('t', flat, tokenizer)], tokenizer, { context: 700, pad: true });
    const viaTyped = packSequences([tokenizeFlattened('t', flat, typed)], typed, { context: 700, pad: true });
    assert.deepEqual(viaTyped, plain);
    assert.ok(viaTyped.sequences.every((s) => Array.isArray(s.inputIds) && s.inputIds.every((id) => typeof id === 'number')));
  });

  test('sequenceRuns gives the same tokens as the joined arrays, before and after they are read', () => {
    for (const pad of [false, true]) {
      const { sequences } = packSequences([tokenizeFlattened('t', flat, tokenizer)], tokenizer, { context: 700, pad });
      const again = packSequences([tokenizeFlattened('t', flat, tokenizer)], tokenizer, { context: 700, pad }).sequences;
      sequences.forEach((seq, i) => {
        const runs = sequenceRuns(seq); // before inputIds/labels are ever read
        const ids = runs.ids.flat();
        const labels = runs.labels.flat();
        assert.equal(runs.length, ids.length);
        assert.equal(labels.length, ids.length);
        assert.deepEqual(ids, again[i].inputIds);
        assert.deepEqual(labels, again[i].labels);
        assert.deepEqual(sequenceRuns(seq).ids.flat(), seq.inputIds, 'and after');
        assert.deepEqual(Object.keys(seq), ['inputIds', 'labels', 'text', 'maskSpans', 'samples']);
      });
    }
  });

  test('a context too small for the headers is refused with what to do', () => {
    const t = tokenizeFlattened('x', flat, tokenizer);
    assert.throws(() => packSequences([t], tokenizer, { context: 10 }), /too small/);
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
