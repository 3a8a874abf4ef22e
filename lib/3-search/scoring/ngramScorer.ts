/**
 * The embedded offline scorer: an interpolated modified Kneser-Ney n-gram model over code tokens
 * (order 4 by default), trained once on a corpus of source files, combined with a cache model over
 * the conditioning prefix and the target tokens already scored. Deterministic, no network. The
 * model is described in lib/3-search/scoring/README.md; in short:
 *
 *   p_KN(w | h)  interpolated modified Kneser-Ney (Chen & Goodman 1998): three discounts per order
 *                from counts-of-counts, continuation counts below the highest order, a uniform base
 *                over the vocabulary plus one "unknown" class whose share an unknown token gets
 *                times a character-level spelling probability, so every log-probability is finite.
 *   q(h)         the probability p_KN gives the identifier/word class after h (same recursion,
 *                summed over word followers; no extra pass).
 *   p_0(w | h)   = (1 - κ) p_KN(w | h) + κ q(h) p_words(w)          for an identifier/word w
 *                = p_KN(w | h)                                       for any other token
 *                p_words: the cache's identifier/word distribution, occurrences weighted by recency
 *                (half-life in tokens), so names the prefix mentions become likely exactly where
 *                the code calls for a name, without taking mass from punctuation or layout.
 *   p(w | ...)   cache n-gram levels over p_0, contexts of 1..4 previous tokens, each with absolute
 *                discounting δ: p = (max(c(ctx w) - δ, 0) + δ T(ctx) p_lower) / c(ctx), applied
 *                when the context was seen in the cache (T: distinct followers).
 * The cache holds the prefix's tokens (its n-grams only where the context contains an identifier
 * or word, so the punctuation of prose does not teach code punctuation), then each target token
 * once scored (all n-grams: a dynamic cache). The n-gram model sees the target as the start of a
 * file (history padded with beginning-of-file markers, never taken from the prefix, which is
 * mostly prose); the prefix acts through the cache.
 *
 * Leave-one-out: a corpus document with the same token sequence as the target is removed from the
 * counts for that call (`removalOverlay`), giving exactly the scores of a model trained without it.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { forEachCodeToken, isWordToken } from './codeTokens';
import { IntVec, PairMap } from './intTables';
import type { Scorer, TargetScores } from './types';

export interface NgramScorerOptions {
  /** n-gram order (default 4). */
  order?: number;
  /** κ: share of the identifier/word mass given to the cache's words (default 0.3). */
  cacheWeight?: number;
  /** Recency half-life of the word cache, in tokens (default 2,000). */
  cacheHalfLife?: number;
  /** δ: absolute discount of the cache's n-gram levels, in (0, 1] (default 0.5). */
  cacheDiscount?: number;
  /** Highest cache n-gram order, 1..6: 1 is the word cache alone, 5 (default) adds levels with 1..4 tokens of context. */
  cacheOrder?: number;
  /** Stop adding documents once this many training tokens are in (default 5,000,000). */
  maxTrainingTokens?: number;
  /** Documents longer than this many tokens are skipped (generated or minified files; default 50,000). */
  maxDocumentTokens?: number;
}

export interface NgramTrainingInfo {
  /** Documents trained on (distinct token sequences). */
  documents: number;
  /** Documents left out: duplicates, empty, too long, or over the token cap (once the cap is reached the rest are not read or counted). */
  skippedDocuments: number;
  tokens: number;
  /** Distinct tokens. */
  vocabulary: number;
  /** Distinct n-grams of every order. */
  ngrams: number;
  /** Distinct contexts. */
  contexts: number;
  milliseconds: number;
}

export interface NgramScorer extends Scorer {
  readonly provider: 'offline';
  readonly offline: true;
  readonly order: number;
  readonly training: NgramTrainingInfo;
  /** Counters since creation (`leftOut`: calls whose target was a corpus document, removed for the call). */
  readonly stats: { calls: number; prefixTokens: number; targetTokens: number; leftOut: number; milliseconds: number };
  /** `score` without the Promise. */
  scoreSync(prefix: string, target: string): TargetScores;
  /** True when a corpus document has the same token sequence as `text` (it is left out when `text` is scored). */
  inCorpus(text: string): boolean;
}

export const NGRAM_DEFAULTS = {
  order: 4,
  cacheWeight: 0.3,
  cacheHalfLife: 2_000,
  cacheDiscount: 0.5,
  cacheOrder: 5,
  maxTrainingTokens: 5_000_000,
  maxDocumentTokens: 50_000,
} as const;

/** Id of the beginning-of-file marker (padding of every history); never a predicted token. */
const BOS = 0;
/** Radix of the cache's numeric keys: token ids must stay below it. */
const RADIX = 2 ** 23;
/** Characters of the spelling model: code units below 256 are themselves, the rest share one bucket. */
const CHAR_BUCKETS = 257;
const LRU_OVERLAYS = 8;
/** Per-context statistics, stride S: followers' total, n1, n2, n3+, then the same over word followers. */
const S = 8;
const TOTAL = 0;
const W_TOTAL = 4;

/** The statistics a removal changes; absent keys keep the trained values. */
interface Overlay {
  entryCount: Map<number, number>;
  /** Context → its 8 statistics. */
  ctxStats: Map<number, Int32Array>;
  discounts: Float64Array;
  vocabulary: number;
  wordTypes: number;
  charCounts: Float64Array;
  charTotal: number;
}

function docKey(tokens: readonly string[]): string {
  return createHash('sha1').update(tokens.join('\u0000')).digest('hex');
}

function tokensOf(text: string): string[] {
  const out: string[] = [];
  forEachCodeToken(text, (t) => out.push(t));
  return out;
}

/**
 * Modified Kneser-Ney discounts from counts-of-counts n1..n4 (Chen & Goodman): Y = n1/(n1+2n2),
 * D1 = 1-2Y·n2/n1, D2 = 2-3Y·n3/n2, D3+ = 3-4Y·n4/n3; clamped into (0, k), with the usual
 * defaults when a count of counts is zero (tiny corpora).
 */
export function knDiscounts(n1: number, n2: number, n3: number, n4: number): [number, number, number] {
  if (n1 === 0 || n2 === 0) return [0.5, 1, 1.5];
  const y = n1 / (n1 + 2 * n2);
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const d1 = clamp(1 - (2 * y * n2) / n1, 0.05, 0.95);
  const d2 = n3 === 0 ? Math.max(d1, 1) : clamp(2 - (3 * y * n3) / n2, 0.05, 1.95);
  const d3 = n3 === 0 || n4 === 0 ? Math.max(d2, 1.5) : clamp(3 - (4 * y * n4) / n3, 0.05, 2.95);
  return [d1, d2, d3];
}

/** What one n-gram lookup gives: p_KN = alpha + beta·p0 and the word-class mass q. */
interface KnResult {
  alpha: number;
  beta: number;
  q: number;
}

class KneserNeyModel {
  readonly order: number;
  readonly vocab = new Map<string, number>();
  readonly words: string[] = ['<bof>'];
  /** 1 for identifier/word tokens, by id. */
  private isWord = new Uint8Array(1024);
  // Contexts: a reversed trie (child of context h by token u is the context u·h, one token further back).
  private readonly ctxParent = new IntVec(1 << 16);
  private readonly ctxDepth = new IntVec(1 << 16);
  private readonly ctxChild = new PairMap(1 << 16);
  private ctxStats: Int32Array = new Int32Array(0);
  // Entries: (context, token) with its count (raw at the highest order, continuation below).
  private readonly entCtx = new IntVec(1 << 16);
  private readonly entWord = new IntVec(1 << 16);
  private readonly entCount = new IntVec(1 << 16);
  private readonly entries = new PairMap(1 << 16);
  /** counts-of-counts [depth * 5 + k], k = 1..4 (4 means exactly 4). */
  private coc = new Float64Array(0);
  private discounts: Float64Array = new Float64Array(0);
  private vocabulary = 0;
  private wordTypes = 0;
  private charCounts = new Float64Array(CHAR_BUCKETS);
  private charTotal = 0;
  private readonly docKeys = new Set<string>();
  private readonly overlays = new Map<string, Overlay>();
  readonly info: NgramTrainingInfo = { documents: 0, skippedDocuments: 0, tokens: 0, vocabulary: 0, ngrams: 0, contexts: 0, milliseconds: 0 };
  readonly result: KnResult = { alpha: 0, beta: 1, q: 0 };

  constructor(order: number) {
    if (!Number.isInteger(order) || order < 1 || order > 8) throw new Error(`n-gram order must be a whole number in 1..8, not ${order}`);
    this.order = order;
    this.ctxParent.push(-1); // root: the empty context
    this.ctxDepth.push(0);
  }

  private intern(token: string): number {
    let id = this.vocab.get(token);
    if (id === undefined) {
      id = this.words.length;
      if (id >= RADIX / 2) throw new Error(`the offline scorer's vocabulary exceeds ${RADIX / 2} distinct tokens: lower maxTrainingTokens`);
      this.vocab.set(token, id);
      this.words.push(token);
      if (id >= this.isWord.length) {
        const next = new Uint8Array(this.isWord.length * 2);
        next.set(this.isWord);
        this.isWord = next;
      }
      this.isWord[id] = isWordToken(token) ? 1 : 0;
    }
    return id;
  }

  private child(ctx: number, token: number): number {
    return this.ctxChild.getOrInsert(ctx, token, () => {
      const id = this.ctxParent.push(ctx);
      this.ctxDepth.push(this.ctxDepth.data[ctx] + 1);
      return id;
    });
  }

  private entry(ctx: number, token: number): number {
    return this.entries.getOrInsert(ctx, token, () => {
      this.entCtx.push(ctx);
      this.entWord.push(token);
      return this.entCount.push(0);
    });
  }

  train(corpus: Iterable<string>, maxTokens: number, maxDocTokens: number): void {
    const started = performance.now();
    const n = this.order;
    const seq: number[] = [];
    for (const text of corpus) {
      if (maxTokens - this.info.tokens < 64) break; // full: the rest is not even read
      if (typeof text !== 'string') continue;
      const tokens = tokensOf(text);
      if (tokens.length === 0 || tokens.length > maxDocTokens || this.info.tokens + tokens.length > maxTokens) {
        this.info.skippedDocuments++;
        continue;
      }
      const key = docKey(tokens);
      if (this.docKeys.has(key)) {
        this.info.skippedDocuments++;
        continue;
      }
      this.docKeys.add(key);
      this.info.documents++;
      this.info.tokens += tokens.length;
      seq.length = 0;
      for (const t of tokens) seq.push(this.intern(t));
      for (let i = 0; i < seq.length; i++) {
        let ctx = 0;
        for (let d = 1; d < n; d++) ctx = this.child(ctx, i - d >= 0 ? seq[i - d] : BOS);
        const e = this.entry(ctx, seq[i]); // before reading `data`: entry() may reallocate it
        this.entCount.data[e]++;
      }
    }
    this.finish();
    this.info.milliseconds = Math.round(performance.now() - started);
  }

  /** Continuation counts, context statistics, discounts, vocabulary and spelling model. */
  private finish(): void {
    const n = this.order;
    // Entries of depth d are created by those of depth d+1: walk the depths from the top down.
    let level: number[] = [];
    for (let e = 0; e < this.entCount.length; e++) level.push(e);
    for (let depth = n - 1; depth >= 1; depth--) {
      const next: number[] = [];
      for (const e of level) {
        const before = this.entCount.length;
        const s = this.entry(this.ctxParent.data[this.entCtx.data[e]], this.entWord.data[e]);
        if (this.entCount.length > before) next.push(s);
        this.entCount.data[s]++;
      }
      level = next;
    }
    for (const v of [this.ctxParent, this.ctxDepth, this.entCtx, this.entWord, this.entCount]) v.trim();
    const contexts = this.ctxParent.length;
    this.ctxStats = new Int32Array(contexts * S);
    this.coc = new Float64Array(n * 5);
    for (let e = 0; e < this.entCount.length; e++) {
      const c = this.entCount.data[e];
      const ctx = this.entCtx.data[e];
      const w = this.entWord.data[e];
      this.addToStats(this.ctxStats, ctx * S, c, this.isWord[w], 1);
      if (c <= 4) this.coc[this.ctxDepth.data[ctx] * 5 + c]++;
      if (ctx === 0) {
        this.vocabulary++;
        this.wordTypes += this.isWord[w];
        this.addChars(this.charCounts, this.words[w], 1);
      }
    }
    let chars = 0;
    for (let i = 0; i < CHAR_BUCKETS; i++) chars += this.charCounts[i];
    this.charTotal = chars;
    this.discounts = this.computeDiscounts(this.coc);
    this.info.vocabulary = this.vocabulary;
    this.info.ngrams = this.entCount.length;
    this.info.contexts = contexts;
  }

  /** Adds (sign 1) or removes (sign -1) one follower with count `c` to the statistics at `at`. */
  private addToStats(stats: Int32Array, at: number, c: number, word: number, sign: number): void {
    if (c <= 0) return;
    const k = c === 1 ? 1 : c === 2 ? 2 : 3;
    stats[at + TOTAL] += sign * c;
    stats[at + k] += sign;
    if (word) {
      stats[at + W_TOTAL] += sign * c;
      stats[at + W_TOTAL + k] += sign;
    }
  }

  private computeDiscounts(coc: Float64Array): Float64Array {
    const d = new Float64Array(this.order * 3);
    for (let depth = 0; depth < this.order; depth++) d.set(knDiscounts(coc[depth * 5 + 1], coc[depth * 5 + 2], coc[depth * 5 + 3], coc[depth * 5 + 4]), depth * 3);
    return d;
  }

  private addChars(counts: Float64Array, word: string, sign: number): void {
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      counts[c < 256 ? c : 256] += sign;
    }
  }

  /** ln P(spelling of `word` | unknown): character unigrams of the vocabulary (add-one), geometric length. */
  spellingLogprob(word: string, overlay: Overlay | null): number {
    const counts = overlay ? overlay.charCounts : this.charCounts;
    const total = overlay ? overlay.charTotal : this.charTotal;
    const types = overlay ? overlay.vocabulary : this.vocabulary;
    const denom = Math.log(total + CHAR_BUCKETS);
    let lp = 0;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      lp += Math.log(counts[c < 256 ? c : 256] + 1) - denom;
    }
    // Geometric length with the vocabulary's mean length (types / characters = stop probability).
    const stop = types > 0 && total > 0 ? Math.min(0.9, Math.max(0.02, types / total)) : 0.125;
    return lp + (word.length - 1) * Math.log(1 - stop) + Math.log(stop);
  }

  /** The training id of a token, or -1 when it is not in the vocabulary. */
  idOf(token: string): number {
    return this.vocab.get(token) ?? -1;
  }

  /** The unigram continuation count of training token `id` in this view (0: not in the vocabulary). */
  continuation(id: number, overlay: Overlay | null): number {
    if (id <= 0) return 0;
    const e = this.entries.get(0, id);
    if (e < 0) return 0;
    return overlay?.entryCount.get(e) ?? this.entCount.data[e];
  }

  /**
   * One lookup: sets `result` so that p_KN(w | history) = alpha + beta·p0 (p0 is `logBase`'s
   * base probability; kept apart so a long unknown token whose p0 underflows still gets a finite
   * log-probability) and q = p_KN(identifier/word class | history). `hist[pos - 1]`,
   * `hist[pos - 2]`... are the previous tokens' ids (BOS padded; -1 outside the vocabulary), `w`
   * the token's id (-1 outside the vocabulary).
   */
  lookup(hist: Int32Array, pos: number, w: number, overlay: Overlay | null): KnResult {
    const dd = overlay ? overlay.discounts : this.discounts;
    const vocabulary = overlay ? overlay.vocabulary : this.vocabulary;
    const wordTypes = overlay ? overlay.wordTypes : this.wordTypes;
    // The base: uniform over the vocabulary and the unknown class (counted as a word).
    let alpha = 0;
    let beta = 1;
    let q = (wordTypes + 1) / (vocabulary + 1);
    let ctx = 0;
    for (let depth = 0; depth < this.order; depth++) {
      if (depth > 0) {
        const u = hist[pos - depth];
        if (u < 0) break;
        ctx = this.ctxChild.get(ctx, u);
        if (ctx < 0) break;
      }
      let stats: Int32Array = this.ctxStats;
      let at = ctx * S;
      if (overlay) {
        const changed = overlay.ctxStats.get(ctx);
        if (changed) {
          stats = changed;
          at = 0;
        }
      }
      const total = stats[at + TOTAL];
      if (total <= 0) break;
      let c = 0;
      if (w > 0) {
        const e = this.entries.get(ctx, w);
        if (e >= 0) c = overlay ? (overlay.entryCount.get(e) ?? this.entCount.data[e]) : this.entCount.data[e];
      }
      const k = depth * 3;
      const d1 = dd[k];
      const d2 = dd[k + 1];
      const d3 = dd[k + 2];
      const d = c === 0 ? 0 : c === 1 ? d1 : c === 2 ? d2 : d3;
      const gamma = d1 * stats[at + 1] + d2 * stats[at + 2] + d3 * stats[at + 3];
      const wordMass = stats[at + W_TOTAL] - d1 * stats[at + W_TOTAL + 1] - d2 * stats[at + W_TOTAL + 2] - d3 * stats[at + W_TOTAL + 3];
      alpha = (Math.max(c - d, 0) + gamma * alpha) / total;
      beta = (gamma * beta) / total;
      q = (wordMass + gamma * q) / total;
    }
    const r = this.result;
    r.alpha = alpha;
    r.beta = beta;
    r.q = q;
    return r;
  }

  /** ln p0: the uniform base 1/(V+1), times the spelling probability for a token outside the vocabulary. */
  logBase(w: number, word: string, overlay: Overlay | null): number {
    const vocabulary = overlay ? overlay.vocabulary : this.vocabulary;
    const lp = -Math.log(vocabulary + 1);
    return this.continuation(w, overlay) > 0 ? lp : lp + this.spellingLogprob(word, overlay);
  }

  hasDocument(tokens: readonly string[]): boolean {
    return this.docKeys.has(docKey(tokens));
  }

  /**
   * The statistics of the model without the corpus document whose token sequence is `tokens`
   * (null when there is none): raw counts of its highest-order n-grams are subtracted; an n-gram
   * that disappears lowers the continuation count of its suffix, which may disappear in turn;
   * context statistics, counts-of-counts (so the discounts), the vocabulary and the spelling
   * model follow. Exactly the statistics of a model trained without that document.
   */
  removalOverlay(tokens: readonly string[]): Overlay | null {
    const key = docKey(tokens);
    if (!this.docKeys.has(key)) return null;
    const cached = this.overlays.get(key);
    if (cached) {
      this.overlays.delete(key);
      this.overlays.set(key, cached);
      return cached;
    }
    const n = this.order;
    const seq = tokens.map((t) => this.vocab.get(t)!);
    // Decrements per depth, filled from the top down.
    const dec: Array<Map<number, number>> = Array.from({ length: n }, () => new Map());
    for (let i = 0; i < seq.length; i++) {
      let ctx = 0;
      for (let d = 1; d < n; d++) ctx = this.ctxChild.get(ctx, i - d >= 0 ? seq[i - d] : BOS);
      const e = this.entries.get(ctx, seq[i]);
      dec[n - 1].set(e, (dec[n - 1].get(e) ?? 0) + 1);
    }
    const entryCount = new Map<number, number>();
    for (let depth = n - 1; depth >= 0; depth--) {
      for (const [e, minus] of dec[depth]) {
        const now = this.entCount.data[e] - minus;
        entryCount.set(e, now);
        if (now === 0 && depth > 0) {
          const s = this.entries.get(this.ctxParent.data[this.entCtx.data[e]], this.entWord.data[e]);
          dec[depth - 1].set(s, (dec[depth - 1].get(s) ?? 0) + 1);
        }
      }
    }
    const ctxStats = new Map<number, Int32Array>();
    const coc = this.coc.slice();
    const charCounts = this.charCounts.slice();
    let vocabulary = this.vocabulary;
    let wordTypes = this.wordTypes;
    for (const [e, now] of entryCount) {
      const was = this.entCount.data[e];
      const ctx = this.entCtx.data[e];
      const w = this.entWord.data[e];
      const depth = this.ctxDepth.data[ctx];
      let stats = ctxStats.get(ctx);
      if (!stats) {
        stats = this.ctxStats.slice(ctx * S, ctx * S + S);
        ctxStats.set(ctx, stats);
      }
      this.addToStats(stats, 0, was, this.isWord[w], -1);
      this.addToStats(stats, 0, now, this.isWord[w], 1);
      if (was <= 4) coc[depth * 5 + was]--;
      if (now >= 1 && now <= 4) coc[depth * 5 + now]++;
      if (ctx === 0 && now === 0) {
        vocabulary--;
        wordTypes -= this.isWord[w];
        this.addChars(charCounts, this.words[w], -1);
      }
    }
    let charTotal = 0;
    for (let i = 0; i < CHAR_BUCKETS; i++) charTotal += charCounts[i];
    const overlay: Overlay = { entryCount, ctxStats, discounts: this.computeDiscounts(coc), vocabulary, wordTypes, charCounts, charTotal };
    this.overlays.set(key, overlay);
    if (this.overlays.size > LRU_OVERLAYS) this.overlays.delete(this.overlays.keys().next().value!);
    return overlay;
  }
}

/**
 * The cache: a recency-weighted distribution over the identifier/word tokens seen, and n-gram
 * counts (orders 2..maxOrder) of every token seen, in a reversed trie of contexts.
 */
class CacheModel {
  private readonly wordWeight = new Map<number, number>();
  private wordTotal = 0;
  /** Weight of an occurrence now, growing by `growth` per token (renormalised before it overflows). */
  private now = 1;
  private readonly growth: number;
  /** (parent context, token) → context id; ids from 1, 0 is the empty context. */
  private readonly contexts: PairMap;
  private readonly ctxCount: number[] = [0];
  private readonly ctxTypes: number[] = [0];
  /** (context, token) → index into `followerCount`. */
  private readonly followers: PairMap;
  private readonly followerCount: number[] = [];
  /** The last maxOrder - 1 tokens, oldest first, and whether each is a word. */
  private readonly hist: number[] = [];
  private readonly histWord: boolean[] = [];
  /** Set by `affine`: p = a + b·p_KN. */
  b = 1;

  constructor(
    private readonly kappa: number,
    halfLife: number,
    private readonly delta: number,
    private readonly maxOrder: number,
    expectedTokens: number,
  ) {
    this.growth = Math.pow(2, 1 / halfLife);
    const capacity = Math.min(1 << 22, Math.max(256, expectedTokens * (maxOrder - 1)));
    this.contexts = new PairMap(capacity);
    this.followers = new PairMap(capacity);
  }

  /**
   * Adds token `w` (an identifier/word when `word`). With `allContexts` false (prose-heavy
   * prefix), n-grams are counted only when their context contains a word.
   */
  add(w: number, word: boolean, allContexts: boolean): void {
    this.now *= this.growth;
    if (this.now > 1e100) {
      const scale = 1 / this.now;
      for (const [k, x] of this.wordWeight) this.wordWeight.set(k, x * scale);
      this.wordTotal *= scale;
      this.now = 1;
    }
    if (word) {
      this.wordWeight.set(w, (this.wordWeight.get(w) ?? 0) + this.now);
      this.wordTotal += this.now;
    }
    const h = this.hist;
    const hw = this.histWord;
    let ctx = 0;
    let hasWord = false;
    for (let j = 1; j <= h.length; j++) {
      const parent = ctx;
      ctx = this.contexts.getOrInsert(parent, h[h.length - j], () => {
        this.ctxTypes.push(0);
        return this.ctxCount.push(0) - 1;
      });
      hasWord ||= hw[h.length - j];
      if (!allContexts && !hasWord) continue;
      const before = this.followerCount.length;
      const f = this.followers.getOrInsert(ctx, w, () => this.followerCount.push(0) - 1);
      if (this.followerCount.length > before) this.ctxTypes[ctx]++;
      this.followerCount[f]++;
      this.ctxCount[ctx]++;
    }
    if (this.maxOrder > 1) {
      if (h.length === this.maxOrder - 1) {
        for (let k = 1; k < h.length; k++) {
          h[k - 1] = h[k];
          hw[k - 1] = hw[k];
        }
        h[h.length - 1] = w;
        hw[hw.length - 1] = word;
      } else {
        h.push(w);
        hw.push(word);
      }
    }
  }

  /**
   * The probability of `w` after the tokens added so far, as an affine function of the n-gram
   * model's p_KN: returns a and sets `this.b` so that p = a + b·p_KN. `q` is p_KN's mass on the
   * word class.
   */
  affine(w: number, word: boolean, q: number): number {
    let a = 0;
    let b = 1;
    if (word && this.wordTotal > 0) {
      a = (this.kappa * q * (this.wordWeight.get(w) ?? 0)) / this.wordTotal;
      b = 1 - this.kappa;
    }
    const h = this.hist;
    const delta = this.delta;
    let ctx = 0;
    for (let j = 1; j <= h.length; j++) {
      ctx = this.contexts.get(ctx, h[h.length - j]);
      if (ctx < 0) break;
      const count = this.ctxCount[ctx];
      if (count === 0) continue;
      const f = this.followers.get(ctx, w);
      const back = delta * this.ctxTypes[ctx];
      a = (Math.max(f < 0 ? 0 : this.followerCount[f] - delta, 0) + back * a) / count;
      b = (back * b) / count;
    }
    this.b = b;
    return a;
  }
}

function checkOption(name: string, value: number, ok: boolean): number {
  if (!ok || !Number.isFinite(value)) throw new Error(`createNgramScorer: ${name} out of range: ${value}`);
  return value;
}

/**
 * An offline Scorer trained on `corpus` (source texts; trained once, here). `score(prefix,
 * target)` gives one natural-log probability per code token of the target (see codeTokens.ts).
 */
export function createNgramScorer(corpus: Iterable<string>, options: NgramScorerOptions = {}): NgramScorer {
  const order = options.order ?? NGRAM_DEFAULTS.order;
  const kappa = options.cacheWeight ?? NGRAM_DEFAULTS.cacheWeight;
  const halfLife = options.cacheHalfLife ?? NGRAM_DEFAULTS.cacheHalfLife;
  const delta = options.cacheDiscount ?? NGRAM_DEFAULTS.cacheDiscount;
  const cacheOrder = options.cacheOrder ?? NGRAM_DEFAULTS.cacheOrder;
  checkOption('cacheWeight', kappa, kappa >= 0 && kappa < 1);
  checkOption('cacheHalfLife', halfLife, halfLife > 0);
  checkOption('cacheDiscount', delta, delta > 0 && delta <= 1);
  checkOption('cacheOrder', cacheOrder, Number.isInteger(cacheOrder) && cacheOrder >= 1 && cacheOrder <= 6);
  const model = new KneserNeyModel(order);
  model.train(corpus, options.maxTrainingTokens ?? NGRAM_DEFAULTS.maxTrainingTokens, options.maxDocumentTokens ?? NGRAM_DEFAULTS.maxDocumentTokens);
  const stats = { calls: 0, prefixTokens: 0, targetTokens: 0, leftOut: 0, milliseconds: 0 };

  function scoreSync(prefix: string, target: string): TargetScores {
    if (typeof prefix !== 'string' || typeof target !== 'string') throw new TypeError('score(prefix, target) takes two strings');
    const started = performance.now();
    stats.calls++;
    const targetTokens = tokensOf(target);
    if (targetTokens.length === 0) return { tokens: [], logprobs: [] };
    const overlay = model.removalOverlay(targetTokens);
    if (overlay) stats.leftOut++;
    // Cache identity: training ids, then per-call ids above the vocabulary for other tokens.
    const local = new Map<string, number>();
    const base = model.words.length;
    const cacheId = (token: string, id: number) => {
      if (id >= 0) return id;
      let l = local.get(token);
      if (l === undefined) {
        l = base + local.size;
        if (l >= RADIX) throw new Error('too many distinct tokens in one scoring call');
        local.set(token, l);
      }
      return l;
    };
    const cache = new CacheModel(kappa, halfLife, delta, cacheOrder, targetTokens.length + (prefix.length >> 2));
    let prefixCount = 0;
    forEachCodeToken(prefix, (token) => {
      cache.add(cacheId(token, model.idOf(token)), isWordToken(token), false);
      prefixCount++;
    });
    const pad = order - 1;
    const hist = new Int32Array(pad + targetTokens.length).fill(BOS);
    const logprobs = new Array<number>(targetTokens.length);
    for (let i = 0; i < targetTokens.length; i++) {
      const token = targetTokens[i];
      const id = model.idOf(token);
      const known = model.continuation(id, overlay) > 0;
      const w = cacheId(token, id);
      const word = isWordToken(token);
      const kn = model.lookup(hist, pad + i, known ? id : -1, overlay);
      // p = a + b·p_KN and p_KN = α + β·p0: finite even when p0 underflows (b, β > 0).
      const a = cache.affine(w, word, kn.q);
      const linear = a + cache.b * kn.alpha;
      const coefficient = cache.b * kn.beta;
      const logP0 = model.logBase(id, token, overlay);
      logprobs[i] = linear > 0 ? Math.log(linear + coefficient * Math.exp(logP0)) : Math.log(coefficient) + logP0;
      hist[pad + i] = known ? id : -1;
      cache.add(w, word, true);
    }
    stats.prefixTokens += prefixCount;
    stats.targetTokens += targetTokens.length;
    stats.milliseconds += performance.now() - started;
    return { tokens: targetTokens, logprobs };
  }

  return {
    provider: 'offline',
    offline: true,
    model: `offline-ngram-kn${order}-cache`,
    order,
    training: model.info,
    stats,
    scoreSync,
    async score(prefix, target) {
      return scoreSync(prefix, target);
    },
    inCorpus: (text) => model.hasDocument(tokensOf(text)),
  };
}
