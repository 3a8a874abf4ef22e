import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stateDir } from './stateDir';

/**
 * Runs the Prisma 6 CLI offline. With `engineType = "client"` the generated client needs no
 * query-engine binary, but the CLI still tries to download one unless told where "it" is:
 * an empty placeholder file satisfies that check and is never loaded.
 */
export function runPrismaCli(args: string[], env: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
  const placeholder = path.join(stateDir(), 'no-query-engine.so.node');
  fs.mkdirSync(path.dirname(placeholder), { recursive: true });
  if (!fs.existsSync(placeholder)) fs.writeFileSync(placeholder, '');
  const bin = path.resolve(process.cwd(), 'node_modules/prisma/build/index.js');
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://localhost/unused',
      ...env,
    },
  });
  return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

// `tsx lib/platform/db/prismaCli.ts generate` is the postinstall step.
// Only when this file itself is the entry: bundled into the compiled CLI, import.meta.url is the bundle's.
const thisFile = fileURLToPath(import.meta.url);
if (path.basename(thisFile).startsWith('prismaCli.') && process.argv[1] && path.resolve(process.argv[1]) === thisFile) {
  const { status, stdout, stderr } = runPrismaCli(process.argv.slice(2));
  process.stdout.write(stdout.split('\n').filter((l) => !/Tip:|pris\.ly/.test(l)).join('\n'));
  process.stderr.write(stderr);
  process.exit(status);
}
