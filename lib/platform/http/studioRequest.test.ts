import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { freePort } from '../db/embeddedPostgres';
import { StudioRequestError, studioRequest } from './studioRequest';

let base = '';
const seen: { method: string; type: string | undefined; body: string }[] = [];
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    seen.push({ method: req.method!, type: req.headers['content-type'], body });
    res.setHeader('content-type', 'application/json');
    if (req.url === '/ok') return res.end(JSON.stringify({ fine: true }));
    if (req.url === '/refused') return (res.statusCode = 409), res.end(JSON.stringify({ error: 'Someone decided first.', current: { version: 2 } }));
    res.statusCode = 502;
    res.end('<html>bad gateway</html>');
  });
});
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise((r) => server.close(r)));

test('JSON in and out: a body makes it a POST with a JSON content type', async () => {
  assert.deepEqual(await studioRequest(`${base}/ok`, { json: { a: 1 } }), { fine: true });
  assert.deepEqual(seen.at(-1), { method: 'POST', type: 'application/json', body: '{"a":1}' });
  await studioRequest(`${base}/ok`, { method: 'DELETE' });
  assert.deepEqual(seen.at(-1), { method: 'DELETE', type: undefined, body: '' });
});

test("the server's own message and body, or its status when it sent no JSON", async () => {
  const refused = await studioRequest(`${base}/refused`, { json: {} }).catch((e: unknown) => e);
  assert.ok(refused instanceof StudioRequestError);
  assert.deepEqual([refused.message, refused.status, (refused.body as { current: unknown }).current], ['Someone decided first.', 409, { version: 2 }]);
  const gateway = await studioRequest(`${base}/other`).catch((e: unknown) => e);
  assert.ok(gateway instanceof StudioRequestError);
  assert.equal(gateway.message, 'The studio answered 502.');
});

test('a server that is gone is said so (status 0); an abort stays an abort', async () => {
  const gone = await studioRequest(`http://127.0.0.1:${await freePort()}/x`).catch((e: unknown) => e);
  assert.ok(gone instanceof StudioRequestError);
  assert.deepEqual([gone.status, gone.message], [0, 'The studio server did not answer. Is it still running?']);
  const aborted = await studioRequest(`${base}/ok`, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
  assert.equal((aborted as Error).name, 'AbortError');
});
