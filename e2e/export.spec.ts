import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { createUser, signedInPage } from './support/users';

/**
 * The export page in a real browser against the real studio, worker and PostgreSQL: a reviewer
 * approves a freshly synthesized trajectory, starts a JSONL export with ATIF on /export, sees it
 * succeed and downloads the dataset card and a data shard through the page's links; a viewer
 * sees no form and is refused at the API; the reviewer deletes the export's files.
 */

const SCREENSHOTS = 'test-results/screenshots';
const PASSWORD = 'correct-horse-battery';
const STAMP = Date.now().toString(36);
const REVIEWER = `reviewer-${STAMP}@export.test`;
const VIEWER = `viewer-${STAMP}@export.test`;
const REPO = `exp-mini-${STAMP}`;

function cli(args: string[]): string {
  return execFileSync('npx', ['tsx', 'lib/cli/main.ts', ...args], { env: process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 170_000 });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  createUser(REVIEWER, 'reviewer', PASSWORD);
  createUser(VIEWER, 'viewer', PASSWORD);
  cli(['ingest', 'e2e/fixtures/mini', '--name', REPO, '--json']);
  const out = cli(['synthesize', REPO, '--wait', '--json']);
  expect(JSON.parse(out.trim().split('\n').pop()!).runs.map((r: { status: string }) => r.status)).toEqual(['succeeded']);
});

test('a reviewer exports an approved trajectory and downloads the card and a data shard', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await signedInPage(browser, REVIEWER, PASSWORD);

  // Approve the trajectory as the signed-in reviewer, through the API the review page uses.
  const queue = (await (await page.request.get('/api/review/queue?state=pending&limit=100')).json()) as { items: { id: string; repositoryName: string; reviewVersion: number }[] };
  const item = queue.items.find((i) => i.repositoryName === REPO);
  expect(item, `a pending trajectory of ${REPO}`).toBeTruthy();
  const approved = await page.request.post(`/api/trajectories/${item!.id}/review`, { data: { expectedVersion: item!.reviewVersion, decision: 'approved' } });
  expect(approved.status(), await approved.text()).toBe(200);

  await page.goto('/export');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Export' })).toBeVisible();
  const form = page.getByTestId('export-form');
  await expect(form).toBeVisible();
  await form.getByLabel('Repository').fill(REPO);
  // Before it starts, the form says what the export will include (the same selection as the export).
  const preview = form.getByTestId('export-preview');
  await expect(preview).toHaveAttribute('data-trajectories', '1');
  await expect(preview).toContainText(`from 1 repository: ${REPO}`);
  await form.getByLabel('Format').selectOption('jsonl');
  await form.getByLabel('ATIF file per trajectory').check();
  await page.getByTestId('export-submit').click();

  const row = page.getByTestId('export-row').filter({ hasText: REPO }).first();
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  await expect(row.getByText('Tokens trained on')).toBeVisible();
  await expect(row.locator('[data-testid="export-file"][data-name="manifest.json"]')).toBeVisible();
  await expect(row.locator(`[data-testid="export-file"][data-name="atif/${item!.id}.json"]`)).toHaveCount(1);
  await page.screenshot({ path: `${SCREENSHOTS}/export.png`, fullPage: true });

  const [cardDownload] = await Promise.all([page.waitForEvent('download'), row.locator('[data-testid="export-file"][data-name="README.md"]').click()]);
  expect(cardDownload.suggestedFilename()).toBe('README.md');
  const card = fs.readFileSync((await cardDownload.path())!, 'utf8');
  expect(card).toContain(REPO);

  const shardLink = row.locator('[data-testid="export-file"][data-name^="data-"]').first();
  await expect(shardLink).toHaveAttribute('data-name', /^data-\d{5}\.jsonl$/);
  const [shardDownload] = await Promise.all([page.waitForEvent('download'), shardLink.click()]);
  const firstLine = fs.readFileSync((await shardDownload.path())!, 'utf8').split('\n')[0];
  const sequence = JSON.parse(firstLine) as { input_ids: number[]; labels: number[]; trajectory_ids: string[] };
  expect(Array.isArray(sequence.input_ids) && Array.isArray(sequence.labels)).toBe(true);
  expect(sequence.input_ids.length).toBeGreaterThan(0);
  expect(sequence.labels.length).toBe(sequence.input_ids.length);
  expect(sequence.trajectory_ids).toContain(item!.id);

  // Anything not in the export's listing is not served.
  const id = (await row.getAttribute('data-export-id'))!;
  expect((await page.request.get(`/api/exports/${id}/files/..%2F..%2Fauth-secret`)).status()).toBe(404);
  expect((await page.request.get(`/api/exports/${id}/files/nope.json`)).status()).toBe(404);

  // The jobs page lists the export too.
  await page.goto('/jobs?kind=export');
  await expect(page.locator(`[data-testid="job-row"][data-kind="export"][data-job-id="${id}"]`)).toHaveAttribute('data-status', 'succeeded');
  await page.context().close();
});

test('a viewer sees the exports but no form, and is refused at the API', async ({ browser }) => {
  const page = await signedInPage(browser, VIEWER, PASSWORD);
  await page.goto('/export');
  await expect(page.getByTestId('export-row').first()).toBeVisible();
  await expect(page.getByTestId('export-form')).toHaveCount(0);
  await expect(page.getByText('starting an export needs the reviewer role')).toBeVisible();
  const refused = await page.request.post('/api/exports', { data: { format: 'jsonl' } });
  expect(refused.status()).toBe(403);
  await expect(page.getByRole('button', { name: 'Delete files…' })).toHaveCount(0);
  const id = await page.getByTestId('export-row').first().getAttribute('data-export-id');
  expect((await page.request.delete(`/api/exports/${id}/files`)).status()).toBe(403);
  await page.context().close();
});

test('a reviewer deletes an export’s files; the export stays listed and says who deleted them', async ({ browser }) => {
  const page = await signedInPage(browser, REVIEWER, PASSWORD);
  await page.goto('/export');
  const row = page.locator('[data-testid="export-row"][data-status="succeeded"]').first();
  const id = await row.getAttribute('data-export-id');
  await expect(row.getByTestId('export-file').first()).toBeVisible();
  await row.getByRole('button', { name: 'Delete files…' }).click();
  const confirm = row.getByRole('group', { name: 'Confirm deletion' });
  await expect(confirm).toContainText("from the studio's disk?");
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(row.getByTestId('export-files-deleted')).toContainText('Files deleted by');
  await expect(row.getByTestId('export-file')).toHaveCount(0);
  await expect(row.getByText('Tokens trained on')).toBeVisible();
  expect((await page.request.get(`/api/exports/${id}/files/README.md`)).status()).toBe(404);
  const again = await page.request.delete(`/api/exports/${id}/files`);
  expect(again.status()).toBe(409);
  await page.screenshot({ path: `${SCREENSHOTS}/export-deleted.png`, fullPage: true });
  await page.context().close();
});
