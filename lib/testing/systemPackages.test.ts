import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ensureSystemPackages, REQUIREMENTS, SWEEP_TEST, type Installer, type SystemRequirement } from './systemPackages';

/** A requirement that is met once `installed` holds its first package. */
function requirement(what: string, packages: string[], installed: Set<string>, neededBy = () => true): SystemRequirement {
  return { what, packages, present: () => installed.has(packages[0]), neededBy };
}

const recordingInstaller = (installed: Set<string>, calls: string[][], fail = false): Installer => ({
  available: true,
  install: (packages) => {
    calls.push(packages);
    if (fail) return "'apt-get update -qq' failed (exit 100; its messages are above).";
    packages.forEach((p) => installed.add(p));
    return null;
  },
});

test('what the selected tests need and lack is installed once, each package once', () => {
  const installed = new Set<string>();
  const calls: string[][] = [];
  const requirements = [
    requirement('Chromium', ['chromium', 'fonts-liberation'], installed),
    requirement('fonts too', ['fonts-liberation'], installed),
    requirement('not needed', ['golang-github-google-go-cmp-dev'], installed, () => false),
  ];
  assert.equal(ensureSystemPackages({ unit: [], e2e: ['x.spec.ts'] }, requirements, recordingInstaller(installed, calls)), null);
  assert.deepEqual(calls, [['chromium', 'fonts-liberation']]);
  // Present now: nothing more to do.
  assert.equal(ensureSystemPackages({ unit: [], e2e: ['x.spec.ts'] }, requirements, recordingInstaller(installed, calls)), null);
  assert.equal(calls.length, 1);
});

test('without a way to install, the message names what is missing and the exact command', () => {
  const requirements = [requirement('Chromium at /usr/bin/chromium (for the browser tests)', ['chromium', 'fonts-liberation'], new Set())];
  const message = ensureSystemPackages({ unit: [], e2e: ['a.spec.ts'] }, requirements, { available: false, install: () => assert.fail('must not install') });
  assert.match(message ?? '', /lacks:\n {2}- Chromium at \/usr\/bin\/chromium \(for the browser tests\)/);
  assert.match(message ?? '', /apt-get update && (sudo )?apt-get install -y --no-install-recommends chromium fonts-liberation/);
});

test('a failed install says so and what to run by hand', () => {
  const installed = new Set<string>();
  const message = ensureSystemPackages({ unit: [SWEEP_TEST], e2e: [] }, [requirement('Go sources', ['golang-github-google-go-cmp-dev'], installed)], recordingInstaller(installed, [], true));
  assert.match(message ?? '', /apt-get update -qq' failed/);
  assert.match(message ?? '', /apt-get install -y --no-install-recommends golang-github-google-go-cmp-dev/);
});

test('the real requirements: Chromium only for browser tests, the Go and Rust trees only for the sweep', () => {
  const needed = (selection: { unit: string[]; e2e: string[] }) => REQUIREMENTS.filter((r) => r.neededBy(selection)).flatMap((r) => r.packages);
  assert.deepEqual(needed({ unit: ['lib/1-ingest/order/order.test.ts'], e2e: [] }), []);
  assert.deepEqual(needed({ unit: [], e2e: ['auth.spec.ts'] }), ['git', 'chromium', 'fonts-liberation']);
  assert.deepEqual(needed({ unit: [SWEEP_TEST], e2e: [] }), ['golang-github-google-go-cmp-dev', 'librust-anyhow-dev']);
});
