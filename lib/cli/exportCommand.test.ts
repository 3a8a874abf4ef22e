import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { decide } from '../4-review/decide';
import { createTestUser, storeTestTrajectory } from '../4-review/testing';
import { freshDatabase } from '../testing/database';

const MAIN = path.resolve('lib/cli/main.ts');
let db: Awaited<ReturnType<typeof freshDatabase>>;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-export-cli-'));

function retrace(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: db.url, RETRACE_HOME: home }, timeout: 120_000 });
}

before(async () => {
  db = await freshDatabase('export_cli');
});
after(async () => {
  await db.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

test('export says what to do when nothing is approved, and refuses bad options', async () => {
  await storeTestTrajectory(db.prisma, { repositoryName: 'cli-export' });
  const none = retrace('export', '--out', path.join(home, 'none'));
  assert.equal(none.status, 1);
  assert.match(none.stderr, /No approved trajectories: approve some in the studio's review queue, or choose --status/);
  const badStatus = retrace('export', '--status', 'great');
  assert.equal(badStatus.status, 2);
  assert.match(badStatus.stderr, /--status takes approved, pending, rejected, needs_resynthesis or all/);
  const badFormat = retrace('export', '--format', 'csv');
  assert.equal(badFormat.status, 2);
  assert.match(badFormat.stderr, /--format takes jsonl or parquet/);
  const badTokenizer = retrace('export', '--status', 'all', '--tokenizer', 'gpt9', '--out', path.join(home, 'tk'));
  assert.equal(badTokenizer.status, 2); // refused before the database is opened, like the other options
  assert.match(badTokenizer.stderr, /Unknown tokenizer "gpt9"/);
});

test('export --json writes Parquet, ATIF and the card, then refuses the same folder without --overwrite', async () => {
  const id = await storeTestTrajectory(db.prisma, { repositoryName: 'cli-export-approved', files: 3 });
  const reviewer = await createTestUser(db.prisma, 'CLI Reviewer');
  await decide(db.prisma, { trajectoryId: id, expectedVersion: 0, decision: 'approved', reviewerId: reviewer.id });
  const out = path.join(home, 'out');
  const r = retrace('export', '--format', 'parquet', '--tokenizer', 'o200k', '--context', '4096', '--atif', '--with-text', '--out', out, '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'no progress output in --json mode');
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.counts.trajectories, 1);
  assert.deepEqual(summary.files, { data: ['data-00000.parquet'], atif: [`atif/${id}.json`] });
  assert.deepEqual(fs.readdirSync(out).sort(), ['README.md', 'atif', 'data-00000.parquet', 'manifest.json']);
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  assert.equal(manifest.configuration.tokenizer, 'o200k');
  assert.equal(manifest.samples[0].review.reviewer, reviewer.email);

  const again = retrace('export', '--out', out);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /is not empty .*--overwrite/);
  const human = retrace('export', '--out', out, '--overwrite');
  assert.equal(human.status, 0, human.stderr);
  assert.match(human.stdout, /Exported 1 approved trajectories to/);
  assert.match(human.stdout, /tokens +\d+ in all, \d+ trained on, \d+ masked/);
});
