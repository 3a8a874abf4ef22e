import type { Page } from '@playwright/test';

/**
 * Waits until the trajectory replay (alone or inside the review focus view) has hydrated and
 * its keyboard listeners are attached: the server-rendered page is visible earlier, and a key
 * pressed before then does nothing (which would make "nothing changed" assertions pass vacuously).
 * The mark is `INTERACTIVE_MARK` of components/replay/TrajectoryReplay.tsx.
 */
export async function waitForReplayKeys(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('retrace:trajectory-interactive').length > 0, undefined, { timeout: 30_000 });
}
