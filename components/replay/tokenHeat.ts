/**
 * The training view's heatmap: each scored token of a Write's real code coloured by its
 * log-probability under the scoring model (before or after the search's rewrite of the Think),
 * or by the change between the two. Pure: the code panel turns the spans into Monaco decorations.
 */
import type { StepTokenScores, TokenScoreSet } from '@/lib/3-search/tokenScoresFormat';

export type HeatMode = 'before' | 'after' | 'change';

/** One coloured span of the code, [start, end) in UTF-16 offsets of the file. */
export interface HeatSpan {
  start: number;
  end: number;
  /** A CSS class: `heat-lp-0` (likely) … `heat-lp-5` (at the floor), or `heat-d-m3` (much worse) … `heat-d-p3` (much better). */
  className: string;
}

/** Upper edges of the log-probability buckets 0–4; at or below the floor is bucket 5. */
const LOGPROB_EDGES = [-0.05, -0.5, -1, -1.5];

export function logprobBucket(logprob: number, floor: number): number {
  if (!Number.isFinite(logprob) || logprob <= floor) return 5;
  const i = LOGPROB_EDGES.findIndex((edge) => logprob >= edge);
  return i === -1 ? 4 : i;
}

/** Change of clipped log-probability (after − before): −3 (much less likely) … +3 (much more likely). */
export function changeBucket(delta: number): number {
  const size = Math.abs(delta);
  const step = size < 0.05 ? 0 : size < 0.25 ? 1 : size < 0.75 ? 2 : 3;
  return delta < 0 ? -step : step;
}

const clip = (logprob: number, floor: number) => (Number.isFinite(logprob) ? Math.max(logprob, floor) : floor);

/**
 * The part of a token worth colouring: without a leading line break and indentation (the offline
 * scorer's layout token), nothing for a token that is only whitespace.
 */
function visibleRange(content: string, start: number, end: number): [number, number] | null {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(content[s])) s++;
  while (e > s && /\s/.test(content[e - 1])) e--;
  return s < e ? [s, e] : null;
}

/** The before-search log-probability of each `after` token that starts where a `before` token starts. */
function beforeAt(scores: StepTokenScores): Map<number, number> {
  const map = new Map<number, number>();
  const { before } = scores;
  for (let i = 0; i < before.starts.length; i++) if (before.starts[i] >= 0) map.set(before.starts[i], before.logprobs[i]);
  return map;
}

export function heatSpans(content: string, scores: StepTokenScores, mode: HeatMode, floor: number): HeatSpan[] {
  const set = mode === 'before' ? scores.before : scores.after;
  const earlier = mode === 'change' ? beforeAt(scores) : null;
  const spans: HeatSpan[] = [];
  for (let i = 0; i < set.starts.length; i++) {
    if (set.starts[i] < 0) continue;
    const range = visibleRange(content, set.starts[i], set.ends[i]);
    if (!range) continue;
    let className: string;
    if (earlier) {
      const was = earlier.get(set.starts[i]);
      if (was === undefined) continue;
      const b = changeBucket(clip(set.logprobs[i], floor) - clip(was, floor));
      className = `heat-d-${b < 0 ? 'm' : 'p'}${Math.abs(b)}`;
    } else {
      className = `heat-lp-${logprobBucket(set.logprobs[i], floor)}`;
    }
    spans.push({ start: range[0], end: range[1], className });
  }
  return spans;
}

/** The token covering `offset`, or -1: tokens are in order, so a binary search over their starts. */
export function tokenAt(set: TokenScoreSet, offset: number): number {
  let lo = 0;
  let hi = set.starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (set.starts[mid] === -1) {
      // Unplaced tokens sit between placed ones; look at the nearest placed token below.
      let m = mid;
      while (m >= lo && set.starts[m] === -1) m--;
      if (m < lo) {
        lo = mid + 1;
        continue;
      }
      if (set.starts[m] <= offset) {
        found = m;
        lo = mid + 1;
      } else hi = m - 1;
      continue;
    }
    if (set.starts[mid] <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && offset < set.ends[found] ? found : -1;
}

export interface HeatFigures {
  tokens: number;
  /** Tokens the view could not place in the file (a server's decoding differed from the text). */
  unplaced: number;
  /** Mean clipped NLL of the target, recomputed from the stored log-probabilities. */
  nll: number;
  /** Share of tokens at or below the floor. */
  atFloor: number;
}

export function heatFigures(set: TokenScoreSet, floor: number): HeatFigures {
  const n = set.logprobs.length;
  let sum = 0;
  let atFloor = 0;
  let unplaced = 0;
  for (let i = 0; i < n; i++) {
    const lp = clip(set.logprobs[i], floor);
    sum -= lp;
    if (lp <= floor) atFloor++;
    if (set.starts[i] < 0) unplaced++;
  }
  return { tokens: n, unplaced, nll: n ? sum / n : 0, atFloor: n ? atFloor / n : 0 };
}
