/**
 * `npm run studio` as a user meets it, with no DATABASE_URL: the embedded PostgreSQL starts,
 * the URL is printed, the CLI shares the running database, Ctrl-C stops everything, and a
 * second start finds the data again.
 */
import { expect, test } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-lifecycle-'));
fs.chmodSync(home, 0o755);
// Below the kernel's range for outgoing connections' local ports (32768–60999): a port in that
// range can be held by a client socket (the browser's, the database pool's) and fail to bind.
const PG_PORT = 20000 + Math.floor(Math.random() * 10000);
const WEB_PORT = 3960;
const env = { ...process.env, RETRACE_HOME: home, RETRACE_PG_PORT: String(PG_PORT) } as NodeJS.ProcessEnv;
delete env.DATABASE_URL;

function startStudio(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  // What `npm run studio` runs: the compiled command line.
  const child = spawn(process.execPath, ['lib/cli/launch.mjs', 'studio', '--port', String(WEB_PORT)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Retrace studio: (http:\/\/\S+)/);
      if (match) resolve({ child, url: match[1], output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`studio exited (${code}) before printing its URL:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

test.afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

test('studio starts embedded PostgreSQL, stops cleanly on Ctrl-C and reuses its data', async ({ page }) => {
  test.setTimeout(240_000);
  const first = await startStudio();
  expect(first.url).toBe(`http://127.0.0.1:${WEB_PORT}`);
  expect(first.output()).toContain(`embedded PostgreSQL on port ${PG_PORT}`);
  expect(fs.existsSync(path.join(home, 'postgres', 'PG_VERSION'))).toBe(true);

  // The CLI shares the database the running studio started.
  const ingest = spawnSync(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', 'ingest', 'e2e/fixtures/mini', '--name', 'lifecycle-repo', '--json'], { env, encoding: 'utf8' });
  expect(ingest.status, ingest.stderr).toBe(0);
  await page.goto(`${first.url}/repositories`);
  await expect(page.getByRole('link', { name: 'lifecycle-repo' })).toBeVisible();

  expect(await stop(first.child)).toBe(0);
  expect(await listening(PG_PORT)).toBe(false);
  expect(await listening(WEB_PORT)).toBe(false);

  const second = await startStudio();
  try {
    await page.goto(`${second.url}/repositories`);
    await expect(page.getByRole('link', { name: 'lifecycle-repo' })).toBeVisible();
  } finally {
    expect(await stop(second.child)).toBe(0);
  }
});
