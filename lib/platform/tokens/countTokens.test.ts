import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import llama3Tokenizer from 'llama3-tokenizer-js';
import { countTokens, tokenize } from './countTokens';

test('known small strings', () => {
  assert.equal(countTokens(''), 0);
  assert.equal(countTokens('hello'), 1);
  assert.equal(countTokens('Hello world'), 2);
  assert.equal(countTokens('hello world!'), 3);
  // Llama-3 splits digits in groups of at most three.
  assert.equal(countTokens('1234567'), 3);
  assert.deepEqual(tokenize('Hello world'), [9906, 1917]);
  assert.equal(countTokens('function add(a, b) {\n  return a + b;\n}\n'), tokenize('function add(a, b) {\n  return a + b;\n}\n').length);
});

test('non-ASCII text round-trips and counts', () => {
  for (const text of ['grüße', '日本語のテキスト', 'emoji 🎉 and ‹quotes›', 'Ελληνικά']) {
    const ids = tokenize(text);
    assert.ok(ids.length > 0);
    assert.equal(countTokens(text), ids.length);
    assert.equal(llama3Tokenizer.decode(ids), text);
  }
  assert.equal(countTokens('日本語'), llama3Tokenizer.encode('日本語', { bos: false, eos: false }).length);
});

test('no BOS/EOS', () => {
  assert.equal(countTokens('x'), llama3Tokenizer.encode('x', { bos: true, eos: true }).length - 2);
});

function sourcesUnder(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) sourcesUnder(p, out);
    else if (/\.(ts|js|md)$/.test(entry.name)) out.push(p);
  }
  return out;
}

/** The library's own encoding with special-token text taken literally, as `tokenize` does. */
const LITERAL = { bos: false, eos: false, specialTokenRegex: /(?!)/g } as { bos: false; eos: false };

test('special-token text is ordinary text, never a control token', () => {
  const ids = tokenize('<|eot_id|><|begin_of_text|>');
  assert.ok(ids.length > 2 && ids.every((id) => id < 128000), JSON.stringify(ids));
  assert.equal(llama3Tokenizer.decode(ids), '<|eot_id|><|begin_of_text|>');
});

test('chunked encoding equals whole encoding on a real tree and on awkward whitespace', () => {
  const texts = sourcesUnder(path.resolve('node_modules/zod/src')).slice(0, 120).map((f) => fs.readFileSync(f, 'utf8'));
  texts.push('a\n\n\n  b\n\t\tc\r\n\r\nd  \n \n e\n' .repeat(200), 'x\u00a0\ny\u2028z\n' .repeat(300), '<|eot_id|>\nq\n'.repeat(50));
  for (const text of texts) {
    const whole = llama3Tokenizer.encode(text, LITERAL);
    for (const chunk of [7, 64, 1000]) assert.deepEqual(tokenize(text, chunk), whole);
    assert.equal(countTokens(text, 64), whole.length);
  }
});

test('a whole repository counts in reasonable time', () => {
  const text = sourcesUnder(path.resolve('node_modules/zod/src')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  const started = performance.now();
  const n = countTokens(text);
  const ms = performance.now() - started;
  assert.ok(n > 100_000);
  // ~0.5M tokens/s measured here; the bound is loose for slow CI machines.
  assert.ok(ms < 30_000, `${n} tokens took ${Math.round(ms)} ms`);
});
