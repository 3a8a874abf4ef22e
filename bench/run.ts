/** `npm run bench -- NAME [args]`: runs bench/NAME.ts. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const [name = 'graph', ...rest] = process.argv.slice(2);
const file = `bench/${name}.ts`;
if (!fs.existsSync(file)) {
  console.error(`No benchmark ${file}. Available: ${fs.readdirSync('bench').filter((f) => f.endsWith('.ts') && !['run.ts', 'graphOnce.ts'].includes(f)).join(', ')}`);
  process.exit(2);
}
process.exit(spawnSync(process.execPath, ['--import', 'tsx', file, ...rest], { stdio: 'inherit' }).status ?? 1);
