import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { unpackTokenScores } from '../lib/3-search/tokenScoresFormat';
import { waitForReplayKeys } from './support/interactive';

/**
 * What a reviewer sees of a whole trajectory before reading its steps (the summary header, its
 * figures checked against the database) and the training view of a searched Write (per-token
 * log-probabilities as a heatmap), on a generated repository with a 2,000-line file.
 */

const SCREENSHOTS = 'test-results/screenshots';
const NAME = 'summary-e2e';
const BIG_LINES = 2000;

test.describe.configure({ mode: 'serial' });

let trajectoryId = '';

/** A small package: helpers.py, then big.py (2,000 lines) that imports it. */
function writeRepository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-summary-'));
  fs.writeFileSync(path.join(dir, 'helpers.py'), '"""Small numeric helpers."""\n\n\ndef clamp(x, lo, hi):\n    """Keep x between lo and hi."""\n    return max(lo, min(x, hi))\n\n\ndef scale(xs, k):\n    """Multiply every value by k."""\n    return [x * k for x in xs]\n');
  const lines = ['"""Many small functions built on helpers."""', 'from helpers import clamp, scale', ''];
  for (let i = 0; lines.length < BIG_LINES - 4; i++) {
    lines.push('', `def step_${i}(values, limit=${i + 1}):`, `    """Scale the values by ${i % 7 + 2} and clamp each to the limit."""`, `    scaled = scale(values, ${i % 7 + 2})`, `    return [clamp(v, -limit, limit) for v in scaled]`);
  }
  fs.writeFileSync(path.join(dir, 'big.py'), `${lines.slice(0, BIG_LINES).join('\n')}\n`);
  return dir;
}

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T[]> {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    return (await db.query<T>(sql, params)).rows;
  } finally {
    await db.end();
  }
}

test('a repository with a 2,000-line file, synthesized offline with search', async () => {
  test.setTimeout(240_000);
  const dir = writeRepository();
  execFileSync('npx', ['tsx', 'lib/cli/main.ts', 'ingest', dir, '--name', NAME], { env: process.env, encoding: 'utf8', timeout: 120_000 });
  const out = execFileSync('npx', ['tsx', 'lib/cli/main.ts', 'synthesize', NAME, '--search', '--wait', '--json'], { env: process.env, encoding: 'utf8', timeout: 200_000 });
  expect(out).toContain('"status"');
  const rows = await query<{ id: string }>(
    `SELECT t.id FROM "Trajectory" t JOIN "SynthesisRun" r ON r.id = t."runId" JOIN "Snapshot" s ON s.id = r."snapshotId" JOIN "Repository" p ON p.id = s."repositoryId" WHERE p.name = $1 ORDER BY t."createdAt" DESC LIMIT 1`,
    [NAME],
  );
  trajectoryId = rows[0].id;
  const searches = await query<{ n: number }>(`SELECT count(*)::int AS n FROM "SearchRun" WHERE "trajectoryId" = $1 AND status = 'succeeded'`, [trajectoryId]);
  expect(searches[0].n).toBe(1);
});

test('the summary header gives the trajectory\u2019s figures (as the database has them) and a click goes to the steps behind one', async ({ page }) => {
  const steps = await query<{ ordinal: number; kind: string; actionType: string | null; tokens: number; lossMasked: boolean }>(
    `SELECT ordinal, kind::text AS kind, "actionType"::text AS "actionType", tokens, "lossMasked" FROM "Step" WHERE "trajectoryId" = $1 ORDER BY ordinal`,
    [trajectoryId],
  );
  const searched = await query<{ stepOrdinal: number; nllBefore: number; nllAfter: number }>(
    `SELECT ss."stepOrdinal", ss."nllBefore", ss."nllAfter" FROM "SearchStep" ss JOIN "SearchRun" sr ON sr.id = ss."searchRunId" WHERE sr."trajectoryId" = $1 ORDER BY ss."stepOrdinal"`,
    [trajectoryId],
  );
  const writes = steps.filter((s) => s.kind === 'action' && s.actionType === 'write');
  const trained = steps.filter((s) => !s.lossMasked).reduce((sum, s) => sum + s.tokens, 0);
  const masked = steps.filter((s) => s.lossMasked).reduce((sum, s) => sum + s.tokens, 0);
  const improved = searched.filter((s) => s.nllAfter < s.nllBefore).length;
  expect(writes.length).toBe(2);

  await page.goto(`/trajectories/${trajectoryId}?step=0`);
  const summary = page.getByTestId('trajectory-summary');
  const figure = (key: string) => summary.locator(`[data-figure="${key}"] .traj-figure-value`);
  await expect(figure('files')).toHaveText(n(writes.length));
  await expect(figure('steps')).toHaveText(n(steps.length));
  await expect(figure('trained')).toHaveText(n(trained));
  await expect(figure('masked')).toHaveText(n(masked));
  await expect(figure('plan')).toHaveText('2 of 2 source files');
  await expect(figure('repairs')).toHaveText('none');
  await expect(figure('improved')).toHaveText(`${n(improved)} of ${n(searched.length)}`);
  await expect(summary.getByTestId('worst-files').locator('li')).toHaveCount(searched.length);
  await page.screenshot({ path: `${SCREENSHOTS}/trajectory-summary.png` });

  // "Files" walks through the Writes; "Tokens masked" goes to the Observations.
  await waitForReplayKeys(page);
  const current = page.locator('[data-testid="step-row"][aria-current="step"]');
  await figure('files').click();
  await expect(current).toHaveAttribute('data-ordinal', String(writes[0].ordinal));
  await figure('files').click();
  await expect(current).toHaveAttribute('data-ordinal', String(writes[1].ordinal));
  await figure('masked').click();
  await expect(current).toHaveAttribute('data-kind', 'observation');

  // "?" opens the replay's keys, and closes them again.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  await expect(page.locator('.replay-keys')).toHaveAttribute('open', '');
  await page.keyboard.press('?');
  await expect(page.locator('.replay-keys')).not.toHaveAttribute('open', '');
});

test('the training view colours each token of a searched Write by its log-probability, before, after and the change', async ({ page }) => {
  const [big] = await query<{ ordinal: number }>(`SELECT ordinal FROM "Step" WHERE "trajectoryId" = $1 AND "actionType" = 'write' AND "actionPath" = 'big.py'`, [trajectoryId]);
  const res = await page.request.get(`/api/trajectories/${trajectoryId}/steps/${big.ordinal}/token-scores`);
  expect(res.status()).toBe(200);
  const stored = unpackTokenScores(new Uint8Array(inflateSync(Buffer.from((await res.json()).deflated, 'base64'))));
  expect(stored.before.logprobs.length).toBeGreaterThan(BIG_LINES);

  await page.goto(`/trajectories/${trajectoryId}?step=${big.ordinal}`);
  const training = page.locator('.training-code');
  await expect(training).toBeVisible();
  await expect(training.locator('.train-tag')).toContainText('trained on');
  const started = Date.now();
  await training.getByRole('button', { name: 'Log-prob before' }).click();
  await expect(page.getByTestId('training-figures')).toContainText(`${n(stored.before.logprobs.length)} tokens`);
  await expect(training.locator('.view-lines [class*="heat-lp-"]').first()).toBeVisible();
  console.log(`training view: ${stored.before.logprobs.length} tokens of a ${BIG_LINES}-line file coloured ${Date.now() - started} ms after the click`);
  await page.screenshot({ path: `${SCREENSHOTS}/training-view-before.png` });

  // Hovering a coloured token names it with its log-probabilities.
  await training.locator('.view-lines [class*="heat-lp-"]').nth(3).hover();
  await expect(page.getByTestId('training-token')).toContainText('log p');

  await training.getByRole('button', { name: 'Change' }).click();
  await expect(training.locator('.view-lines [class*="heat-d-"]').first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/training-view-change.png` });
  await training.getByRole('button', { name: 'Code' }).click();
  await expect(training.locator('.view-lines [class*="heat-"]')).toHaveCount(0);
});

const n = (x: number) => x.toLocaleString('en-US');
