import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { codeTokens } from './codeTokens';
import { createNgramScorer, knDiscounts, type NgramScorer } from './ngramScorer';
import { meanNll } from './types';

/** Training corpus: the TypeScript sources zod ships (a dependency, so always installed). */
function zodSources(): string[] {
  const root = path.resolve('node_modules/zod/src');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ts$/.test(e.name) && !/test/.test(p)) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(root);
  return out;
}

const LRU = `export interface CacheEntry<V> {
  value: V;
  expiresAt: number;
}

/** A least-recently-used cache whose entries also expire. */
export class LruCache<V> {
  private readonly entries = new Map<string, CacheEntry<V>>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, now = Date.now()): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    while (this.entries.size > this.capacity) this.evictOldest();
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.entries.delete(oldest.value);
  }
}
`;

const INVENTORY = `from dataclasses import dataclass


@dataclass
class StockItem:
    sku: str
    quantity: int = 0
    reserved: int = 0

    def available(self) -> int:
        return self.quantity - self.reserved


class OutOfStock(Exception):
    pass


class Inventory:
    def __init__(self):
        self.items: dict[str, StockItem] = {}

    def receive(self, sku: str, quantity: int) -> StockItem:
        item = self.items.setdefault(sku, StockItem(sku))
        item.quantity += quantity
        return item

    def reserve(self, sku: str, quantity: int) -> StockItem:
        item = self.items.get(sku)
        if item is None or item.available() < quantity:
            raise OutOfStock(sku)
        item.reserved += quantity
        return item
`;

const EMITTER = `export type Listener<T> = (event: T) => void;

export class TypedEmitter<Events extends Record<string, unknown>> {
  private listeners: { [K in keyof Events]?: Set<Listener<Events[K]>> } = {};

  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void {
    const set = (this.listeners[name] ??= new Set());
    set.add(listener);
    return () => this.off(name, listener);
  }

  off<K extends keyof Events>(name: K, listener: Listener<Events[K]>): void {
    this.listeners[name]?.delete(listener);
  }

  emit<K extends keyof Events>(name: K, event: Events[K]): number {
    const set = this.listeners[name];
    if (!set) return 0;
    for (const listener of [...set]) listener(event);
    return set.size;
  }
}
`;

/** A Think per target that names its identifiers and structure, as a sub-agent would. */
const THINKS: Record<string, string> = {
  lru: 'I will write src/lruCache.ts. It exports the interface `CacheEntry<V>` (`value`, `expiresAt`) and the class `LruCache<V>`, constructed with `capacity` and `ttlMs`. `get(key, now)` looks the entry up in `this.entries`, a `Map<string, CacheEntry<V>>`, deletes it when `entry.expiresAt <= now`, and otherwise moves it to the end so the map stays in order of use. `set(key, value, now)` stores `{ value, expiresAt: now + this.ttlMs }` and calls `this.evictOldest()` while `this.entries.size > this.capacity`.',
  inventory: 'I will write inventory.py. A `@dataclass` `StockItem` holds `sku`, `quantity` and `reserved`, and `available()` returns `self.quantity - self.reserved`. `OutOfStock(Exception)` signals a failed reservation. `Inventory` keeps `self.items: dict[str, StockItem]`; `receive(sku, quantity)` uses `setdefault` to create the item and adds to `item.quantity`; `reserve(sku, quantity)` raises `OutOfStock(sku)` when the item is missing or `item.available() < quantity`, else adds to `item.reserved`.',
  emitter: 'I will write src/emitter.ts. It exports `Listener<T>`, a function of an event, and `TypedEmitter<Events extends Record<string, unknown>>`, which keeps `this.listeners`, one `Set<Listener<Events[K]>>` per event name. `on(name, listener)` adds to the set (created with `??=`) and returns a function that calls `this.off(name, listener)`; `off` deletes the listener; `emit(name, event)` calls each listener of a copy of the set and returns `set.size`.',
};
const TARGETS: Record<string, string> = { lru: LRU, inventory: INVENTORY, emitter: EMITTER };

/** `text` cut or padded (with neutral prose) to `length` characters. */
function sameLength(text: string, length: number): string {
  let out = text;
  while (out.length < length) out += ' The file keeps to the conventions of the project.';
  return out.slice(0, length);
}

let scorer: NgramScorer;
let corpus: string[];
before(() => {
  corpus = zodSources();
  assert.ok(corpus.length > 50, 'zod sources found');
  scorer = createNgramScorer(corpus, { maxTrainingTokens: 400_000 });
});

test('labelled offline; trained once; reports its training', () => {
  assert.equal(scorer.provider, 'offline');
  assert.equal(scorer.offline, true);
  assert.equal(scorer.model, 'offline-ngram-kn4-cache');
  assert.ok(scorer.training.tokens > 100_000 && scorer.training.tokens <= 400_000, `${scorer.training.tokens} tokens`);
  assert.ok(scorer.training.vocabulary > 1000);
  assert.ok(scorer.training.ngrams > scorer.training.vocabulary);
});

test('a Think that names the target\'s identifiers gives a lower NLL than an unrelated Think of the same length', async () => {
  const keys = Object.keys(TARGETS);
  for (const [i, key] of keys.entries()) {
    const target = TARGETS[key];
    const related = THINKS[key];
    const unrelated = sameLength(THINKS[keys[(i + 1) % keys.length]], related.length);
    assert.equal(unrelated.length, related.length);
    const withRelated = await scorer.score(related, target);
    const withUnrelated = await scorer.score(unrelated, target);
    const nllRelated = meanNll(withRelated);
    const nllUnrelated = meanNll(withUnrelated);
    assert.ok(nllRelated < nllUnrelated, `${key}: related ${nllRelated.toFixed(4)} < unrelated ${nllUnrelated.toFixed(4)}`);
    // Also without the floor, by a wide margin.
    assert.ok(meanNll(withRelated, -1e9) < meanNll(withUnrelated, -1e9) - 0.2, `${key} unclipped`);
    // The tokens are the target's code tokens.
    assert.deepEqual(withRelated.tokens, codeTokens(target));
  }
});

test('finite, at most 0, and deterministic (same scorer, and a second scorer trained alike)', () => {
  const other = createNgramScorer(corpus, { maxTrainingTokens: 400_000 });
  const weird = `const blob = "${'QUJD'.repeat(2000)}"; // 😀 größe\n\tvar \u0000 = 1e-999;`;
  for (const target of [LRU, INVENTORY, weird]) {
    const a = scorer.scoreSync(THINKS.lru, target);
    assert.ok(a.logprobs.length > 0);
    for (const lp of a.logprobs) assert.ok(Number.isFinite(lp) && lp <= 0, `logprob ${lp}`);
    assert.deepEqual(scorer.scoreSync(THINKS.lru, target), a);
    assert.deepEqual(other.scoreSync(THINKS.lru, target), a);
  }
});

test('the prefix only acts through the cache: an empty prefix and empty target work', () => {
  assert.deepEqual(scorer.scoreSync('anything', ''), { tokens: [], logprobs: [] });
  const empty = scorer.scoreSync('', LRU);
  assert.equal(empty.tokens.length, codeTokens(LRU).length);
  assert.ok(empty.logprobs.every(Number.isFinite));
});

test('leave-one-out: a corpus holding the target scores it exactly as a corpus without it', () => {
  const others = corpus.slice(0, 40);
  const withTarget = createNgramScorer([LRU, ...others, INVENTORY]);
  const withoutTarget = createNgramScorer([...others, INVENTORY]);
  assert.equal(withTarget.inCorpus(LRU), true);
  assert.equal(withoutTarget.inCorpus(LRU), false);
  for (const prefix of ['', THINKS.lru, THINKS.emitter]) {
    assert.deepEqual(withTarget.scoreSync(prefix, LRU), withoutTarget.scoreSync(prefix, LRU));
  }
  assert.equal(withTarget.stats.leftOut, 3);
  // Identical copies are one document: all of them are left out.
  const twice = createNgramScorer([LRU, ...others, LRU, INVENTORY]);
  assert.deepEqual(twice.scoreSync(THINKS.lru, LRU), withoutTarget.scoreSync(THINKS.lru, LRU));
  // Every other document of the corpus too (the leave-one-out fallback scores each file of a repository).
  for (const doc of [INVENTORY, ...others.slice(0, 6)]) {
    const rest = [LRU, ...others, INVENTORY].filter((d) => d !== doc);
    assert.deepEqual(withTarget.scoreSync(THINKS.inventory, doc), createNgramScorer(rest).scoreSync(THINKS.inventory, doc));
  }
  // What leave-one-out prevents: a near copy (not the same token sequence) is helped by the original.
  const nearCopy = `${LRU}\nexport const DEFAULT_TTL = 1000;\n`;
  const helped = withTarget.scoreSync('', nearCopy);
  const unhelped = withoutTarget.scoreSync('', nearCopy);
  assert.ok(meanNll(helped) < meanNll(unhelped), `${meanNll(helped)} < ${meanNll(unhelped)}`);
  assert.ok(meanNll(helped, -1e9) < meanNll(unhelped, -1e9) - 0.5, `${meanNll(helped, -1e9)} ≪ ${meanNll(unhelped, -1e9)}`);
});

test('an empty corpus still gives finite scores (spelling model and cache only)', () => {
  const bare = createNgramScorer([]);
  assert.equal(bare.training.tokens, 0);
  const s = bare.scoreSync(THINKS.lru, LRU);
  assert.ok(s.logprobs.every((lp) => Number.isFinite(lp) && lp <= 0));
  assert.ok(meanNll(s) < meanNll(bare.scoreSync(sameLength(THINKS.inventory, THINKS.lru.length), LRU)));
});

test('modified Kneser-Ney discounts from counts of counts', () => {
  const [d1, d2, d3] = knDiscounts(1000, 400, 200, 120);
  const y = 1000 / (1000 + 800);
  assert.ok(Math.abs(d1 - (1 - 2 * y * 0.4)) < 1e-12);
  assert.ok(Math.abs(d2 - (2 - 3 * y * 0.5)) < 1e-12);
  assert.ok(Math.abs(d3 - (3 - 4 * y * 0.6)) < 1e-12);
  assert.deepEqual(knDiscounts(0, 0, 0, 0), [0.5, 1, 1.5]);
});

test('option checks', () => {
  assert.throws(() => createNgramScorer([], { cacheWeight: 1 }), /cacheWeight/);
  assert.throws(() => createNgramScorer([], { cacheOrder: 9 }), /cacheOrder/);
  assert.throws(() => createNgramScorer([], { order: 0 }), /order/);
});
