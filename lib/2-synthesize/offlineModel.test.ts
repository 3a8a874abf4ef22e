import assert from 'node:assert/strict';
import { test } from 'node:test';
import { structureOf } from '../1-ingest/ingest';
import type { RepoStructure } from '../1-ingest/structure/extractStructure';
import { tempTree } from '../testing/tempTree';
import { factsOf, importUse, moduleDoc } from './facts';
import { mainAgentContextOf } from './mainAgentContext';
import { createOfflineModel } from './offlineModel';
import { synthesize } from './synthesize';
import * as repos from './testRepos';

const model = createOfflineModel();

test('the offline model is labelled and its plan follows the order', async () => {
  assert.equal(model.provider, 'offline');
  assert.equal(model.model, 'offline-structural-v1');
  assert.equal(model.offline, true);
  const structure = await structureOf(tempTree(repos.TS_WITH_CYCLE));
  const plan = await model.plan(mainAgentContextOf(structure));
  assert.deepEqual(plan.files.map((f) => f.path), structure.order);
});

test('requirements come from the README, languages, components and entry points', async () => {
  const structure = await structureOf(tempTree(repos.MIXED));
  const { requirements } = await model.plan(mainAgentContextOf(structure));
  assert.match(requirements, /^# Requirements: Mixed tools\n\nA web client and the Python script that generates its data\.\n/);
  assert.match(requirements, /4 source files \(JavaScript 2, Python 2\)/);
  assert.match(requirements, /\*\*`scripts\/`\*\* \(2 files, 13 lines\)/);
  assert.match(requirements, /\*\*`web\/`\*\* \(2 files, 8 lines\)/);
  assert.match(requirements, /## Entry points\n- `web\/app\.js`/);
  assert.match(requirements, /External dependencies: `json`/);
});

test('plan entries: purpose from module docs or symbols, needs from the import statements', async () => {
  const structure = await structureOf(tempTree(repos.PYTHON_PACKAGE));
  const plan = await model.plan(mainAgentContextOf(structure));
  const entry = (p: string) => plan.files.find((f) => f.path === p)!;
  assert.equal(entry('inventory/models.py').purpose, 'Data classes for stocked items...', 'a quoted doc of 20+ characters never reproduces a whole line of the file');
  assert.equal(entry('inventory/stock.py').purpose, 'Defines the `Stock` class: quantities on hand, by...');
  assert.equal(entry('inventory/stock.py').needs, '`models.py` (`Item`).');
  assert.equal(entry('inventory/report.py').needs, '`models.py` (as `models`: `Item`); `stock.py` (`Stock`).');
  assert.equal(entry('inventory/models.py').needs, 'Nothing from earlier files.');
  assert.equal(entry('tests/__init__.py').purpose, 'Marks `tests` as a Python package (the file is empty).');
  assert.equal(entry('tests/test_stock.py').purpose, 'Tests for `models.py` and `stock.py`.');
  assert.deepEqual(entry('inventory/report.py').keySymbols, ['HEADER', 'report']);
});

test('import use is read from real statements in each language', async () => {
  const go = await structureOf(tempTree(repos.GO_MODULE));
  const gf = factsOf(go);
  assert.deepEqual(importUse(gf, gf.files.get('main.go')!, gf.files.get('store/store.go')!), { names: ['New'], all: false, namespace: 'store' });
  const rust = await structureOf(tempTree(repos.RUST_CRATE));
  const rf = factsOf(rust);
  assert.deepEqual(importUse(rf, rf.files.get('src/report.rs')!, rf.files.get('src/counter.rs')!).names, ['Counter']);
  const ts = await structureOf(tempTree(repos.TS_WITH_CYCLE));
  const tf = factsOf(ts);
  assert.deepEqual(importUse(tf, tf.files.get('src/shape.ts')!, tf.files.get('src/point.ts')!).names, ['distance', 'Point']);
  assert.equal(importUse(tf, tf.files.get('src/index.ts')!, tf.files.get('src/point.ts')!).all, true);
  assert.equal(moduleDoc(tf.files.get('src/point.ts')!), 'A point in the plane.');
  assert.equal(moduleDoc(tf.files.get('src/shape.ts')!), null); // its comment documents the class below
  const java = await structureOf(tempTree(repos.JAVA_PROJECT));
  const jf = factsOf(java);
  assert.deepEqual(importUse(jf, jf.files.get('src/main/java/com/acme/App.java')!, jf.files.get('src/main/java/com/acme/bank/Ledger.java')!).names, ['Ledger']);
});

/** Lines of a file's bodies: code lines that are not a declaration's first line, long enough to be distinctive. */
function bodyLines(structure: RepoStructure, path: string): string[] {
  const file = structure.files.find((f) => f.path === path)!;
  const signatureLines = new Set(file.symbols.map((s) => s.startLine));
  return file.content
    .split('\n')
    .map((l, i) => ({ text: l.trim(), line: i + 1 }))
    .filter((l) => l.text.length >= 16 && !signatureLines.has(l.line) && !/^(\/\/|#|\*|\/\*|"""|import |from |use |package )/.test(l.text))
    .map((l) => l.text);
}

for (const [name, files] of Object.entries(repos)) {
  test(`thinks never copy code bodies: ${name}`, async () => {
    const structure = await structureOf(tempTree(files));
    const t = await synthesize(structure, model);
    for (const step of t.steps) {
      if (step.kind !== 'think' || step.file === null) continue;
      for (const line of bodyLines(structure, step.file)) assert.ok(!step.content.includes(line), `${step.file}: think quotes ${JSON.stringify(line)}`);
    }
  });
}

test('the same input gives the same text; different files get varied phrasing', async () => {
  const structure = await structureOf(tempTree(repos.TS_WITH_CYCLE));
  const a = await synthesize(structure, model);
  const b = await synthesize(structure, createOfflineModel());
  assert.deepEqual(a.steps.map((s) => s.content), b.steps.map((s) => s.content));
  const openers = new Set(a.steps.filter((s) => s.kind === 'think' && s.agent === 'sub').map((s) => s.content.split(/[`(]/)[0]));
  assert.ok(openers.size >= 3, [...openers].join(' | '));
});

test('without a README the requirements say what the software does: its description and public API', async () => {
  const structure = await structureOf(
    tempTree({
      'package.json': '{ "name": "tiny-cache", "description": "An in-memory cache with expiry." }\n',
      'src/index.ts': "export { Cache } from './cache';\nexport { expiresAt } from './clock';\n",
      'src/cache.ts': "import { expiresAt } from './clock';\n/** Values kept until they expire. */\nexport class Cache {\n  get(key: string) {\n    return expiresAt(key);\n  }\n}\n",
      'src/clock.ts': '/** When a key expires. See {@link Cache}. */\nexport function expiresAt(key: string): number {\n  return key.length;\n}\n',
    }),
  );
  const { requirements } = await model.plan(mainAgentContextOf(structure));
  assert.match(requirements, /^# Requirements: tiny-cache\n\n`tiny-cache`: An in-memory cache with expiry\. Its public API offers/);
  assert.match(requirements, /`Cache`/);
  assert.match(requirements, /`expiresAt`/);
  assert.doesNotMatch(requirements, /code base of \d+ source files/);
  const t = await synthesize(structure, model);
  const thinks = t.steps.filter((s) => s.kind === 'think').map((s) => s.content).join('\n');
  assert.doesNotMatch(thinks, /\{@link/, 'JSDoc inline tags read as the names they link');
  assert.match(thinks, /`export function expiresAt\(key: string\): number`/, 'a short head is quoted whole: it is not its whole source line');
  assert.match(thinks, /They rely on `expiresAt`/, 'what the dependents need from the file');
});
