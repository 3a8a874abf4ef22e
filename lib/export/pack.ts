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
  for (const seg of flat.segments) {
    // Split an agent marker line off the start of a segment, so later parts can repeat it.
    let text = seg.text;
    if (agentLine.test(text)) {
      const nl = text.indexOf('\n') + 1;
      agent = pieces.length;
      pieces.push({ ids: tokenizer.encode(text.slice(0, nl)), masked: false, text: text.slice(0, nl) });
      agentOf.push(agent);
      text = text.slice(nl);
      if (!text) continue;
    }
    pieces.push({ ids: tokenizer.encode(text), masked: seg.masked, text });
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
  inputIds: number[];
  labels: number[];
  /** The sequence's text without BOS/EOS/padding, and its masked character spans. */
  text: string;
  maskSpans: [number, number][];
  samples: SequenceSample[];
}

interface Part {
  trajectoryId: string;
  ids: number[];
  labels: number[];
  text: string;
  maskSpans: [number, number][];
  last: boolean;
  repeatedTokens: number;
  repeatedChars: number;
}

type OpenPart = Omit<Part, 'trajectoryId' | 'last' | 'repeatedTokens' | 'repeatedChars'>;

/** Appends `source` to `target` in bulk (chunks keep push's argument count small). */
function append(target: number[], source: number[]) {
  for (let i = 0; i < source.length; i += 16_384) Array.prototype.push.apply(target, source.length <= 16_384 ? source : source.slice(i, i + 16_384));
}

/** Appends `n` copies of -100. */
function appendIgnored(target: number[], n: number) {
  for (let i = 0; i < n; i++) target.push(IGNORE);
}

function addPiece(part: OpenPart, ids: number[], masked: boolean, text: string) {
  append(part.ids, ids);
  if (masked) appendIgnored(part.labels, ids.length);
  else append(part.labels, ids);
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
    const part = { ids: [] as number[], labels: [] as number[], text: '', maskSpans: [] as [number, number][] };
    if (index > 0) {
      addPiece(part, header.ids, false, header.text);
      const agent = t.agentOf[index];
      if (agent >= 0 && agent !== index) addPiece(part, t.pieces[agent].ids, false, t.pieces[agent].text);
    }
    if (part.ids.length >= budget) throw new Error(`The context is too small for this trajectory's own marker lines (${part.ids.length} tokens): choose a larger --context.`);
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
    repeatedOf = { repeatedTokens: current.ids.length, repeatedChars: current.text.length };
  };
  let current = open(0);
  for (let i = 0; i < t.pieces.length; i++) {
    const p = t.pieces[i];
    // Start a new part when this piece does not fit, unless a fresh part (which repeats the headers) would not have more room.
    if (current.ids.length + p.ids.length > budget && current.ids.length > open(i).ids.length) flush(i);
    if (current.ids.length + p.ids.length <= budget) {
      addPiece(current, p.ids, p.masked, p.text);
      continue;
    }
    // Longer than a whole part: cut between tokens.
    cutPieces++;
    for (let from = 0; from < p.ids.length; ) {
      if (current.ids.length >= budget) flush(i);
      const ids = p.ids.slice(from, from + budget - current.ids.length);
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
  let seq: PackedSequence = { inputIds: [], labels: [], text: '', maskSpans: [], samples: [] };
  const close = () => {
    if (seq.inputIds.length === 0) return;
    if (options.pad) while (seq.inputIds.length < options.context) (seq.inputIds.push(tokenizer.pad), seq.labels.push(IGNORE));
    emit(seq);
    seq = { inputIds: [], labels: [], text: '', maskSpans: [], samples: [] };
  };
  return {
    get cutPieces() {
      return cutPieces;
    },
    add(t) {
      const split = splitTrajectory(t, options.context - reserved, (ids) => tokenizer.decode(ids));
      cutPieces += split.cutPieces;
      split.parts.forEach((part, index) => {
        const size = part.ids.length + (tokenizer.bos === null ? 0 : 1) + (part.last ? 1 : 0);
        if (seq.inputIds.length + size > options.context) close();
        const start = seq.inputIds.length;
        if (tokenizer.bos !== null) (seq.inputIds.push(tokenizer.bos), seq.labels.push(IGNORE));
        append(seq.inputIds, part.ids);
        append(seq.labels, part.labels);
        // Only a trajectory's real end teaches the end-of-sequence token.
        if (part.last) (seq.inputIds.push(tokenizer.eos), seq.labels.push(tokenizer.eos));
        for (const [a, b] of part.maskSpans) seq.maskSpans.push([seq.text.length + a, seq.text.length + b]);
        seq.text += part.text;
        seq.samples.push({ trajectoryId: part.trajectoryId, part: index + 1, parts: split.parts.length, start, end: seq.inputIds.length, repeatedTokens: part.repeatedTokens, repeatedChars: part.repeatedChars });
      });
      return { parts: split.parts.length, cutPieces: split.cutPieces };
    },
    finish: close,
  };
}
