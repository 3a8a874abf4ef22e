/** The documentation stands on its own: every relative link in the repository's Markdown names a file or folder inside it. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const LINK = /\]\(([^)\s]+)\)/g;

test('relative links in Markdown files point inside the repository, at something that exists', () => {
  const files = spawnSync('git', ['ls-files', '*.md', '**/*.md'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
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
