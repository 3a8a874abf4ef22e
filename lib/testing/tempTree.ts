import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Writes a small repository into a fresh temporary folder for a test. Values are file
 * contents (string or bytes); the folder is removed when the process exits.
 */
export function tempTree(files: Record<string, string | Uint8Array>, prefix = 'retrace-test-'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  process.once('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  return root;
}
