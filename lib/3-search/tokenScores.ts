/**
 * Per-token scores of a searched step's target (the real file): where each scored token sits in
 * the file and its log-probability before and after the search's rewrite of the Think. Stored as
 * one compressed blob per searched step (`SearchStep.tokenScores`), not one row per token, and
 * read by the replay's training view.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import type { TargetScores } from './scoring/types';
import { packTokenScores, unpackTokenScores, type StepTokenScores, type TokenScoreSet } from './tokenScoresFormat';

export type { StepTokenScores, TokenScoreSet } from './tokenScoresFormat';

/** How far past the previous token the next one may start (the offline scorer skips spaces, not lines). */
const MAX_GAP = 4096;

/**
 * Places a scorer's target tokens in the target text, in order. A token is found at or after the
 * end of the previous one, at most MAX_GAP characters on (the offline scorer's tokens skip spaces
 * inside a line); the first token may straddle the prefix boundary (` parseOutline` for a target
 * starting `eOutline`), and then covers its part inside the target. A token that cannot be placed
 * (a server that decoded part of a UTF-8 character as U+FFFD) gets -1 and the next is looked for
 * from the same place.
 */
export function alignTokens(target: string, tokens: readonly string[]): { starts: Int32Array; ends: Int32Array } {
  const starts = new Int32Array(tokens.length).fill(-1);
  const ends = new Int32Array(tokens.length).fill(-1);
  let cursor = 0;
  tokens.forEach((token, i) => {
    if (token.length === 0) {
      starts[i] = ends[i] = cursor;
      return;
    }
    const at = target.slice(cursor, cursor + MAX_GAP + token.length).indexOf(token);
    if (at >= 0) {
      starts[i] = cursor + at;
      ends[i] = cursor + at + token.length;
      cursor = ends[i];
      return;
    }
    if (cursor === 0) {
      // The prefix's end and the target's start as one token: its longest tail the target starts with.
      for (let k = Math.min(token.length - 1, target.length); k > 0; k--) {
        if (target.startsWith(token.slice(token.length - k), 0)) {
          starts[i] = 0;
          ends[i] = cursor = k;
          return;
        }
      }
    }
  });
  return { starts, ends };
}

/** A scorer's answer as a TokenScoreSet; `previous` (an earlier answer for the same target) is reused when the tokens are the same. */
export function tokenScoreSet(target: string, scores: TargetScores, previous?: { tokens: readonly string[]; set: TokenScoreSet }): TokenScoreSet {
  const logprobs = Float32Array.from(scores.logprobs);
  if (previous && sameTokens(previous.tokens, scores.tokens)) return { starts: previous.set.starts, ends: previous.set.ends, logprobs };
  return { ...alignTokens(target, scores.tokens), logprobs };
}

function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The stored blob: the packed scores, deflated. */
export function encodeTokenScores(scores: StepTokenScores): Uint8Array<ArrayBuffer> {
  const blob = deflateSync(packTokenScores(scores));
  return new Uint8Array(blob.buffer as ArrayBuffer, blob.byteOffset, blob.byteLength);
}

export function decodeTokenScores(blob: Uint8Array): StepTokenScores {
  return unpackTokenScores(inflateSync(blob));
}
