/**
 * Compact integer containers for the n-gram model: a growable Int32 vector and an
 * open-addressing hash map from a pair of non-negative int32 keys to an int32 value. Both are
 * typed-array backed (a few bytes per entry, no per-entry objects), which is what lets a model of
 * millions of n-grams train in seconds and fit in a few hundred MB.
 */

export class IntVec {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(value: number): number {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = value;
    return this.length++;
  }

  /** Frees the unused tail. */
  trim(): void {
    if (this.data.length > this.length + 16) this.data = this.data.slice(0, this.length);
  }
}

const EMPTY = -1;

/** (a, b) → value, a and b non-negative int32; values are non-negative (EMPTY = -1 marks a free slot). */
export class PairMap {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.keysA = new Int32Array(cap);
    this.keysB = new Int32Array(cap);
    this.values = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
  }

  private static slot(a: number, b: number, mask: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h & mask;
  }

  /** The value stored for (a, b), or -1. */
  get(a: number, b: number): number {
    const mask = this.mask;
    let i = PairMap.slot(a, b, mask);
    for (;;) {
      const v = this.values[i];
      if (v === EMPTY) return EMPTY;
      if (this.keysA[i] === a && this.keysB[i] === b) return v;
      i = (i + 1) & mask;
    }
  }

  /** The value stored for (a, b); when absent, stores `make()` and returns it. */
  getOrInsert(a: number, b: number, make: () => number): number {
    let mask = this.mask;
    let i = PairMap.slot(a, b, mask);
    for (;;) {
      const v = this.values[i];
      if (v === EMPTY) break;
      if (this.keysA[i] === a && this.keysB[i] === b) return v;
      i = (i + 1) & mask;
    }
    const value = make();
    if ((this.size + 1) * 10 > this.values.length * 6) {
      this.grow();
      mask = this.mask;
      i = PairMap.slot(a, b, mask);
      while (this.values[i] !== EMPTY) i = (i + 1) & mask;
    }
    this.keysA[i] = a;
    this.keysB[i] = b;
    this.values[i] = value;
    this.size++;
    return value;
  }

  private grow(): void {
    const { keysA, keysB, values } = this;
    const cap = values.length * 2;
    this.keysA = new Int32Array(cap);
    this.keysB = new Int32Array(cap);
    this.values = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    for (let j = 0; j < values.length; j++) {
      if (values[j] === EMPTY) continue;
      let i = PairMap.slot(keysA[j], keysB[j], this.mask);
      while (this.values[i] !== EMPTY) i = (i + 1) & this.mask;
      this.keysA[i] = keysA[j];
      this.keysB[i] = keysB[j];
      this.values[i] = values[j];
    }
  }
}
