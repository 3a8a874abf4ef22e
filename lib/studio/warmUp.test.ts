import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { freePort } from '../platform/db/embeddedPostgres';
import { tempTree } from '../testing/tempTree';
import { staticAssetPaths, warmUp, warmUpPaths } from './warmUp';

test('the pages warmed include the real repository and trajectory when there are some', () => {
  const paths = warmUpPaths({ repositoryName: 'a b/c', trajectoryId: 'e3b0c442-98fc-4c14-9afb-f4c8996fb924' });
  assert.ok(paths.includes('/repositories/a%20b%2Fc/graph'));
  assert.ok(paths.includes('/trajectories/e3b0c442-98fc-4c14-9afb-f4c8996fb924'));
  const empty = warmUpPaths({ repositoryName: null, trajectoryId: null });
  assert.ok(empty.includes('/repositories') && !empty.some((p) => p.startsWith('/trajectories/')));
});

test('static assets are listed as the URLs Next serves them under', () => {
  const dist = tempTree({ 'static/chunks/a.js': 'x', 'static/chunks/b c.css': 'y', 'static/media/w.js': 'z', 'server/page.js': 'no' });
  assert.deepEqual(staticAssetPaths(dist), ['/_next/static/chunks/a.js', '/_next/static/chunks/b%20c.css', '/_next/static/media/w.js']);
  assert.deepEqual(staticAssetPaths('/nonexistent-dist'), []);
});

test('waits for a server that is not listening yet, requests every path once, counts errors', async () => {
  const port = await freePort();
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url!);
    res.statusCode = req.url === '/broken' ? 500 : 200;
    res.end('ok');
  });
  // Listens only after a while, like `next start` after printing its address.
  const late = setTimeout(() => server.listen(port, '127.0.0.1'), 400);
  try {
    const result = await warmUp(`http://127.0.0.1:${port}`, ['/a', '/broken'], ['/_next/static/x.js', '/_next/static/y.js', '/_next/static/z.js'], { timeoutMs: 10_000, concurrency: 2 });
    assert.deepEqual({ pages: result.pages, assets: result.assets, failed: result.failed }, { pages: 2, assets: 3, failed: 1 });
    const requested = seen.filter((u) => u !== '/favicon.ico');
    assert.deepEqual(requested.slice(0, 2), ['/a', '/broken'], 'pages first, in order');
    assert.deepEqual([...requested.slice(2)].sort(), ['/_next/static/x.js', '/_next/static/y.js', '/_next/static/z.js']);
  } finally {
    clearTimeout(late);
    await new Promise((r) => server.close(r));
  }
});

test('gives up at its deadline when the server never answers', async () => {
  const server = http.createServer(() => {
    /* never answers */
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const started = performance.now();
  try {
    const result = await warmUp(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, ['/a'], ['/b'], { timeoutMs: 600 });
    assert.equal(result.pages + result.assets, 0);
    assert.ok(performance.now() - started < 3000, 'returned soon after the deadline');
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
