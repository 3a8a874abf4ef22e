/**
 * The layout of lib/ (README.md beside this file) as a test: Retrace's own import graph, built by
 * Retrace's own ingest stage, must keep every arrow pointing from a later layer to an earlier one
 * and hold no import circle anywhere in the project's code.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { structureOf } from './1-ingest/ingest';
import type { RepoStructure } from './1-ingest/structure/extractStructure';

/** Layers in order; a file may import its own layer and earlier ones. Tests are exempt (below). */
const LAYERS: [prefix: string, name: string][] = [
  ['lib/platform/', 'platform'],
  ['lib/testing/', 'platform'],
  ['lib/1-ingest/', '1-ingest'],
  ['lib/2-synthesize/', '2-synthesize'],
  ['lib/3-search/', '3-search'],
  ['lib/4-review/', '4-review'],
  ['lib/5-export/', '5-export'],
  ['lib/studio/', 'studio'],
  ['workers/', 'workers'],
  ['lib/cli/', 'cli'],
  ['components/', 'ui'],
  ['app/', 'ui'],
];
const ORDER = [...new Set(LAYERS.map(([, name]) => name))];

function layerOf(file: string): string | null {
  return LAYERS.find(([prefix]) => file.startsWith(prefix))?.[1] ?? null;
}

/** Tests, fixtures and test-only support may reach anything: they exercise a stage through later ones. */
const isTestCode = (file: string) => /\.test\.tsx?$|(^|\/)(testing|fixtures)\/|testSeed\.ts$|testRepos\.ts$/.test(file) && !file.startsWith('lib/testing/runTests');

let structure: RepoStructure | null = null;
async function project(): Promise<RepoStructure> {
  structure ??= await structureOf(process.cwd());
  return structure;
}

test('every import points to the same layer or an earlier one (platform → ingest → synthesize → search → review → export → studio → workers → cli → ui)', async () => {
  const { edges } = await project();
  const backwards: string[] = [];
  for (const edge of edges) {
    const from = layerOf(edge.from);
    const to = layerOf(edge.to);
    if (!from || !to || isTestCode(edge.from)) continue;
    if (ORDER.indexOf(to) > ORDER.indexOf(from)) backwards.push(`${edge.from} (${from}) imports ${edge.to} (${to})`);
  }
  assert.deepEqual(backwards, []);
});

test('no import circle in the project code', async () => {
  const { cycles } = await project();
  assert.deepEqual(
    cycles.filter((cycle) => !cycle.some((file) => file.includes('/fixtures/'))),
    [],
  );
});

test('lib/ lists the pipeline stages in their order of data flow', async () => {
  const { files } = await project();
  const stages = [...new Set(files.map((f) => f.path.match(/^lib\/(\d-[a-z]+)\//)?.[1]).filter(Boolean))].sort();
  assert.deepEqual(stages, ['1-ingest', '2-synthesize', '3-search', '4-review', '5-export']);
});
