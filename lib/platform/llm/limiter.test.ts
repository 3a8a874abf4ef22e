import assert from 'node:assert/strict';
import { test } from 'node:test';
import { llmConfigFromEnv } from './config';
import { AimdLimiter, endpointLimiter, type Permit } from './limiter';
import { createOpenAIClient } from './openaiClient';
import { startFakeOpenAIServer } from './testing/fakeOpenAIServer';

const tick = () => new Promise((r) => setImmediate(r));

test('starts at min(4, max)', () => {
  assert.equal(new AimdLimiter(16).limit, 4);
  assert.equal(new AimdLimiter(2).limit, 2);
  assert.equal(new AimdLimiter(1).limit, 1);
  assert.throws(() => new AimdLimiter(0));
});

test('holds requests beyond the limit until a slot is released', async () => {
  const limiter = new AimdLimiter(2);
  const a = await limiter.acquire();
  await limiter.acquire();
  let third: Permit | undefined;
  void limiter.acquire().then((p) => (third = p));
  await tick();
  assert.equal(third, undefined);
  assert.equal(limiter.waiting, 1);
  a.release('failed');
  a.release('failed'); // idempotent
  await tick();
  assert.ok(third);
  assert.equal(limiter.inFlight, 2);
});

test('slow start: +1 per success while saturated, up to the max; no growth when idle', async () => {
  const limiter = new AimdLimiter(16);
  const one = await limiter.acquire();
  one.release('success'); // 1 of 4 slots used: not saturated
  assert.equal(limiter.limit, 4);
  let running = 0;
  let maxRunning = 0;
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      const p = await limiter.acquire();
      running++;
      maxRunning = Math.max(maxRunning, running);
      await tick();
      running--;
      p.release('success');
    }),
  );
  assert.equal(limiter.limit, 16);
  assert.equal(maxRunning, 16);
});

test('a 429 halves the limit once per window; then growth is additive', async () => {
  const limiter = new AimdLimiter(16);
  const permits = await Promise.all([1, 2, 3, 4].map(() => limiter.acquire()));
  for (const p of permits) p.release('overloaded'); // all sent under the old limit: one decrease
  assert.equal(limiter.limit, 2);
  const again = await limiter.acquire();
  again.release('overloaded');
  assert.equal(limiter.limit, 1);
  const floor = await limiter.acquire();
  floor.release('overloaded');
  assert.equal(limiter.limit, 1, 'never below 1');
  // Additive: +1 per `limit` successes while saturated.
  const grow = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const p = await limiter.acquire();
      p.release('success'); // saturated: 1 of 1 slot (then 2 of 2 below, via parallel acquisitions)
    }
  };
  await grow(1);
  assert.equal(limiter.limit, 2);
  // limit 2: two successes while saturated -> 3.
  const p1 = await limiter.acquire();
  const p2 = await limiter.acquire();
  const p3Promise = limiter.acquire();
  p1.release('success'); // a request is waiting: saturated
  const p3 = await p3Promise;
  assert.equal(limiter.limit, 2);
  p2.release('success'); // 2 of 2 in flight: saturated
  assert.equal(limiter.limit, 3);
  p3.release('success'); // 1 of 3: not saturated, no growth
  assert.equal(limiter.limit, 3);
  assert.deepEqual(limiter.history, [4, 2, 1, 2, 3]);
});

test('one limiter per endpoint, shared by its clients', () => {
  const a = endpointLimiter('http://127.0.0.1:9/v1/', 8);
  const b = endpointLimiter('http://127.0.0.1:9/v1');
  assert.equal(a, b);
  endpointLimiter('http://127.0.0.1:9/v1', 2);
  assert.equal(a.max, 2);
  assert.equal(a.limit, 2);
  assert.notEqual(endpointLimiter('http://127.0.0.1:10/v1', 8), a);
});

test('AIMD against a server that answers 429 above 2 concurrent requests', async () => {
  const server = await startFakeOpenAIServer({ latencyMs: 30, overloadAbove: 2, overloadRetryAfterMs: 5 });
  try {
    const config = llmConfigFromEnv({}, { baseUrl: server.baseUrl, model: 'm', maxConcurrency: 16, maxAttempts: 40, backoffBaseMs: 5, backoffMaxMs: 40 });
    const client = createOpenAIClient(config);
    const batch = (n: number, tag: string) =>
      Promise.all(Array.from({ length: n }, (_, i) => client.chat({ purpose: 'aimd', messages: [{ role: 'user', content: `${tag}${i}` }] })));

    // Phase 1: starts at 4, the server rejects the excess, the limiter shrinks.
    await batch(30, 'a');
    assert.ok((server.statusCounts[429] ?? 0) > 0);
    assert.ok(Math.min(...client.limiter.history) <= 2, `history ${client.limiter.history}`);

    // Phase 2: settled. What the server sees stays within the limit, which stays near its capacity.
    const from = client.limiter.history.length - 1;
    server.resetStats();
    await batch(40, 'b');
    const limits = client.limiter.history.slice(from);
    assert.ok(server.maxInFlight <= Math.max(...limits), `in flight ${server.maxInFlight}, limits ${limits}`);
    assert.ok(Math.max(...limits) <= 5, `limits ${limits}`); // near the capacity (2), far below the max (16)
    const rejected = server.statusCounts[429] ?? 0;
    // Additive increase probes the capacity: about one 429 per `limit` successes, no storm.
    assert.ok(rejected <= 30, `${rejected} rejected of ${server.statusCounts[200]}`);

    // Phase 3: the server has capacity again: the limit grows back.
    const settled = client.limiter.limit;
    server.configure({ overloadAbove: null });
    server.resetStats();
    await batch(120, 'c');
    assert.ok(client.limiter.limit > Math.max(settled, 4), `limit ${settled} -> ${client.limiter.limit}`);
    assert.equal(server.statusCounts[429] ?? 0, 0);
    assert.ok(server.maxInFlight > 4);
  } finally {
    await server.close();
  }
});
