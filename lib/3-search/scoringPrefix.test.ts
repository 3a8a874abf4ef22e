import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GO_MODULE, JAVA_PROJECT, MIXED, PYTHON_PACKAGE, RUST_CRATE, TS_WITH_CYCLE } from '../2-synthesize/testRepos';
import type { SynthesizedTrajectory } from '../2-synthesize/types';
import { containsTarget, DEFAULT_MAX_PREFIX_CHARS, REDACTED_TARGET, scoringPrefix, searchableThinks, TargetInPrefixError } from './scoringPrefix';
import { fixture, zodFixture } from './testing';

const REPOS = { TS_WITH_CYCLE, PYTHON_PACKAGE, GO_MODULE, RUST_CRATE, JAVA_PROJECT, MIXED };

/** Every implementation Think's prefix, original text in place, must not contain its target. */
function assertNoTargetInPrefixes(t: SynthesizedTrajectory, maxPrefixChars?: number) {
  let guarded = 0;
  for (const x of searchableThinks(t)) {
    const target = x.write.action!.content;
    const prefix = scoringPrefix(t, x.ordinal, t.steps[x.ordinal].content, { maxPrefixChars });
    assert.ok(prefix.endsWith(`Action: Write(${x.file})\n`), `${x.file}: the prefix ends with the Write header`);
    assert.ok(prefix.includes(t.steps[x.ordinal].content), `${x.file}: the Think is in the prefix`);
    // What Retrace writes itself is ASCII (a tokenizer may split a character like U+2026 across tokens).
    if (t.steps.every((s) => /^[\x00-\x7f]*$/.test(s.action?.content ?? ''))) assert.match(prefix, /^[\x00-\x7f]*$/, `${x.file}: the prefix of an ASCII repository is ASCII`);
    if (target.trim().length >= 20) {
      guarded++;
      assert.ok(!prefix.includes(target.trim()), `${x.file}: the target is not in its prefix`);
    }
    if (maxPrefixChars !== undefined) {
      const pinnedAndThink = t.steps[x.ordinal].content.length + t.plan.requirements.length / 4 + 2_000;
      assert.ok(prefix.length <= Math.max(maxPrefixChars, pinnedAndThink), `${x.file}: ${prefix.length} characters`);
    }
  }
  return guarded;
}

test('the implementation Thinks are the last Think before each Write', async () => {
  const { trajectory: t, structure } = await fixture(TS_WITH_CYCLE);
  const found = searchableThinks(t);
  assert.deepEqual(found.map((x) => x.file), structure.order);
  for (const x of found) {
    assert.equal(t.steps[x.ordinal].kind, 'think');
    assert.equal(t.steps[x.ordinal + 1].action?.type, 'write');
    assert.equal(t.steps[x.ordinal + 1].action?.path, x.file);
  }
});

test('the serialization: pinned requirements and plan entry, steps under agent headings, the Think, the Write header', async () => {
  const { trajectory: t } = await fixture(TS_WITH_CYCLE);
  const shape = searchableThinks(t).find((x) => x.file === 'src/shape.ts')!;
  const prefix = scoringPrefix(t, shape.ordinal, 'MY THINK');
  assert.ok(prefix.startsWith('### Requirements\n# Requirements: Shapes\n'));
  assert.match(prefix, /\n\n### Plan entry: src\/shape\.ts\nPurpose: .+\nNeeds: .+\nKey symbols: `Shape`, `Circle`\n\n## Main agent\n\nThink:\n/);
  assert.match(prefix, /\n\nAction: Plan\(6 files\)\n\{\n  "requirements"/);
  assert.match(prefix, /\n\n## Sub-agent: src\/point\.ts\n\nThink:\n/);
  assert.match(prefix, /\n\nAction: Write\(src\/point\.ts\)\n\/\*\* A point in the plane\. \*\//);
  assert.match(prefix, /\n\n## Sub-agent: src\/shape\.ts\n\nThink:\n[^]*\n\nAction: Read\(src\/point\.ts\)\n\nObservation:\n\/\*\* A point/);
  assert.ok(prefix.endsWith('\n\nThink:\nMY THINK\n\nAction: Write(src/shape.ts)\n'));
  assert.ok(!prefix.includes('[...'), 'nothing omitted in a small repository');
  // Deterministic, and only the Think changes with the Think text.
  assert.equal(scoringPrefix(t, shape.ordinal, 'MY THINK'), prefix);
  assert.equal(scoringPrefix(t, shape.ordinal, 'OTHER'), prefix.replace('MY THINK', 'OTHER'));
});

test('the target is never in the prefix: fixtures in six languages', async () => {
  for (const [name, files] of Object.entries(REPOS)) {
    const { trajectory: t } = await fixture(files);
    assert.ok(assertNoTargetInPrefixes(t) > 0, name);
    assertNoTargetInPrefixes(t, 1_000);
  }
});

test('the target is never in the prefix: zod/src, every file, two prefix sizes', { timeout: 120_000 }, async () => {
  const { trajectory: t } = await zodFixture();
  const guarded = assertNoTargetInPrefixes(t, DEFAULT_MAX_PREFIX_CHARS);
  assert.ok(guarded > 300, `${guarded} guarded targets`);
  assertNoTargetInPrefixes(t, 200_000);
});

test('truncation: whole older steps are dropped first, then the oldest remaining observation is cut', async () => {
  const { trajectory: t } = await fixture(TS_WITH_CYCLE);
  const shape = searchableThinks(t).find((x) => x.file === 'src/shape.ts')!;
  const full = scoringPrefix(t, shape.ordinal, 'MY THINK');
  const fixedPart = scoringPrefix(t, shape.ordinal, 'MY THINK', { maxPrefixChars: 0 });
  // With no room at all: the pinned parts, the omission line, the heading, the Think and the Write header.
  assert.match(fixedPart, /\n\n\[\.\.\. \d+ earlier steps omitted \.\.\.\]\n\n## Sub-agent: src\/shape\.ts\n\nThink:\nMY THINK\n\nAction: Write\(src\/shape\.ts\)\n$/);
  const omittedAll = Number(/\[\.\.\. (\d+) earlier steps omitted \.\.\.\]/.exec(fixedPart)![1]);
  assert.equal(omittedAll, shape.ordinal);

  // Somewhere between: the steps kept are the most recent ones, whole, except maybe one cut observation.
  for (const max of [1_500, 2_000, 2_500, 3_000, 3_500, 4_000]) {
    const p = scoringPrefix(t, shape.ordinal, 'MY THINK', { maxPrefixChars: max });
    assert.ok(p.length <= max || p === fixedPart, `${p.length} ≤ ${max}`);
    const omitted = Number(/\[\.\.\. (\d+) earlier steps? omitted \.\.\.\]/.exec(p)?.[1] ?? 0);
    assert.ok(omitted > 0 && omitted <= omittedAll);
    const cut = p.match(/\[\.\.\. observation truncated for scoring: [\d,]+ characters omitted \.\.\.\]/g) ?? [];
    assert.ok(cut.length <= 1);
    // The newest step before the Think is the Read observation of render.ts.
    if (omitted < shape.ordinal) assert.match(p, /Observation:\n/);
  }
  // A big dependency read just before the Think: with little room, its observation is cut to its head.
  const big = Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i};`).join('\n') + '\n';
  const r = await fixture({ 'src/big.ts': big, 'src/user.ts': "import { value1 } from './big';\nexport const doubled = value1 * 2;\n" });
  const user = searchableThinks(r.trajectory).find((x) => x.file === 'src/user.ts')!;
  const cut = scoringPrefix(r.trajectory, user.ordinal, 'MY THINK', { maxPrefixChars: 3_000 });
  assert.ok(cut.length <= 3_000, `${cut.length}`);
  assert.match(cut, /\n\n\[\.\.\. \d+ earlier steps omitted \.\.\.\]\n\n## Sub-agent: src\/user\.ts\n\nObservation:\nexport const value0 = 0;\nexport const value1 = 1;\n[^]*\n\[\.\.\. observation truncated for scoring: [\d,]+ characters omitted \.\.\.\]\n\nThink:\nMY THINK\n\nAction: Write\(src\/user\.ts\)\n$/);
  const omitted = Number(/\[\.\.\. (\d+) earlier steps omitted \.\.\.\]/.exec(cut)![1]);
  assert.equal(omitted, user.ordinal - 1, 'everything older than the cut observation is dropped');
  assert.ok(full.length > 4_000);
});

test('guards: only implementation Thinks, no Think that contains the file, no file read or written before', async () => {
  const { trajectory: t } = await fixture(TS_WITH_CYCLE);
  const shape = searchableThinks(t).find((x) => x.file === 'src/shape.ts')!;
  const target = shape.write.action!.content;
  assert.throws(() => scoringPrefix(t, 0, 'x'), /not the Think right before a Write/);
  const purpose = t.steps.findIndex((s) => s.file === 'src/shape.ts' && s.kind === 'think');
  assert.throws(() => scoringPrefix(t, purpose, 'x'), /not the Think right before a Write/);
  assert.throws(() => scoringPrefix(t, shape.ordinal, `Here is the file:\n${target}`), TargetInPrefixError);
  assert.ok(containsTarget(`Here is the file:\n${target}`, target));
  assert.equal(containsTarget('short', '}\n'), false);

  // A trajectory where the file was read before its own Write (it cannot happen; it must still throw).
  const bad = structuredClone(t);
  const readAt = bad.steps.findIndex((s) => s.action?.type === 'read' && s.file === 'src/shape.ts');
  bad.steps[readAt].action!.path = 'src/shape.ts';
  assert.throws(() => scoringPrefix(bad, shape.ordinal, 'x'), /src\/shape\.ts is read at step \d+, before the Think/);
});

test('a byte-identical file written earlier is redacted from the prefix', async () => {
  const same = "export const answer = computeTheAnswer(6, 7);\nexport const question = 'unknown';\n";
  const { trajectory: t } = await fixture({ 'a/one.ts': same, 'b/two.ts': same, 'c/three.ts': "import { answer } from '../a/one';\nexport const twice = answer * 2;\n" });
  const found = searchableThinks(t);
  const second = found[1];
  const prefix = scoringPrefix(t, second.ordinal, t.steps[second.ordinal].content);
  assert.ok(!prefix.includes(same.trim()));
  assert.ok(prefix.includes(REDACTED_TARGET));
  // The third file reads one.ts, whose content is not its own target: shown as is.
  const third = found[2];
  assert.ok(scoringPrefix(t, third.ordinal, 'x').includes(same.trim()));
});
