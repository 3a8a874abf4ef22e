/**
 * For tests: Llama-3's tokenizer as a Hugging Face tokenizer.json, built from the vocabulary and
 * merges llama3-tokenizer-js ships, so the tokenizer.json path can be checked against an
 * independent implementation without any download.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import llama3Tokenizer from 'llama3-tokenizer-js';

const LLAMA3_SPLIT =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

export function writeLlama3TokenizerJson(): string {
  const t = llama3Tokenizer as unknown as { vocabById: string[]; merges: Map<string, number> };
  const vocab: Record<string, number> = {};
  const added: { id: number; content: string; special: boolean; single_word: boolean; lstrip: boolean; rstrip: boolean; normalized: boolean }[] = [];
  t.vocabById.forEach((token, id) => {
    if (id >= 128000) added.push({ id, content: token, special: true, single_word: false, lstrip: false, rstrip: false, normalized: false });
    else vocab[token] = id;
  });
  const merges = [...t.merges.entries()].sort((a, b) => a[1] - b[1]).map(([pair]) => pair);
  const json = {
    version: '1.0',
    added_tokens: added,
    normalizer: null,
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: LLAMA3_SPLIT }, behavior: 'Isolated', invert: false },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: true, vocab, merges },
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-tokenizer-'));
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(json));
  fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify({ bos_token: '<|begin_of_text|>', eos_token: '<|end_of_text|>' }));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'tokenizer.json');
}
