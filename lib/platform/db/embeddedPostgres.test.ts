import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { freePort, freePortFrom, portBindable, portInUse } from './embeddedPostgres';

test('a port held by the local end of a connection is not bindable, though nothing listens on it', async () => {
  const server = net.createServer((socket) => socket.on('error', () => {}));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = net.connect({ port: (server.address() as net.AddressInfo).port, host: '127.0.0.1' });
  await new Promise((resolve) => client.once('connect', resolve));
  try {
    const local = client.localPort!;
    assert.equal(await portInUse(local), false);
    assert.equal(await portBindable(local), false);
    // The studio's web port search skips it too.
    assert.notEqual(await freePortFrom(local, 5), local);
  } finally {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a free port is bindable and a listening one is not', async () => {
  const port = await freePort();
  assert.equal(await portBindable(port), true);
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  try {
    assert.equal(await portInUse(port), true);
    assert.equal(await portBindable(port), false);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
