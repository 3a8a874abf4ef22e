import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createOfflineModel } from '../2-synthesize/offlineModel';
import { synthesize } from '../2-synthesize/synthesize';
import type { SynthesizedTrajectory } from '../2-synthesize/types';
import { structureOf } from '../1-ingest/ingest';
import { tempTree } from '../testing/tempTree';
import { flattenTrajectory, type Flattened } from './flatten';
import { createPacker, IGNORE, packSequences, sequenceRuns, tokenizeFlattened } from './pack';
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

  test('a trajectory longer than the context is split into parts whose repeated start is masked context', () => {
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
        assert.ok(s.labels.slice(1, 1 + sample.repeatedTokens).every((l) => l === IGNORE), 'the repeated context is not trained on again');
      }
      const body = s.inputIds.slice(1 + sample.repeatedTokens, s.inputIds.at(-1) === tokenizer.eos ? -1 : undefined);
      rebuilt.push(...body);
    });
    assert.deepEqual(rebuilt, tokenizer.encode(flat.text), 'without the repeated context, the parts are the trajectory');
    assert.ok(cutPieces >= 1, 'big.ts does not fit in 700 tokens and is cut');
  });

  test('split at sub-agent boundaries: each later part starts with the requirements, the plan and the Reads it needs', async () => {
    // A chain of modules, each importing the two before it: many sub-agents, each small, with Reads of earlier files.
    const files: Record<string, string> = { 'README.md': '# Chain\n\nModules that build on each other.\n' };
    for (let i = 0; i < 14; i++) {
      const imports = [i - 1, i - 2].filter((j) => j >= 0).map((j) => `import { step${j} } from './m${j}';\n`).join('');
      const body = Array.from({ length: 12 }, (_, k) => `export const value${i}_${k} = ${i * 100 + k};\n`).join('');
      files[`src/m${i}.ts`] = `${imports}/** Step ${i}. */\nexport function step${i}(x: number): number {\n  return x + ${i};\n}\n${body}`;
    }
    const structure = await structureOf(tempTree(files));
    const chain = await synthesize(structure, createOfflineModel());
    const chainFlat = flattenTrajectory(chain, { repository: 'chain', commit: null });
    const t = tokenizeFlattened('chain', chainFlat, tokenizer);
    const context = Math.ceil(t.tokens / 4);
    const { sequences } = packSequences([t], tokenizer, { context });
    assert.ok(sequences.length >= 4, `${t.tokens} tokens in ${sequences.length} sequences of ${context}`);
    const contentOf = new Map(structure.files.map((f) => [f.path, f.content]));
    const rebuilt: number[] = [];
    sequences.forEach((s, i) => {
      const [sample] = s.samples;
      const repeated = s.text.slice(0, sample.repeatedChars);
      const body = s.text.slice(sample.repeatedChars);
      rebuilt.push(...s.inputIds.slice(1 + sample.repeatedTokens, s.inputIds.at(-1) === tokenizer.eos ? -1 : undefined));
      if (i === 0) return assert.equal(sample.repeatedChars, 0);
      assert.match(body, /^<\|agent sub path="[^"]+"\|>\n/, `part ${i + 1} starts at a sub-agent, not in the middle of one`);
      assert.match(repeated, /^<\|trajectory repository="chain"\|>\n<\|agent main\|>\n<\|think\|>\n/, 'then the main agent\'s requirements');
      assert.ok(repeated.includes('<|action plan|>'), 'and the plan');
      // Every file read in this part is shown whole in it: written earlier in the part, or read in its context.
      for (const m of body.matchAll(/<\|action read path=("[^"]+")\|>/g)) {
        const path = JSON.parse(m[1]) as string;
        const before = body.slice(0, m.index);
        const writtenHere = before.includes(`<|action write path=${JSON.stringify(path)}|>`);
        const readInContext = repeated.includes(`<|action read path=${JSON.stringify(path)}|>\n<|/action|>\n<|observation|>\n${contentOf.get(path)}\n<|/observation|>\n`);
        assert.ok(writtenHere || readInContext, `part ${i + 1}: ${path} is read but its content is not in the part`);
      }
      assert.ok(s.labels.slice(1, 1 + sample.repeatedTokens).every((l) => l === IGNORE));
    });
    assert.deepEqual(rebuilt, tokenizer.encode(chainFlat.text), 'without the contexts, the parts are the trajectory');
    const report = createPacker(tokenizer, { context }, () => {}).add(t);
    assert.ok(report.contextReads > 0);
    assert.deepEqual([report.cutAgents, report.cutPieces, report.readsLeftOut], [0, 0, 0]);
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
