/**
 * The tokenizers an export can use, all offline: Llama-3 (llama3-tokenizer-js, the default and
 * the unit trajectories are measured in), OpenAI's o200k_base and cl100k_base (gpt-tokenizer),
 * or any Hugging Face `tokenizer.json` given by path (@huggingface/tokenizers). Text is always
 * encoded literally: content that spells a special token (`<|eot_id|>`, `<|endoftext|>`) stays
 * text, never a control token — except for tokenizer.json files, whose added tokens the library
 * always matches (as Hugging Face's own tokenizers do).
 */
import llama3Tokenizer from 'llama3-tokenizer-js';
import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { tokenize as llama3Tokenize } from '../platform/tokens/countTokens';
import { readHfTokenizerFile } from '../platform/tokens/hfTokenizerFile';

export interface ExportTokenizer {
  /** `llama3`, `o200k`, `cl100k`, or the tokenizer.json path. */
  name: string;
  encode(text: string): number[];
  decode(ids: number[]): string;
  /** Put before each sequence, when the tokenizer has one. */
  bos: number | null;
  /** Ends each trajectory in a packed sequence. */
  eos: number;
  /** Fills a padded sequence (label -100). */
  pad: number;
}

const LITERAL = { allowedSpecial: new Set<string>(), disallowedSpecial: new Set<string>() };

function gpt(name: string, lib: typeof o200k): ExportTokenizer {
  const eos = lib.encode('<|endoftext|>', { allowedSpecial: new Set(['<|endoftext|>']) })[0];
  return { name, encode: (t) => lib.encode(t, LITERAL), decode: (ids) => lib.decode(ids), bos: null, eos, pad: eos };
}

export const TOKENIZER_NAMES = ['llama3', 'o200k', 'cl100k'] as const;

/** A tokenizer by name, or a tokenizer.json by path; a clear error for anything else. */
export function loadTokenizer(spec: string): ExportTokenizer {
  if (spec === 'llama3') {
    return {
      name: 'llama3',
      encode: (t) => llama3Tokenize(t),
      decode: (ids) => llama3Tokenizer.decode(ids),
      bos: llama3Tokenizer.getSpecialTokenId('<|begin_of_text|>'),
      eos: llama3Tokenizer.getSpecialTokenId('<|end_of_text|>'),
      pad: llama3Tokenizer.getSpecialTokenId('<|finetune_right_pad_id|>'),
    };
  }
  if (spec === 'o200k') return gpt('o200k', o200k);
  if (spec === 'cl100k') return gpt('cl100k', cl100k as unknown as typeof o200k);
  if (!spec.endsWith('.json')) {
    throw new Error(`Unknown tokenizer ${JSON.stringify(spec)}: use llama3, o200k, cl100k, or the path of a Hugging Face tokenizer.json.`);
  }
  const { tokenizer: hf, config } = readHfTokenizerFile(spec, (problem) => new Error(`${problem} Give the path of a Hugging Face tokenizer.json.`));
  const special = (names: (string | undefined)[]) => {
    for (const n of names) {
      const id = n === undefined ? undefined : hf.token_to_id(n);
      if (id !== undefined) return id;
    }
    return undefined;
  };
  const tokenName = (v: unknown) => (typeof v === 'string' ? v : v && typeof v === 'object' && 'content' in v ? String((v as { content: unknown }).content) : undefined);
  const eos = special([tokenName(config.eos_token), '<|end_of_text|>', '<|endoftext|>', '</s>', '<eos>']);
  if (eos === undefined) throw new Error(`${spec} has no end-of-sequence token Retrace recognizes; add tokenizer_config.json with eos_token beside it.`);
  const bos = special([tokenName(config.bos_token), '<|begin_of_text|>', '<s>', '<bos>']) ?? null;
  return {
    name: spec,
    encode: (t) => hf.encode(t, { add_special_tokens: false }).ids,
    decode: (ids) => hf.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false }),
    bos,
    eos,
    pad: special([tokenName(config.pad_token), '<|finetune_right_pad_id|>', '<pad>']) ?? eos,
  };
}
