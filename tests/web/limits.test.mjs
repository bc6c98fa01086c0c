// limits.test.mjs: bounded input against a real server: announced and chunked oversized
// bodies, slow and idle connections, and the server's memory while it is flooded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { startServer } from './lib.mjs';

let server, port;
before(async () => {
  server = await startServer({ sets: ['server.request_timeout=2'] });
  port = Number(new URL(server.url).port);
});
after(async () => { await server?.stop(); });

// The server's resident memory now and at its peak, in kB (/proc/PID/status).
function memory() {
  const text = readFileSync(`/proc/${server.proc.pid}/status`, 'utf8');
  const kb = (key) => Number(text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))[1]);
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

// Opens a raw connection; resolves { socket, received(), closed } where closed resolves
// with the milliseconds from opening to the server closing the connection.
function raw() {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let data = '';
    const closed = new Promise((r) => socket.on('close', () => r(Date.now() - started)));
    socket.on('data', (d) => { data += d; });
    socket.on('error', () => {}); /* a reset after the server closed is expected */
    socket.on('connect', () => resolve({ socket, received: () => data, closed }));
    socket.on('timeout', reject);
  });
}

test('an absurd Content-Length is refused at once with a 413 JSON body', async () => {
  for (const length of ['99999999999999999999', '1073741824', '-5', '12abc']) {
    const announced = /^\d+$/.test(length);
    const c = await raw();
    c.socket.write(`POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${length}\r\n\r\n{"password":"x"}`);
    const ms = await c.closed;
    const text = c.received();
    assert.match(text, announced ? /^HTTP\/1\.1 413 / : /^HTTP\/1\.1 4\d\d /, `Content-Length ${length}`);
    if (announced) {
      const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
      assert.equal(body.error.code, 'too_large');
    }
    assert.ok(ms < 1900, `answered before the request deadline (${ms} ms)`);
  }
});

test('a 1 GiB chunked body is cut off early and memory stays small', async () => {
  const before = memory();
  for (const path of ['/api/import', '/api/login', '/api/checkin']) {
    const c = await raw();
    c.socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
      'Transfer-Encoding: chunked\r\n\r\n');
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0, open = true;
    c.closed.then(() => { open = false; });
    while (open && sent < 1024 * 1024 * 1024) {
      const more = c.socket.write(`${chunk.length.toString(16)}\r\n`) &&
        c.socket.write(chunk) && c.socket.write('\r\n');
      sent += chunk.length;
      if (!more) await new Promise((r) => { c.socket.once('drain', r); c.closed.then(r); });
    }
    await c.closed;
    assert.ok(sent < 64 * 1024 * 1024, `${path}: closed after ${sent >> 20} MiB, not 1 GiB`);
    assert.match(c.received(), /^(HTTP\/1\.1 413 |)/);
  }
  const after = memory();
  assert.ok(after.peak - before.rss < 40 * 1024,
    `peak RSS grew by ${(after.peak - before.rss) >> 10} MiB (from ${before.rss >> 10} MiB)`);
  const r = await fetch(server.url + 'api/status');
  assert.equal(r.status, 200, 'the server still answers');
});

test('an idle connection is closed after request_timeout', async () => {
  const c = await raw();
  const ms = await c.closed;
  assert.ok(ms >= 1500 && ms < 10000, `closed after ${ms} ms`);
  assert.equal(c.received(), '');
});

test('headers sent slowly are cut off at request_timeout', async () => {
  const c = await raw();
  c.socket.write('GET /api/status HTTP/1.1\r\nHost: x\r\n');
  let open = true;
  c.closed.then(() => { open = false; });
  for (let i = 0; open && i < 40; i++) {
    await new Promise((r) => setTimeout(r, 250));
    if (open) c.socket.write(`X-Slow-${i}: still typing\r\n`);
  }
  const ms = await c.closed;
  assert.ok(ms < 9000, `closed after ${ms} ms although bytes kept coming`);
});

test('a keep-alive connection serves requests, then closes when idle', async () => {
  const c = await raw();
  c.socket.write('GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n');
  await new Promise((r) => setTimeout(r, 300));
  assert.match(c.received(), /^HTTP\/1\.1 200 /);
  const ms = await c.closed;
  assert.ok(ms < 10000, `closed after ${ms} ms`);
});
