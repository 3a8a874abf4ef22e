import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { freshDatabase } from '../testing/database';
import { tempTree } from '../testing/tempTree';

const MAIN = path.resolve('lib/cli/main.ts');
let db: Awaited<ReturnType<typeof freshDatabase>>;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-repositories-'));

function retrace(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: db.url, RETRACE_HOME: home }, timeout: 120_000 });
}

before(async () => {
  db = await freshDatabase('repositories_cli');
});
after(async () => {
  await db.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

test('repositories delete shows what goes and deletes only with --yes; the record says the command line did it', async () => {
  const ingested = retrace(['ingest', tempTree({ 'a.py': 'X = 1\n', 'b.py': 'from a import X\n' }), '--name', 'cli-doomed']);
  assert.equal(ingested.status, 0, ingested.stderr);

  const asked = retrace(['repositories', 'delete', 'cli-doomed']);
  assert.equal(asked.status, 1);
  assert.match(asked.stdout, /Deleting cli-doomed would remove 1 snapshot, 0 synthesis runs, 0 trajectories, 0 reviews, 0 search runs\./);
  assert.match(asked.stderr, /nothing was deleted; add --yes to delete cli-doomed/);
  assert.equal(await db.prisma.repository.count({ where: { name: 'cli-doomed' } }), 1);

  const done = retrace(['repositories', 'delete', 'cli-doomed', '--yes', '--json']);
  assert.equal(done.status, 0, done.stderr);
  const { deletion } = JSON.parse(done.stdout.trim().split('\n').pop()!) as { deletion: { name: string; deletedBy: string | null; counts: { snapshots: number } } };
  assert.deepEqual([deletion.name, deletion.deletedBy, deletion.counts.snapshots], ['cli-doomed', null, 1]);
  assert.equal(await db.prisma.repository.count({ where: { name: 'cli-doomed' } }), 0);

  const again = retrace(['repositories', 'delete', 'cli-doomed', '--yes']);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /No repository named "cli-doomed"\. The command line deleted it at /);
  const listed = retrace(['repositories', 'deletions']);
  assert.match(listed.stdout, /cli-doomed {2}1 snapshot, .* by the command line/);
  assert.equal(retrace(['repositories', 'remove', 'x']).status, 2);
});
