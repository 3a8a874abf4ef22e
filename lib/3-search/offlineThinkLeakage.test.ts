import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createOfflineModel } from '../2-synthesize/offlineModel';
import { synthesize } from '../2-synthesize/synthesize';
import { PYTHON_PACKAGE, TS_WITH_CYCLE } from '../2-synthesize/testRepos';
import { structureOf } from '../1-ingest/ingest';
import { tempTree } from '../testing/tempTree';
import { leakageReason } from './leakage';

// The offline synthesis holds its own reasoning to the rule search candidates must pass, so the
// NLL before search is not lowered by copying the file.
test('offline Thinks never copy their file by the leakage filter\'s rules', async () => {
  for (const repo of [PYTHON_PACKAGE, TS_WITH_CYCLE]) {
    const structure = await structureOf(tempTree(repo));
    const t = await synthesize(structure, createOfflineModel());
    const content = new Map(structure.files.map((f) => [f.path, f.content]));
    for (const step of t.steps) {
      if (step.kind === 'think' && step.file) assert.equal(leakageReason(step.content, content.get(step.file)!), null, `${step.file}: ${step.content}`);
    }
  }
});
