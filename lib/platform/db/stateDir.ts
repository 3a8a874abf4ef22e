import path from 'node:path';

/**
 * Folder for Retrace's local state (embedded database, uploads, caches); git-ignored.
 * Its own module so the web app can use it without bundling the database start-up code; the
 * bundler is told not to trace the folder (it holds the database files).
 */
export function stateDir(): string {
  return path.resolve(process.env.RETRACE_HOME ?? path.join(/* turbopackIgnore: true */ process.cwd(), '.retrace'));
}
