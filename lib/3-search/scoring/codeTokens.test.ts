import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeTokens, codeTokenSpans, isWordToken } from './codeTokens';

test('identifiers, numbers, operators, string pieces', () => {
  assert.deepEqual(codeTokens('const x_1 = a?.b ?? 0x1F + 1_000n + 3.14e-2;'), ['const', 'x_1', '=', 'a', '?.', 'b', '??', '0x1F', '+', '1_000n', '+', '3.14e-2', ';']);
  assert.deepEqual(codeTokens('f(...args) => $el !== "a b"'), ['f', '(', '...', 'args', ')', '=>', '$el', '!==', '"', 'a', 'b', '"']);
  assert.deepEqual(codeTokens('x >>>= 2; y **= 3 // done'), ['x', '>>>=', '2', ';', 'y', '**=', '3', '//', 'done']);
  assert.deepEqual(codeTokens('a::b -> c'), ['a', '::', 'b', '->', 'c']);
});

test('a line break carries the next line\'s indentation; \\r\\n is a line break', () => {
  assert.deepEqual(codeTokens('def f():\n    return 1\n\nx'), ['def', 'f', '(', ')', ':', '\n    ', 'return', '1', '\n', '\n', 'x']);
  assert.deepEqual(codeTokens('a\r\n\tb'), ['a', '\n\t', 'b']);
  assert.deepEqual(codeTokens('  lead  '), ['lead']);
});

test('non-ASCII letters join words; other code points are tokens of their own', () => {
  assert.deepEqual(codeTokens('größe = naïve + 😀 + 中文'), ['größe', '=', 'naïve', '+', '😀', '+', '中文']);
});

test('spans point into the text; tokenizing is deterministic', () => {
  const text = 'let a = 1;\n  b(a)';
  for (const s of codeTokenSpans(text)) {
    if (s.token.startsWith('\n')) assert.equal(text.slice(s.start, s.end).replace(/\r/g, ''), s.token);
    else assert.equal(text.slice(s.start, s.end), s.token);
  }
  assert.deepEqual(codeTokens(text), codeTokens(text));
});

test('isWordToken', () => {
  for (const w of ['foo', '_x', '$el', 'größe', 'Zod']) assert.equal(isWordToken(w), true, w);
  for (const w of ['1', '(', '\n  ', '=>', '😀']) assert.equal(isWordToken(w), false, w);
});
