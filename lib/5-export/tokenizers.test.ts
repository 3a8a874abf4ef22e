import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { tempTree } from '../testing/tempTree';
import { writeLlama3TokenizerJson } from './testing';
import { loadTokenizer } from './tokenizers';

const SAMPLES = [
  'import { a } from "./b";\n\nexport function f(x: number): number {\n  return x * 2; // doubled\n}\n',
  "def résumé(self):\n\t'''Docstring.'''\r\n    return {'k': [1, 22, 333, 4444]}\n",
  '<|agent sub path="src/a.ts"|>\n<|think|>\nI’ll write it now — 3 functions.\n<|/think|>\n',
];

describe('tokenizers', () => {
  test('a Hugging Face tokenizer.json gives the same ids as the built-in Llama-3 tokenizer', () => {
    const hf = loadTokenizer(writeLlama3TokenizerJson());
    const llama3 = loadTokenizer('llama3');
    for (const text of SAMPLES) {
      assert.deepEqual(hf.encode(text), llama3.encode(text));
      assert.equal(hf.decode(hf.encode(text)), text);
    }
    assert.deepEqual([hf.bos, hf.eos, hf.pad], [llama3.bos, llama3.eos, llama3.pad]);
    // The one documented difference: tokenizer.json added tokens are matched in text.
    assert.ok(hf.encode('<|eot_id|>').length === 1 && llama3.encode('<|eot_id|>').length > 1);
  });

  test('the OpenAI encodings know their end-of-text token and have no BOS', () => {
    assert.deepEqual([loadTokenizer('o200k').eos, loadTokenizer('o200k').bos], [199999, null]);
    assert.deepEqual([loadTokenizer('cl100k').eos, loadTokenizer('cl100k').bos], [100257, null]);
  });

  test('unknown names, unreadable files and tokenizers without an end token are refused with what to do', () => {
    assert.throws(() => loadTokenizer('gpt2'), /Unknown tokenizer "gpt2": use llama3, o200k, cl100k, or the path/);
    assert.throws(() => loadTokenizer('/nowhere/tokenizer.json'), /Cannot read the tokenizer \/nowhere\/tokenizer\.json/);
    const wordLevel = { version: '1.0', added_tokens: [], normalizer: null, post_processor: null, model: { type: 'WordLevel', vocab: { a: 0, '[UNK]': 1 }, unk_token: '[UNK]' }, pre_tokenizer: { type: 'Whitespace' } };
    const noEnd = tempTree({ 'tokenizer.json': JSON.stringify({ ...wordLevel, decoder: { type: 'WordPiece', prefix: '##', cleanup: true } }) });
    assert.throws(() => loadTokenizer(`${noEnd}/tokenizer.json`), /no end-of-sequence token/);
    const broken = tempTree({ 'tokenizer.json': JSON.stringify(wordLevel) });
    assert.throws(() => loadTokenizer(`${broken}/tokenizer.json`), /is not a tokenizer\.json Retrace can load/);
    assert.ok(fs.existsSync(`${noEnd}/tokenizer.json`));
  });
});
