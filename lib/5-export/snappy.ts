/**
 * Snappy compression giving exactly the bytes of hyparquet-writer's own `snappyCompress`
 * (src/snappy.js, after snappyjs: MIT, Copyright (c) 2016 Zhipeng Jia), written into one
 * preallocated Uint8Array instead of a growing ByteWriter byte by byte (a call, a bounds check and
 * a DataView store per output byte). Same hash function, table sizes, match rules and emitted
 * tags, so a Parquet file compressed with either is the same file (snappy.test.ts compares them,
 * and the Parquet tests compare whole files). Given to ParquetWriter as its SNAPPY compressor.
 */

const MAX_HASH_TABLE_BITS = 14;
const MAX_OFFSET = 0xffff;
const INPUT_MARGIN = 15;
const hashTables: (Uint32Array | undefined)[] = [];

const hashOf = (key: number, shift: number) => Math.imul(key, 0x1e35a7bd) >>> shift;
const load32 = (a: Uint8Array, i: number) => a[i] + (a[i + 1] << 8) + (a[i + 2] << 16) + (a[i + 3] << 24);
const equals32 = (a: Uint8Array, i: number, j: number) => a[i] === a[j] && a[i + 1] === a[j + 1] && a[i + 2] === a[j + 2] && a[i + 3] === a[j + 3];

function emitLiteral(out: Uint8Array, op: number, input: Uint8Array, ip: number, len: number): number {
  if (len <= 60) {
    out[op++] = (len - 1) << 2;
  } else {
    const value = len - 1;
    const bytes = value < 0x100 ? 1 : value < 0x10000 ? 2 : value < 0x1000000 ? 3 : 4;
    out[op++] = (59 + bytes) << 2;
    for (let i = 0; i < bytes; i++) out[op++] = (value >>> (i * 8)) & 0xff;
  }
  if (len < 16) {
    for (let i = 0; i < len; i++) out[op + i] = input[ip + i];
  } else {
    out.set(input.subarray(ip, ip + len), op);
  }
  return op + len;
}

function emitCopyLessThan64(out: Uint8Array, op: number, offset: number, len: number): number {
  if (len < 12 && offset < 2048) {
    out[op++] = (1 + ((len - 4) << 2) + ((offset >>> 8) << 5)) & 0xff;
    out[op++] = offset & 0xff;
  } else {
    out[op++] = (2 + ((len - 1) << 2)) & 0xff;
    out[op++] = offset & 0xff;
    out[op++] = (offset >>> 8) & 0xff;
  }
  return op;
}

function emitCopy(out: Uint8Array, op: number, offset: number, len: number): number {
  while (len >= 68) {
    op = emitCopyLessThan64(out, op, offset, 64);
    len -= 64;
  }
  if (len > 64) {
    op = emitCopyLessThan64(out, op, offset, 60);
    len -= 60;
  }
  return emitCopyLessThan64(out, op, offset, len);
}

export function snappyCompress(input: Uint8Array): Uint8Array {
  const inputSize = input.length;
  // Snappy's bound on the compressed size (every tag this encoder emits keeps within it).
  const out = new Uint8Array(32 + inputSize + Math.floor(inputSize / 6));
  let op = 0;
  for (let v = inputSize; ; v >>>= 7) {
    if (v <= 0x7f) {
      out[op++] = v;
      break;
    }
    out[op++] = (v & 0x7f) | 0x80;
  }

  let hashTableBits = 1;
  while (1 << hashTableBits <= inputSize && hashTableBits <= MAX_HASH_TABLE_BITS) hashTableBits++;
  hashTableBits--;
  const shift = 32 - hashTableBits;
  const hashTable = (hashTables[hashTableBits] ??= new Uint32Array(1 << hashTableBits));
  hashTable.fill(0);

  let ip = 0;
  let nextEmit = 0;
  if (inputSize >= INPUT_MARGIN) {
    const ipLimit = inputSize - INPUT_MARGIN;
    ip++;
    let nextHash = hashOf(load32(input, ip), shift);
    let done = false;
    while (!done) {
      let skip = 32;
      let nextIp = ip;
      let candidate = 0;
      do {
        ip = nextIp;
        const hash = nextHash;
        const step = skip >>> 5;
        skip++;
        nextIp = ip + step;
        if (ip > ipLimit) {
          done = true;
          break;
        }
        nextHash = hashOf(load32(input, nextIp), shift);
        candidate = hashTable[hash];
        hashTable[hash] = ip;
      } while (ip - candidate > MAX_OFFSET || !equals32(input, ip, candidate));
      if (done) break;

      op = emitLiteral(out, op, input, nextEmit, ip - nextEmit);

      do {
        const base = ip;
        let matched = 4;
        while (ip + matched < inputSize && input[ip + matched] === input[candidate + matched]) matched++;
        ip += matched;
        op = emitCopy(out, op, base - candidate, matched);
        nextEmit = ip;
        if (ip >= ipLimit) {
          done = true;
          break;
        }
        hashTable[hashOf(load32(input, ip - 1), shift)] = ip - 1;
        const curHash = hashOf(load32(input, ip), shift);
        candidate = hashTable[curHash];
        hashTable[curHash] = ip;
      } while (ip - candidate <= MAX_OFFSET && equals32(input, ip, candidate));
      if (done) break;

      ip++;
      nextHash = hashOf(load32(input, ip), shift);
    }
  }
  if (nextEmit < inputSize) op = emitLiteral(out, op, input, nextEmit, inputSize - nextEmit);
  return out.subarray(0, op);
}
