/**
 * `npm test`: installs the Debian packages the selected tests need when it can (systemPackages.ts),
 * type-checks (the whole suite only), then runs every unit/integration test (node:test,
 * `**\/*.test.ts`) and then the browser tests (e2e/, Playwright in Debian's Chromium) against a
 * fresh PostgreSQL database: DATABASE_URL's server when set, else an embedded server with its
 * data in the temp folder. The database is dropped afterwards.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { withDatabase } from '../platform/db/database';
import { freePort, runningServerOf, startEmbeddedPostgres } from '../platform/db/embeddedPostgres';
import { applyMigrations } from '../platform/db/migrate';
import { ensureSystemPackages } from './systemPackages';

/** Where unit and integration tests live (e2e/ is Playwright's). */
const TEST_ROOTS = ['lib', 'app', 'components', 'workers', 'bench'];
const SKIP_DIRS = new Set(['node_modules', 'fixtures', 'data', 'results']);

function findTests(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) findTests(path.join(dir, entry.name), out);
    } else if (/\.test\.tsx?$/.test(entry.name)) {
      out.push(path.relative(process.cwd(), path.join(dir, entry.name)));
    }
  }
  return out.sort();
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  const filter = process.argv.slice(2);
  const unit = TEST_ROOTS.filter((r) => fs.existsSync(r)).flatMap((r) => findTests(path.resolve(r))).filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)));
  // `e2e` runs every browser test; a pattern matching a spec's path runs just that spec.
  const all = fs.existsSync('e2e') ? findE2e() : [];
  const specs = filter.length === 0 || filter.includes('e2e') ? all : all.filter((f) => filter.some((x) => `e2e/${f}`.includes(x)));
  const missing = ensureSystemPackages({ unit, e2e: specs });
  if (missing) {
    console.error(missing);
    return 1;
  }
  // The whole suite (or `npm test -- typecheck`) checks types first; the studio's build does not.
  let typesCode = 0;
  if (filter.length === 0 || filter.includes('typecheck')) {
    const started = Date.now();
    console.log('Type-checking (tsc --noEmit -p .)…');
    typesCode = await run(process.execPath, [path.resolve('node_modules/typescript/bin/tsc'), '--noEmit', '-p', '.'], process.env);
    console.log(typesCode === 0 ? `Types check (${Math.round((Date.now() - started) / 1000)} s).` : 'Type errors above.');
  }
  if (unit.length === 0 && specs.length === 0) {
    const patterns = filter.filter((x) => x !== 'typecheck');
    // A mistyped pattern must not pass as a green run.
    if (patterns.length > 0) {
      console.error(`No test matches ${patterns.map((x) => `"${x}"`).join(', ')}: give part of a test file's path (lib/3-search/, leakage), e2e for the browser tests, or typecheck.`);
      return 1;
    }
    return typesCode;
  }

  let adminUrl: string;
  let stopCluster = async () => {};
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    // Under the system temp folder: as root, PostgreSQL runs as `postgres`, which may not be
    // able to enter the checkout (CI clones into root-only folders).
    const shared = path.join(os.tmpdir(), `retrace-test-postgres-${createHash('sha1').update(process.cwd()).digest('hex').slice(0, 8)}`);
    // Another run of the suite in this checkout holds the shared cluster: use one of our own.
    const dataDir = runningServerOf(shared) ? `${shared}-${process.pid}` : shared;
    const cluster = await startEmbeddedPostgres(dataDir, await freePort());
    adminUrl = cluster.url('postgres');
    stopCluster = async () => {
      await cluster.stop();
      if (dataDir !== shared) fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const dbName = `retrace_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(dbName)}`);
  const databaseUrl = withDatabase(adminUrl, dbName);
  // The tests' own state folder and list of running studios: a studio a test starts is never
  // taken for the developer's, nor theirs for a test's.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-test-state-'));
  fs.chmodSync(scratch, 0o755);
  let code = 1;
  try {
    await applyMigrations(databaseUrl);
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      RETRACE_TEST_ADMIN_URL: adminUrl,
      RETRACE_HOME: path.join(scratch, 'home'),
      RETRACE_RUNTIME_DIR: path.join(scratch, 'running'),
      NODE_ENV: 'test',
    } as NodeJS.ProcessEnv;
    code = unit.length ? await run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...unit], env) : 0;
    if (code === 0 && specs.length > 0) {
      code = await run(process.execPath, [path.resolve('node_modules/@playwright/test/cli.js'), 'test', ...(specs.length < all.length ? specs.map((f) => `e2e/${f}`) : [])], env);
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(dbName)} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await stopCluster();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  if (typesCode !== 0) console.error('The type check failed (errors above the tests).');
  return code || typesCode;
}

function findE2e(): string[] {
  return fs.readdirSync('e2e').filter((f) => f.endsWith('.spec.ts'));
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
