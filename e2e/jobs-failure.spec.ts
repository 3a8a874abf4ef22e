import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { createUser, signIn } from './support/users';

/**
 * A job that fails the same way every time, seen in the studio: a search of a stored trajectory whose
 * Write no longer matches the file fails at once (one attempt), its error names the file, the jobs page
 * says it was not retried and offers "Retry anyway", which runs it once more.
 */

const SCREENSHOTS = 'test-results/screenshots';
const NAME = 'failure-e2e';
const REVIEWER = 'failure-reviewer@studio.test';
const PASSWORD = 'correct-horse-battery';
const cli = (...args: string[]) => spawnSync('npx', ['tsx', 'lib/cli/main.ts', ...args], { env: process.env, encoding: 'utf8', timeout: 170_000 });

test.beforeAll(() => createUser(REVIEWER, 'reviewer', PASSWORD));

test('a deterministic failure is not retried, names its file in /jobs, and Retry anyway runs it again', async ({ page }) => {
  test.setTimeout(240_000);
  execFileSync('npx', ['tsx', 'lib/cli/main.ts', 'ingest', path.resolve('e2e/fixtures/mini'), '--name', NAME], { env: process.env, stdio: 'ignore', timeout: 120_000 });
  const synthesis = cli('synthesize', NAME, '--wait', '--json');
  expect(synthesis.status, synthesis.stderr).toBe(0);

  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  let trajectoryId: string;
  try {
    const { rows } = await db.query(
      `SELECT t.id FROM "Trajectory" t JOIN "SynthesisRun" r ON r.id = t."runId" JOIN "Snapshot" s ON s.id = r."snapshotId" JOIN "Repository" repo ON repo.id = s."repositoryId" WHERE repo.name = $1`,
      [NAME],
    );
    trajectoryId = rows[0].id;
    // The stored Write of src/greet.ts no longer matches the file (a copy in place of its reference): every search of it fails the same way.
    await db.query(`UPDATE "Step" SET "actionContent" = 'changed\n', "shownFileId" = NULL WHERE "trajectoryId" = $1 AND "actionType" = 'write' AND "actionPath" = 'src/greet.ts'`, [trajectoryId]);
  } finally {
    await db.end();
  }
  const search = cli('search', trajectoryId, '--wait');
  expect(search.status, `search --wait exits non-zero when the search failed: ${search.stdout} ${search.stderr}`).not.toBe(0);
  expect(search.stdout).toContain('src/greet.ts');

  await signIn(page, REVIEWER, PASSWORD);
  await page.goto('/jobs');
  const row = page.locator('tr[data-testid="job-row"][data-kind="search"][data-status="failed"]', { hasText: NAME });
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await expect(row).toContainText('src/greet.ts');
  await expect(row).toContainText('not retried: it fails the same way every time');
  await expect(row.getByText('attempt 2')).toHaveCount(0);
  const retry = row.getByTestId('job-retry');
  await expect(retry).toHaveText('Retry anyway');
  await expect(retry).toHaveAttribute('title', /fails the same way/);
  await page.screenshot({ path: `${SCREENSHOTS}/jobs-deterministic-failure.png`, fullPage: true });
  const clickedAt = new Date();
  await retry.click();
  // Queued again, run once more by the studio's worker, and failed again the same way.
  const again = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await again.connect();
  try {
    await expect
      .poll(async () => (await again.query(`SELECT status::text, "finishedAt" > $2 AS later, attempts FROM "SearchRun" WHERE "trajectoryId" = $1`, [trajectoryId, clickedAt])).rows[0], { timeout: 60_000 })
      .toEqual({ status: 'failed', later: true, attempts: 1 });
  } finally {
    await again.end();
  }
  await expect(row).toContainText('src/greet.ts', { timeout: 15_000 });
});
