/**
 * As root in a private folder (a clone under /root, any folder of mode 700): the embedded server,
 * which runs as `postgres`, is started from a copy of binaries it could not reach, and its data
 * goes where it can write. Only root starts a server as another user, so only root runs these.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { freePort, runningServerOf, startEmbeddedPostgres } from './embeddedPostgres';
import { binariesIn, packageBinaries, reachableDataDir, serverUser, userCan } from './serverUser';

const asRoot = process.getuid?.() === 0 ? false : 'only root runs the server as another user';
const made: string[] = [];
function tempDir(label: string, mode: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `retrace-${label}-`));
  fs.chmodSync(dir, mode);
  made.push(dir);
  return dir;
}
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

test('binaries under a mode-700 folder run from a root-owned copy, made once', { skip: asRoot }, async () => {
  const user = serverUser()!;
  const hidden = path.join(tempDir('private', 0o700), 'native');
  fs.cpSync((await packageBinaries()).nativeDir, hidden, { recursive: true, verbatimSymlinks: true });
  assert.equal(userCan(user, 'x', path.join(hidden, 'bin', 'postgres')), false, 'the postgres user should not reach the hidden binaries');
  const cache = tempDir('binary-cache', 0o755);
  const dataDir = path.join(tempDir('data', 0o755), 'postgres');

  const cluster = await startEmbeddedPostgres(dataDir, await freePort(), { binaries: binariesIn(hidden), binaryCache: cache });
  try {
    const client = new pg.Client({ connectionString: cluster.url('postgres') });
    await client.connect();
    const { rows } = await client.query('SELECT current_setting($1) AS dir', ['data_directory']);
    await client.end();
    assert.equal(rows[0].dir, dataDir);
    // The server runs the copy, as postgres, and owns its data.
    const server = runningServerOf(dataDir)!;
    const copies = fs.readdirSync(cache);
    assert.equal(copies.length, 1);
    assert.equal(fs.realpathSync(`/proc/${server.pid}/exe`), path.join(cache, copies[0], 'bin', 'postgres'));
    assert.equal(fs.statSync(`/proc/${server.pid}`).uid, user.uid);
    assert.equal(fs.statSync(dataDir).uid, user.uid);
    const copied = fs.statSync(path.join(cache, copies[0], 'bin', 'postgres'));
    assert.equal(copied.uid, 0);
    assert.equal(copied.mode & 0o022, 0, 'nobody but root may change what root runs');
  } finally {
    await cluster.stop();
  }
  // A second start (fresh data) uses the same copy.
  const again = await startEmbeddedPostgres(path.join(path.dirname(dataDir), 'second'), await freePort(), { binaries: binariesIn(hidden), binaryCache: cache });
  await again.stop();
  assert.equal(fs.readdirSync(cache).length, 1);
});

test('a home under a mode-700 folder keeps its data where postgres can write, linked from the home', { skip: asRoot }, async () => {
  const user = serverUser()!;
  const home = path.join(tempDir('private-home', 0o700), 'checkout', '.retrace');
  const dataRoot = tempDir('data-root', 0o755);
  const wanted = path.join(home, 'postgres');

  const dataDir = reachableDataDir(user, wanted, dataRoot);
  assert.ok(dataDir.startsWith(`${dataRoot}/checkout-`), dataDir);
  assert.equal(fs.readlinkSync(wanted), dataDir);
  assert.equal(reachableDataDir(user, wanted, dataRoot), dataDir, 'the next start finds the same folder through the link');

  const cluster = await startEmbeddedPostgres(dataDir, await freePort());
  await cluster.stop();
  assert.ok(fs.existsSync(path.join(wanted, 'PG_VERSION')));

  // A folder postgres can reach is used where it is.
  const open = path.join(tempDir('open-home', 0o755), 'postgres');
  assert.equal(reachableDataDir(user, open, dataRoot), open);
});

test('a database already made in a folder postgres cannot reach is not moved: the message says what to do', { skip: asRoot }, () => {
  const user = serverUser()!;
  const wanted = path.join(tempDir('private-old', 0o700), 'postgres');
  fs.mkdirSync(wanted);
  fs.writeFileSync(path.join(wanted, 'PG_VERSION'), '18\n');
  assert.throws(() => reachableDataDir(user, wanted, tempDir('data-root', 0o755)), /out of reach of the 'postgres' user.*chmod o\+x.*DATABASE_URL/s);
});
