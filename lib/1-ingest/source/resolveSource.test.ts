import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tarGz, zip } from '../../testing/archives';
import { tempTree } from '../../testing/tempTree';
import { resolveSource } from './resolveSource';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' }).trim();

function archiveFile(name: string, bytes: Buffer): string {
  const dir = tempTree({});
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

test('a local folder is used in place', async () => {
  const root = tempTree({ 'a.py': 'x = 1\n' });
  const src = await resolveSource(root);
  assert.equal(src.kind, 'directory');
  assert.equal(src.dir, root);
  assert.equal(src.commitSha, null);
});

test('a git URL is shallow-cloned with the commit SHA recorded, hooks and submodules off', async () => {
  const work = tempTree({ 'main.py': 'print(1)\n', '.gitmodules': '[submodule "x"]\n\tpath = x\n\turl = ./nowhere\n' });
  git(work, 'init', '-q');
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'one');
  fs.writeFileSync(path.join(work, 'second.py'), 'y = 2\n');
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'two');
  const sha = git(work, 'rev-parse', 'HEAD');
  const bare = path.join(tempTree({}), 'repo.git');
  git(work, 'clone', '-q', '--bare', work, bare);
  // A hook in the bare repository must never run on our side.
  const marker = path.join(path.dirname(bare), 'hook-ran');
  fs.writeFileSync(path.join(bare, 'hooks', 'post-checkout'), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });

  const src = await resolveSource(`file://${bare}`);
  try {
    assert.equal(src.kind, 'git');
    assert.equal(src.commitSha, sha);
    assert.equal(src.suggestedName, 'repo');
    assert.ok(fs.existsSync(path.join(src.dir, 'second.py')));
    assert.equal(git(src.dir, 'rev-list', '--count', 'HEAD'), '1', 'shallow clone');
    assert.ok(!fs.existsSync(marker), 'no hook ran');
    assert.ok(!fs.existsSync(path.join(src.dir, 'x', '.git')), 'no submodule fetched');
  } finally {
    src.cleanup();
  }
  assert.ok(!fs.existsSync(src.dir), 'clone removed by cleanup');
});

test('a git URL that cannot be cloned says so', async () => {
  await assert.rejects(resolveSource('file:///nonexistent/repo.git'), /git clone of file:\/\/\/nonexistent\/repo\.git failed: .*Check the URL/);
});

test('a path that does not exist says what it accepts', async () => {
  await assert.rejects(resolveSource('/no/such/place'), /No such folder, archive or git URL: \/no\/such\/place/);
});

test('a .tar.gz is extracted and its single top folder unwrapped', async () => {
  const file = archiveFile('proj-1.0.tar.gz', tarGz([{ path: 'proj-1.0/', dir: true }, { path: 'proj-1.0/src/a.py', content: 'a = 1\n' }, { path: 'proj-1.0/link.py', symlink: 'src/a.py' }]));
  const src = await resolveSource(file);
  try {
    assert.equal(src.kind, 'archive');
    assert.equal(src.suggestedName, 'proj-1.0');
    assert.equal(fs.readFileSync(path.join(src.dir, 'src/a.py'), 'utf8'), 'a = 1\n');
    assert.equal(fs.readlinkSync(path.join(src.dir, 'link.py')), 'src/a.py');
  } finally {
    src.cleanup();
  }
});

test('a .zip is extracted, including symlinks inside it', async () => {
  const file = archiveFile('p.zip', zip([{ path: 'a.py', content: 'a = 1\n' }, { path: 'd/', dir: true }, { path: 'd/b.py', content: 'b\n' }, { path: 'l.py', symlink: 'a.py' }]));
  const src = await resolveSource(file);
  try {
    assert.equal(fs.readFileSync(path.join(src.dir, 'd/b.py'), 'utf8'), 'b\n');
    assert.equal(fs.readlinkSync(path.join(src.dir, 'l.py')), 'a.py');
  } finally {
    src.cleanup();
  }
});

for (const [label, make] of [
  ['tar.gz', (e: Parameters<typeof tarGz>[0]) => archiveFile('evil.tar.gz', tarGz(e))],
  ['zip', (e: Parameters<typeof zip>[0]) => archiveFile('evil.zip', zip(e))],
] as const) {
  test(`a ${label} with an entry escaping the target is refused whole`, async () => {
    const escapee = path.join(path.dirname(make([])), '..', 'escaped.txt');
    const file = make([{ path: 'ok.py', content: 'x' }, { path: '../escaped.txt', content: 'gotcha' }]);
    await assert.rejects(resolveSource(file), /Refusing evil\.(tar\.gz|zip): entry "\.\.\/escaped\.txt" would be written outside the target folder/);
    assert.ok(!fs.existsSync(escapee));
  });

  test(`a ${label} with an absolute path is refused`, async () => {
    await assert.rejects(resolveSource(make([{ path: '/etc/evil', content: 'x' }])), /has an absolute path/);
  });

  test(`a ${label} with a symlink pointing outside is refused`, async () => {
    await assert.rejects(resolveSource(make([{ path: 'a/link', symlink: '../../outside' }])), /link pointing outside the archive/);
    await assert.rejects(resolveSource(make([{ path: 'link', symlink: '/etc/passwd' }])), /link to an absolute path/);
  });

  test(`a ${label} over the entry or size limits is refused`, async () => {
    const entries = [{ path: 'a', content: 'x'.repeat(100) }, { path: 'b', content: 'y' }];
    await assert.rejects(resolveSource(make(entries), { archiveLimits: { maxEntries: 1 } }), /more than 1 entries/);
    await assert.rejects(resolveSource(make(entries), { archiveLimits: { maxTotalBytes: 50 } }), /expands to more than 50 bytes/);
  });
}

test('a corrupt archive gives a clear error', async () => {
  await assert.rejects(resolveSource(archiveFile('bad.tar.gz', Buffer.from('not gzip at all'))), /bad\.tar\.gz is not a readable \.tar\.gz archive|Refusing/);
  await assert.rejects(resolveSource(archiveFile('bad.zip', Buffer.from('not a zip'))), /bad\.zip is not a readable \.zip archive/);
});
