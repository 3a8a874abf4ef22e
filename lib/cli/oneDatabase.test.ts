/**
 * One database: a command run without the studio's environment finds the running studio's
 * database (by RETRACE_HOME), says which one it used on a terminal, and never creates an empty
 * one while a studio runs elsewhere with another home. Real embedded PostgreSQL servers; the
 * "studio" is this test process, recorded as a studio records itself.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createPrismaClient } from '../platform/db/client';
import { openDatabase, type Database } from '../platform/db/database';
import { freePort, startEmbeddedPostgres, type EmbeddedCluster } from '../platform/db/embeddedPostgres';
import { recordStudio, runningStudios, studioOfHome, type StudioRecord } from '../platform/db/runningStudios';

const MAIN = path.resolve('lib/cli/main.ts');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-one-db-'));
fs.chmodSync(root, 0o755); // as root, the server user enters it
const runtime = path.join(root, 'running');
const studioHome = path.join(root, 'studio-home');
const saved = { ...process.env };
let studio: Database;
let forget: () => void;
let commandEnv: NodeJS.ProcessEnv;
const clusters: EmbeddedCluster[] = [];

before(async () => {
  delete process.env.DATABASE_URL;
  Object.assign(process.env, { RETRACE_HOME: studioHome, RETRACE_RUNTIME_DIR: runtime, RETRACE_PG_PORT: String(await freePort()) });
  studio = await openDatabase({ user: 'studio' });
  forget = recordStudio({ pid: process.pid, home: studioHome, databaseUrl: studio.url, database: studio.description, url: 'http://127.0.0.1:3999', startedAt: new Date().toISOString() });
  // Commands get no DATABASE_URL, and a port of their own: they must find databases by home.
  commandEnv = { ...process.env, RETRACE_PG_PORT: String(await freePort()) };
});

after(async () => {
  forget?.();
  await studio?.close();
  for (const c of clusters) await c.stop();
  process.env = saved;
  fs.rmSync(root, { recursive: true, force: true });
});

function retrace(home: string, args: string[], input = '') {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', input, env: { ...commandEnv, RETRACE_HOME: home }, timeout: 120_000 });
}

/** `retrace ARGS` with stderr on a terminal (util-linux `script`) and stdout in a file. */
function retraceOnTerminal(home: string, args: string[]) {
  const out = path.join(root, `stdout-${Date.now()}`);
  const command = [process.execPath, '--import', 'tsx', MAIN, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qec', `${command} > '${out}'`, '/dev/null'], { encoding: 'utf8', env: { ...commandEnv, RETRACE_HOME: home }, timeout: 120_000 });
  return { status: r.status, terminal: r.stdout.replace(/\r/g, ''), stdout: fs.readFileSync(out, 'utf8') };
}

async function emails(url: string): Promise<string[]> {
  const prisma = createPrismaClient(url);
  try {
    return (await prisma.user.findMany({ select: { email: true } })).map((u) => u.email);
  } finally {
    await prisma.$disconnect();
  }
}

test("a command run with the studio's home adds to the studio's database", async () => {
  const r = retrace(studioHome, ['users', 'add', 'ada@example.com', '--name', 'Ada', '--role', 'admin', '--password-stdin'], 'a long password\n');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Added ada@example\.com \(Ada\) as admin/);
  assert.deepEqual(await emails(studio.url), ['ada@example.com']);
  // Not on a terminal: nothing but the command's own output.
  assert.doesNotMatch(r.stderr, /Database:/);
});

test('on a terminal, the database used is named on stderr; --json stdout stays one JSON object', () => {
  const r = retraceOnTerminal(studioHome, ['users', 'list', '--json']);
  assert.equal(r.status, 0, r.terminal);
  assert.deepEqual(JSON.parse(r.stdout).users.map((u: { email: string }) => u.email), ['ada@example.com']);
  assert.match(r.terminal, new RegExp(`Database: the studio's \\(pid ${process.pid}, RETRACE_HOME=${studioHome}\\): embedded PostgreSQL on port \\d+`));
});

test('with another home and no database there, a command refuses and says where the studio is', () => {
  const otherHome = path.join(root, 'other-home');
  const r = retrace(otherHome, ['jobs']);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, new RegExp(`no Retrace database in ${otherHome} yet`));
  assert.match(r.stderr, new RegExp(`pid ${process.pid} at http://127\\.0\\.0\\.1:3999: RETRACE_HOME=${studioHome}`));
  assert.match(r.stderr, new RegExp(`RETRACE_HOME=${studioHome} \\(or DATABASE_URL=postgresql://retrace:\\*\\*\\*@127\\.0\\.0\\.1:\\d+/retrace`));
  assert.doesNotMatch(r.stdout, /No jobs yet/);
  assert.equal(fs.existsSync(path.join(otherHome, 'postgres')), false, 'no empty database was made');
});

test("a home whose embedded server another process runs is joined on that server's port", async () => {
  const home = path.join(root, 'worker-home');
  const cluster = await startEmbeddedPostgres(path.join(home, 'postgres'), await freePort());
  clusters.push(cluster);
  const r = retrace(home, ['users', 'add', 'bob@example.com', '--name', 'Bob', '--role', 'viewer', '--password-stdin'], 'another long password\n');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(await emails(cluster.url('retrace')), ['bob@example.com']);
  assert.deepEqual(await emails(studio.url), ['ada@example.com']);
});

test('studios whose process is gone are forgotten', () => {
  const gone = spawnSync(process.execPath, ['-e', '']).pid!;
  const record: StudioRecord = { pid: gone, home: path.join(root, 'gone-home'), databaseUrl: 'postgresql://x@127.0.0.1:1/x', database: 'gone', url: null, startedAt: new Date(0).toISOString() };
  const listed = path.join(runtime, `studio-${gone}.json`);
  fs.writeFileSync(listed, JSON.stringify(record));
  fs.mkdirSync(record.home, { recursive: true });
  fs.writeFileSync(path.join(record.home, 'studio.json'), JSON.stringify(record));
  assert.deepEqual(runningStudios().map((s) => s.pid), [process.pid]);
  assert.equal(studioOfHome(record.home), null);
  assert.equal(fs.existsSync(listed), false);
  assert.equal(fs.existsSync(path.join(record.home, 'studio.json')), false);
});
