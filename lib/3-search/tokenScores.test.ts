import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { pythonStdlibDir } from '../2-synthesize/realTrees';
import { codeTokens } from './scoring/codeTokens';
import { alignTokens, decodeTokenScores, encodeTokenScores, tokenScoreSet, type TokenScoreSet } from './tokenScores';

const spans = (target: string, tokens: string[]) => {
  const { starts, ends } = alignTokens(target, tokens);
  return tokens.map((_, i) => (starts[i] < 0 ? null : target.slice(starts[i], ends[i])));
};

test('the offline scorer\'s tokens of a real file are placed where they are, spaces skipped', () => {
  const stdlib = pythonStdlibDir();
  assert.ok(stdlib, 'the Python standard library is on this machine');
  const target = fs.readFileSync(path.join(stdlib, 'json', 'decoder.py'), 'utf8');
  const tokens = codeTokens(target);
  const { starts, ends } = alignTokens(target, tokens);
  tokens.forEach((token, i) => {
    assert.equal(target.slice(starts[i], ends[i]), token, `token ${i}`);
    if (i > 0) assert.ok(starts[i] >= ends[i - 1]);
  });
});

test('a server token straddling the prefix boundary covers its part inside the target', () => {
  assert.deepEqual(spans('eOutline(x)', [' parseOutline', '(', 'x', ')']), ['eOutline', '(', 'x', ')']);
});

test('tokens a server decoded as U+FFFD are left unplaced and the rest still line up', () => {
  assert.deepEqual(spans('x = "日本"', ['x', ' =', ' "', '\uFFFD', '\uFFFD', '本', '"']), ['x', ' =', ' "', null, null, '本', '"']);
  assert.deepEqual(spans('', ['a']), [null]);
  assert.deepEqual(spans('ab', ['', 'a', 'b']), ['', 'a', 'b']);
});

test('the next occurrence is taken, not one before the previous token', () => {
  assert.deepEqual(spans('a a a', ['a', 'a', 'a']), ['a', 'a', 'a']);
  const { starts } = alignTokens('a a a', ['a', 'a', 'a']);
  assert.deepEqual([...starts], [0, 2, 4]);
});

const set = (starts: number[], ends: number[], logprobs: number[]): TokenScoreSet => ({ starts: Int32Array.from(starts), ends: Int32Array.from(ends), logprobs: Float32Array.from(logprobs) });

test('scores round-trip through the blob, with shared and with separate offsets', () => {
  const before = set([0, 2, -1], [1, 4, -1], [-0.5, -Infinity, -3.25]);
  const same = encodeTokenScores({ before, after: set([0, 2, -1], [1, 4, -1], [-0.25, -1, -2]) });
  const decoded = decodeTokenScores(same);
  assert.deepEqual([...decoded.before.starts], [0, 2, -1]);
  assert.deepEqual([...decoded.before.logprobs], [-0.5, -Infinity, -3.25]);
  assert.deepEqual([...decoded.after.ends], [1, 4, -1]);
  assert.deepEqual([...decoded.after.logprobs], [-0.25, -1, -2]);
  const other = decodeTokenScores(encodeTokenScores({ before, after: set([0], [4], [-0.1]) }));
  assert.deepEqual([...other.after.starts], [0]);
  assert.deepEqual([...other.after.ends], [4]);
  assert.equal(other.after.logprobs[0], Math.fround(-0.1));
  assert.ok(encodeTokenScores({ before, after: before }).byteLength < 80);
});

test('a damaged or foreign blob is refused with what to do', () => {
  const blob = encodeTokenScores({ before: set([0], [1], [-1]), after: set([0], [1], [-1]) });
  assert.throws(() => decodeTokenScores(blob.slice(0, blob.length - 3)), /unexpected end|incorrect|damaged/);
  assert.throws(() => decodeTokenScores(deflateSync(Buffer.alloc(16))), /not in a known format: re-run the search/);
});

test('a later scoring that splits the target the same way reuses the placed offsets', () => {
  const target = 'const a = 1;\n';
  const first = tokenScoreSet(target, { tokens: codeTokens(target), logprobs: codeTokens(target).map(() => -1) });
  const second = tokenScoreSet(target, { tokens: codeTokens(target), logprobs: codeTokens(target).map(() => -0.5) }, { tokens: codeTokens(target), set: first });
  assert.equal(second.starts, first.starts);
  assert.equal(second.logprobs[0], -0.5);
});
