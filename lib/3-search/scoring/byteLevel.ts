/**
 * Where each token of a byte-level BPE tokenizer (GPT-2, Llama 3, Qwen, ...) sits in the text it
 * encodes. Such a tokenizer's vocabulary spells every byte as one printable character (GPT-2's
 * `bytes_to_unicode`: "Ġ" is the space byte, "Ċ" the newline), so a token's string gives its exact
 * bytes, even when it holds only part of a UTF-8 character. A server that decodes each token on
 * its own turns such a part into U+FFFD; the bytes do not lie.
 */

/** GPT-2's byte → character table (printable bytes map to themselves, the rest to U+0100 on). */
function byteToCharTable(): string[] {
  const table: string[] = new Array(256);
  let next = 256;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    table[b] = String.fromCodePoint(printable ? b : next++);
  }
  return table;
}

const CHAR_TO_BYTE = new Map(byteToCharTable().map((c, b) => [c, b]));

/** The bytes a byte-level token string stands for, or null when it is not one (a special token, a SentencePiece piece). */
export function byteLevelBytes(token: string): Uint8Array | null {
  const out = new Uint8Array(token.length);
  let n = 0;
  for (const ch of token) {
    const b = CHAR_TO_BYTE.get(ch);
    if (b === undefined) return null;
    out[n++] = b;
  }
  return out.subarray(0, n);
}

export interface TokenSpans {
  /** Leading tokens that stand for no text (a BOS). */
  lead: number;
  /** UTF-16 start and end in the text of each token after the lead; a character belongs to the token holding its last byte. */
  starts: number[];
  ends: number[];
}

/**
 * Places byte-level tokens in `text`: null unless, after a lead of up to 2 special tokens, the
 * tokens' bytes are exactly the text's UTF-8 bytes (so the table above is the tokenizer's).
 */
export function byteLevelSpans(tokenStrings: readonly string[], text: string): TokenSpans | null {
  const utf8 = Buffer.from(text, 'utf8');
  for (let lead = 0; lead <= Math.min(2, tokenStrings.length); lead++) {
    const byteEnds: number[] = [];
    let at = 0;
    let ok = true;
    for (let i = lead; i < tokenStrings.length && ok; i++) {
      const bytes = byteLevelBytes(tokenStrings[i]);
      if (!bytes || at + bytes.length > utf8.length || !utf8.subarray(at, at + bytes.length).equals(bytes)) ok = false;
      else byteEnds.push((at += bytes.length));
    }
    if (ok && at === utf8.length) return { lead, ...charSpans(byteEnds, text) };
  }
  return null;
}

/** UTF-16 spans of tokens given their cumulative byte ends over `text`. */
function charSpans(byteEnds: readonly number[], text: string): { starts: number[]; ends: number[] } {
  const starts = new Array<number>(byteEnds.length);
  const ends = new Array<number>(byteEnds.length);
  let token = 0;
  let byteAt = 0;
  let charAt = 0;
  let tokenStart = 0;
  const close = (upTo: number) => {
    // Tokens ending before the current character's last byte hold only parts of it (or nothing).
    while (token < byteEnds.length && byteEnds[token] < upTo) {
      if (starts[token] === undefined) starts[token] = charAt;
      ends[token] = charAt;
      token++;
      tokenStart = charAt;
    }
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    byteAt += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    close(byteAt);
    if (token < byteEnds.length && starts[token] === undefined) starts[token] = tokenStart;
    charAt += ch.length;
    if (token < byteEnds.length && byteEnds[token] === byteAt) {
      ends[token] = charAt;
      token++;
      tokenStart = charAt;
    }
  }
  close(Number.POSITIVE_INFINITY);
  return { starts, ends };
}
