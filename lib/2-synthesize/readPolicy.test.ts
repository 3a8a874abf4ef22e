import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_READ_POLICY, isObservationOf, truncateObservation, truncationMarker } from './readPolicy';

const lines = (n: number, width = 9) => Array.from({ length: n }, (_, i) => `${String(i).padStart(width - 1, '0')}\n`).join('');

test('content within the limit is shown whole', () => {
  assert.equal(truncateObservation('', DEFAULT_READ_POLICY), '');
  const text = lines(100);
  assert.equal(truncateObservation(text, { maxChars: text.length }), text);
  assert.equal(truncateObservation(text, { maxChars: Infinity }), text);
  assert.equal(DEFAULT_READ_POLICY.maxChars, 44_000);
});

test('long content keeps whole head and tail lines around one marker line', () => {
  const text = lines(100); // 100 lines of 9 characters
  const out = truncateObservation(text, { maxChars: 90 }); // head 60 → 6 lines, tail 30 → 3 lines
  const expected = `${lines(6)}${truncationMarker(91)}\n${text.slice(text.length - 27)}`;
  assert.equal(out, expected);
  assert.match(out, /^\.\.\. \[truncated by Retrace: 91 lines omitted; the file continues\] \.\.\.$/m);
  assert.ok(isObservationOf(out, text));
});

test('headChars moves the split; a missing final newline still counts as a line', () => {
  const text = `${lines(10)}last`;
  const out = truncateObservation(text, { maxChars: 30, headChars: 10 });
  // head: 1 line (9 chars); tail: the last 2 lines ("00000009\nlast" = 13 chars ≤ 20).
  assert.equal(out, `00000000\n${truncationMarker(8)}\n00000009\nlast`);
  assert.ok(isObservationOf(out, text));
});

test('one enormous line becomes the marker alone; one omitted line is singular', () => {
  const huge = 'x'.repeat(1000);
  assert.equal(truncateObservation(huge, { maxChars: 100 }), `${truncationMarker(1)}\n`);
  assert.equal(truncationMarker(1), '... [truncated by Retrace: 1 line omitted; the file continues] ...');
  assert.ok(isObservationOf(truncateObservation(huge, { maxChars: 100 }), huge));
});

test('isObservationOf rejects anything but the file or a faithful truncation', () => {
  const text = lines(50);
  const out = truncateObservation(text, { maxChars: 100 });
  assert.ok(isObservationOf(text, text));
  assert.equal(isObservationOf(out.replace('00000001', '00000002'), text), false);
  assert.equal(isObservationOf(out.replace(/\d+ lines omitted/, '3 lines omitted'), text), false);
  assert.equal(isObservationOf(text.slice(1), text), false);
  assert.equal(isObservationOf(`${truncationMarker(50)}\n`, text), true);
  assert.equal(isObservationOf(`${truncationMarker(49)}\n`, text), false);
});

test('a truncated observation stays within the allowance plus the marker line', () => {
  const text = lines(5000, 20);
  for (const maxChars of [1000, 4096, 44_000]) {
    const out = truncateObservation(text, { maxChars });
    assert.ok(out.length <= maxChars + truncationMarker(99999).length + 1);
    assert.ok(isObservationOf(out, text));
  }
});

test('a reference observation lists whole lines of the file in order, and nothing else passes as one', async () => {
  const { referenceObservation, isReferenceOf } = await import('./readPolicy');
  const content = 'import x\n\nexport function a() {\n  return 1;\n}\n\nexport const b = 2;\n';
  const obs = referenceObservation('src/a "q".ts', content, [7, 3, 3, 99]);
  assert.equal(obs, '... ["src/a \\"q\\".ts" (7 lines) is shown in full earlier in this trajectory; the lines declaring what is used here:] ...\nexport function a() {\nexport const b = 2;\n');
  assert.equal(isReferenceOf(obs, content, 'src/a "q".ts'), true);
  assert.equal(isReferenceOf(obs, content, 'src/other.ts'), false, 'another path');
  assert.equal(isReferenceOf(obs.replace('export const b = 2;', 'export const b = 3;'), content, 'src/a "q".ts'), false, 'a line not in the file');
  assert.equal(isReferenceOf(obs.replace('(7 lines)', '(8 lines)'), content, 'src/a "q".ts'), false, 'the wrong line count');
  const swapped = '... ["src/a \\"q\\".ts" (7 lines) is shown in full earlier in this trajectory; the lines declaring what is used here:] ...\nexport const b = 2;\nexport function a() {\n';
  assert.equal(isReferenceOf(swapped, content, 'src/a "q".ts'), false, 'lines out of file order');
  const bare = referenceObservation('a.ts', content, []);
  assert.equal(bare, '... ["a.ts" (7 lines) is shown in full earlier in this trajectory] ...\n');
  assert.equal(isReferenceOf(bare, content, 'a.ts'), true);
  // Trajectories stored before the markers became ASCII still read back.
  assert.equal(isReferenceOf(obs.replaceAll('...', '…'), content, 'src/a "q".ts'), true);
});
