import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLeakageChecker, isNonTrivialLine, leakageReason, leakTokens } from './leakage';

const TARGET = `import { distance, type Point } from './point';

/** Anything with an area. */
export abstract class Shape {
  abstract area(): number;
  describe(r: Renderer): string {
    return r.line(\`\${this.constructor.name} \${this.area()}\`);
  }
}

export function scaleAll(shapes: Shape[], factor: number, origin: Point): Shape[] {
  return shapes.map((s) => s.scaled(factor, origin));
}

const registryOfEverythingKnown = new Map();
}
return x;
} else {
pass
`;

test('tokens ignore whitespace and line breaks', () => {
  assert.deepEqual(
    leakTokens('a  =>\n   b.c(1_000)').map((t) => t.text),
    ['a', '=>', 'b', '.', 'c', '(', '1_000', ')'],
  );
});

test('a run of 12 consecutive target tokens leaks, 11 does not', () => {
  // `scaleAll(shapes: Shape[], factor: number` is 11 tokens: scaleAll ( shapes : Shape [ ] , factor : number
  const eleven = 'I will write `scaleAll(shapes: Shape[], factor: number` and more prose.';
  assert.equal(leakageReason(eleven, TARGET), null);
  const twelve = 'I will write `scaleAll(shapes: Shape[], factor: number,` and more prose.';
  const reason = leakageReason(twelve, TARGET);
  assert.ok(reason, 'a 12-token run leaks');
  assert.match(reason!, /^leaks the target: copies 12 consecutive tokens of it \("scaleAll\(shapes: Shape\[\], factor: number,"\)$/);
  // Whitespace and line breaks inside the copied run do not hide it.
  assert.ok(leakageReason('scaleAll(\n  shapes :  Shape[],\n  factor: number,\n origin', TARGET));
  // The run length is configurable.
  assert.equal(leakageReason(twelve, TARGET, { runTokens: 13 }), null);
  assert.ok(leakageReason(eleven, TARGET, { runTokens: 8 }));
});

test('the reason names the whole copied span, shortened', () => {
  const copy = 'Here it is: return shapes.map((s) => s.scaled(factor, origin)); } done';
  const reason = leakageReason(copy, TARGET)!;
  assert.match(reason, /^leaks the target: copies \d+ consecutive tokens of it \("return shapes\.map/);
  const n = Number(/copies (\d+)/.exec(reason)![1]);
  assert.ok(n >= 18, `the run is extended to the whole copy (${n})`);
  const long = `${'export function scaleAll(shapes: Shape[], factor: number, origin: Point): Shape[] {\n  return shapes.map((s) => s.scaled(factor, origin));'}`;
  const quoted = /\("(.*)"\)$/.exec(leakageReason(long, TARGET)!)![1];
  assert.ok(quoted.length <= 60 && quoted.endsWith('…'), quoted);
});

test('a non-trivial target line appearing verbatim leaks even when it is short in tokens', () => {
  // 5 tokens, 41 characters: the line rule, not the run rule, catches it.
  const reason = leakageReason('Remember: const registryOfEverythingKnown = new Map(); is the cache.', TARGET, { runTokens: 30 });
  assert.equal(reason, 'leaks the target: copies the line "const registryOfEverythingKnown = new Map();"');
  assert.match(leakageReason('The doc says /** Anything with an area. */ above it.', TARGET, { runTokens: 30 })!, /copies the line "\/\*\* Anything with an area\. \*\/"/);
});

test('trivial lines and names are allowed', () => {
  for (const line of ['}', 'return x;', '} else {', 'pass', '']) assert.equal(isNonTrivialLine(line), false, line);
  assert.equal(isNonTrivialLine('registryOfEverythingKnown'), false, 'a lone name');
  assert.equal(isNonTrivialLine('foo.barBazQuxLongName'), false, 'a dotted name');
  assert.equal(isNonTrivialLine('export * from "./a.js";'), true);
  assert.equal(isNonTrivialLine('} } } } } } } } } } } }'), false, 'only brackets');
  assert.equal(isNonTrivialLine('return this.value + 1;'), true);
  const prose = 'It returns x; then } else { handles the rest. `Shape` has `area` and `describe`; `scaleAll` maps `shapes` by `factor` around `origin`. `registryOfEverythingKnown` is a `Map`.';
  assert.equal(leakageReason(prose, TARGET), null);
});

test('a checker indexes the target once and checks many candidates', () => {
  const checker = createLeakageChecker(TARGET);
  assert.equal(checker.check('nothing copied here'), null);
  assert.ok(checker.check(TARGET));
  assert.equal(createLeakageChecker('').check('anything at all, even long text with many tokens in a row here'), null);
});
