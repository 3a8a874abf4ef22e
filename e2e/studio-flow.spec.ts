import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import { createUser, signIn } from './support/users';
import { waitForReplayKeys } from './support/interactive';

/**
 * The studio's main path in a real browser, against the real app, worker and PostgreSQL:
 * import a fixture repository through the page (a worker job with progress), synthesize it
 * offline with CoT search, see its graph with one node per file, open a file's code in
 * Monaco, replay the trajectory with the keyboard and see the perplexity chart.
 */

const SCREENSHOTS = 'test-results/screenshots';
const NAME = 'flow-e2e';
const FIXTURE = path.resolve('e2e/fixtures/mini');
/** The fixture's files as the studio lists them (yarn.lock is skipped as a lock file). */
const FILES = ['README.md', 'src/format.ts', 'src/greet.ts', 'src/index.ts', 'tools/stats.py', 'web/unsafe.html'];

/** Page errors and console errors; none may happen on the main path. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** The text Monaco shows (its lines are rendered as spans, whitespace as nbsp). */
async function monacoText(page: Page, scope: string): Promise<string> {
  return (await page.locator(`${scope} .view-lines`).first().innerText()).replace(/\u00a0/g, ' ');
}

test.describe.configure({ mode: 'serial' });

let trajectoryUrl = '';

const REVIEWER = 'flow-reviewer@studio.test';
const PASSWORD = 'correct-horse-battery';
test.beforeAll(() => createUser(REVIEWER, 'reviewer', PASSWORD));

test('import a folder from the repositories page and follow its progress', async ({ page }) => {
  const errors = watchErrors(page);
  // Importing reads folders on the studio's machine: reviewers only.
  await page.goto('/repositories');
  await expect(page.getByText('Import a repository')).toHaveCount(0);
  await signIn(page, REVIEWER, PASSWORD);
  await page.goto('/repositories');
  await page.getByText('Import a repository').click();
  await page.getByLabel('Folder (absolute path)').fill(FIXTURE);
  await page.getByLabel(/Name/).fill(NAME);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.locator('[data-import-status="succeeded"]')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator(`tr[data-repository="${NAME}"] td[data-column="files"]`)).toHaveText(String(FILES.length));

  // The same folder again under another name: stored, with a warning naming who already holds it.
  await page.getByLabel('Folder (absolute path)').fill(FIXTURE);
  await page.getByLabel(/Name/).fill(`${NAME}-copy`);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const duplicate = page.getByTestId('import-duplicate').first();
  await expect(duplicate).toContainText('This content is already stored as', { timeout: 60_000 });
  await expect(duplicate.getByRole('link')).toHaveAttribute('href', /\/repositories\//);
  await page.screenshot({ path: `${SCREENSHOTS}/import-duplicate.png`, fullPage: true });

  // A bad path is refused at once with what to do, and nothing is queued.
  await page.getByLabel('Folder (absolute path)').fill('relative/path');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.locator('.import-form .error-text')).toContainText('absolute path');
  await page.screenshot({ path: `${SCREENSHOTS}/import.png`, fullPage: true });
  expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
});

test('synthesize offline with search (CLI, the studio’s worker runs it)', async () => {
  test.setTimeout(180_000);
  const out = execFileSync('npx', ['tsx', 'lib/cli/main.ts', 'synthesize', NAME, '--search', '--wait', '--json'], {
    env: process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 170_000,
  });
  const result = JSON.parse(out.trim().split('\n').pop()!);
  expect(result.runs.map((r: { status: string }) => r.status)).toEqual(['succeeded']);
  // --wait also waited for the search the run queued.
  expect(result.runs.map((r: { search?: { status: string } }) => r.search?.status)).toEqual(['succeeded']);
});

test('the jobs page says what the search ran with and each default it took', async ({ page }) => {
  await signIn(page, REVIEWER, PASSWORD);
  await page.goto('/jobs');
  const notes = page.locator(`[data-testid="job-row"][data-kind="search"][data-subject="${NAME}"]`).first().getByTestId('job-notes');
  await expect(notes).toContainText('proposed by offline');
  // No scoring server is configured in the tests: the search says it scored offline instead.
  await expect(notes).toContainText('fallback: no scoring server is configured');
});

test('the graph shows one node per file; clicking one shows its code in Monaco', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/repositories/${NAME}/graph`);
  const nodes = page.locator('[data-testid="graph-node"]');
  await expect(nodes).toHaveCount(FILES.length, { timeout: 20_000 });
  expect((await nodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')))).sort()).toEqual(FILES);
  await page.screenshot({ path: `${SCREENSHOTS}/graph.png` });

  await page.locator('[data-testid="graph-node"][data-path="src/greet.ts"]').click();
  const panel = page.locator('[data-testid="file-panel"]');
  await expect(panel.locator('.code-editor[data-path="src/greet.ts"]')).toBeVisible();
  await expect.poll(() => monacoText(page, '[data-testid="file-panel"]'), { timeout: 20_000 }).toContain('export function greet');
  await page.screenshot({ path: `${SCREENSHOTS}/graph-file.png` });
  expect(errors).toEqual([]);
});

test('the trajectory replays step by step with the keyboard, the code follows, the chart is there', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/repositories/${NAME}`);
  const link = page.locator('a[href^="/trajectories/"]').first();
  await expect(link).toBeVisible();
  trajectoryUrl = (await link.getAttribute('href'))!;
  const id = trajectoryUrl.split('/')[2].split('?')[0];
  // The search runs after the synthesis, in the worker: wait for its figures.
  await expect.poll(async () => (await (await page.request.get(`/api/trajectories/${id}`)).json()).search !== null, { timeout: 90_000 }).toBe(true);

  await page.goto(`/trajectories/${id}?step=0`);
  const timeline = page.locator('[data-testid="timeline"]');
  await expect(timeline).toBeVisible();
  await expect(page.locator('[data-testid="run-provider"]')).toContainText('offline');
  await expect(page.getByTestId('run-repeated-reads')).toHaveText('once');
  const current = () => page.locator('[data-testid="step-row"][aria-current="step"]');
  await expect(current()).toHaveAttribute('data-ordinal', '0');
  await waitForReplayKeys(page);

  // Step with the keyboard until a Write step: the URL and the code follow.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const seen = new Set<string>();
  let writeOrdinal = -1;
  for (let i = 0; i < 60 && writeOrdinal < 0; i++) {
    await page.keyboard.press(i % 2 ? 'j' : 'ArrowDown');
    await expect(current()).toHaveAttribute('data-ordinal', String(i + 1));
    await expect(page).toHaveURL(new RegExp(`[?&]step=${i + 1}(&|$)`));
    if ((await current().getAttribute('data-kind')) === 'write') writeOrdinal = i + 1;
  }
  expect(writeOrdinal).toBeGreaterThan(0);
  const editor = page.locator('.code-editor[data-path]').first();
  await expect(editor).toBeVisible();
  const firstPath = (await editor.getAttribute('data-path'))!;
  expect(FILES).toContain(firstPath);
  await expect.poll(() => monacoText(page, `.code-editor[data-path="${firstPath}"]`), { timeout: 20_000 }).not.toBe('');
  seen.add(firstPath);
  const firstCode = await monacoText(page, `.code-editor[data-path="${firstPath}"]`);

  // Keep stepping until another file is written: the editor shows that file's code instead.
  let changed = false;
  for (let i = 0; i < 80 && !changed; i++) {
    await page.keyboard.press('ArrowDown');
    if ((await current().getAttribute('data-kind')) !== 'write') continue;
    const p = (await page.locator('.code-editor[data-path]').first().getAttribute('data-path'))!;
    if (!seen.has(p)) {
      await expect.poll(() => monacoText(page, `.code-editor[data-path="${p}"]`), { timeout: 20_000 }).not.toBe(firstCode);
      changed = true;
    }
  }
  expect(changed).toBe(true);
  await page.keyboard.press('k');
  await page.keyboard.press('ArrowUp');

  const chart = page.locator('[data-testid="perplexity-chart"]');
  await expect(chart).toBeVisible();
  const bars = chart.locator('[data-testid="nll-bar"]');
  expect(await bars.count()).toBeGreaterThan(0);
  // Clicking a bar jumps to its step.
  const target = (await bars.nth(0).getAttribute('data-ordinal'))!;
  await bars.nth(0).click();
  await expect(current()).toHaveAttribute('data-ordinal', target);
  await expect(page).toHaveURL(new RegExp(`[?&]step=${target}(&|$)`));
  await expect(page.locator('[data-testid="candidates"]')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/trajectory.png` });
  expect(errors).toEqual([]);
});

test('a Think the search rewrote shows the exported text by default, the original and a word diff one click away', async ({ page }) => {
  const id = trajectoryUrl.split('/')[2].split('?')[0];
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  let rewritten: { ordinal: number; finalText: string; original: string } | undefined;
  try {
    const { rows } = await db.query(
      `SELECT ss."stepOrdinal" AS ordinal, ss."finalText", st.content AS original FROM "SearchStep" ss
         JOIN "SearchRun" sr ON sr.id = ss."searchRunId" JOIN "Step" st ON st."trajectoryId" = sr."trajectoryId" AND st.ordinal = ss."stepOrdinal"
        WHERE sr."trajectoryId" = $1 AND sr.status = 'succeeded' AND ss."finalText" <> st.content ORDER BY ss."stepOrdinal" LIMIT 1`,
      [id],
    );
    rewritten = rows[0];
  } finally {
    await db.end();
  }
  expect(rewritten, 'the offline search rewrote at least one Think of the fixture').toBeDefined();
  await page.goto(`/trajectories/${id}?step=${rewritten!.ordinal}`);
  const detail = page.locator('.step-detail');
  await expect(detail.locator('.rewritten-tag')).toContainText('rewritten by search (NLL');
  await expect(detail.getByTestId('think-exported')).toHaveText(rewritten!.finalText);
  await detail.getByTestId('think-view-original').click();
  await expect(detail.getByTestId('think-original')).toHaveText(rewritten!.original);
  await detail.getByTestId('think-view-diff').click();
  const diff = detail.getByTestId('think-diff');
  await expect(diff.locator('ins').first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/think-rewritten-diff.png` });
});

test('timeline groups collapse and expand; moving to a step opens its group; the header in view sticks', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${trajectoryUrl.split('?')[0]}?step=0`);
  const groups = page.getByTestId('timeline-group');
  const rows = page.getByTestId('step-row');
  await expect(rows.first()).toBeVisible();
  await waitForReplayKeys(page);
  const before = await rows.count();

  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect(rows).toHaveCount(0);
  await expect(groups.first()).toHaveAttribute('data-collapsed', 'true');
  await expect(groups.first()).toHaveClass(/is-current/);
  await page.screenshot({ path: `${SCREENSHOTS}/trajectory-collapsed.png` });
  // Moving to a step opens its group again.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-testid="step-row"][aria-current="step"]')).toHaveAttribute('data-ordinal', '1');
  await expect(groups.first()).toHaveAttribute('data-collapsed', 'false');
  const opened = await rows.count();
  expect(opened).toBeGreaterThan(0);
  // One group by its own button: the main agent's steps hide, then show again.
  await groups.first().getByRole('button', { name: /^Hide the steps of/ }).click();
  await expect(groups.first()).toHaveAttribute('data-collapsed', 'true');
  await groups.first().getByRole('button', { name: /^Show the steps of/ }).click();
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(Math.min(before, opened));

  // Scrolled into a group's steps, its header stays at the top.
  const timeline = page.getByTestId('timeline');
  await expect(page.getByTestId('timeline-sticky')).toHaveCount(0);
  await timeline.evaluate((el) => el.scrollTo({ top: 40 }));
  await expect(page.getByTestId('timeline-sticky')).toBeVisible();
  await expect(page.getByTestId('timeline-sticky')).toContainText('Main agent');
  await page.screenshot({ path: `${SCREENSHOTS}/trajectory-sticky.png` });
  expect(errors).toEqual([]);
});
