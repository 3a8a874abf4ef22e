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
 * A trajectory longer than the context is split at sub-agent boundaries into parts that stand on
 * their own (splitTrajectory): each later part starts with a loss-masked context of the
 * requirements, the plan and the Reads its sub-agents need. Only a sub-agent longer than a part
 * is continued over parts that repeat the marker lines, and a piece longer than a whole context
 * is cut between tokens (counted in `cutPieces`). Shorter
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

/** What one trajectory's split did, for the export's counts and card. */
export interface SplitReport {
  /** Pieces longer than a whole part, cut between tokens. */
  cutPieces: number;
  /** Reads of earlier files put at the start of later parts (their content was in an earlier part). */
  contextReads: number;
  /** Reads a later part needed that did not fit its context (left out). */
  readsLeftOut: number;
  /** Sub-agents longer than a part on their own, continued over parts that repeat only the marker lines. */
  cutAgents: number;
}

const ACTION_MARKER = /^<(\|+)action (read|write) path=("(?:[^"\\]|\\.)*")\|+>\n/;

interface PieceRoles {
  /** Index of the sub-agent each piece belongs to (-1: the trajectory marker and the main agent). */
  unit: number[];
  /** Piece index of each sub-agent's first piece (its agent marker). */
  unitStarts: number[];
  /** Per sub-agent: the files it reads. */
  readsOf: string[][];
  /** Per sub-agent: the files it writes. */
  writesOf: string[][];
  /** Written file → the piece holding its Write action. */
  writePiece: Map<string, number>;
}

function rolesOf(t: TokenizedTrajectory): PieceRoles {
  const roles: PieceRoles = { unit: [], unitStarts: [], readsOf: [], writesOf: [], writePiece: new Map() };
  let unit = -1;
  t.pieces.forEach((p, i) => {
    if (t.agentOf[i] === i && /^<\|+agent sub /.test(p.text)) {
      unit = roles.unitStarts.length;
      roles.unitStarts.push(i);
      roles.readsOf.push([]);
      roles.writesOf.push([]);
    }
    roles.unit.push(unit);
    const action = unit >= 0 ? ACTION_MARKER.exec(p.text) : null;
    if (!action) return;
    const path = JSON.parse(action[3]) as string;
    if (action[2] === 'read') roles.readsOf[unit].push(path);
    else {
      roles.writesOf[unit].push(path);
      roles.writePiece.set(path, i);
    }
  });
  return roles;
}

interface PartBuilder {
  /** Repeated context at the part's start: loss-masked (trained on in the part that has it first). */
  context: { ids: number[]; text: string }[];
  body: TokenizedPiece[];
  tokens: number;
  contextTokens: number;
  /** Files whose whole content this part shows (written in it, or read in its context). */
  shown: Set<string>;
  /** Files written in this part, whose plan entries its plan excerpt holds (when the whole plan is too large). */
  planned: string[];
  /** Tokens reserved for the plan excerpt (an estimate: it is tokenized when the part closes). */
  planReserve: number;
  /** How many context pieces are the main agent's (the excerpt goes after them). */
  mainPieces: number;
  /** The part repeats a plan excerpt (the files written in it) instead of the whole plan. */
  excerpt: boolean;
}

/**
 * Splits one trajectory into parts that fit `budget` tokens each (BOS/EOS reserved by the caller).
 * A trajectory that fits is one part. A longer one is split at sub-agent boundaries: every later part
 * starts with a loss-masked context: the trajectory marker, the main agent's requirements and plan
 * (the requirements alone when the plan takes more than a quarter of the budget), and a Read with the
 * whole content of each file its sub-agents read that was written in an earlier part, so each part
 * stands on its own. A sub-agent longer than a part by itself is continued over parts that repeat the
 * trajectory and agent marker lines, and a piece longer than a whole part is cut between tokens.
 * `decode` gives the text of a cut piece; `encode` tokenizes the context Reads.
 */
export function splitTrajectory(
  t: TokenizedTrajectory,
  budget: number,
  decode: (ids: number[]) => string,
  encode: (text: string) => number[] = () => {
    throw new Error('splitTrajectory needs an encoder to split a trajectory at sub-agent boundaries');
  },
): { parts: Part[] } & SplitReport {
  const header = t.pieces[0];
  const report: SplitReport = { cutPieces: 0, contextReads: 0, readsLeftOut: 0, cutAgents: 0 };
  const parts: Part[] = [];
  // Set below when the plan is too large to repeat whole: builds a part's plan excerpt.
  let planExcerpt: ((paths: string[]) => { ids: number[]; text: string }) | null = null;
  const materialize = (b: PartBuilder, last: boolean): Part => {
    const part: OpenPart = { runs: [], tokens: 0, text: '', maskSpans: [] };
    if (planExcerpt && b.excerpt && b.planned.length) {
      // After the requirements (the context's main pieces), before the Reads; left out if it would not fit.
      const excerpt = planExcerpt(b.planned);
      if (b.tokens - b.planReserve + excerpt.ids.length <= budget) {
        b.context.splice(b.mainPieces, 0, excerpt);
        b.contextTokens += excerpt.ids.length;
      }
    }
    for (const c of b.context) addPiece(part, c.ids, true, c.text);
    const repeatedChars = part.text.length;
    for (const p of b.body) addPiece(part, p.ids, p.masked, p.text);
    return { trajectoryId: t.id, ...part, last, repeatedTokens: b.contextTokens, repeatedChars };
  };
  const newBuilder = (): PartBuilder => ({ context: [], body: [], tokens: 0, contextTokens: 0, shown: new Set(), planned: [], planReserve: 0, mainPieces: 0, excerpt: false });
  const addBody = (b: PartBuilder, p: TokenizedPiece) => {
    b.body.push(p);
    b.tokens += p.ids.length;
  };
  const addContext = (b: PartBuilder, c: { ids: number[]; text: string }) => {
    b.context.push(c);
    b.tokens += c.ids.length;
    b.contextTokens += c.ids.length;
  };
  const close = (b: PartBuilder) => {
    if (b.body.length === 0 && b.context.length === 0) return;
    parts.push(materialize(b, false));
  };

  const finishAll = () => ({ parts, ...report });
  let current = newBuilder();
  if (t.tokens <= budget) {
    for (const p of t.pieces) addBody(current, p);
    parts.push(materialize(current, true));
    return finishAll();
  }

  const roles = rolesOf(t);
  const bars = /^<(\|+)/.exec(header.text)?.[1] ?? '|';
  const firstSub = roles.unitStarts[0] ?? t.pieces.length;
  // The main agent's block as the context of later parts; the requirements alone when the plan is large.
  const mainPieces = t.pieces.slice(0, firstSub);
  const planAt = mainPieces.findIndex((p) => p.text.startsWith(`<${bars}action plan`));
  let mainContext = mainPieces;
  const sum = (ps: TokenizedPiece[]) => ps.reduce((n, p) => n + p.ids.length, 0);
  let planCost: ((path: string) => number) | null = null;
  let planFixed = 0;
  if (sum(mainContext) > budget / 4 && planAt > 0) {
    mainContext = mainPieces.slice(0, planAt);
    const planText = mainPieces[planAt].text;
    const plan = JSON.parse(planText.slice(planText.indexOf('\n') + 1, planText.lastIndexOf(`<${bars}/action${bars}>`))) as { requirements: string; files: { path: string }[] };
    const entries = new Map(plan.files.map((f) => [f.path, f]));
    const excerptText = (paths: string[]) =>
      `<${bars}action plan${bars}>\n${JSON.stringify({ requirements: plan.requirements, files: paths.map((p) => entries.get(p)).filter(Boolean) }, null, 2)}\n<${bars}/action${bars}>\n`;
    const fixed = encode(excerptText([])).length;
    planExcerpt = (paths) => {
      const text = excerptText(paths);
      return { ids: encode(text), text };
    };
    // The requirements once per part, then each entry (indented as in the excerpt) plus a little for the joins.
    planCost = (path) => (entries.has(path) ? encode(JSON.stringify(entries.get(path), null, 2)).length + 8 : 0);
    planFixed = fixed;
    if (sum(mainContext) + fixed > budget / 4) {
      planExcerpt = null;
      planCost = null;
    }
  }
  if (sum(mainContext) > budget / 4) mainContext = [header];
  // A Read with the whole content of a written file, built from its Write piece (tokenized once).
  const reads = new Map<string, { ids: number[]; text: string }>();
  const contextRead = (path: string) => {
    let r = reads.get(path);
    if (!r) {
      const write = t.pieces[roles.writePiece.get(path)!].text;
      const content = write.slice(write.indexOf('\n') + 1, write.lastIndexOf(`<${bars}/action${bars}>`));
      const text = `<${bars}action read path=${JSON.stringify(path)}${bars}>\n<${bars}/action${bars}>\n<${bars}observation${bars}>\n${content}<${bars}/observation${bars}>\n`;
      r = { ids: encode(text), text };
      reads.set(path, r);
    }
    return r;
  };
  const openLater = (): PartBuilder => {
    const b = newBuilder();
    for (const p of mainContext) addContext(b, p);
    b.mainPieces = b.context.length;
    if (planExcerpt) {
      b.excerpt = true;
      b.planReserve = planFixed;
      b.tokens += planFixed;
    }
    if (b.tokens >= budget) throw new Error(`The context is too small for this trajectory's own marker lines (${b.tokens} tokens): choose a larger --context.`);
    return b;
  };
  const needed = (b: PartBuilder, unit: number) => [...new Set(roles.readsOf[unit])].filter((p) => !b.shown.has(p) && roles.writePiece.has(p));
  const planCostOf = (b: PartBuilder, unit: number) => (b.excerpt && planCost ? roles.writesOf[unit].reduce((n, w) => n + planCost!(w), 0) : 0);
  const addUnit = (b: PartBuilder, from: number, to: number, unit: number) => {
    for (let i = from; i < to; i++) addBody(b, t.pieces[i]);
    markWritten(b, unit);
  };
  const markWritten = (b: PartBuilder, unit: number) => {
    const cost = planCostOf(b, unit);
    b.planReserve += cost;
    b.tokens += cost;
    for (const w of roles.writesOf[unit]) {
      b.shown.add(w);
      if (b.excerpt) b.planned.push(w);
    }
  };

  /** Pieces [from, to) into parts as they come, continued over parts that repeat the trajectory and `agent` marker lines. */
  const stream = (from: number, to: number, agent: TokenizedPiece | null) => {
    const openContinuation = () => {
      close(current);
      current = newBuilder();
      addContext(current, header);
      if (agent && agent !== header) addContext(current, agent);
    };
    for (let i = from; i < to; i++) {
      const p = t.pieces[i];
      if (current.tokens + p.ids.length > budget && current.body.length > 0) openContinuation();
      if (current.tokens + p.ids.length <= budget) {
        addBody(current, p);
        continue;
      }
      report.cutPieces++;
      for (let at = 0; at < p.ids.length; ) {
        if (current.tokens >= budget) openContinuation();
        const ids = p.ids.slice(at, at + budget - current.tokens);
        addBody(current, { ids, masked: p.masked, text: decode(ids) });
        at += ids.length;
      }
    }
  };

  if (sum(mainPieces) <= budget) for (let i = 0; i < firstSub; i++) addBody(current, t.pieces[i]);
  else stream(0, firstSub, t.pieces[1] ?? null);
  roles.unitStarts.forEach((from, unit) => {
    const to = roles.unitStarts[unit + 1] ?? t.pieces.length;
    const unitTokens = sum(t.pieces.slice(from, to));
    const cost = (b: PartBuilder) => needed(b, unit).reduce((n, p) => n + contextRead(p).ids.length, 0) + planCostOf(b, unit) + unitTokens;
    if (current.tokens + cost(current) > budget) {
      close(current);
      current = openLater();
    }
    // The Reads this sub-agent needs go into the part's context (as many as fit when the sub-agent is long).
    const fits = current.tokens + cost(current) <= budget;
    for (const path of needed(current, unit)) {
      const r = contextRead(path);
      if (fits || current.tokens + r.ids.length <= budget / 2) {
        addContext(current, r);
        current.shown.add(path);
        report.contextReads++;
      } else report.readsLeftOut++;
    }
    if (current.tokens + unitTokens <= budget) return addUnit(current, from, to, unit);
    // Longer than a part on its own: continue it over parts that repeat the trajectory and agent markers.
    report.cutAgents++;
    stream(from, to, t.pieces[from]);
    for (const w of roles.writesOf[unit]) current.shown.add(w);
  });
  parts.push(materialize(current, true));
  return finishAll();
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
  add(t: TokenizedTrajectory): { parts: number } & SplitReport;
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
      const split = splitTrajectory(
        t,
        options.context - reserved,
        (cut) => tokenizer.decode(cut),
        (text) => {
          const ids = tokenizer.encode(text);
          return Array.isArray(ids) ? ids : Array.from(ids);
        },
      );
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
      const { parts, ...report } = split;
      return { parts: parts.length, ...report };
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
