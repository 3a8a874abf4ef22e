/**
 * The packed form of a searched step's per-token scores (lib/3-search/tokenScores.ts stores it
 * deflated). No Node imports: the replay's browser code unpacks it too.
 */

/** One scoring of a target: token i covers target[starts[i], ends[i]) (both -1 when it could not be placed). */
export interface TokenScoreSet {
  starts: Int32Array;
  ends: Int32Array;
  logprobs: Float32Array;
}

export interface StepTokenScores {
  /** Under the original Think. */
  before: TokenScoreSet;
  /** Under the Think the search kept (the original's scores when nothing was accepted). */
  after: TokenScoreSet;
}

const MAGIC = 0x31535452; // "RTS1" little-endian
const SHARED_OFFSETS = 1;

const sameInts = (a: Int32Array, b: Int32Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A 16-byte header (magic, flags, token counts before and after), then before's starts, ends and
 * log-probabilities, then after's (its offsets only when they differ from before's), little-endian.
 */
export function packTokenScores({ before, after }: StepTokenScores): Uint8Array<ArrayBuffer> {
  const shared = sameInts(before.starts, after.starts) && sameInts(before.ends, after.ends);
  const parts: (Uint32Array | Int32Array | Float32Array)[] = [new Uint32Array([MAGIC, shared ? SHARED_OFFSETS : 0, before.logprobs.length, after.logprobs.length])];
  parts.push(before.starts, before.ends, before.logprobs);
  if (!shared) parts.push(after.starts, after.ends);
  parts.push(after.logprobs);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), offset);
    offset += p.byteLength;
  }
  return out;
}

export function unpackTokenScores(packed: Uint8Array): StepTokenScores {
  // A fresh, aligned copy: typed arrays need offsets that are multiples of 4.
  const bytes = new Uint8Array(packed.byteLength);
  bytes.set(packed);
  if (bytes.byteLength < 16 || new Uint32Array(bytes.buffer, 0, 1)[0] !== MAGIC) throw new Error('The stored token scores are not in a known format: re-run the search to store them again.');
  const [, flags, nBefore, nAfter] = new Uint32Array(bytes.buffer, 0, 4);
  const shared = (flags & SHARED_OFFSETS) !== 0;
  const expected = 16 + 4 * (3 * nBefore + (shared ? 0 : 2 * nAfter) + nAfter);
  if (bytes.byteLength !== expected) throw new Error('The stored token scores are damaged (wrong length): re-run the search to store them again.');
  let offset = 16;
  const take = <T extends Int32Array | Float32Array>(Kind: new (b: ArrayBuffer, o: number, n: number) => T, n: number): T => {
    const view = new Kind(bytes.buffer, offset, n);
    offset += n * 4;
    return view;
  };
  const before: TokenScoreSet = { starts: take(Int32Array, nBefore), ends: take(Int32Array, nBefore), logprobs: take(Float32Array, nBefore) };
  const starts = shared ? before.starts : take(Int32Array, nAfter);
  const ends = shared ? before.ends : take(Int32Array, nAfter);
  return { before, after: { starts, ends, logprobs: take(Float32Array, nAfter) } };
}
