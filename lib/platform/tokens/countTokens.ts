/**
 * Llama-3 token counts (llama3-tokenizer-js, no BOS/EOS), the unit every trajectory step is measured in.
 *
 * Long texts are encoded in chunks of about CHUNK_CHARS characters. A chunk only ever ends right after a
 * `\n` that is followed by a non-whitespace character: Llama-3's pre-tokenizer always splits there (no
 * pre-token pattern continues from a newline into a following non-space character, and none looks behind),
 * and BPE merges never cross pre-tokens, so the chunked encoding is the same token sequence as the whole
 * one (tests check this on real trees). A text with no such point (one enormous line) is encoded in one
 * piece. Chunking bounds the tokenizer's temporary arrays; nothing is cached between calls.
 *
 * Text that looks like a Llama-3 special token (`<|eot_id|>`) is encoded as ordinary text: a file that
 * mentions a special token must not turn into a control token in training data. (The library's own default
 * is to encode it as the special token; a regex that never matches turns that off.)
 */
import llama3Tokenizer from 'llama3-tokenizer-js';

export const CHUNK_CHARS = 32_768;

/** No BOS/EOS, and special-token text taken literally (the option is in the library, not its types). */
const NO_SPECIALS = { bos: false, eos: false, specialTokenRegex: /(?!)/g } as { bos: false; eos: false };

/** Where the next chunk may start: just after a `\n` followed by non-whitespace, at or after `from`. */
function safeBreak(text: string, from: number): number {
  let i = text.indexOf('\n', from - 1);
  while (i !== -1 && i + 1 < text.length) {
    const next = text.charCodeAt(i + 1);
    // ASCII whitespace and the Unicode spaces \s matches all sit at 0x20 and below, or above 0x7f.
    if (next > 0x20 && !(next > 0x7f && /\s/.test(text[i + 1]))) return i + 1;
    i = text.indexOf('\n', i + 1);
  }
  return text.length;
}

/** Each chunk's token ids, in order; `chunkChars` is only for tests. */
function* encodeChunks(text: string, chunkChars = CHUNK_CHARS): Generator<number[]> {
  let start = 0;
  while (start < text.length) {
    const end = text.length - start <= chunkChars ? text.length : safeBreak(text, start + chunkChars);
    yield llama3Tokenizer.encode(text.slice(start, end), NO_SPECIALS);
    start = end;
  }
}

/** Llama-3 token ids of `text` (no BOS/EOS). */
export function tokenize(text: string, chunkChars = CHUNK_CHARS): number[] {
  const out: number[] = [];
  for (const ids of encodeChunks(text, chunkChars)) for (const id of ids) out.push(id);
  return out;
}

/** Number of Llama-3 tokens in `text` (no BOS/EOS). */
export function countTokens(text: string, chunkChars = CHUNK_CHARS): number {
  let n = 0;
  for (const ids of encodeChunks(text, chunkChars)) n += ids.length;
  return n;
}
