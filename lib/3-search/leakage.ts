/**
 * The leakage filter of the search: a candidate Think that copies the file it precedes would lower the
 * target's NLL by quoting it, not by reasoning, so it is rejected before it is scored.
 *
 * A candidate leaks the target when either
 * - it contains a run of at least `runTokens` (default 12) consecutive target tokens, in the same order
 *   (whitespace and line breaks between tokens do not matter), or
 * - a non-trivial line of the target appears in it verbatim (the trimmed line as a substring).
 *   A line is non-trivial when it is at least 20 characters long or has at least 6 tokens, and it is
 *   not made only of punctuation, brackets and keywords: `}`, `return x;`, `} else {` and `pass` are
 *   trivial; `export * from "./a.js";` is not. A line of fewer than 4 tokens is a name, not code
 *   (`datetimeValidationSuite,` or `foo.barBaz` on a line of their own), so naming it is allowed.
 *
 * Tokens are the offline scorer's code tokens (lib/3-search/scoring/codeTokens.ts: identifiers and words,
 * numbers, operators, single characters) without its line-break tokens, so indentation and line breaks
 * between tokens do not matter. Strings are not kept whole, so copying part of a long string literal
 * is still a run of tokens.
 *
 * The target's windows of `runTokens` tokens are hashed into a Set once per target
 * (`createLeakageChecker`); checking a candidate is then linear in its length.
 */

import { forEachCodeToken, isWordToken } from './scoring/codeTokens';

export interface LeakageOptions {
  /** A candidate sharing this many consecutive tokens with the target leaks it (default 12). */
  runTokens?: number;
}

export const DEFAULT_LEAK_RUN_TOKENS = 12;
/** A line this long (trimmed) is non-trivial unless it is only punctuation and keywords. */
export const NON_TRIVIAL_LINE_CHARS = 20;
/** A line with this many tokens is non-trivial unless it is only punctuation and keywords. */
export const NON_TRIVIAL_LINE_TOKENS = 6;
/** A line of fewer tokens is a name (`datetimeValidationSuite,`, `foo.barBaz`), not a line of code. */
export const MIN_LINE_TOKENS = 4;
/** How much of the copied text a rejection reason quotes. */
const REASON_QUOTE_CHARS = 60;

export interface LeakToken {
  text: string;
  /** Offset of the token in the tokenized text. */
  start: number;
  end: number;
}

/** The code tokens of a text with their offsets, line-break tokens left out. */
export function leakTokens(text: string): LeakToken[] {
  const out: LeakToken[] = [];
  forEachCodeToken(text, (token, start, end) => {
    if (token.charCodeAt(0) !== 10) out.push({ text: token, start, end });
  });
  return out;
}

/** Words that carry no content of their own in a line (across the languages Retrace reads). */
const KEYWORDS = new Set(
  (
    'abstract and as async await break case catch chan class const continue crate def default defer del delete do elif else end enum except export ' +
    'extends false final finally fn for from func function go goto if impl implements import in instanceof interface is lambda let loop match mod ' +
    'mut new nil none None not null of or package pass private protected pub public raise readonly return self Self static struct super switch ' +
    'this throw throws true True False try type typeof undefined use var void where while with yield'
  ).split(' '),
);

/** A name or a number that is not a keyword: what makes a line more than syntax. */
function isContentToken(t: string): boolean {
  return (isWordToken(t) || /^[0-9]/.test(t)) && !KEYWORDS.has(t);
}

/** Whether a trimmed line is worth protecting: long enough, and more than punctuation, brackets and keywords. */
export function isNonTrivialLine(line: string, tokens: readonly string[] = leakTokens(line).map((t) => t.text)): boolean {
  if (line.length < NON_TRIVIAL_LINE_CHARS && tokens.length < NON_TRIVIAL_LINE_TOKENS) return false;
  if (tokens.length < MIN_LINE_TOKENS) return false;
  return tokens.some(isContentToken);
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > REASON_QUOTE_CHARS ? `${flat.slice(0, REASON_QUOTE_CHARS - 1)}…` : flat;
}

const SEP = '\u0001';

export interface LeakageChecker {
  /** Why `candidate` leaks the target, or null when it does not. */
  check(candidate: string): string | null;
}

/** Indexes a target once; `check` then tests any number of candidates against it. */
export function createLeakageChecker(target: string, options: LeakageOptions = {}): LeakageChecker {
  const runTokens = Math.max(1, Math.floor(options.runTokens ?? DEFAULT_LEAK_RUN_TOKENS));
  const targetTokens = leakTokens(target).map((t) => t.text);
  const windows = new Set<string>();
  for (let i = 0; i + runTokens <= targetTokens.length; i++) windows.add(targetTokens.slice(i, i + runTokens).join(SEP));

  // Non-trivial lines, each once, with an anchor: a name or number inside the line (not at its ends, where
  // the candidate's text around a copied line could merge into a longer token) that the candidate must
  // contain as a token before the substring test runs. Null: always test.
  const lines: { text: string; anchor: string | null }[] = [];
  const seen = new Set<string>();
  for (const raw of target.split('\n')) {
    const text = raw.trim();
    if (seen.has(text)) continue;
    seen.add(text);
    const tokens = leakTokens(text).map((t) => t.text);
    if (!isNonTrivialLine(text, tokens)) continue;
    const anchor = tokens.slice(1, -1).filter(isContentToken).sort((a, b) => b.length - a.length || (a < b ? -1 : 1))[0] ?? null;
    lines.push({ text, anchor });
  }

  return {
    check(candidate: string): string | null {
      const tokens = leakTokens(candidate);
      if (windows.size > 0 && tokens.length >= runTokens) {
        const texts = tokens.map((t) => t.text);
        for (let i = 0; i + runTokens <= texts.length; i++) {
          if (!windows.has(texts.slice(i, i + runTokens).join(SEP))) continue;
          // Extend over the following windows that are also target windows, to quote the whole copied span.
          let j = i;
          while (j + 1 + runTokens <= texts.length && windows.has(texts.slice(j + 1, j + 1 + runTokens).join(SEP))) j++;
          const copied = candidate.slice(tokens[i].start, tokens[j + runTokens - 1].end);
          const n = j - i + runTokens;
          return `leaks the target: copies ${n} consecutive tokens of it ("${shorten(copied)}")`;
        }
      }
      if (lines.length) {
        const present = new Set(tokens.map((t) => t.text));
        for (const line of lines) {
          if ((line.anchor === null || present.has(line.anchor)) && candidate.includes(line.text)) return `leaks the target: copies the line "${shorten(line.text)}"`;
        }
      }
      return null;
    },
  };
}

let lastChecker: { target: string; runTokens: number; checker: LeakageChecker } | null = null;

/**
 * Why `candidate` leaks `target` (a copied run of `runTokens` tokens, or a copied non-trivial line,
 * quoted shortened), or null when it does not. The last target's index is reused between calls.
 */
export function leakageReason(candidate: string, target: string, options: LeakageOptions = {}): string | null {
  const runTokens = options.runTokens ?? DEFAULT_LEAK_RUN_TOKENS;
  if (!lastChecker || lastChecker.target !== target || lastChecker.runTokens !== runTokens) {
    lastChecker = { target, runTokens, checker: createLeakageChecker(target, { runTokens }) };
  }
  return lastChecker.checker.check(candidate);
}
