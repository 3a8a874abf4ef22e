import assert from 'node:assert/strict';
import { test } from 'node:test';
import { snappyCompress as reference } from 'hyparquet-writer/src/snappy.js';
import { snappyCompress } from './snappy';

function random(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Inputs that reach every tag: tiny, incompressible, runs, long literals, far and near copies, token-like pages. */
function inputs(): [string, Uint8Array][] {
  const rand = random(3);
  const out: [string, Uint8Array][] = [];
  for (const n of [0, 1, 4, 14, 15, 16, 17, 60, 61, 62, 300]) out.push([`${n} random bytes`, Uint8Array.from({ length: n }, () => Math.floor(rand() * 256))]);
  out.push(['zeros', new Uint8Array(200_000)]);
  out.push(['a repeated 3-byte pattern', Uint8Array.from({ length: 100_003 }, (_, i) => [7, 200, 13][i % 3])]);
  const words = Array.from({ length: 64 }, () => Uint8Array.from({ length: 3 + Math.floor(rand() * 90) }, () => Math.floor(rand() * 256)));
  const text: number[] = [];
  while (text.length < 400_000) {
    if (rand() < 0.1) for (let k = Math.floor(rand() * 3000); k > 0; k--) text.push(Math.floor(rand() * 256));
    else text.push(...words[Math.floor(rand() * words.length)]);
  }
  out.push(['words and noise, copies beyond 64 KiB', Uint8Array.from(text)]);
  const ids = Int32Array.from({ length: 300_000 }, () => (rand() < 0.3 ? -100 : Math.floor(9000 ** rand())));
  out.push(['PLAIN int32 tokens', new Uint8Array(ids.buffer)]);
  return out;
}

test('snappyCompress writes the very bytes of hyparquet-writer’s compressor', () => {
  for (const [name, input] of inputs()) {
    const expected = reference(input);
    const actual = snappyCompress(input);
    assert.ok(Buffer.from(actual).equals(Buffer.from(expected)), name);
  }
});
