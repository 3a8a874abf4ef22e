import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barIndexAt, chartLayout, niceMax, nllPoints } from './chart';

test('round maxima', () => {
  assert.equal(niceMax(0), 1);
  assert.equal(niceMax(NaN), 1);
  assert.equal(niceMax(0.83), 1);
  assert.equal(niceMax(1), 1);
  assert.equal(niceMax(1.2), 2);
  assert.equal(niceMax(2.2), 2.5);
  assert.equal(niceMax(3), 5);
  assert.equal(niceMax(7), 10);
  assert.equal(niceMax(0.031), 0.05);
});

test('only searched steps become points, keeping their step index', () => {
  const points = nllPoints([
    { ordinal: 0, search: null },
    { ordinal: 1, file: 'src/a.ts', search: { nllBefore: 1.5, nllAfter: 1.2 } },
    { ordinal: 2, search: { nllBefore: NaN, nllAfter: 1 } },
    { ordinal: 3, search: { nllBefore: 0.8, nllAfter: 0.8 } },
  ]);
  assert.deepEqual(points, [
    { ordinal: 1, step: 1, file: 'src/a.ts', before: 1.5, after: 1.2 },
    { ordinal: 3, step: 3, file: null, before: 0.8, after: 0.8 },
  ]);
});

test('bars are scaled to the plot and laid out in slots', () => {
  const layout = chartLayout(
    [
      { ordinal: 1, step: 1, file: null, before: 1.5, after: 1 },
      { ordinal: 5, step: 5, file: null, before: 2, after: 0.5 },
    ],
    200,
    100,
  );
  assert.equal(layout.yMax, 2);
  assert.deepEqual(layout.ticks, [0, 1, 2]);
  assert.equal(layout.slot, 100);
  assert.equal(layout.bars[0].beforeHeight, 75);
  assert.equal(layout.bars[0].afterHeight, 50);
  assert.equal(layout.bars[1].beforeHeight, 100);
  assert.ok(layout.bars[1].x >= 100 && layout.bars[1].x + 2 * layout.bars[1].width <= 200);
  assert.equal(barIndexAt(layout, 150), 1);
  assert.equal(barIndexAt(layout, -10), 0);
  assert.equal(barIndexAt(layout, 999), 1);
});

test('hundreds of bars still fit and never go negative', () => {
  const points = Array.from({ length: 600 }, (_, i) => ({ ordinal: i, step: i, file: null, before: i % 7, after: -1 }));
  const layout = chartLayout(points, 300, 80);
  assert.equal(layout.bars.length, 600);
  assert.ok(layout.bars.every((b) => b.x >= 0 && b.x < 300 && b.width > 0 && b.afterHeight === 0));
  assert.deepEqual(chartLayout([], 300, 80).bars, []);
});
