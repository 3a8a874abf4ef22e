import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { createUser, signedInPage, signIn } from './support/users';

/**
 * Deleting in a real browser against the real studio, worker and PostgreSQL: a reviewer's
 * confirmation names what goes with a repository (and the export holding it, whose files stay),
 * is refused while a synthesis is queued on it, and after that job is cancelled on /jobs deletes
 * it, which the list, the old address and the database record. An admin resets one person's
 * password (the new one signs in, the old one not) and removes another, whose open session ends.
 */

const SCREENSHOTS = 'test-results/screenshots';
const PASSWORD = 'correct-horse-battery';
const STAMP = Date.now().toString(36);
const REVIEWER = `reviewer-${STAMP}@deletion.test`;
const ADMIN = `admin-${STAMP}@deletion.test`;
const RESET = `reset-${STAMP}@deletion.test`;
const LEAVER = `leaver-${STAMP}@deletion.test`;
const REPO = `del-mini-${STAMP}`;

function cli(args: string[]): string {
  return execFileSync('npx', ['tsx', 'lib/cli/main.ts', ...args], { env: process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 170_000 });
}

async function query<T>(sql: string, values: unknown[] = []): Promise<T[]> {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    return (await db.query(sql, values)).rows as T[];
  } finally {
    await db.end();
  }
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  createUser(REVIEWER, 'reviewer', PASSWORD, 'Rhea Reviewer');
  createUser(ADMIN, 'admin', PASSWORD, 'Adam Admin');
  createUser(RESET, 'reviewer', PASSWORD, 'Resa Reset');
  createUser(LEAVER, 'viewer', PASSWORD, 'Lee Leaver');
  cli(['ingest', 'e2e/fixtures/mini', '--name', REPO, '--json']);
  const out = cli(['synthesize', REPO, '--wait', '--json']);
  expect(JSON.parse(out.trim().split('\n').pop()!).runs.map((r: { status: string }) => r.status)).toEqual(['succeeded']);
});

test('a reviewer sees what goes, is refused while a synthesis is queued, cancels it and deletes the repository', async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await signedInPage(browser, REVIEWER, PASSWORD);

  // One review and one studio export of the repository's trajectory.
  const queue = (await (await page.request.get('/api/review/queue?state=pending&limit=100')).json()) as { items: { id: string; repositoryName: string; reviewVersion: number }[] };
  const item = queue.items.find((i) => i.repositoryName === REPO)!;
  expect((await page.request.post(`/api/trajectories/${item.id}/review`, { data: { expectedVersion: item.reviewVersion, decision: 'approved' } })).status()).toBe(200);
  const started = await page.request.post('/api/exports', { data: { repository: REPO, format: 'jsonl' } });
  expect(started.status(), await started.text()).toBe(202);
  const exportId = ((await started.json()) as { id: string }).id;
  await expect.poll(async () => ((await (await page.request.get(`/api/exports/${exportId}`)).json()) as { status: string }).status, { timeout: 60_000 }).toBe('succeeded');

  // A synthesis queued on it (no worker job, so it stays queued until cancelled).
  const [{ id: queuedRun }] = await query<{ id: string }>(
    `INSERT INTO "SynthesisRun" (id, "snapshotId", provider, model, config, "configHash", "requestedById")
     SELECT gen_random_uuid(), s.id, 'offline', 'offline-structural-v1', '{}', 'e2e-queued', u.id
       FROM "Snapshot" s JOIN "Repository" r ON r.id = s."repositoryId", "User" u WHERE r.name = $1 AND u.email = $2 RETURNING id`,
    [REPO, REVIEWER],
  );

  await page.goto(`/repositories/${REPO}`);
  await page.getByTestId('delete-repository').click();
  const confirm = page.getByTestId('delete-confirmation');
  await expect(confirm.getByRole('heading', { name: `Delete ${REPO}?` })).toBeVisible();
  const counts = confirm.getByTestId('delete-counts');
  await expect(counts.locator('[data-count="snapshots"]')).toHaveText('1 snapshot, with its files, outlines and imports');
  await expect(counts.locator('[data-count="synthesisRuns"]')).toHaveText('2 synthesis runs');
  await expect(counts.locator('[data-count="trajectories"]')).toHaveText('1 trajectory, 1 approved (it leaves every later export)');
  await expect(counts.locator('[data-count="reviews"]')).toContainText('1 review');
  await expect(counts.locator('[data-count="searchRuns"]')).toContainText('0 CoT searches');
  await expect(confirm.getByTestId('delete-exports')).toContainText('Its trajectories are in 1 export made in the studio');
  await expect(confirm.getByTestId('delete-exports')).toContainText('Exports already written are files and stay as they are');
  const refusal = confirm.getByTestId('delete-refusal');
  await expect(refusal).toContainText(`${REPO} cannot be deleted while a job works on it: synthesis offline · offline-structural-v1 (synthesis job ${queuedRun.slice(0, 8)}, queued)`);
  await expect(refusal).toContainText('cancel it on the jobs page (/jobs)');
  await expect(confirm.getByTestId('delete-repository-confirm')).toBeDisabled();
  await page.screenshot({ path: `${SCREENSHOTS}/repository-delete-refused.png`, fullPage: true });
  // The API refuses too, whatever the page shows.
  const refused = await page.request.delete(`/api/repositories/${REPO}`);
  expect(refused.status()).toBe(409);

  await refusal.getByRole('link', { name: 'Open the jobs page' }).click();
  const job = page.locator(`[data-testid="job-row"][data-job-id="${queuedRun}"]`);
  await expect(job).toHaveAttribute('data-status', 'queued');
  await job.getByTestId('job-cancel').click();
  await expect(job).toHaveAttribute('data-status', 'cancelled');

  await page.goto(`/repositories/${REPO}`);
  await page.getByTestId('delete-repository').click();
  await expect(confirm.getByTestId('delete-refusal')).toHaveCount(0);
  await expect(confirm.getByTestId('delete-repository-confirm')).toBeEnabled();
  await page.screenshot({ path: `${SCREENSHOTS}/repository-delete-confirm.png`, fullPage: true });
  await confirm.getByTestId('delete-repository-confirm').click();

  await expect(page).toHaveURL(new RegExp(`/repositories\\?deleted=${REPO}$`));
  const notice = page.getByTestId('deleted-notice');
  await expect(notice).toContainText(`Deleted ${REPO} (1 snapshot, 2 synthesis runs, 1 trajectory (1 approved), 1 review, 0 search runs), by Rhea Reviewer`);
  await expect(notice).toContainText('The files of the export holding it stay on disk.');
  await expect(page.locator(`tr[data-repository="${REPO}"]`)).toHaveCount(0);
  await page.getByTestId('deleted-repositories').locator('summary').click();
  await expect(page.getByTestId('deleted-repositories').locator(`li[data-repository="${REPO}"]`)).toContainText('by Rhea Reviewer');
  await page.screenshot({ path: `${SCREENSHOTS}/repository-deleted.png`, fullPage: true });

  // The old address says what happened; the export's files are still offered.
  await page.goto(`/repositories/${REPO}`);
  await expect(page.getByTestId('deleted-notice')).toContainText('by Rhea Reviewer');
  const exported = (await (await page.request.get(`/api/exports/${exportId}`)).json()) as { files: { name: string }[] };
  expect(exported.files.map((f) => f.name)).toContain('manifest.json');

  const [record] = await query<{ snapshots: number; reviews: number; exportRunIds: string[]; deletedBy: string }>(
    `SELECT d.snapshots, d.reviews, d."exportRunIds"::text[] AS "exportRunIds", u.email AS "deletedBy" FROM "RepositoryDeletion" d JOIN "User" u ON u.id = d."deletedById" WHERE d.name = $1`,
    [REPO],
  );
  expect(record).toEqual({ snapshots: 1, reviews: 1, exportRunIds: [exportId], deletedBy: REVIEWER });
  expect(await query('SELECT 1 FROM "Repository" WHERE name = $1', [REPO])).toEqual([]);
  await page.context().close();
});

test('an admin resets a password and removes a person, whose open session ends', async ({ browser }) => {
  test.setTimeout(120_000);
  const leaver = await signedInPage(browser, LEAVER, PASSWORD);
  const admin = await signedInPage(browser, ADMIN, PASSWORD);
  await admin.goto('/people');
  await expect(admin.locator(`tr[data-email="${ADMIN}"]`).getByRole('button', { name: 'Remove…' })).toHaveCount(0);

  const resetRow = admin.locator(`tr[data-email="${RESET}"]`);
  await resetRow.getByRole('button', { name: 'Reset password…' }).click();
  await resetRow.getByLabel(`New password for ${RESET}`).fill('a-brand-new-password');
  await resetRow.getByRole('button', { name: 'Set password' }).click();
  await expect(admin.getByTestId('people-done')).toContainText(`New password set for ${RESET}; their sessions ended.`);

  const leaverRow = admin.locator(`tr[data-email="${LEAVER}"]`);
  await leaverRow.getByRole('button', { name: 'Remove…' }).click();
  const confirmRemove = leaverRow.getByRole('group', { name: `Confirm removing ${LEAVER}` });
  await expect(confirmRemove).toContainText('Remove Lee Leaver? They are signed out at once and cannot sign in again; their reviews keep their name.');
  await admin.screenshot({ path: `${SCREENSHOTS}/people-remove-confirm.png`, fullPage: true });
  await confirmRemove.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(admin.getByTestId('people-done')).toContainText(`Removed ${LEAVER}`);
  await expect(leaverRow).toHaveCount(0);
  const log = admin.getByTestId('person-changes');
  await expect(log.locator(`li[data-kind="removed"][data-email="${LEAVER}"]`)).toContainText('Adam Admin removed Lee Leaver');
  await expect(log.locator(`li[data-kind="password_reset"][data-email="${RESET}"]`)).toContainText('Adam Admin reset the password of Resa Reset');
  await admin.screenshot({ path: `${SCREENSHOTS}/people-admin-actions.png`, fullPage: true });

  // The removed person's open session is over, and their password no longer signs in.
  await leaver.reload();
  await expect(leaver.locator('.user-menu[data-signed-in="false"]')).toBeVisible();
  await expect(signIn(leaver, LEAVER, PASSWORD)).rejects.toThrow(/Wrong email or password/);

  // The reset person: the old password fails, the new one works.
  const other = await (await browser.newContext()).newPage();
  await expect(signIn(other, RESET, PASSWORD)).rejects.toThrow(/Wrong email or password/);
  await signIn(other, RESET, 'a-brand-new-password');
  await expect(other.locator('.user-menu[data-signed-in="true"]')).toContainText('Resa Reset');
  await other.screenshot({ path: `${SCREENSHOTS}/people-reset-signed-in.png` });
  for (const p of [leaver, admin, other]) await p.context().close();
});
