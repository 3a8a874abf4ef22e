import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { FORMAT_SECTIONS, renderCard, type ExportManifest } from './card';

test('the card describes the format with the README’s own sections, verbatim', () => {
  const readme = fs.readFileSync('lib/5-export/README.md', 'utf8');
  const from = readme.indexOf('## Tokens and labels');
  assert.ok(from > 0);
  assert.equal(FORMAT_SECTIONS, readme.slice(from, readme.indexOf('\n## ', readme.indexOf('## The flattened format') + 1) + 1 || undefined));
});

test('table cells escape pipes and newlines; mixed licences are "other" for the Hub', () => {
  const base = { trajectoryId: 't', commit: null, runId: 'r', provider: 'offline', model: 'm', repeatedReads: 'once', reviewState: 'approved' as const, review: null, searchRunId: null, createdAt: '', tokens: 1, parts: 1, sequences: [0] };
  const manifest: ExportManifest = {
    retraceVersion: '0.1.0',
    createdAt: '2026-11-21T12:00:00.000Z',
    configuration: { format: 'parquet', tokenizer: 'llama3', context: 65536, pad: false, withText: false, atif: false, status: 'approved', repository: null, includeSuperseded: false, limit: null, shardSequences: 1000 },
    files: { data: ['data-00000.parquet'], atif: [] },
    counts: { trajectories: 2, sequences: 1, splitTrajectories: 0, parts: 2, cutPieces: 0 },
    tokens: { total: 10, trained: 6, masked: 2, bos: 2, padding: 0 },
    samples: [
      { ...base, repository: 'a|b\nc', licence: 'MIT' },
      { ...base, repository: 'd', licence: 'unknown' },
    ],
  };
  const card = renderCard(manifest);
  assert.match(card, /^---\nlicense: other\n/);
  assert.ok(card.includes('| t | a\\|b c | — | MIT |'));
  assert.ok(card.includes('path: data-*.parquet'));
  assert.ok(card.includes('| tokens trained on | 6 (60.0%) |'));
  assert.ok(card.includes('| Reads of files already in a trajectory | once (2 trajectories); `once`:'), 'the read policy of the exported trajectories');
});
