/**
 * The first request to a page after `next start` loads that page's server code, opens the
 * database pool and reads and compresses its scripts from disk: on 2 cores the 2,000-file graph
 * took 3.1 s on first load against 1.5 s afterwards (first byte 1,072 ms against 192 ms). The
 * studio makes those requests itself before it prints its URL, so the first person does not
 * pay for them.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface WarmUpTargets {
  /** A repository name and a trajectory id from the database, when there are any: their pages run the real queries. */
  repositoryName: string | null;
  trajectoryId: string | null;
}

export interface WarmUpResult {
  pages: number;
  assets: number;
  failed: number;
  ms: number;
}

/** The pages people open first; dynamic ones on real records when the database has some. */
export function warmUpPaths(targets: WarmUpTargets): string[] {
  const repo = targets.repositoryName === null ? null : `/repositories/${encodeURIComponent(targets.repositoryName)}`;
  return [
    '/repositories',
    ...(repo ? [repo, `${repo}/graph`] : []),
    ...(targets.trajectoryId ? [`/trajectories/${targets.trajectoryId}`] : []),
    '/review',
    '/review/table',
    '/jobs',
    '/progress',
    '/export',
    '/sign-in',
  ];
}

/** Every file the build serves under `/_next/static/`, as URL paths (scripts, styles, workers). */
export function staticAssetPaths(distDir: string): string[] {
  const root = path.join(distDir, 'static');
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.push(`/_next/static/${path.relative(root, full).split(path.sep).map(encodeURIComponent).join('/')}`);
    }
  };
  walk(root);
  return out.sort();
}

/**
 * Requests every path once (pages first, in order, then the static files a few at a time) and
 * reads each body to the end. Never throws: a page that answers with an error is only counted,
 * since warming is an optimisation and the studio must start regardless. Stops at `deadline`.
 */
export async function warmUp(base: string, pages: string[], assets: string[], options: { timeoutMs?: number; concurrency?: number } = {}): Promise<WarmUpResult> {
  const started = performance.now();
  const deadline = started + (options.timeoutMs ?? 20_000);
  let failed = 0;
  const fetchOnce = async (pathname: string) => {
    const left = Math.ceil(deadline - performance.now());
    if (left <= 0) return false;
    try {
      const res = await fetch(base + pathname, { signal: AbortSignal.timeout(left), headers: { 'accept-encoding': 'gzip' } });
      await res.arrayBuffer();
      if (!res.ok) failed++;
      return true;
    } catch {
      failed++;
      return false;
    }
  };
  // Next prints its address a moment before it accepts connections.
  while (performance.now() < deadline) {
    try {
      await (await fetch(base + '/favicon.ico', { signal: AbortSignal.timeout(Math.max(1, Math.ceil(deadline - performance.now()))) })).arrayBuffer();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  let pagesDone = 0;
  for (const p of pages) if (await fetchOnce(p)) pagesDone++;
  let assetsDone = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: options.concurrency ?? 4 }, async () => {
      while (next < assets.length) if (await fetchOnce(assets[next++])) assetsDone++;
    }),
  );
  return { pages: pagesDone, assets: assetsDone, failed, ms: Math.round(performance.now() - started) };
}
