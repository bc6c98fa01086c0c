// api.test.mjs: the JSON API's answers to bad input, and the kiosk's limits, against a real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, seed, kioskClient } from './lib.mjs';

let server, kiosk;
before(async () => {
  server = await startServer();
  seed(server.state);
  kiosk = await kioskClient(server.url);
});
after(async () => { await server?.stop(); });

// Requests as the kiosk page's browser makes them (with its cookie).
async function call(method, path, body, headers = {}) {
  const r = await kiosk.fetch(path, { method, body, headers });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, json, headers: r.headers };
}

function isError(r, status, code) {
  assert.equal(r.status, status);
  assert.ok(r.json && r.json.error, 'a JSON error body');
  assert.equal(r.json.error.code, code);
  assert.equal(typeof r.json.error.message, 'string');
}

test('malformed JSON is 400 bad_json', async () => {
  isError(await call('POST', '/api/checkin', '{"id": '), 400, 'bad_json');
  isError(await call('POST', '/api/walkin', ''), 400, 'bad_json');
});

test('invalid UTF-8 is 400 bad_utf8', async () => {
  const bytes = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]);
  isError(await call('POST', '/api/walkin', bytes), 400, 'bad_utf8');
});

test('wrong types are 422 naming the field', async () => {
  const r = await call('POST', '/api/walkin', JSON.stringify({ first_name: 42 }));
  isError(r, 422, 'bad_type');
  assert.equal(r.json.error.field, 'first_name');
  isError(await call('POST', '/api/checkin', JSON.stringify({ id: 'x', edits: [] })), 403, 'not_yours');
  isError(await call('POST', '/api/checkin', '"just a string"'), 422, 'bad_type');
});

test('control characters and overlong names are refused', async () => {
  const r = await call('POST', '/api/walkin', JSON.stringify({ first_name: 'a\u0007b', consent: true }));
  isError(r, 422, 'bad_value');
  isError(await call('POST', '/api/walkin', JSON.stringify({ first_name: 'x'.repeat(101), consent: true })), 422, 'bad_value');
});

test('oversized bodies are 413', async () => {
  isError(await call('POST', '/api/checkin', 'x'.repeat(70 * 1024)), 413, 'too_large');
});

test('unknown routes are 404 and wrong methods 405', async () => {
  isError(await call('GET', '/api/nope'), 404, 'not_found');
  const r = await call('PUT', '/api/search');
  isError(r, 405, 'method_not_allowed');
  assert.equal(r.headers.get('allow'), 'GET');
});

test('the kiosk cannot reach organizer endpoints (401)', async () => {
  for (const p of ['/api/attendees', '/api/layouts', '/api/printers', '/api/jobs', '/api/import', '/api/export'])
    isError(await call('GET', p), 401, 'unauthorized');
  isError(await call('POST', '/api/import', '{}'), 401, 'unauthorized');
});

test('search never returns emails or ticket codes, needs 2 characters, caps at 5', async () => {
  const one = await call('GET', '/api/search?q=a');
  assert.deepEqual(one.json.results, []);
  const many = await call('GET', '/api/search?q=ad');
  assert.ok(many.json.results.length <= 5);
  for (const r of many.json.results) assert.deepEqual(Object.keys(r).sort(), ['company', 'display_name', 'id']);
  const byMail = await call('GET', '/api/search?q=' + encodeURIComponent('ada@example.org'));
  assert.doesNotMatch(JSON.stringify(byMail.json), /@/);
});

test('kiosk ids cannot be guessed', async () => {
  for (const id of ['1', '1.0', '1.' + '0'.repeat(20), '../1', '-1.abc'])
    assert.equal((await call('GET', `/api/attendees/${encodeURIComponent(id)}`)).status >= 400, true);
});

test('the live feed pushes check-ins and job changes without personal data', async () => {
  const controller = new AbortController();
  const feed = await kiosk.fetch('/api/events', { signal: controller.signal });
  assert.equal(feed.headers.get('content-type'), 'text/event-stream');
  const reader = feed.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const seen = (async () => {
    while (!/event: checkin\ndata: [^\n]*\n\n/.test(text) || !/event: job\ndata: [^\n]*"state":"completed"/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  })();
  await new Promise((r) => setTimeout(r, 200));
  const answer = await call('POST', '/api/checkin', JSON.stringify({ code: 'T-1007' }));
  assert.equal(answer.status, 200);
  await Promise.race([seen, new Promise((_, no) => setTimeout(() => no(new Error('no checkin and completed job events')), 15000))]);
  controller.abort();
  const data = JSON.parse(text.match(/event: checkin\ndata: ([^\n]*)/)[1]);
  assert.equal(data.number, answer.json.number);
  assert.equal(data.id, answer.json.id);
  const job = JSON.parse(text.match(/event: job\ndata: ([^\n]*"state":"completed"[^\n]*)/)[1]);
  assert.equal(job.id, answer.json.id);
  assert.equal(job.owed, false);
  assert.doesNotMatch(text, /Adamson|@example/, 'no names or emails on the feed');
});
