import assert from 'node:assert/strict';
import { test } from 'node:test';
import { structureOf } from '../1-ingest/ingest';
import { tempTree } from '../testing/tempTree';
import { countTokens } from '../platform/tokens/countTokens';
import { factsOf } from './facts';
import { mainAgentContextOf, renderMainAgentContext } from './mainAgentContext';
import { TS_WITH_CYCLE } from './testRepos';

/** 240 modules in 12 folders, each with 12 documented functions; `src/core/base.ts` is imported by all of them. */
function bigRepo(): Record<string, string> {
  const files: Record<string, string> = {
    'README.md': `# Big\n\n${'A large synthetic project used to test compression. '.repeat(80)}\n`,
    'src/core/base.ts': '/** The base every module builds on. */\nexport interface Base {\n  id: string;\n}\n\nexport function makeBase(id: string): Base {\n  return { id };\n}\n',
  };
  for (let d = 0; d < 12; d++) {
    for (let m = 0; m < 20; m++) {
      const fns = Array.from({ length: 12 }, (_, k) => `/** Computes value ${k} of module ${m}. */\nexport function compute${k}Of${m}(input: number, base: Base): number {\n  return input * ${k} + base.id.length;\n}\n`).join('\n');
      const prev = m > 0 ? `import { compute0Of${m - 1} } from './mod${m - 1}';\n` : '';
      files[`src/area${d}/mod${m}.ts`] = `import { type Base, makeBase } from '../core/base';\n${prev}\n${fns}\nexport const seed${m} = makeBase('${d}-${m}');\n`;
    }
  }
  return files;
}

test('a small repository is rendered whole', async () => {
  const structure = await structureOf(tempTree(TS_WITH_CYCLE));
  const r = renderMainAgentContext(mainAgentContextOf(structure));
  assert.equal(r.compressed, false);
  assert.ok(r.tokens <= 6000);
  assert.equal(r.tokens, countTokens(r.text));
  assert.deepEqual(r.omitted, { outlines: 0, edges: 0, treeFiles: 0, readmeChars: 0 });
  assert.match(r.text, /A tiny geometry library/);
  assert.match(r.text, /src\/shape\.ts -> src\/point\.ts, src\/render\.ts/);
  assert.match(r.text, /export abstract class Shape/);
  assert.match(r.text, /## Dependency cycles \(files that import or, in Go\/Java, use each other\)\n- src\/render\.ts, src\/shape\.ts/);
  assert.doesNotMatch(r.text, /Left out/);
});

test('a large repository is compressed under the budget; the most depended-on file keeps its outline', { timeout: 120_000 }, async () => {
  const structure = await structureOf(tempTree(bigRepo()));
  assert.equal(structure.order.length, 241);
  const facts = factsOf(structure);
  assert.equal(facts.ranked[0], 'src/core/base.ts');
  for (const budget of [6000, 2500, 12_000]) {
    const r = renderMainAgentContext(mainAgentContextOf(structure), { budgetTokens: budget });
    assert.equal(r.compressed, true);
    assert.equal(r.tokens, countTokens(r.text));
    assert.ok(r.tokens <= budget, `${r.tokens} tokens for a budget of ${budget}`);
    assert.equal(r.outlined[0], 'src/core/base.ts');
    assert.match(r.text, /### src\/core\/base\.ts \(TypeScript, 8 lines, imported by 240 files\)\n- export interface Base - The base every module builds on\.\n- export function makeBase/);
    assert.ok(r.omitted.outlines > 0 && r.omitted.outlines === 241 - r.outlined.length);
    assert.match(r.text, new RegExp(`Left out to fit the ${budget.toLocaleString('en-US')}-token budget: outlines of ${r.omitted.outlines} of 241 source files`));
    // Outlines follow the ranking.
    assert.deepEqual(r.outlined, facts.ranked.slice(0, r.outlined.length));
  }
  const small = renderMainAgentContext(mainAgentContextOf(structure), { budgetTokens: 2500 });
  const large = renderMainAgentContext(mainAgentContextOf(structure), { budgetTokens: 12_000 });
  assert.ok(large.outlined.length > small.outlined.length);
});

test('rendering is deterministic', async () => {
  const structure = await structureOf(tempTree(bigRepo()));
  const a = renderMainAgentContext(mainAgentContextOf(structure), { budgetTokens: 3000 });
  const b = renderMainAgentContext(mainAgentContextOf(structure), { budgetTokens: 3000 });
  assert.deepEqual(a, b);
});
