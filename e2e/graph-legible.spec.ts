/**
 * The graph is legible at fit view: a 26-node graph ten layers deep (e2e/fixtures/repeated-names)
 * fits well under zoom 1, yet its labels keep a readable size on screen and repeated file names
 * (six index.ts, three __init__.py) show the folder that tells them apart. Selecting a node
 * keeps it clear of the file panel, the minimap stays out of the way at fit view, the edge
 * count says what it leaves out, Esc leaves focus mode, "Collapse all" shows only when it has
 * something to do.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';

const SCREENSHOTS = 'test-results/screenshots';
const NAME = `legible-${Date.now().toString(36)}`;
const FIXTURE = path.resolve('e2e/fixtures/repeated-names');
/** 25 source files and the README. */
const NODES = 26;
const EDGES = 38;
/** Smallest label size on screen we call readable, in CSS pixels. */
const READABLE_PX = 11;

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  test.setTimeout(120_000);
  execFileSync('npx', ['tsx', 'lib/cli/main.ts', 'ingest', FIXTURE, '--name', NAME, '--json'], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 110_000 });
});

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** The graph at fit view, once laid out, fitted and styled for its zoom. */
async function openGraph(page: Page) {
  await page.goto(`/repositories/${NAME}/graph`);
  await expect(page.getByTestId('graph-node')).toHaveCount(NODES, { timeout: 30_000 });
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-detail', /full|compact/);
  // The fit is done when the viewport stops moving.
  let last = '';
  await expect.poll(async () => (last === (last = await viewportTransform(page)) ? 'still' : 'moving'), { intervals: [150] }).toBe('still');
}

function viewportTransform(page: Page): Promise<string> {
  return page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
}

async function zoomOf(page: Page): Promise<number> {
  return Number(/scale\(([\d.]+)\)/.exec(await viewportTransform(page))![1]);
}

const node = (page: Page, p: string) => page.locator(`[data-testid="graph-node"][data-path="${p}"]`);

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, b: Box) => a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;

async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  expect(b).not.toBeNull();
  return b!;
}

test('labels keep a readable size on screen at fit view; repeated names show the folder that tells them apart', async ({ page }) => {
  const errors = watchErrors(page);
  await openGraph(page);
  const zoom = await zoomOf(page);
  // Ten layers of nodes across the canvas: the fit zooms well out, where 12px labels drew at ~6px before.
  expect(zoom).toBeLessThan(0.8);
  expect(await page.getByTestId('graph-canvas').getAttribute('data-detail')).toBe('compact');

  const labels = page.locator('[data-testid="graph-node"] [data-testid="graph-node-label"]');
  await expect(labels).toHaveCount(NODES);
  // On screen: the computed font size times the viewport's zoom, and the rendered height of each text line.
  const sizes = await labels.evaluateAll((els, z) =>
    els.map((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const lines = [...range.getClientRects()].filter((r) => r.width > 0);
      return { fontOnScreen: parseFloat(getComputedStyle(el).fontSize) * z, lineHeight: Math.min(...lines.map((r) => r.height)) };
    }),
  zoom);
  const smallestFont = Math.min(...sizes.map((s) => s.fontOnScreen));
  const smallestLine = Math.min(...sizes.map((s) => s.lineHeight));
  console.log(`fit zoom ${zoom.toFixed(3)}: smallest label ${smallestFont.toFixed(1)}px on screen (12px × zoom would be ${(12 * zoom).toFixed(1)}px), text lines ${smallestLine.toFixed(1)}px high`);
  expect(smallestFont).toBeGreaterThanOrEqual(READABLE_PX);
  expect(smallestLine).toBeGreaterThanOrEqual(READABLE_PX);

  // Six index.ts and three __init__.py, each with as much of its folder as tells it apart.
  const expected: Record<string, string> = {
    'src/index.ts': 'src/index.ts',
    'src/core/index.ts': 'core/index.ts',
    'src/util/index.ts': 'util/index.ts',
    'src/http/index.ts': 'http/index.ts',
    'src/http/middleware/index.ts': 'middleware/index.ts',
    'src/cli/index.ts': 'cli/index.ts',
    'tools/__init__.py': 'tools/__init__.py',
    'tools/report/__init__.py': 'report/__init__.py',
    'tools/stats/__init__.py': 'stats/__init__.py',
    'src/core/parser.ts': 'parser.ts',
  };
  for (const [p, label] of Object.entries(expected)) await expect(node(page, p).getByTestId('graph-node-label')).toHaveText(label);
  // The folder part is drawn, uncut, inside its node.
  for (const p of ['src/core/index.ts', 'src/http/index.ts', 'tools/report/__init__.py']) {
    const folder = node(page, p).locator('.graph-node-folder');
    await expect(folder).toBeVisible();
    expect(inside(await box(folder), await box(node(page, p)))).toBe(true);
  }
  await page.screenshot({ path: `${SCREENSHOTS}/graph-legible-fit.png` });

  // Hovering shows the whole path, at a readable size whatever the zoom.
  await node(page, 'src/http/middleware/index.ts').hover();
  const card = node(page, 'src/http/middleware/index.ts').getByTestId('graph-node-card');
  await expect(card).toBeVisible();
  await expect(card).toContainText('src/http/middleware/index.ts');
  expect((await box(card.locator('code'))).height).toBeGreaterThanOrEqual(READABLE_PX);
  await page.screenshot({ path: `${SCREENSHOTS}/graph-legible-hover.png` });

  // A card stays inside the canvas: below the topmost node, back from the right edge for the rightmost.
  const edgeNodes = await page.locator('[data-testid="graph-node"]').evaluateAll((els) => {
    const rects = els.map((el) => ({ path: el.getAttribute('data-path')!, r: el.getBoundingClientRect() }));
    return [rects.reduce((a, b) => (b.r.top < a.r.top ? b : a)).path, rects.reduce((a, b) => (b.r.right > a.r.right ? b : a)).path];
  });
  const canvas = await box(page.getByTestId('graph-canvas'));
  for (const p of edgeNodes) {
    await node(page, p).hover();
    const edgeCard = node(page, p).getByTestId('graph-node-card');
    await expect(edgeCard).toBeVisible();
    expect(inside(await box(edgeCard), canvas), `${p}'s card inside the canvas`).toBe(true);
  }
  await page.screenshot({ path: `${SCREENSHOTS}/graph-legible-hover-edge.png` });
  expect(errors).toEqual([]);
});

test('the minimap stays out of the way at fit view and shows once part of the graph is out of view', async ({ page }) => {
  await openGraph(page);
  const minimap = page.locator('.react-flow__minimap');
  await expect(minimap).toHaveCount(0);
  for (let i = 0; i < 3; i++) await page.locator('.react-flow__controls-zoomin').click();
  await expect(minimap).toBeVisible();
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-detail', 'full');
  await page.screenshot({ path: `${SCREENSHOTS}/graph-legible-zoomed.png` });
  await page.locator('.react-flow__controls-fitview').click();
  await expect(minimap).toHaveCount(0);
});

test('selecting a node moves it clear of the file panel', async ({ page }) => {
  const errors = watchErrors(page);
  await openGraph(page);
  // src/index.ts imports the most, so it is drawn rightmost: where the panel opens.
  const target = node(page, 'src/index.ts');
  const before = await box(target);
  await target.click();
  const panel = page.getByTestId('file-panel');
  await expect(panel).toHaveAttribute('data-path', 'src/index.ts');
  const panelBox = await box(panel);
  expect(before.x + before.width).toBeGreaterThan(panelBox.x); // where it was, the panel would cover it
  const canvas = page.getByTestId('graph-canvas');
  await expect
    .poll(async () => {
      const b = await box(target);
      return !intersects(b, await box(panel)) && inside(b, await box(canvas));
    })
    .toBe(true);
  await page.screenshot({ path: `${SCREENSHOTS}/graph-legible-selected.png` });

  // A node already in view stays put when clicked.
  const other = node(page, 'src/cli/index.ts');
  await expect.poll(async () => inside(await box(other), await box(canvas))).toBe(true);
  const still = await box(other);
  await other.click();
  await expect(panel).toHaveAttribute('data-path', 'src/cli/index.ts');
  await page.waitForTimeout(400);
  expect(await box(other)).toEqual(still);
  expect(errors).toEqual([]);
});

test('focus mode: the edge count says what it leaves out; Esc leaves focus, then closes the panel', async ({ page }) => {
  await openGraph(page);
  const drawn = page.getByTestId('graph-drawn');
  await expect(drawn).toHaveText(`${NODES} nodes · ${EDGES} edges`);

  await node(page, 'src/core/index.ts').dblclick();
  await expect(page.getByTestId('graph-focus')).toContainText('src/core/index.ts');
  const nodes = page.getByTestId('graph-node');
  await expect.poll(() => nodes.count()).toBeLessThan(NODES);
  const text = (await drawn.textContent())!;
  const m = /^(\d+) nodes · (\d+) of (\d+) edges shown: (\d+) outside the focus$/.exec(text);
  expect(m, text).not.toBeNull();
  expect(Number(m![1])).toBe(await nodes.count());
  expect(Number(m![2]) + Number(m![4])).toBe(EDGES);
  await expect(drawn.locator('[title]')).toHaveAttribute('title', /Show all \(Esc\)/);
  await page.screenshot({ path: `${SCREENSHOTS}/graph-legible-focus.png` });

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('graph-focus')).toHaveCount(0);
  await expect(nodes).toHaveCount(NODES);
  await expect(drawn).toHaveText(`${NODES} nodes · ${EDGES} edges`);
  await expect(page.getByTestId('file-panel')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('file-panel')).toHaveCount(0);
});

test('"Collapse all" stays hidden while nothing can collapse (a search pick in a small graph)', async ({ page }) => {
  await openGraph(page);
  const search = page.getByLabel('Find a file');
  await search.fill('middleware/index');
  await search.press('Enter');
  await expect(page.getByTestId('file-panel')).toHaveAttribute('data-path', 'src/http/middleware/index.ts');
  // The pick opened every folder above the file, and none of them was ever collapsed.
  await expect(page.getByRole('button', { name: 'Collapse all' })).toHaveCount(0);
  // Esc in the search box is the box's own (it closes the results), not the graph's.
  await search.press('Escape');
  await expect(page.getByTestId('file-panel')).toBeVisible();
});
