/**
 * Files whose outlines are empty, one token long, nameless or huge: the offline model, the plan and
 * the search must all handle them (the stdlib's `ILLEGAL_MULTILINE_LITERAL_STR_CHARS = ...` once crashed
 * the quoting of declaration heads).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { structureOf } from '../1-ingest/ingest';
import { buildOfflineScorer } from '../3-search/scoring/offlineScorer';
import { createOfflineProposer } from '../3-search/offlineProposer';
import { DEFAULT_SEARCH_SETTINGS, searchTrajectory } from '../3-search/searchTrajectory';
import { tempTree } from '../testing/tempTree';
import { checkGrounding } from './grounding';
import { createOfflineModel, quotedHead, withoutLongRuns } from './offlineModel';
import { describingSymbol, FileSynthesisError } from './fileError';
import { synthesize } from './synthesize';

const bigPython = Array.from({ length: 6000 }, (_, i) => `def function_number_${i}(argument_${i}, other=${i}):\n    return argument_${i} + other\n`).join('\n');

const EDGE_FILES: Record<string, string> = {
  'pkg/__init__.py': '',
  'pkg/constants.py': 'ILLEGAL_MULTILINE_LITERAL_STR_CHARS = frozenset("abc")\n',
  'pkg/one.py': 'x\n',
  'pkg/blank.py': '\n\n   \n',
  'pkg/broken.py': 'def broken(:\n    return )\nclass\n',
  'pkg/uses.py': 'from pkg.constants import ILLEGAL_MULTILINE_LITERAL_STR_CHARS\nfrom pkg import one, blank, broken, huge\n',
  'pkg/huge.py': bigPython,
  'web/anon.js': 'export default function () {}\nexport default class {}\nmodule.exports = class {};\n',
  'web/arrow.ts': 'export const aVeryLongConstantNameThatIsOneToken = 1;\nexport const f = (a: number, b: number): number => a + b;\nexport default () => 1;\n',
  'web/jsdoc.ts': '/** Uses {@link Other} to do things, see {@linkcode Other|the other one}. */\nexport const Other = 1;\n',
  'web/main.ts': "import anon from './anon.js';\nimport { f } from './arrow';\nimport { Other } from './jsdoc';\nconsole.log(anon, f, Other);\n",
  'go/only.go': 'package only\n',
  'rs/lib.rs': '//! A crate.\n',
  'java/Empty.java': 'class {\n',
};

test('synthesis and the search hold on empty, one-token, nameless, broken and huge files', async () => {
  const structure = await structureOf(tempTree(EDGE_FILES));
  assert.equal(structure.order.length, Object.keys(EDGE_FILES).length, 'every file is a source file');
  const trajectory = await synthesize(structure, createOfflineModel());
  assert.deepEqual(checkGrounding(structure, trajectory), []);
  const thinks = trajectory.steps.filter((s) => s.kind === 'think').map((s) => s.content).join('\n');
  assert.doesNotMatch(thinks, /undefined|NaN|\[object Object\]/);
  assert.match(thinks, /`ILLEGAL_MULTILINE_LITERAL_STR_CHARS`/, 'a one-token name is quoted whole');
  const searched = await searchTrajectory(trajectory, structure, await buildOfflineScorer({ prisma: null, structure, excludeRepositoryId: null }), createOfflineProposer(structure), { ...DEFAULT_SEARCH_SETTINGS, rounds: 1, candidates: 2 });
  assert.equal(searched.steps.length + searched.unsearched.length, trajectory.steps.filter((s) => s.kind === 'action' && s.action?.type === 'write').length);
  assert.deepEqual(checkGrounding(structure, searched.trajectory), []);
});

test('quotes keep names whole and never end on an opening bracket', () => {
  assert.equal(withoutLongRuns('ILLEGAL_MULTILINE_LITERAL_STR_CHARS'), 'ILLEGAL_MULTILINE_LITERAL_STR_CHARS');
  assert.equal(withoutLongRuns(''), '');
  assert.equal(withoutLongRuns('a b c d e f'), 'a b c d e...');
  assert.equal(quotedHead('export const aVeryLongName', 'aVeryLongName'), 'export const aVeryLongName');
  assert.equal(quotedHead('export const aVeryLongConstantName: Record', 'aVeryLongConstantName'), 'export const aVeryLongConstantName...');
  assert.equal(quotedHead('def parse(text, *, strict)', 'parse'), 'def parse(text, *, strict...');
  assert.equal(quotedHead('def f(', ''), 'def f(');
});

test('a file the model fails on is named in the error, with its declaration, and marked deterministic offline', async () => {
  const structure = await structureOf(tempTree({ 'a.py': 'def first():\n    pass\n', 'b.py': 'from a import first\n\nSECOND = first()\n' }));
  const offline = createOfflineModel();
  const broken = {
    ...offline,
    thinkImplementation: async (ctx: Parameters<typeof offline.thinkImplementation>[0]) => {
      if (ctx.entry.path !== 'b.py') return offline.thinkImplementation(ctx);
      const symbol = ctx.structure.files.find((f) => f.path === 'b.py')!.symbols[0];
      return { think: describingSymbol(symbol, () => (undefined as unknown as { index: number }).index.toString()) };
    },
  };
  await assert.rejects(synthesize(structure, broken), (err: Error) => {
    assert.ok(err instanceof FileSynthesisError);
    assert.equal(err.file, 'b.py');
    assert.equal(err.symbol?.name, 'SECOND');
    assert.equal(err.deterministic, true);
    assert.match(err.message, /^Could not synthesize b\.py \(declaration `SECOND` at line 3\): Cannot read properties of undefined/);
    return true;
  });
});
