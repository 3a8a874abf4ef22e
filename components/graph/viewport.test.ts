import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { boundsOf, cardPlacement, inverseZoom, isInView, LABEL_PX, labelScale, MAX_LABEL_SCALE, showsDetails } from './viewport';

describe('labelScale', () => {
  test('labels keep their size on screen when zoomed out, up to the limit', () => {
    assert.equal(labelScale(1), 1);
    assert.equal(labelScale(2), 1, 'zoomed in, labels simply grow with the view');
    assert.equal(labelScale(0.5), 2);
    for (const zoom of [0.9, 0.62, 0.48, 0.4, 0.34]) assert.ok(LABEL_PX * labelScale(zoom) * zoom >= LABEL_PX, `${zoom}: at least ${LABEL_PX}px on screen`);
    assert.equal(labelScale(0.1), MAX_LABEL_SCALE);
    assert.equal(labelScale(0), 1, 'no zoom yet');
  });
  test('moves in steps, so small zooms do not restyle every label', () => {
    assert.equal(labelScale(0.49), labelScale(0.488));
    const steps = labelScale(0.77) * 20;
    assert.ok(Math.abs(steps - Math.round(steps)) < 1e-9);
  });
  test('inverseZoom is not limited: the hover card keeps its size on screen at any zoom', () => {
    assert.equal(inverseZoom(0.1), 10);
    assert.equal(inverseZoom(2), 0.5);
    assert.equal(inverseZoom(0), 1);
  });
});

describe('showsDetails', () => {
  test('order numbers and line counts only when there is room', () => {
    assert.equal(showsDetails(1.2), true);
    assert.equal(showsDetails(0.9), true);
    assert.equal(showsDetails(0.5), false);
  });
});

describe('boundsOf and isInView', () => {
  const boxes = [
    { x: 0, y: 0, width: 100, height: 40 },
    { x: 300, y: 200, width: 150, height: 50 },
  ];
  test('bounds hold every box', () => {
    assert.deepEqual(boundsOf(boxes), { x: 0, y: 0, width: 450, height: 250 });
    assert.equal(boundsOf([]), null);
  });
  test('a box is in view when drawn wholly inside the canvas, margin included', () => {
    const size = { width: 700, height: 600 };
    const box = boxes[1];
    assert.equal(isInView(box, { x: 0, y: 0, zoom: 1 }, size), true);
    // Zoomed 2x: drawn from x=600 to 900, past a 700-wide canvas (the side panel took the rest).
    assert.equal(isInView(box, { x: 0, y: 0, zoom: 2 }, size), false);
    assert.equal(isInView(box, { x: -400, y: -300, zoom: 2 }, size), true);
    assert.equal(isInView(box, { x: 240, y: 0, zoom: 1 }, size, 16), false, 'right edge at 690: inside, but within the margin');
    assert.equal(isInView(box, { x: 240, y: 0, zoom: 1 }, size, -16), true, 'a negative margin tolerates a little outside');
  });
});

describe('cardPlacement', () => {
  const canvas = { left: 0, top: 100, right: 800, bottom: 600 };
  const card = { width: 300, height: 60 };
  const node = (left: number, top: number) => ({ left, top, right: left + 120, bottom: top + 40 });
  test('above the node from its left edge where it fits', () => {
    assert.deepEqual(cardPlacement(node(200, 300), card, canvas), { vertical: 'above', horizontal: 'start' });
  });
  test('below a node at the top of the canvas, back from the right edge of one at its right', () => {
    assert.deepEqual(cardPlacement(node(200, 110), card, canvas), { vertical: 'below', horizontal: 'start' });
    assert.deepEqual(cardPlacement(node(650, 300), card, canvas), { vertical: 'above', horizontal: 'end' });
    assert.deepEqual(cardPlacement(node(650, 110), card, canvas), { vertical: 'below', horizontal: 'end' });
  });
  test('where it fits nowhere, the side with more room', () => {
    const tall = { width: 300, height: 400 };
    assert.equal(cardPlacement(node(200, 150), tall, canvas).vertical, 'below', '50 px above, 410 below');
    assert.equal(cardPlacement(node(200, 500), tall, canvas).vertical, 'above', '396 px above, 60 below');
  });
});
