import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Prisma, PrismaClient } from '@prisma/client';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { createOfflineModel } from '../2-synthesize/offlineModel';
import { synthesize } from '../2-synthesize/synthesize';
import { ingest } from '../1-ingest/ingest';
import { decide } from '../4-review/decide';
import { previewSelection } from './select';
import { createTestUser } from '../4-review/testing';
import { buildOfflineScorer } from '../3-search/scoring/offlineScorer';
import { createOfflineProposer } from '../3-search/offlineProposer';
import { searchTrajectory } from '../3-search/searchTrajectory';
import { resolveSearchConfig, searchConfigHash } from '../3-search/runs/config';
import { storeSearch } from '../3-search/runs/storeSearch';
import { configHash, resolveConfig } from '../2-synthesize/runs/config';
import { loadStructure } from '../2-synthesize/runs/loadStructure';
import { storeTrajectory } from '../2-synthesize/runs/storeTrajectory';
import { freshDatabase } from '../testing/database';
import { tempTree } from '../testing/tempTree';
import { validateAtif } from './atifSchema';
import type { ExportManifest } from './card';
import { exportDataset } from './runExport';
import { loadTokenizer } from './tokenizers';
import type { SequenceRow } from './writers';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let prisma: PrismaClient;
let approvedId: string;
let reviewerId: string;
let pendingId: string;
let searchedThink: string;
let reviewerEmail: string;

const MIT = 'MIT License\n\nCopyright (c) 2026 Ledger\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software.\n';
const LEDGER = {
  'README.md': '# Ledger\n\nDouble-entry bookkeeping.\n',
  LICENSE: MIT,
  'ledger/__init__.py': '',
  'ledger/money.py': '"""Money in whole cents."""\n\n\nclass Money:\n    def __init__(self, cents: int):\n        self.cents = cents\n\n    def add(self, other: "Money") -> "Money":\n        return Money(self.cents + other.cents)\n',
  'ledger/account.py': 'from ledger.money import Money\n\n\nclass Account:\n    """An account with a running balance."""\n\n    def __init__(self, name: str):\n        self.name = name\n        self.balance = Money(0)\n',
};
const NOTES = { 'notes.ts': "export const NOTE = '<|observation|> is text here';\n", 'index.ts': "import { NOTE } from './notes';\nexport default NOTE;\n" };

/** The real pipeline: ingest → synthesize offline → store (→ search offline → store). */
async function storeSynthesis(files: Record<string, string>, name: string, search: boolean) {
  const ingested = await ingest(prisma, tempTree(files), { name });
  const structure = await loadStructure(prisma, ingested.snapshotId);
  const trajectory = await synthesize(structure, createOfflineModel());
  const config = resolveConfig({ provider: 'offline' });
  const run = await prisma.synthesisRun.create({
    data: { snapshotId: ingested.snapshotId, provider: config.provider, model: config.model, config: config as unknown as Prisma.InputJsonValue, configHash: configHash(config), status: 'running' },
  });
  const id = await storeTrajectory(prisma, run.id, trajectory);
  if (search) {
    const scorer = await buildOfflineScorer({ prisma: null, structure, excludeRepositoryId: null });
    const result = await searchTrajectory(trajectory, structure, scorer, createOfflineProposer(structure));
    const sc = resolveSearchConfig({ scorer: 'offline', proposer: 'offline' });
    const searchRun = await prisma.searchRun.create({
      data: { trajectoryId: id, config: sc as unknown as Prisma.InputJsonValue, configHash: searchConfigHash(sc), scorerProvider: 'offline', scorerModel: sc.scorer.model, proposerProvider: 'offline', proposerModel: sc.proposer.model, status: 'queued' },
    });
    await storeSearch(prisma, searchRun.id, result);
    const rewritten = result.steps.find((s) => s.finalText !== trajectory.steps.find((t) => t.ordinal === s.ordinal)?.content);
    searchedThink = (rewritten ?? result.steps[0]).finalText;
  }
  return id;
}

function outDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-export-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'out');
}

const readManifest = (out: string): ExportManifest => JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
const readJsonl = (out: string, files: string[]): SequenceRow[] => files.flatMap((f) => fs.readFileSync(path.join(out, f), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l)));

before(async () => {
  db = await freshDatabase('export');
  prisma = db.prisma;
  approvedId = await storeSynthesis(LEDGER, 'ledger', true);
  pendingId = await storeSynthesis(NOTES, 'notes', false);
  const reviewer = await createTestUser(prisma, 'Export Reviewer');
  reviewerEmail = reviewer.email;
  reviewerId = reviewer.id;
  await decide(prisma, { trajectoryId: approvedId, expectedVersion: 0, decision: 'approved', reviewerId: reviewer.id });
});

after(async () => {
  const shared = (globalThis as { retracePrisma?: PrismaClient }).retracePrisma;
  await shared?.$disconnect();
  await db?.drop();
});

test('the default export takes the approved trajectories: data, ATIF, card and manifest with provenance', async () => {
  const out = outDir();
  const phases = new Set<string>();
  const summary = await exportDataset(prisma, { out, atif: true, withText: true, now: new Date('2026-11-21T12:00:00Z') }, (phase) => phases.add(phase));
  assert.deepEqual([...phases], ['select', 'export', 'card']);
  assert.equal(summary.counts.trajectories, 1);
  assert.deepEqual(summary.files.data, ['data-00000.jsonl']);
  assert.deepEqual(summary.files.atif, [`atif/${approvedId}.json`]);

  const rows = readJsonl(out, summary.files.data);
  assert.equal(rows.length, summary.counts.sequences);
  assert.deepEqual(rows[0].trajectory_ids, [approvedId]);
  const tokenizer = loadTokenizer('llama3');
  const special = new Set([tokenizer.bos, tokenizer.eos]);
  const text = tokenizer.decode(rows[0].input_ids.filter((id) => !special.has(id)));
  assert.equal(text, rows[0].text);
  assert.ok(text.startsWith('<|trajectory repository="ledger"|>\n'));
  assert.ok(text.includes(searchedThink), 'Thinks are exported as the latest succeeded search left them');
  assert.ok(text.includes(LEDGER['ledger/money.py']), 'written code is the real file');

  const m = readManifest(out);
  assert.equal(m.tokens.total, rows.reduce((n, r) => n + r.input_ids.length, 0));
  assert.equal(m.tokens.trained, rows.reduce((n, r) => n + r.labels.filter((l) => l !== -100).length, 0));
  assert.equal(m.tokens.total, m.tokens.trained + m.tokens.masked + m.tokens.bos + m.tokens.padding);
  assert.ok(m.tokens.masked > 0);
  const [sample] = m.samples;
  assert.equal(sample.trajectoryId, approvedId);
  assert.equal(sample.repository, 'ledger');
  assert.equal(sample.licence, 'MIT');
  assert.equal(sample.review?.decision, 'approved');
  assert.equal(sample.review?.reviewer, reviewerEmail);
  assert.ok(sample.searchRunId);
  assert.deepEqual(sample.sequences, [0]);

  const card = fs.readFileSync(summary.card, 'utf8');
  assert.match(card, /^---\nlicense: mit\n/);
  assert.ok(card.includes(`| ${approvedId} | ledger | — | MIT |`));
  assert.ok(card.includes(reviewerEmail));
  assert.match(card, /\| tokenizer \| llama3 \|/);
  assert.match(card, /\| context \| 65,536 tokens \|/);

  const atif = validateAtif(JSON.parse(fs.readFileSync(path.join(out, summary.files.atif[0]), 'utf8')));
  assert.equal(atif.session_id, approvedId);
  assert.equal(atif.extra?.licence, 'MIT');
});

test('--status, --repository and superseded trajectories select what they say', async () => {
  const pending = await exportDataset(prisma, { out: outDir(), status: 'pending' });
  assert.deepEqual(readManifest(pending.out).samples.map((s) => s.trajectoryId), [pendingId]);
  const all = await exportDataset(prisma, { out: outDir(), status: 'all' });
  assert.deepEqual(readManifest(all.out).samples.map((s) => s.trajectoryId).sort(), [approvedId, pendingId].sort());
  const one = await exportDataset(prisma, { out: outDir(), status: 'all', repository: 'notes' });
  assert.equal(one.counts.trajectories, 1);

  // A newer trajectory of `notes` supersedes the pending one: left out unless asked for.
  const newer = await storeSynthesis(NOTES, 'notes', false);
  const latest = await exportDataset(prisma, { out: outDir(), status: 'pending' });
  assert.deepEqual(readManifest(latest.out).samples.map((s) => s.trajectoryId), [newer]);
  const both = await exportDataset(prisma, { out: outDir(), status: 'pending', includeSuperseded: true });
  assert.deepEqual(readManifest(both.out).samples.map((s) => s.trajectoryId), [pendingId, newer]);
  const notes = readManifest(both.out).samples[0];
  assert.equal(notes.licence, 'unknown');
  assert.equal(notes.review, null);
});

test('Parquet export with a small context packs, splits and reads back', async () => {
  const summary = await exportDataset(prisma, { out: outDir(), status: 'all', includeSuperseded: true, format: 'parquet', context: 1024, pad: true, shardSequences: 2 });
  assert.ok(summary.counts.sequences > 2);
  assert.ok(summary.counts.splitTrajectories > 0);
  assert.equal(summary.files.data.length, Math.ceil(summary.counts.sequences / 2));
  let rows = 0;
  for (const f of summary.files.data) {
    const read = (await parquetReadObjects({ file: await asyncBufferFromFile(path.join(summary.out, f)) })) as SequenceRow[];
    for (const r of read) assert.equal(r.input_ids.length, 1024, 'padded to the context');
    rows += read.length;
  }
  assert.equal(rows, summary.counts.sequences);
  assert.ok(summary.tokens.padding > 0);
});

test('clear errors: nothing matches, an unknown repository, a folder that is not empty', async () => {
  await assert.rejects(exportDataset(prisma, { out: outDir(), status: 'rejected' }), /No trajectories are rejected/);
  await assert.rejects(exportDataset(prisma, { out: outDir(), repository: 'nope' }), /No repository named "nope"/);
  await assert.rejects(exportDataset(prisma, { out: outDir(), repository: 'notes' }), /No approved trajectories of notes: approve some in the studio's review queue, or choose --status/);
  const out = outDir();
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'data-00000.jsonl'), 'old\n');
  fs.writeFileSync(path.join(out, 'data-00007.jsonl'), 'old\n');
  await assert.rejects(exportDataset(prisma, { out }), /exists and is not empty .*--overwrite/);
  const summary = await exportDataset(prisma, { out, overwrite: true });
  assert.deepEqual(fs.readdirSync(out).sort(), ['README.md', 'data-00000.jsonl', 'manifest.json']);
  assert.equal(summary.counts.trajectories, 1);
});

test('an approved trajectory stays in the export after a re-synthesis until its successor is reviewed', async () => {
  const rejected = await storeSynthesis(LEDGER, 'ledger', false);
  await decide(prisma, { trajectoryId: rejected, expectedVersion: 0, decision: 'rejected', reason: 'incoherent_reasoning', reviewerId });
  const keptAfterReject = await exportDataset(prisma, { out: outDir(), repository: 'ledger' });
  assert.deepEqual(readManifest(keptAfterReject.out).samples.map((s) => s.trajectoryId), [approvedId], 'a rejected successor leaves the approved one in');
  const newer = await storeSynthesis(LEDGER, 'ledger', false);
  const stillApproved = await exportDataset(prisma, { out: outDir(), repository: 'ledger' });
  assert.deepEqual(readManifest(stillApproved.out).samples.map((s) => s.trajectoryId), [approvedId], 'the pending successor does not push the approved one out');
  await decide(prisma, { trajectoryId: newer, expectedVersion: 0, decision: 'approved', reviewerId });
  const successor = await exportDataset(prisma, { out: outDir(), repository: 'ledger' });
  assert.deepEqual(readManifest(successor.out).samples.map((s) => s.trajectoryId), [newer], 'once the successor is approved, it replaces the older one');
  const preview = await previewSelection(prisma, { repository: 'ledger' });
  assert.deepEqual([preview.trajectories, preview.repositories, preview.repositoryNames], [1, 1, ['ledger']], 'the preview makes the same selection');
  assert.equal(preview.tokens, (await prisma.trajectory.findUniqueOrThrow({ where: { id: newer } })).tokenCount);
});
