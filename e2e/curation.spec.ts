import { execFileSync } from 'node:child_process';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { waitForReplayKeys } from './support/interactive';
import { createUser, signIn } from './support/users';

/**
 * Curation in a real browser against the real studio, worker and PostgreSQL: a reviewer
 * approves with the keyboard and rejects with a reason, bulk-rejects everything matching a
 * filter, re-synthesizes two repositories and sees the jobs finish; a second reviewer deciding
 * a stale item is refused; a viewer cannot change anything, checked at the API too.
 */

const SCREENSHOTS = 'test-results/screenshots';
const PASSWORD = 'correct-horse-battery';
const REVIEWER = 'reviewer@curation.test';
const SECOND = 'second@curation.test';
const VIEWER = 'viewer@curation.test';
const REPOS = ['cur-alpha', 'cur-beta', 'cur-gamma', 'cur-delta'];

function cli(args: string[]): string {
  return execFileSync('npx', ['tsx', 'lib/cli/main.ts', ...args], { env: process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 170_000 });
}

async function reviewerPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, PASSWORD);
  return page;
}

const current = (page: Page) => page.locator('[data-testid="review-item"]');

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  createUser(REVIEWER, 'reviewer', PASSWORD);
  createUser(SECOND, 'reviewer', PASSWORD);
  createUser(VIEWER, 'viewer', PASSWORD);
  const sources = ['e2e/fixtures/mini', 'e2e/fixtures/mini/src', 'e2e/fixtures/mini/tools', 'e2e/fixtures/mini/web'];
  REPOS.forEach((name, i) => cli(['ingest', sources[i], '--name', name, '--json']));
  const out = cli(['synthesize', ...REPOS, '--wait', '--json']);
  expect(JSON.parse(out.trim().split('\n').pop()!).runs.map((r: { status: string }) => r.status)).toEqual(REPOS.map(() => 'succeeded'));
});

test('a reviewer approves with the keyboard and rejects with a reason chosen by number', async ({ browser }) => {
  const page = await reviewerPage(browser, REVIEWER);
  await page.goto('/review');
  await expect(current(page)).toBeVisible();
  await waitForReplayKeys(page);
  const first = (await current(page).getAttribute('data-trajectory-id'))!;
  await expect(current(page)).toHaveAttribute('data-review-state', 'pending');

  await page.keyboard.press('?');
  await expect(page.locator('[data-testid="cheat-sheet"]')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/review-cheat-sheet.png` });
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-testid="cheat-sheet"]')).toBeHidden();

  await page.keyboard.press('a');
  // The next item comes at once; the first is approved, recorded with its reviewer.
  await expect(current(page)).not.toHaveAttribute('data-trajectory-id', first);
  const approved = await (await page.request.get(`/api/trajectories/${first}/review`)).json();
  expect(approved.reviewState ?? approved.state).toBe('approved');

  const second = (await current(page).getAttribute('data-trajectory-id'))!;
  await page.keyboard.press('x');
  await expect(page.locator('[data-testid="reason-picker"]')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/review-reasons.png` });
  await page.keyboard.press('6'); // duplicate
  await expect(current(page)).not.toHaveAttribute('data-trajectory-id', second);
  const rejected = await (await page.request.get(`/api/trajectories/${second}/review`)).json();
  expect(rejected.reviewState ?? rejected.state).toBe('rejected');
  expect(JSON.stringify(rejected)).toContain('duplicate');
  await page.context().close();
});

test('a second reviewer deciding a stale item is refused with a clear message', async ({ browser }) => {
  const one = await reviewerPage(browser, REVIEWER);
  const two = await reviewerPage(browser, SECOND);
  await one.goto('/review');
  const id = (await current(one).getAttribute('data-trajectory-id'))!;
  await two.goto(`/review?id=${id}`);
  await expect(current(two)).toHaveAttribute('data-trajectory-id', id);
  await Promise.all([waitForReplayKeys(one), waitForReplayKeys(two)]);
  await one.keyboard.press('a');
  await expect(current(one)).not.toHaveAttribute('data-trajectory-id', id);
  await two.keyboard.press('x');
  await two.keyboard.press('1');
  const banner = two.locator('[data-testid="review-banner"]');
  await expect(banner).toContainText(/already/i);
  await expect(banner).toContainText(REVIEWER.split('@')[0], { ignoreCase: true });
  await two.screenshot({ path: `${SCREENSHOTS}/review-stale.png` });
  // Nothing was overwritten: the first decision stands.
  const state = await (await two.request.get(`/api/trajectories/${id}/review`)).json();
  expect(state.reviewState ?? state.state).toBe('approved');
  await one.context().close();
  await two.context().close();
});

test('bulk-reject everything matching a filter', async ({ browser }) => {
  const page = await reviewerPage(browser, REVIEWER);
  await page.goto('/review/table?state=pending&repository=cur-');
  const rows = page.locator('[data-testid="review-row"]');
  const pending = await rows.count();
  expect(pending).toBeGreaterThan(0);
  await page.locator('[data-testid="select-all-matching"]').click();
  await page.locator('[data-testid="bulk-reason"]').selectOption('low_quality_repository');
  await page.locator('[data-testid="bulk-reject"]').click();
  await expect(page.locator('[data-testid="bulk-result"]')).toContainText(String(pending));
  await page.goto('/review/table?state=pending&repository=cur-');
  await expect(rows).toHaveCount(0);
  await page.goto('/review/table?state=rejected&repository=cur-');
  expect(await rows.count()).toBeGreaterThanOrEqual(pending);
  await page.screenshot({ path: `${SCREENSHOTS}/review-table.png`, fullPage: true });
  await page.context().close();
});

test('re-synthesize two repositories and see their jobs finish', async ({ browser }) => {
  const page = await reviewerPage(browser, REVIEWER);
  await page.goto('/repositories?q=cur-');
  await page.locator('[data-testid="select-repository"][value="cur-alpha"]').check();
  await page.locator('[data-testid="select-repository"][value="cur-beta"]').check();
  // Both have been synthesized before: the button says re-synthesize (a never-synthesized one would say Synthesize…).
  await expect(page.locator('[data-testid="resynthesize"]')).toHaveText('Re-synthesize…');
  await page.locator('[data-testid="resynthesize"]').click();
  const form = page.locator('[data-testid="resynthesis-form"]');
  await expect(form).toBeVisible();
  await page.locator('[data-testid="resynthesis-submit"]').click();
  const results = page.locator('[data-testid="resynthesis-results"]');
  await expect(results).toContainText('2 of 2 queued');
  const runIds: Record<string, string> = {};
  for (const name of ['cur-alpha', 'cur-beta']) {
    await expect(results.locator(`li[data-repository="${name}"]`)).toHaveAttribute('data-result', 'queued');
    runIds[name] = (await results.locator(`li[data-repository="${name}"] code`).textContent())!.trim();
  }
  await page.screenshot({ path: `${SCREENSHOTS}/resynthesis.png` });
  await page.goto('/jobs');
  for (const name of ['cur-alpha', 'cur-beta']) {
    // Old trajectories stay: each repository now has its first run and the new one.
    const rows = page.locator(`[data-testid="job-row"][data-kind="synthesis"][data-subject="${name}"]`);
    await expect(rows).toHaveCount(2);
    const fresh = rows.filter({ hasText: runIds[name] });
    await expect(fresh).toHaveCount(1);
    await expect(fresh).toHaveAttribute('data-status', 'succeeded', { timeout: 90_000 });
    // The offline provider is deterministic: the re-run is reported as identical to the previous trajectory.
    await expect(fresh.getByTestId('job-identical')).toContainText('identical to the previous trajectory');
  }
  await page.screenshot({ path: `${SCREENSHOTS}/jobs.png`, fullPage: true });
  await page.context().close();
});

test('a viewer can browse but not change anything, at the API too', async ({ browser }) => {
  const page = await reviewerPage(browser, VIEWER);
  await page.goto('/review');
  await expect(current(page)).toBeVisible();
  const id = (await current(page).getAttribute('data-trajectory-id'))!;
  const version = Number(await current(page).getAttribute('data-review-version'));
  await waitForReplayKeys(page);
  await page.keyboard.press('a');
  await expect(current(page)).toHaveAttribute('data-trajectory-id', id);
  await expect(current(page)).toHaveAttribute('data-review-version', String(version));

  const refused = [
    await page.request.post(`/api/trajectories/${id}/review`, { data: { expectedVersion: version, decision: 'approved' } }),
    await page.request.post('/api/review/bulk', { data: { ids: [{ id, version }], decision: 'approved' } }),
    await page.request.post('/api/synthesis', { data: { repositories: ['cur-alpha'], config: { provider: 'offline' } } }),
    await page.request.post('/api/imports', { data: { kind: 'path', source: '/tmp' } }),
  ];
  expect(refused.map((r) => r.status())).toEqual([403, 403, 403, 403]);
  await page.goto('/repositories');
  await expect(page.locator('[data-testid="resynthesize"]')).toHaveCount(0);

  // Signed out: 401 with what to do.
  const anonymous = await browser.newContext();
  const res = await anonymous.request.post(`/api/trajectories/${id}/review`, { data: { expectedVersion: version, decision: 'approved' } });
  expect(res.status()).toBe(401);
  expect((await res.json()).error).toMatch(/sign in/i);
  await anonymous.close();
  await page.context().close();
});

test('"e" marks a trajectory as needing re-synthesis; that queue offers to re-synthesize its repositories', async ({ browser }) => {
  const page = await reviewerPage(browser, REVIEWER);
  await page.goto('/review?state=all');
  await expect(current(page)).toBeVisible();
  await waitForReplayKeys(page);
  const marked = (await current(page).getAttribute('data-trajectory-id'))!;
  await page.keyboard.press('e');
  await expect(current(page)).not.toHaveAttribute('data-trajectory-id', marked);
  const review = await (await page.request.get(`/api/trajectories/${marked}/review`)).json();
  expect(review.reviewState ?? review.state).toBe('needs_resynthesis');
  const repository = (await (await page.request.get(`/api/trajectories/${marked}`)).json()).repositoryName as string;

  await page.goto('/review?state=needs_resynthesis');
  const bar = page.getByTestId('queue-resynthesis');
  await expect(bar).toContainText(repository);
  await expect(bar).toContainText('queues nothing by itself');
  await bar.getByTestId('resynthesize').click();
  await bar.getByTestId('resynthesis-submit').click();
  await expect(bar.getByTestId('resynthesis-results')).toContainText('queued');
  await expect(bar.locator(`li[data-repository="${repository}"]`)).toHaveAttribute('data-result', 'queued');
  await page.screenshot({ path: `${SCREENSHOTS}/review-queue-resynthesis.png`, fullPage: true });
  await page.context().close();
});

test('an approved trajectory stays in the export after a re-synthesis until its successor is approved', async ({ browser }) => {
  test.setTimeout(180_000);
  const NAME = 'cur-approved';
  cli(['ingest', 'e2e/fixtures/mini/tools', '--name', NAME, '--json']);
  cli(['synthesize', NAME, '--wait', '--json']);
  const page = await reviewerPage(browser, REVIEWER);
  const preview = async () => (await (await page.request.get('/api/exports/preview?status=approved')).json()) as { trajectories: number; repositoryNames: string[] };
  const review = async (id: string) => (await (await page.request.get(`/api/trajectories/${id}/review`)).json()) as { reviewVersion: number; supersededBy: { id: string } | null };
  const approve = async (id: string) => {
    const res = await page.request.post(`/api/trajectories/${id}/review`, { data: { expectedVersion: (await review(id)).reviewVersion, decision: 'approved' } });
    expect(res.status()).toBe(200);
  };
  const before = await preview();
  await page.goto(`/repositories/${NAME}`);
  const old = (await page.locator('a[href^="/trajectories/"]').first().getAttribute('href'))!.split('/')[2].split('?')[0];
  await approve(old);
  const approved = await preview();
  expect(approved.trajectories).toBe(before.trajectories + 1);
  expect(approved.repositoryNames).toContain(NAME);

  // The re-run (identical, the offline provider is deterministic) replaces it but does not drop it from the export.
  cli(['synthesize', NAME, '--wait', '--json']);
  const successor = (await review(old)).supersededBy;
  expect(successor).not.toBeNull();
  expect(await preview()).toEqual(approved);
  await page.goto(`/trajectories/${old}`);
  const panel = page.getByTestId('review-panel');
  await expect(panel.locator('.review-superseded-tag')).toBeVisible();
  await expect(panel).toContainText('Until the newer one is approved, this one stays in the export.');
  await page.goto('/export');
  await expect(page.getByTestId('export-preview')).toContainText(NAME);
  await expect(page.getByTestId('export-preview')).toHaveAttribute('data-trajectories', String(approved.trajectories));
  await page.goto(`/trajectories/${old}`);
  await page.screenshot({ path: `${SCREENSHOTS}/approved-superseded-stays.png` });

  // Once the successor is approved, it takes the old one's place: one trajectory of the repository, as before.
  await approve(successor!.id);
  expect((await preview()).trajectories).toBe(approved.trajectories);
  await page.reload();
  await expect(page.getByTestId('review-panel')).not.toContainText('stays in the export');
  await page.context().close();
});
