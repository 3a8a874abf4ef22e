/**
 * A graph too big to draw file by file (180 files, over the 150-node threshold): folders are
 * drawn as one node each, a click opens one, and the file panel closes it again. The edge count
 * says how many edges the collapsed folders hold; "Collapse all" shows only while a folder is open.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

const NAME = `folders-${Date.now().toString(36)}`;
const FOLDERS = ['core', 'db', 'http', 'ui'];
const PER_FOLDER = 45;

test.beforeAll(() => {
  test.setTimeout(120_000);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-graph-folders-'));
  for (const folder of FOLDERS) {
    fs.mkdirSync(path.join(root, folder));
    for (let i = 0; i < PER_FOLDER; i++) {
      // Each file imports the previous one of its folder, and every folder's first file imports core's.
      const imports = [i > 0 ? `import { v${i - 1} } from './f${i - 1}';` : '', folder !== 'core' && i === 0 ? "import { v0 as base } from '../core/f0';" : ''].filter(Boolean).join('\n');
      fs.writeFileSync(path.join(root, folder, `f${i}.ts`), `${imports}\nexport const v${i} = ${i};\n`);
    }
  }
  execFileSync('npx', ['tsx', 'lib/cli/main.ts', 'ingest', root, '--name', NAME, '--json'], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 110_000 });
  fs.rmSync(root, { recursive: true, force: true });
});

test('folders collapse into one node each, open on click, and close again from the file panel', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/repositories/${NAME}/graph`);
  const folderNodes = page.locator('[data-testid="folder-node"]');
  const fileNodes = page.locator('[data-testid="graph-node"]');
  await expect(folderNodes).toHaveCount(FOLDERS.length, { timeout: 20_000 });
  await expect(fileNodes).toHaveCount(0);
  // 44 edges along each folder's chain, and 3 from the other folders into core/.
  const drawn = page.getByTestId('graph-drawn');
  await expect(drawn).toHaveText('4 nodes · 3 of 179 edges shown: 176 inside collapsed folders');
  const collapseAll = page.getByRole('button', { name: 'Collapse all' });
  await expect(collapseAll).toHaveCount(0);

  await page.locator('[data-testid="folder-node"][data-folder="http"]').click();
  await expect(fileNodes).toHaveCount(PER_FOLDER);
  await expect(folderNodes).toHaveCount(FOLDERS.length - 1);
  await expect(drawn).toHaveText(`${PER_FOLDER + 3} nodes · 47 of 179 edges shown: 132 inside collapsed folders`);
  await expect(collapseAll).toBeVisible();

  await page.locator('[data-testid="graph-node"][data-path="http/f3.ts"]').click();
  const panel = page.getByTestId('file-panel');
  await expect(panel).toHaveAttribute('data-path', 'http/f3.ts');
  await panel.getByRole('button', { name: 'Collapse http/' }).click();
  await expect(folderNodes).toHaveCount(FOLDERS.length);
  await expect(fileNodes).toHaveCount(0);
  // The panel stays on the file; nothing else to close now.
  await expect(panel.getByRole('button', { name: /^Collapse / })).toHaveCount(0);
  await expect(collapseAll).toHaveCount(0);
  // The view follows the file into its folder node again.
  const http = page.locator('[data-testid="folder-node"][data-folder="http"]');
  await expect
    .poll(async () => {
      const [node, canvas] = await Promise.all([http.boundingBox(), page.getByTestId('graph-canvas').boundingBox()]);
      return !!node && !!canvas && node.x >= canvas.x && node.x + node.width <= canvas.x + canvas.width && node.y >= canvas.y && node.y + node.height <= canvas.y + canvas.height;
    })
    .toBe(true);
  await page.screenshot({ path: 'test-results/screenshots/graph-folders.png' });
  expect(errors).toEqual([]);
});
