import { spawnSync } from 'node:child_process';

/**
 * Shallow-clones `url` into `dir` (empty) and returns the commit SHA. Hooks, templates,
 * submodules, LFS downloads and the `ext::` transport are off: cloning an untrusted
 * repository must not run anything from it.
 */
export function cloneGit(url: string, dir: string, ref?: string): string {
  if (url.startsWith('-') || ref?.startsWith('-')) throw new Error(`Refusing a git URL or ref that starts with '-': ${url}`);
  const args = [
    '-c', 'core.hooksPath=/dev/null',
    '-c', 'protocol.ext.allow=never',
    '-c', 'core.symlinks=true',
    'clone', '--depth', '1', '--single-branch', '--no-tags', '--no-recurse-submodules', '--template=',
    ...(ref ? ['--branch', ref] : []),
    '--', url, dir,
  ];
  const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_LFS_SKIP_SMUDGE: '1', GIT_ASKPASS: 'true', SSH_ASKPASS: 'true' };
  const clone = spawnSync('git', args, { encoding: 'utf8', env, timeout: 10 * 60_000 });
  if (clone.error) throw new Error(`Could not run git to clone ${url}: ${clone.error.message}. Is git installed?`);
  if (clone.status !== 0) {
    const detail = (clone.stderr || clone.stdout).trim().split('\n').slice(-3).join(' ');
    throw new Error(`git clone of ${url}${ref ? ` at ${ref}` : ''} failed: ${detail || `exit ${clone.status}`}. Check the URL, the ref and that the repository is reachable.`);
  }
  const head = spawnSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  const sha = head.stdout.trim();
  if (head.status !== 0 || !/^[0-9a-f]{40}$/.test(sha)) throw new Error(`Cloned ${url}, but it has no commit to read (empty repository?).`);
  return sha;
}
