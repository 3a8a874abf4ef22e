import { defineConfig } from '@playwright/test';

/**
 * Browser tests in Debian's Chromium (never a downloaded browser) against the real studio:
 * `npm test -- e2e` creates a fresh database and passes DATABASE_URL on to the web server and
 * to the ingest the tests run. The first run builds the app, hence the long server timeout.
 */
// RETRACE_E2E_PORT lets two checkouts run their browser tests at once.
const PORT = Number(process.env.RETRACE_E2E_PORT ?? 3917);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/playwright',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `npx tsx lib/cli/main.ts studio --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/repositories`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    // Every spec signs in from 127.0.0.1; the default 5 sign-ins a minute would make them wait.
    env: { ...(process.env as Record<string, string>), RETRACE_SIGN_IN_LIMIT: '100' },
  },
});
