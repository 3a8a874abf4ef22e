import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The studio serves a production build. It is rebuilt when anything it is built from changed:
 * a fingerprint of the sources' paths, sizes and modification times is kept beside the build.
 */
const INPUTS = ['app', 'components', 'lib', 'package-lock.json', 'next.config.ts', 'proxy.ts', 'tsconfig.json', 'prisma/schema.prisma'];
const FINGERPRINT_FILE = path.join('.next', 'retrace-fingerprint');

function fingerprint(): string {
  const hash = createHash('sha256');
  const visit = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) if (name !== 'node_modules' && !name.endsWith('.test.ts')) visit(path.join(p, name));
    } else {
      hash.update(`${p}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  INPUTS.forEach(visit);
  return hash.digest('hex');
}

export function needsBuild(): boolean {
  if (!fs.existsSync(path.join('.next', 'BUILD_ID'))) return true;
  try {
    return fs.readFileSync(FINGERPRINT_FILE, 'utf8') !== fingerprint();
  } catch {
    return true;
  }
}

export function recordBuild(): void {
  fs.writeFileSync(FINGERPRINT_FILE, fingerprint());
}
