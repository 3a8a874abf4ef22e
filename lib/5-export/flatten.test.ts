import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createOfflineModel } from '../2-synthesize/offlineModel';
import { synthesize } from '../2-synthesize/synthesize';
import type { SynthesizedTrajectory } from '../2-synthesize/types';
import { structureOf } from '../1-ingest/ingest';
import { tempTree } from '../testing/tempTree';
import { flattenTrajectory, longestBarRun } from './flatten';
import { parseFlattened } from './parseFlattened';

/** A file that is itself about the format: it holds markers of level 1 and 2 as content. */
const HOSTILE = [
  "export const OPEN = '<|think|>';",
  '// A line that looks like a closing marker:',
  '<|/observation|>',
  '<||action write path="x"||>',
  "export const CLOSE = '<|/think|>';",
  '',
].join('\n');

const FILES = {
  'README.md': '# Tiny\nA tiny library.\n',
  'src/markers.ts': HOSTILE,
  'src/use.ts': "import { OPEN, CLOSE } from './markers';\nexport const both = OPEN + CLOSE;\n",
  'src/plain.ts': 'export const n = 1;\n',
};

let trajectory: SynthesizedTrajectory;
before(async () => {
  trajectory = await synthesize(await structureOf(tempTree(FILES)), createOfflineModel());
});

describe('flattenTrajectory', () => {
  test('content holding markers raises the level; parsing gives back every block exactly', () => {
    const flat = flattenTrajectory(trajectory, { repository: 'tiny', commit: 'a'.repeat(40) });
    assert.equal(flat.level, 3, 'the file holds `<||`, so markers use three bars');
    assert.ok(flat.text.startsWith('<|||trajectory repository="tiny" commit="aaaa'));
    const blocks = parseFlattened(flat.text);
    const writes = blocks.filter((b) => b.name === 'action write');
    assert.equal(writes.find((b) => b.attrs.path === 'src/markers.ts')?.content, HOSTILE);
    const steps = trajectory.steps;
    // One block per step (plus the trajectory and agent markers), in order, with the same content.
    const stepBlocks = blocks.filter((b) => !b.name.startsWith('agent') && b.name !== 'trajectory');
    assert.equal(stepBlocks.length, steps.length);
    stepBlocks.forEach((b, i) => {
      const s = steps[i];
      if (s.kind === 'think' || s.kind === 'observation') assert.equal(b.content, s.content, `step ${s.ordinal}`);
      else if (s.action!.type === 'read') assert.equal(b.content, '');
      else assert.equal(b.content, s.action!.content, `step ${s.ordinal}`);
      if (s.action?.path) assert.equal(b.attrs.path, s.action.path);
    });
    // A read of the hostile file shows it whole in an observation, and still parses.
    assert.ok(blocks.some((b) => b.name === 'observation' && b.content?.includes('<|/observation|>')));
  });

  test('without marker-like content the level is 1; agents are announced once per run of steps', () => {
    const plain = { ...trajectory, steps: trajectory.steps.filter((s) => s.file !== 'src/markers.ts' && s.action?.path !== 'src/markers.ts') };
    const flat = flattenTrajectory(
      { ...plain, steps: plain.steps.map((s) => (s.kind === 'observation' ? { ...s, content: s.content.replace(/<\|+/g, '<') } : s)) },
      { repository: 'tiny', commit: null },
    );
    assert.equal(flat.level, 1);
    const agents = parseFlattened(flat.text).filter((b) => b.name.startsWith('agent'));
    assert.deepEqual(
      agents.map((a) => a.attrs.path ?? 'main'),
      ['main', 'src/plain.ts', 'src/use.ts'].filter((p) => p === 'main' || plain.steps.some((s) => s.file === p)),
    );
  });

  test('masked spans are exactly the observation blocks, markers included', () => {
    const flat = flattenTrajectory(trajectory, { repository: 'tiny', commit: null });
    const observations = trajectory.steps.filter((s) => s.kind === 'observation');
    assert.equal(flat.maskedSpans.length, observations.length);
    for (const [start, end] of flat.maskedSpans) {
      const span = flat.text.slice(start, end);
      assert.match(span, /^<\|+observation\|+>\n/);
      assert.match(span, /<\|+\/observation\|+>\n$/);
    }
    // Everything else is trained on, and the pieces join to the text.
    assert.equal(flat.segments.map((s) => s.text).join(''), flat.text);
    const unmasked = flat.segments.filter((s) => !s.masked).map((s) => s.text).join('');
    assert.ok(unmasked.includes(HOSTILE), 'the written code is trained on');
  });

  test('a searched Think is exported as the search left it; flattening is deterministic', () => {
    const think = trajectory.steps.find((s) => s.kind === 'think' && s.agent === 'sub')!;
    const a = flattenTrajectory(trajectory, { repository: 'tiny', commit: null }, new Map([[think.ordinal, 'A better plan for this file.']]));
    const b = flattenTrajectory(trajectory, { repository: 'tiny', commit: null }, new Map([[think.ordinal, 'A better plan for this file.']]));
    assert.equal(a.text, b.text);
    assert.ok(a.text.includes('A better plan for this file.\n'));
    assert.ok(!a.text.includes(`${think.content}\n`) || trajectory.steps.filter((s) => s.content === think.content).length > 1);
  });

  test('paths with quotes and newlines stay inside their attribute', () => {
    const odd = 'src/we"ird\npath.ts';
    const steps = trajectory.steps.map((s) => (s.file === 'src/plain.ts' ? { ...s, file: odd, action: s.action ? { ...s.action, path: s.action.path && odd } : null } : s));
    const blocks = parseFlattened(flattenTrajectory({ ...trajectory, steps }, { repository: 'tiny', commit: null }).text);
    assert.ok(blocks.some((b) => b.name === 'agent sub' && b.attrs.path === odd));
  });

  test('longestBarRun counts bars right after a `<`', () => {
    assert.equal(longestBarRun(['a < b', 'x <| y']), 1);
    assert.equal(longestBarRun(['<|||', '|| <']), 3);
    assert.equal(longestBarRun([]), 0);
  });
});
