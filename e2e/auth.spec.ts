import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { createUser, signIn } from './support/users';

/**
 * Accounts in a real browser against the real studio: the first-admin explanation, a wrong
 * password, an admin on /people, a viewer refused at the page and at the API, signing out.
 * People are created with the real CLI (`retrace users add`) in the database `npm test` made.
 */

const SCREENSHOTS = 'test-results/screenshots';
const PASSWORD = 'auth-e2e-password';
const ADMIN = 'admin@auth-e2e.example';
const VIEWER = 'viewer@auth-e2e.example';

function peopleCount(): number {
  const out = execFileSync('npx', ['tsx', 'lib/cli/main.ts', 'users', 'list', '--json'], { env: process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  return (JSON.parse(out.trim().split('\n').pop()!) as { users: unknown[] }).users.length;
}

test.describe.configure({ mode: 'serial' });

test('with no account yet, /sign-in says how the first admin gets in', async ({ page }) => {
  test.skip(peopleCount() > 0, 'another spec already added people to this database');
  await page.goto('/sign-in');
  const box = page.getByTestId('first-admin');
  await expect(box).toContainText('No accounts yet');
  await expect(box.locator('code')).toHaveText("npm run --silent retrace -- users add you@example.com --name 'Your Name' --role admin");
  await expect(page.locator('.user-menu')).toContainText('Sign in');
  await page.screenshot({ path: `${SCREENSHOTS}/first-admin.png` });
});

test('a wrong password is refused with a message that says so', async ({ page }) => {
  test.setTimeout(120_000);
  createUser(ADMIN, 'admin', PASSWORD, 'Ada Admin');
  createUser(VIEWER, 'viewer', PASSWORD, 'Vic Viewer');
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(ADMIN);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#sign-in-error')).toContainText('Wrong email or password');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.locator('.user-menu[data-signed-in="false"]')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/sign-in-wrong-password.png` });
});

test('an admin signs in, is sent back to /people, sees everyone, and signs out', async ({ page }) => {
  await page.goto('/people');
  await expect(page).toHaveURL(/\/sign-in\?next=(%2F|\/)people/);
  await page.getByLabel('Email').fill(ADMIN);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/people$/);
  const menu = page.locator('.user-menu[data-signed-in="true"]');
  await expect(menu).toContainText('Ada Admin');
  await expect(menu.locator('.role-badge')).toHaveText('admin');
  await expect(page.getByRole('heading', { name: 'People', level: 1 })).toBeVisible();
  await expect(page.locator(`tr[data-email="${VIEWER}"] select`)).toHaveValue('viewer');
  await page.screenshot({ path: `${SCREENSHOTS}/people.png`, fullPage: true });

  await menu.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in\?signed-out=1/);
  await expect(page.locator('.user-menu[data-signed-in="false"]')).toBeVisible();
  await page.goto('/people');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('a viewer browses but is refused /people, and a POST to /api/imports with 403', async ({ page }) => {
  // Not signed in at all: 401.
  const anonymous = await page.request.post('/api/imports', { data: { kind: 'path', source: '/tmp' } });
  expect(anonymous.status()).toBe(401);

  await signIn(page, VIEWER, PASSWORD);
  await expect(page.locator('.user-menu .role-badge')).toHaveText('viewer');
  await page.goto('/repositories');
  await expect(page.getByRole('heading', { name: 'Repositories', level: 1 })).toBeVisible();
  await page.goto('/people');
  await expect(page.getByTestId('forbidden')).toContainText('403');
  await expect(page.getByTestId('forbidden')).toContainText('admin role');

  const refused = await page.request.post('/api/imports', { data: { kind: 'path', source: '/tmp' } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error).toContain('reviewer role');
  const people = await page.request.get('/api/people');
  expect(people.status()).toBe(403);
});
