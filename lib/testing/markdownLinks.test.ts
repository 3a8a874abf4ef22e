/** The documentation stands on its own: every relative link in the repository's Markdown names a file or folder inside it. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const LINK = /\]\(([^)\s]+)\)/g;

/** The repository's Markdown files: git's list, or a walk when this is not a git checkout. */
function markdownFiles(): string[] {
  const git = spawnSync('git', ['ls-files', '*.md', '**/*.md'], { encoding: 'utf8' });
  if (git.status === 0) return git.stdout.split('\n').filter(Boolean);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && !['node_modules', '.git', '.next', '.retrace', 'test-results'].includes(e.name)) walk(path.join(dir, e.name));
      else if (e.isFile() && e.name.endsWith('.md')) out.push(path.join(dir, e.name));
    }
  };
  walk('.');
  return out.map((f) => path.normalize(f));
}

test('relative links in Markdown files point inside the repository, at something that exists', () => {
  const files = markdownFiles();
  assert.ok(files.includes('README.md') && files.includes('docs/method.md') && files.includes('docs/architecture.md'), files.join(', '));
  const root = process.cwd();
  const broken: string[] = [];
  for (const file of files) {
    if (/(^|\/)fixtures\//.test(file)) continue; // test inputs, not documentation
    for (const [, target] of fs.readFileSync(file, 'utf8').matchAll(LINK)) {
      if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue; // web addresses and anchors
      const resolved = path.resolve(path.dirname(file), target.split('#')[0]);
      if (path.relative(root, resolved).startsWith('..')) broken.push(`${file}: ${target} leaves the repository`);
      else if (!fs.existsSync(resolved)) broken.push(`${file}: ${target} does not exist`);
    }
  }
  assert.deepEqual(broken, []);
});
