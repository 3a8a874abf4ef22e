import { execFileSync } from 'node:child_process';
import { expect, type Browser, type Page } from '@playwright/test';

/**
 * People for the browser tests: created with the real CLI (`retrace users add`, password on
 * stdin) in the database `npm test` made, and signed in through the real /sign-in page.
 */

export type TestRole = 'admin' | 'reviewer' | 'viewer';

/** Adds a person (synchronous, like the other CLI calls in the specs). Emails must be new. */
export function createUser(email: string, role: TestRole, password: string, name = `${role[0].toUpperCase()}${role.slice(1)} ${email.split('@')[0]}`): void {
  execFileSync('npx', ['tsx', 'lib/cli/main.ts', 'users', 'add', email, '--name', name, '--role', role, '--password-stdin'], {
    env: process.env,
    input: password,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 60_000,
  });
}

/**
 * Signs in on /sign-in and waits for the header to show the user. Sign-in is rate limited per
 * address (RETRACE_SIGN_IN_LIMIT a minute); when the page says to wait, this waits and retries.
 */
export async function signIn(page: Page, email: string, password: string, options: { next?: string } = {}): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.goto(`/sign-in${options.next ? `?next=${encodeURIComponent(options.next)}` : ''}`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const signedIn = page.locator('.user-menu[data-signed-in="true"]');
    const error = page.locator('.auth-error');
    await expect(signedIn.or(error)).toBeVisible({ timeout: 15_000 });
    if (await signedIn.isVisible()) return;
    const message = (await error.textContent()) ?? '';
    const wait = /Wait (\d+) s/.exec(message);
    if (!wait) throw new Error(`Signing in ${email} failed: ${message}`);
    await page.waitForTimeout((Number(wait[1]) + 1) * 1000);
  }
  throw new Error(`Signing in ${email} stayed rate limited; raise RETRACE_SIGN_IN_LIMIT for the test server.`);
}

/** A page in a browser context of its own (its own cookies), signed in as `email`. */
export async function signedInPage(browser: Browser, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, password);
  return page;
}
