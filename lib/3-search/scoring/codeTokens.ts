/**
 * The offline scorer's tokenizer: a fast, deterministic, language-agnostic split of source text
 * into code tokens.
 *
 * - identifiers and words: `[A-Za-z_$]` or any other letter, then letters, digits, `_`, `$`
 *   (so `camelCase`, `snake_case`, `$el`, `größe` are one token each);
 * - numbers: `0x1F`, `1_000`, `3.14`, `1e-9`, `10n` (a leading digit, then digits, letters, `_`,
 *   and a `.` or an exponent sign when a digit follows);
 * - operators and punctuation: the longest of a fixed list of multi-character operators
 *   (`===`, `=>`, `?.`, `...`, `::`, `->`, `**=`, ...), otherwise one character; quotes and
 *   comment markers are operators too, so a string or a comment is its quote/marker plus the
 *   words inside it ("string pieces") — no per-language lexer state;
 * - a line break together with the indentation of the next line is one token (`"\n    "`);
 *   `\r\n` and `\r` count as `\n`. Spaces and tabs inside a line are not tokens.
 * Every other code point (emoji, CJK punctuation...) is a token of its own.
 */

const enum C {
  TAB = 9,
  LF = 10,
  VT = 11,
  FF = 12,
  CR = 13,
  SPACE = 32,
  DOLLAR = 36,
  DOT = 46,
  D0 = 48,
  D9 = 57,
  UA = 65,
  UE = 69,
  UZ = 90,
  UNDERSCORE = 95,
  LA = 97,
  LE = 101,
  LZ = 122,
  PLUS = 43,
  MINUS = 45,
}

/** Multi-character operators, longest first within each starting character. */
const OPERATORS = [
  '>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=', '<=>', '//=',
  '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=',
  '&=', '|=', '^=', '**', '<<', '>>', '->', '::', ':=', '//', '/*', '*/', '<-', '#!', '@@',
];

/** First char code → candidate operators starting with it, longest first. */
const OPS_BY_FIRST = new Map<number, string[]>();
for (const op of OPERATORS) {
  const list = OPS_BY_FIRST.get(op.charCodeAt(0)) ?? [];
  list.push(op);
  OPS_BY_FIRST.set(op.charCodeAt(0), list);
}
for (const list of OPS_BY_FIRST.values()) list.sort((a, b) => b.length - a.length);

const WORDISH = /[\p{L}\p{N}\p{M}_$]/u;

function isAsciiIdentStart(c: number): boolean {
  return (c >= C.LA && c <= C.LZ) || (c >= C.UA && c <= C.UZ) || c === C.UNDERSCORE || c === C.DOLLAR;
}

function isAsciiIdentPart(c: number): boolean {
  return isAsciiIdentStart(c) || (c >= C.D0 && c <= C.D9);
}

function isDigit(c: number): boolean {
  return c >= C.D0 && c <= C.D9;
}

/** A non-ASCII code point at `i` that belongs in a word (letters, digits, marks). */
function wordishAt(text: string, i: number): number {
  const cp = text.codePointAt(i)!;
  if (cp < 128) return 0;
  const ch = String.fromCodePoint(cp);
  return WORDISH.test(ch) ? ch.length : 0;
}

export interface CodeTokenSpan {
  token: string;
  /** UTF-16 offset of the token's first character in the text. */
  start: number;
  /** UTF-16 offset just past the token (a line-break token spans `\r\n` and the indentation). */
  end: number;
}

/**
 * Tokenizes `text`, calling `emit(token, start, end)` for each token in order. The callback form
 * is what the scorer uses (no intermediate arrays).
 */
export function forEachCodeToken(text: string, emit: (token: string, start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // Spaces and tabs inside a line.
    if (c === C.SPACE || c === C.TAB || c === C.VT || c === C.FF) {
      i++;
      continue;
    }
    // Line break + the next line's indentation (blank lines' trailing spaces belong to their break).
    if (c === C.LF || c === C.CR) {
      const start = i;
      i += c === C.CR && text.charCodeAt(i + 1) === C.LF ? 2 : 1;
      const indentStart = i;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d !== C.SPACE && d !== C.TAB) break;
        i++;
      }
      emit(`\n${text.slice(indentStart, i)}`, start, i);
      continue;
    }
    if (isAsciiIdentStart(c)) {
      const start = i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isAsciiIdentPart(d)) i++;
        else if (d >= 128) {
          const w = wordishAt(text, i);
          if (!w) break;
          i += w;
        } else break;
      }
      emit(text.slice(start, i), start, i);
      continue;
    }
    if (isDigit(c) || (c === C.DOT && isDigit(text.charCodeAt(i + 1)))) {
      const start = i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isAsciiIdentPart(d)) {
          i++;
          // An exponent sign: 1e-9, 2E+10.
          if ((d === C.LE || d === C.UE) && (text.charCodeAt(i) === C.PLUS || text.charCodeAt(i) === C.MINUS) && isDigit(text.charCodeAt(i + 1))) i++;
        } else if (d === C.DOT && isDigit(text.charCodeAt(i + 1))) i++;
        else break;
      }
      emit(text.slice(start, i), start, i);
      continue;
    }
    if (c >= 128) {
      const w = wordishAt(text, i);
      if (w) {
        const start = i;
        i += w;
        while (i < n) {
          const d = text.charCodeAt(i);
          if (isAsciiIdentPart(d)) i++;
          else if (d >= 128) {
            const w2 = wordishAt(text, i);
            if (!w2) break;
            i += w2;
          } else break;
        }
        emit(text.slice(start, i), start, i);
        continue;
      }
      // Any other code point (emoji, symbols; a lone surrogate stays one unit).
      const cp = text.codePointAt(i)!;
      const len = cp > 0xffff ? 2 : 1;
      emit(text.slice(i, i + len), i, i + len);
      i += len;
      continue;
    }
    const ops = OPS_BY_FIRST.get(c);
    if (ops) {
      let matched = '';
      for (const op of ops) {
        if (text.startsWith(op, i)) {
          matched = op;
          break;
        }
      }
      if (matched) {
        emit(matched, i, i + matched.length);
        i += matched.length;
        continue;
      }
    }
    emit(text[i], i, i + 1);
    i++;
  }
}

/** The code tokens of `text` (see the module comment). */
export function codeTokens(text: string): string[] {
  const out: string[] = [];
  forEachCodeToken(text, (token) => out.push(token));
  return out;
}

/** The code tokens of `text` with their UTF-16 spans. */
export function codeTokenSpans(text: string): CodeTokenSpan[] {
  const out: CodeTokenSpan[] = [];
  forEachCodeToken(text, (token, start, end) => out.push({ token, start, end }));
  return out;
}

/** True for tokens that name something (identifiers and words), as opposed to numbers, operators, line breaks. */
export function isWordToken(token: string): boolean {
  const c = token.charCodeAt(0);
  return isAsciiIdentStart(c) || (c >= 128 && wordishAt(token, 0) > 0);
}
