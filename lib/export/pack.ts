/**
 * Flattened trajectories → training sequences of at most `context` tokens.
 *
 * Each piece of the flattened text (flatten.ts segments: marker lines and block contents, each
 * ending in a newline, so every piece starts on a line of its own) is tokenized on its own: the
 * pre-tokenizers of Llama-3, o200k and cl100k all split right after a newline that a `<`
 * follows, so the concatenation equals the whole text's encoding (tests check it), and every
 * token belongs to exactly one piece — none straddles a masked span's edge. Labels are the ids,
 * or -100 for masked (Observation) pieces, the BOS token and padding.
 *
 * A trajectory longer than the context is split at piece boundaries; each later part repeats
 * the trajectory marker line and the current agent's marker line, so it says what it is. A
 * piece longer than a whole context is cut between tokens (counted in `cutPieces`). Shorter
 * trajectories are packed greedily, each as BOS + tokens + EOS; a sequence that cannot take
 * the next one is closed (padded to the context when `pad` is set).
 */
import type { Flattened } from './flatten';
import type { ExportTokenizer } from './tokenizers';

export const IGNORE = -100;

export interface TokenizedPiece {
  ids: number[];
  masked: boolean;
  /** The piece's text (ends with a newline). */
  text: string;
}

export interface TokenizedTrajectory {
  id: string;
  pieces: TokenizedPiece[];
  /** Index of the agent marker piece in force before each piece (-1 before the first agent). */
  agentOf: number[];
  tokens: number;
}

/** Tokenizes a flattened trajectory piece by piece. Agent markers are pieces of their own. */
export function tokenizeFlattened(id: string, flat: Flattened, tokenizer: ExportTokenizer): TokenizedTrajectory {
  const pieces: TokenizedPiece[] = [];
  const agentOf: number[] = [];
  let agent = -1;
  const agentLine = new RegExp(`^<${'\\|'.repeat(flat.level)}agent `);
  // Packing joins pieces with Array.prototype.concat, which spreads arrays only: a tokenizer
  // that hands back a typed array gets copied into a plain one.
  const encode = (text: string): number[] => {
    const ids = tokenizer.encode(text);
    return Array.isArray(ids) ? ids : Array.from(ids);
  };
  for (const seg of flat.segments) {
    // Split an agent marker line off the start of a segment, so later parts can repeat it.
    let text = seg.text;
    if (agentLine.test(text)) {
      const nl = text.indexOf('\n') + 1;
      agent = pieces.length;
      pieces.push({ ids: encode(text.slice(0, nl)), masked: false, text: text.slice(0, nl) });
      agentOf.push(agent);
      text = text.slice(nl);
      if (!text) continue;
    }
    pieces.push({ ids: encode(text), masked: seg.masked, text });
    agentOf.push(agent);
  }
  return { id, pieces, agentOf, tokens: pieces.reduce((n, p) => n + p.ids.length, 0) };
}

export interface PackOptions {
  context: number;
  /** Pad every sequence to the context (label -100) instead of leaving it short. */
  pad?: boolean;
}

/** Where a trajectory's part sits in a sequence. */
export interface SequenceSample {
  trajectoryId: string;
  part: number;
  parts: number;
  /** Token offsets [start, end) in the sequence. */
  start: number;
  end: number;
  /** Tokens (after BOS) and characters at the part's start that repeat headers of an earlier part. */
  repeatedTokens: number;
  repeatedChars: number;
}

export interface PackedSequence {
  /** Sequences from createPacker join these from their runs of tokens when first read (see sequenceRuns). */
  inputIds: number[];
  labels: number[];
  /** The sequence's text without BOS/EOS/padding, and its masked character spans. */
  text: string;
  maskSpans: [number, number][];
  samples: SequenceSample[];
}

/** A run of a part's tokens: a whole piece's ids (shared, not copied) or a cut slice of them. */
interface TokenRun {
  ids: number[];
  masked: boolean;
}

interface Part {
  trajectoryId: string;
  /** The part's tokens, in order (copied once, into the sequence, when it closes). */
  runs: TokenRun[];
  tokens: number;
  text: string;
  maskSpans: [number, number][];
  last: boolean;
  repeatedTokens: number;
  repeatedChars: number;
}

type OpenPart = Omit<Part, 'trajectoryId' | 'last' | 'repeatedTokens' | 'repeatedChars'>;

function addPiece(part: OpenPart, ids: number[], masked: boolean, text: string) {
  part.runs.push({ ids, masked });
  part.tokens += ids.length;
  if (masked) part.maskSpans.push([part.text.length, part.text.length + text.length]);
  part.text += text;
}

/**
 * Splits one trajectory into parts that fit `budget` tokens each (BOS/EOS reserved by the
 * caller). `decode` gives the text of a piece cut between tokens.
 */
export function splitTrajectory(t: TokenizedTrajectory, budget: number, decode: (ids: number[]) => string): { parts: Part[]; cutPieces: number } {
  const header = t.pieces[0];
  const parts: Part[] = [];
  let cutPieces = 0;
  const open = (index: number): OpenPart => {
    const part: OpenPart = { runs: [], tokens: 0, text: '', maskSpans: [] };
    if (index > 0) {
      addPiece(part, header.ids, false, header.text);
      const agent = t.agentOf[index];
      if (agent >= 0 && agent !== index) addPiece(part, t.pieces[agent].ids, false, t.pieces[agent].text);
    }
    if (part.tokens >= budget) throw new Error(`The context is too small for this trajectory's own marker lines (${part.tokens} tokens): choose a larger --context.`);
    return part;
  };
  const finish = (part: OpenPart, last: boolean): Part => {
    const repeated = parts.length === 0 ? { repeatedTokens: 0, repeatedChars: 0 } : repeatedOf;
    return { trajectoryId: t.id, ...part, last, ...repeated };
  };
  let repeatedOf = { repeatedTokens: 0, repeatedChars: 0 };
  const flush = (next: number) => {
    parts.push(finish(current, false));
    current = open(next);
    repeatedOf = { repeatedTokens: current.tokens, repeatedChars: current.text.length };
  };
  let current = open(0);
  for (let i = 0; i < t.pieces.length; i++) {
    const p = t.pieces[i];
    // Start a new part when this piece does not fit, unless a fresh part (which repeats the headers) would not have more room.
    if (current.tokens + p.ids.length > budget && current.tokens > open(i).tokens) flush(i);
    if (current.tokens + p.ids.length <= budget) {
      addPiece(current, p.ids, p.masked, p.text);
      continue;
    }
    // Longer than a whole part: cut between tokens.
    cutPieces++;
    for (let from = 0; from < p.ids.length; ) {
      if (current.tokens >= budget) flush(i);
      const ids = p.ids.slice(from, from + budget - current.tokens);
      addPiece(current, ids, p.masked, decode(ids));
      from += ids.length;
    }
  }
  parts.push(finish(current, true));
  return { parts, cutPieces };
}

/** Packs tokenized trajectories, in order, into sequences of at most `context` tokens. */
export function packSequences(trajectories: Iterable<TokenizedTrajectory>, tokenizer: ExportTokenizer, options: PackOptions): { sequences: PackedSequence[]; cutPieces: number } {
  const sequences: PackedSequence[] = [];
  const packer = createPacker(tokenizer, options, (seq) => sequences.push(seq));
  for (const t of trajectories) packer.add(t);
  packer.finish();
  return { sequences, cutPieces: packer.cutPieces };
}

export interface Packer {
  /** Adds one trajectory; every sequence it closes is handed to `emit` at once. */
  add(t: TokenizedTrajectory): { parts: number; cutPieces: number };
  /** Closes the last open sequence. */
  finish(): void;
  readonly cutPieces: number;
}

/**
 * The streaming form of packSequences: trajectories go in one at a time and closed sequences come
 * out through `emit`, so an export holds at most one open sequence and one trajectory.
 */
export function createPacker(tokenizer: ExportTokenizer, options: PackOptions, emit: (seq: PackedSequence) => void): Packer {
  const reserved = (tokenizer.bos === null ? 0 : 1) + 1;
  if (options.context < reserved + 64) throw new Error(`A context of ${options.context} tokens is too small: use at least ${reserved + 64}.`);
  let cutPieces = 0;
  // The open sequence is kept as runs of tokens (the pieces' own arrays, never modified), joined
  // once if at all (packedSequence): one copy per token instead of one per level (piece → part → sequence).
  const bos = tokenizer.bos === null ? null : [tokenizer.bos];
  const eos = [tokenizer.eos];
  const ignoredOne = [IGNORE];
  let ids: number[][] = [];
  let labels: number[][] = [];
  let length = 0;
  let seq: Omit<PackedSequence, 'inputIds' | 'labels'> = { text: '', maskSpans: [], samples: [] };
  const close = () => {
    if (length === 0) return;
    if (options.pad && length < options.context) {
      ids.push(repeated(tokenizer.pad, options.context - length));
      labels.push(ignored(options.context - length));
      length = options.context;
    }
    emit(packedSequence({ ids, labels, length }, seq));
    ids = [];
    labels = [];
    length = 0;
    seq = { text: '', maskSpans: [], samples: [] };
  };
  return {
    get cutPieces() {
      return cutPieces;
    },
    add(t) {
      const split = splitTrajectory(t, options.context - reserved, (cut) => tokenizer.decode(cut));
      cutPieces += split.cutPieces;
      split.parts.forEach((part, index) => {
        const size = part.tokens + (bos === null ? 0 : 1) + (part.last ? 1 : 0);
        if (length + size > options.context) close();
        const start = length;
        if (bos !== null) (ids.push(bos), labels.push(ignoredOne));
        for (const run of part.runs) {
          ids.push(run.ids);
          labels.push(run.masked ? ignored(run.ids.length) : run.ids);
        }
        length += part.tokens + (bos === null ? 0 : 1);
        // Only a trajectory's real end teaches the end-of-sequence token.
        if (part.last) (ids.push(eos), labels.push(eos), length++);
        for (const [a, b] of part.maskSpans) seq.maskSpans.push([seq.text.length + a, seq.text.length + b]);
        seq.text += part.text;
        seq.samples.push({ trajectoryId: part.trajectoryId, part: index + 1, parts: split.parts.length, start, end: length, repeatedTokens: part.repeatedTokens, repeatedChars: part.repeatedChars });
      });
      return { parts: split.parts.length, cutPieces: split.cutPieces };
    },
    finish: close,
  };
}

/** `n` copies of `value`, as a packed array. */
function repeated(value: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(value);
  return out;
}

/** Shared, never modified: a longer one replaces it when needed. */
let ignoredRun: number[] = [];
/** `n` copies of -100. */
function ignored(n: number): number[] {
  if (ignoredRun.length < n) ignoredRun = repeated(IGNORE, Math.max(n, 2 * ignoredRun.length));
  return n === ignoredRun.length ? ignoredRun : ignoredRun.slice(0, n);
}

/** A sequence's tokens as runs: arrays shared with the tokenized pieces (never to be modified). */
export interface TokenRuns {
  ids: number[][];
  labels: number[][];
  /** Tokens in all (padding included). */
  length: number;
}

const RUNS = Symbol('token runs');

/**
 * A packed sequence whose `inputIds` and `labels` are joined from their runs only when first
 * read: the Parquet writer and the export's counts take the runs (sequenceRuns) and never need
 * the joined arrays; JSONL reads them. They are ordinary enumerable properties otherwise.
 */
function packedSequence(runs: TokenRuns, rest: Omit<PackedSequence, 'inputIds' | 'labels'>): PackedSequence {
  let inputIds: number[] | undefined;
  let labels: number[] | undefined;
  const seq = {} as PackedSequence;
  Object.defineProperties(seq, {
    inputIds: {
      enumerable: true,
      configurable: true,
      get: () => {
        if (!inputIds) runs.ids = [(inputIds = joinRuns(runs.ids))];
        return inputIds;
      },
      set: (value: number[]) => {
        runs.ids = [(inputIds = value)];
        runs.length = value.length;
      },
    },
    labels: {
      enumerable: true,
      configurable: true,
      get: () => {
        if (!labels) runs.labels = [(labels = joinRuns(runs.labels))];
        return labels;
      },
      set: (value: number[]) => {
        runs.labels = [(labels = value)];
      },
    },
    [RUNS]: { value: runs },
  });
  return Object.assign(seq, rest);
}

/** The ids and labels of a sequence as runs of tokens, without joining them. */
export function sequenceRuns(seq: PackedSequence): TokenRuns {
  return (seq as PackedSequence & { [RUNS]?: TokenRuns })[RUNS] ?? { ids: [seq.inputIds], labels: [seq.labels], length: seq.inputIds.length };
}

/** Concatenates runs into a new array (concat copies arrays of small integers in bulk). */
function joinRuns(runs: number[][]): number[] {
  let out: number[] = [];
  // A bounded argument count per call.
  for (let i = 0; i < runs.length; i += 8192) out = out.concat(...runs.slice(i, i + 8192));
  return out;
}
