import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';

/**
 * The studio in a real browser: repositories list, repository page with its file tree, a
 * file's outline and content, hostile content shown as text, invalid paths, sorting.
 * The fixture is ingested with the real CLI into the database `npm test` created.
 */

const SCREENSHOTS = 'test-results/screenshots';

function ingest(source: string, name: string): { files: number; snapshotId: string } {
  const out = execFileSync('npx', ['tsx', 'lib/cli/main.ts', 'ingest', source, '--name', name, '--json'], {
    env: process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** Every dialog (alert, confirm...) a page opens; none may ever fire. */
function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return dialogs;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const mini = ingest('e2e/fixtures/mini', 'mini-e2e');
  expect(mini.files).toBe(6);
  // A second, smaller repository so that sorting has something to order.
  const alpha = ingest('e2e/fixtures/mini/src', 'alpha-e2e');
  expect(alpha.files).toBe(3);
});

test('the repositories page lists the ingested repository with its file count', async ({ page }) => {
  const dialogs = watchDialogs(page);
  await page.goto('/');
  await expect(page).toHaveURL(/\/repositories$/);
  await expect(page.getByRole('heading', { name: 'Repositories' })).toBeVisible();
  const row = page.locator('tr[data-repository="mini-e2e"]');
  await expect(row).toBeVisible();
  await expect(row.locator('td[data-column="files"]')).toHaveText('6');
  await expect(row.getByText('typescript')).toBeVisible();
  await expect(row.getByText('imported', { exact: true })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/repositories.png`, fullPage: true });

  // The filter box is a plain GET form.
  await page.getByLabel('Filter repositories').fill('alpha');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/[?&]q=alpha/);
  await expect(page.locator('tr[data-repository="alpha-e2e"]')).toBeVisible();
  await expect(page.locator('tr[data-repository="mini-e2e"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test('sorting by name and by files works', async ({ page }) => {
  await page.goto('/repositories');
  const names = () => page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-repository')));
  const order = async () => {
    const all = await names();
    return all.filter((n) => n === 'alpha-e2e' || n === 'mini-e2e');
  };
  expect(await order()).toEqual(['alpha-e2e', 'mini-e2e']);
  await expect(page.locator('th[aria-sort="ascending"]')).toHaveText(/Name/);

  await page.locator('a[data-sort="name"]').click();
  await expect(page).toHaveURL(/sort=name&dir=desc/);
  await expect(page.locator('th[aria-sort="descending"]')).toHaveText(/Name/);
  expect(await order()).toEqual(['mini-e2e', 'alpha-e2e']);

  await page.locator('a[data-sort="name"]').click();
  await expect(page).toHaveURL(/sort=name&dir=asc/);
  expect(await order()).toEqual(['alpha-e2e', 'mini-e2e']);

  await page.locator('a[data-sort="files"]').click();
  await expect(page).toHaveURL(/sort=files&dir=desc/);
  expect(await order()).toEqual(['mini-e2e', 'alpha-e2e']);
});

test('the repository page shows the summary, the file tree and the skipped paths', async ({ page }) => {
  await page.goto('/repositories');
  await page.getByRole('link', { name: 'mini-e2e' }).click();
  await expect(page).toHaveURL(/\/repositories\/mini-e2e$/);
  await expect(page.getByRole('heading', { name: /mini-e2e/ })).toBeVisible();
  await expect(page.locator('[data-stat="cycles"] dd')).toHaveText('1');
  const tree = page.getByRole('navigation', { name: 'Files' });
  for (const file of ['src/index.ts', 'src/greet.ts', 'src/format.ts', 'tools/stats.py', 'README.md', 'web/unsafe.html']) {
    await expect(tree.locator(`a[data-file="${file}"]`)).toBeVisible();
  }
  await expect(tree.locator('a[data-file="src/greet.ts"] .cycle-mark')).toBeVisible();
  await expect(tree.locator('a[data-file="src/index.ts"] .cycle-mark')).toHaveCount(0);
  // Folders collapse without JavaScript: <details>.
  await tree.locator('details[data-folder="tools"] > summary').click();
  await expect(tree.locator('a[data-file="tools/stats.py"]')).toBeHidden();
  await tree.locator('details[data-folder="tools"] > summary').click();
  await expect(tree.locator('a[data-file="tools/stats.py"]')).toBeVisible();

  const skipped = page.locator('#skipped');
  await expect(skipped).toContainText('yarn.lock');
  await expect(skipped).toContainText('lock file');
  await page.screenshot({ path: `${SCREENSHOTS}/repository.png`, fullPage: true });
});

test('choosing a file shows its outline, imports and content; symbols jump to their line', async ({ page }) => {
  await page.goto('/repositories/mini-e2e');
  await page.getByRole('navigation', { name: 'Files' }).locator('a[data-file="src/index.ts"]').click();
  await expect(page).toHaveURL(/\?file=src%2Findex\.ts$/);
  const view = page.locator('article.file-view');
  await expect(view.locator('.file-path')).toHaveText('src/index.ts');

  const outline = view.locator('section.outline');
  await expect(outline.locator('tr[data-symbol="main"]')).toContainText('function');
  await expect(outline.locator('tr[data-symbol="main"]')).toContainText('export function main(argv: string[]): string');
  await expect(outline.locator('tr[data-symbol="main"]')).toContainText('Entry point: greets whoever is named on the command line.');
  await expect(outline.locator('tr[data-symbol="Runner"]')).toContainText('class');
  await expect(outline.locator('tr[data-symbol="run"]')).toContainText('Runner.run');

  const imports = view.locator('section.imports');
  await expect(imports.getByRole('link', { name: 'src/greet.ts' })).toBeVisible();
  await expect(imports).toContainText('node:path');
  await expect(imports).toContainText('./missing');

  const code = view.locator('pre.code');
  await expect(code).toContainText("import { greet } from './greet';");
  await expect(code.locator('#L6')).toContainText('export function main(argv: string[]): string {');

  await outline.locator('tr[data-symbol="Runner"] a.symbol-name').click();
  await expect(page).toHaveURL(/#L11$/);
  await expect(code.locator('#L11')).toContainText('export class Runner');
  expect(await code.locator('#L11').evaluate((el) => el.matches(':target'))).toBe(true);
  await page.evaluate(() => window.scrollTo(0, 0)); // a full-page shot of a scrolled page repeats the sticky header
  await page.screenshot({ path: `${SCREENSHOTS}/file.png`, fullPage: true });

  // Following an import edge opens that file.
  await imports.getByRole('link', { name: 'src/greet.ts' }).click();
  await expect(view.locator('.file-path')).toHaveText('src/greet.ts');
  await expect(page.locator('section.outline tr[data-symbol="greet"]')).toBeVisible();
});

test('markup in a file is shown as text and never runs', async ({ page }) => {
  const dialogs = watchDialogs(page);
  await page.goto('/repositories/mini-e2e?file=web%2Funsafe.html');
  const code = page.locator('pre.code');
  await expect(code.getByText('<script>alert(1)</script>')).toBeVisible();
  await expect(code.getByText('<img src="x" onerror="alert(2)">')).toBeVisible();
  await expect(code.locator('script')).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await page.waitForTimeout(500);
  expect(dialogs).toEqual([]);
  await page.screenshot({ path: `${SCREENSHOTS}/unsafe-content.png`, fullPage: true });
});

test('invalid or unknown paths give a clear not-found message, not a crash', async ({ page }) => {
  const traversal = await page.goto('/repositories/mini-e2e?file=../../etc/passwd');
  expect(traversal!.status()).toBeLessThan(500);
  const message = page.locator('.message.not-found');
  await expect(message.getByRole('heading', { name: 'File not found' })).toBeVisible();
  await expect(message).toContainText("'..' segments");
  await expect(page.locator('pre.code')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/file-not-found.png`, fullPage: true });

  await page.goto('/repositories/mini-e2e?file=src%2Fnope.ts');
  await expect(page.locator('.message.not-found')).toContainText('There is no file src/nope.ts in this snapshot.');

  await page.goto('/repositories/mini-e2e?snapshot=00000000-0000-0000-0000-000000000000');
  await expect(page.locator('.message')).toContainText('is not a snapshot of mini-e2e');

  const unknown = await page.goto('/repositories/no-such-repository');
  expect(unknown!.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
});
