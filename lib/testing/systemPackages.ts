/**
 * Debian packages some tests need, which npm cannot bring: Chromium for the browser tests (never a
 * downloaded browser), real Go and Rust source trees for the synthesis sweep, git for ingesting git
 * sources. Before running, `npm test` installs the ones the selected tests need and lack when it
 * can (as root, with apt-get), and otherwise stops and says exactly what to run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export interface TestSelection {
  unit: string[];
  e2e: string[];
}

export interface SystemRequirement {
  /** What is missing, as a person would say it. */
  what: string;
  packages: string[];
  present: () => boolean;
  neededBy: (selection: TestSelection) => boolean;
}

const onPath = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const anyEntry = (dir: string, prefix: string) => {
  try {
    return fs.readdirSync(dir).some((n) => n.startsWith(prefix));
  } catch {
    return false;
  }
};

export const SWEEP_TEST = 'lib/2-synthesize/sweepPackages.test.ts';

export const REQUIREMENTS: SystemRequirement[] = [
  {
    what: 'git',
    packages: ['git'],
    present: () => onPath('git'),
    neededBy: (s) => s.e2e.length > 0 || s.unit.some((f) => /^lib\/(source|ingest|imports)\//.test(f)),
  },
  {
    what: 'Chromium at /usr/bin/chromium (for the browser tests)',
    packages: ['chromium', 'fonts-liberation'],
    present: () => fs.existsSync('/usr/bin/chromium'),
    neededBy: (s) => s.e2e.length > 0,
  },
  {
    what: 'Go sources of github.com/google/go-cmp (for the synthesis sweep)',
    packages: ['golang-github-google-go-cmp-dev'],
    present: () => fs.existsSync('/usr/share/gocode/src/github.com/google/go-cmp'),
    neededBy: (s) => s.unit.includes(SWEEP_TEST),
  },
  {
    what: 'Rust sources of the anyhow crate (for the synthesis sweep)',
    packages: ['librust-anyhow-dev'],
    present: () => anyEntry('/usr/share/cargo/registry', 'anyhow-'),
    neededBy: (s) => s.unit.includes(SWEEP_TEST),
  },
];

/** The command that installs `packages`, as the user would type it. */
export function installCommand(packages: string[]): string {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

export interface Installer {
  /** Whether this process may install Debian packages (root with apt-get). */
  available: boolean;
  /** Installs them; returns an error message, or null. */
  install: (packages: string[]) => string | null;
}

export const aptGet: Installer = {
  available: process.getuid?.() === 0 && onPath('apt-get'),
  install: (packages) => {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...packages]]) {
      const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
      if (result.status !== 0) return `'apt-get ${args.join(' ')}' failed (exit ${result.status ?? result.signal}; its messages are above).`;
    }
    return null;
  },
};

/**
 * Makes sure what the selected tests need is here, installing what is missing when it can.
 * Returns a message saying what is missing and what to run when it is not; null when all is well.
 */
export function ensureSystemPackages(selection: TestSelection, requirements = REQUIREMENTS, installer = aptGet): string | null {
  const missing = requirements.filter((r) => r.neededBy(selection) && !r.present());
  if (missing.length === 0) return null;
  const packages = [...new Set(missing.flatMap((r) => r.packages))];
  const list = missing.map((r) => `  - ${r.what}`).join('\n');
  const byHand = `Install ${missing.length === 1 ? 'it' : 'them'}, then run the tests again:\n  ${installCommand(packages)}`;
  if (!installer.available) return `The selected tests need what this machine lacks:\n${list}\n${byHand}`;
  console.log(`Installing Debian packages the selected tests need (${packages.join(', ')}):\n${list}`);
  const failed = installer.install(packages);
  if (failed) return `${failed}\nThe selected tests need:\n${list}\n${byHand}`;
  const still = missing.filter((r) => !r.present());
  if (still.length > 0) return `apt-get installed ${packages.join(', ')}, but these are still missing:\n${still.map((r) => `  - ${r.what}`).join('\n')}`;
  return null;
}
