/**
 * The export's bytes, pinned: a fixed pipeline (ingest two real trees → synthesize offline → store
 * → load → search offline → store → approve → export JSONL with text and ATIF) is run against a
 * fresh database and its output compared byte for byte with the files in `golden/`, which were
 * made by this test on the code before steps stored references to files instead of copies.
 *
 * What differs from one run to the next is mapped, not dropped (see `normalise`): every UUID
 * (trajectory, run, search ids; also in the ATIF file names) becomes `<uuid-N>` and every ISO
 * timestamp `<time-N>`, numbered by first appearance, so the same id or time in two places must
 * still be the same. Nothing else is touched.
 *
 * The trees: `e2e/fixtures/mini` twice (TypeScript and Python; every Read in full, then every Read
 * a reference to the file written earlier) and Python 3.11's `json` package (`e2e/fixtures/python-json`, with a
 * small read allowance, so its Reads are whole files and truncations; searched offline).
 * `RETRACE_UPDATE_GOLDEN=1 npm test -- goldenExport` rewrites the golden files.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { Prisma, PrismaClient } from '@prisma/client';
import { ingest } from '../1-ingest/ingest';
import { createOfflineModel } from '../2-synthesize/offlineModel';
import type { ReadPolicy } from '../2-synthesize/readPolicy';
import { configHash, resolveConfig } from '../2-synthesize/runs/config';
import { loadStructure } from '../2-synthesize/runs/loadStructure';
import { loadTrajectory } from '../2-synthesize/runs/loadTrajectory';
import { storeTrajectory } from '../2-synthesize/runs/storeTrajectory';
import { synthesize } from '../2-synthesize/synthesize';
import { createOfflineProposer } from '../3-search/offlineProposer';
import { resolveSearchConfig, searchConfigHash } from '../3-search/runs/config';
import { storeSearch } from '../3-search/runs/storeSearch';
import { buildOfflineScorer } from '../3-search/scoring/offlineScorer';
import { searchTrajectory } from '../3-search/searchTrajectory';
import { decide } from '../4-review/decide';
import { freshDatabase } from '../testing/database';
import { tempTree } from '../testing/tempTree';
import { exportDataset } from './runExport';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const GOLDEN = path.join(HERE, 'golden');
const REPO_ROOT = path.resolve(HERE, '../..');
/** Python 3.11.2's `json` package (Debian's `/usr/lib/python3.11/json`), committed so the test runs on any machine. */
const PYTHON_JSON = path.join(REPO_ROOT, 'e2e/fixtures/python-json');

/** Every file under `dir` (paths relative to it, `/`-separated), skipping `__pycache__`. */
function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== '__pycache__') walk(r);
      } else files[r] = fs.readFileSync(path.join(dir, r), 'utf8');
    }
  };
  walk('');
  return files;
}

/** The real pipeline for one tree; returns the stored trajectory's id. */
async function pipeline(prisma: PrismaClient, files: Record<string, string>, name: string, readPolicy: ReadPolicy, search: boolean): Promise<string> {
  const ingested = await ingest(prisma, tempTree(files, `retrace-golden-${name}-`), { name, recordedSource: `/fixtures/${name}` });
  const structure = await loadStructure(prisma, ingested.snapshotId);
  const trajectory = await synthesize(structure, createOfflineModel(), { readPolicy });
  const config = resolveConfig({ provider: 'offline', repeatedReads: readPolicy.repeated });
  const run = await prisma.synthesisRun.create({
    data: { snapshotId: ingested.snapshotId, provider: config.provider, model: config.model, config: config as unknown as Prisma.InputJsonValue, configHash: configHash(config), status: 'running' },
  });
  const id = await storeTrajectory(prisma, run.id, trajectory);
  if (search) {
    // Searched as a search job does: from the stored trajectory.
    const stored = await loadTrajectory(prisma, id);
    const scorer = await buildOfflineScorer({ prisma: null, structure, excludeRepositoryId: null });
    const result = await searchTrajectory(stored.trajectory, structure, scorer, createOfflineProposer(structure));
    const sc = resolveSearchConfig({ scorer: 'offline', proposer: 'offline' });
    const searchRun = await prisma.searchRun.create({
      data: { trajectoryId: id, config: sc as unknown as Prisma.InputJsonValue, configHash: searchConfigHash(sc), scorerProvider: 'offline', scorerModel: sc.scorer.model, proposerProvider: 'offline', proposerModel: sc.proposer.model, status: 'queued' },
    });
    await storeSearch(prisma, searchRun.id, result);
  }
  return id;
}

/** Every file under `dir` as text, by relative path. */
function readOutput(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.set(r, fs.readFileSync(path.join(dir, r), 'utf8'));
    }
  };
  walk('');
  return out;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;

/**
 * The export with run-to-run differences mapped: UUIDs → `<uuid-N>`, ISO timestamps → `<time-N>`,
 * numbered by first appearance over the card, the manifest, the shards, then the ATIF files in
 * the manifest's order; file names are mapped the same way.
 */
function normalise(files: Map<string, string>): Map<string, string> {
  const maps = { uuid: new Map<string, string>(), time: new Map<string, string>() };
  const map = (text: string) =>
    text
      .replace(UUID, (u) => maps.uuid.get(u) ?? (maps.uuid.set(u, `<uuid-${maps.uuid.size + 1}>`), maps.uuid.get(u)!))
      .replace(ISO_TIME, (t) => maps.time.get(t) ?? (maps.time.set(t, `<time-${maps.time.size + 1}>`), maps.time.get(t)!));
  const manifest = JSON.parse(files.get('manifest.json') ?? '{}') as { files?: { data?: string[]; atif?: string[] } };
  const order = ['README.md', 'manifest.json', ...(manifest.files?.data ?? []), ...(manifest.files?.atif ?? [])];
  for (const name of [...files.keys()].sort()) if (!order.includes(name)) order.push(name);
  const result = new Map<string, string>();
  // File names keep the numbers without the brackets.
  for (const name of order) if (files.has(name)) result.set(map(name).replace(/[<>]/g, ''), map(files.get(name)!));
  return result;
}

let db: Awaited<ReturnType<typeof freshDatabase>> | undefined;

after(async () => {
  const shared = (globalThis as { retracePrisma?: PrismaClient }).retracePrisma;
  await shared?.$disconnect();
  await db?.drop();
});

test('the export of a fixed pipeline is byte-identical to the golden export', async () => {
  db = await freshDatabase('golden_export');
  const prisma = db.prisma;
  const miniTree = readTree(path.join(REPO_ROOT, 'e2e/fixtures/mini'));
  // Reads in full; reads as references to earlier reads; whole reads and truncations (json's big files), searched.
  const mini = await pipeline(prisma, miniTree, 'mini', { maxChars: 44_000, repeated: 'full' }, false);
  const references = await pipeline(prisma, miniTree, 'mini-references', { maxChars: 44_000, repeated: 'reference' }, false);
  const json = await pipeline(prisma, readTree(PYTHON_JSON), 'python-json', { maxChars: 6_000, repeated: 'once' }, true);
  const reviewer = await prisma.user.create({ data: { id: 'user-golden-reviewer', name: 'Golden Reviewer', email: 'golden-reviewer@example.test', role: 'reviewer' } });
  await decide(prisma, { trajectoryId: mini, expectedVersion: 0, decision: 'approved', reviewerId: reviewer.id });
  await decide(prisma, { trajectoryId: references, expectedVersion: 0, decision: 'approved', reviewerId: reviewer.id });
  await decide(prisma, { trajectoryId: json, expectedVersion: 0, decision: 'approved', reviewerId: reviewer.id, note: 'golden' });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-golden-export-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, 'out');
  await exportDataset(prisma, { out, format: 'jsonl', withText: true, atif: true, now: new Date('2026-12-01T00:00:00Z') });
  const actual = normalise(readOutput(out));

  if (process.env.RETRACE_UPDATE_GOLDEN === '1') {
    fs.rmSync(GOLDEN, { recursive: true, force: true });
    for (const [name, text] of actual) {
      fs.mkdirSync(path.dirname(path.join(GOLDEN, name)), { recursive: true });
      fs.writeFileSync(path.join(GOLDEN, name), text);
    }
  }
  const golden = readOutput(GOLDEN);
  assert.deepEqual([...actual.keys()].sort(), [...golden.keys()].sort(), 'the same files');
  for (const [name, text] of actual) assert.ok(text === golden.get(name), `${name} differs from golden/${name}`);
});
