// kiosk-session.test.mjs: the kiosk is a role, not an address. Two browsers on the same
// address, each with the cookie its kiosk page set: what one was shown, the other cannot
// open (403), follow on the live feed or preview; previews carry no contact data; sweeps
// and walk-in floods are slowed and shown to staff; pairing a kiosk with a console code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, seed, kioskClient, bin, launch, newKiosk } from './lib.mjs';

const PASSWORD = 'organizer-test-pass';
let server;
before(async () => {
  server = await startServer({ sets: ['server.kiosk_searches=8', 'server.kiosk_walkins=3'] });
  seed(server.state);
  execFileSync(bin, ['passwd', '--state-dir', server.state], { input: `${PASSWORD}\n` });
  // Ada agreed to share her e-mail with other attendees: the printed QR carries it.
  execFileSync('sqlite3', [join(server.state, 'frontdesk.db'),
    "UPDATE attendees SET consent_share = 1 WHERE last_name = 'Lovelace'"]);
});
after(async () => { await server?.stop(); });

async function json(r) { return { status: r.status, body: await r.json().catch(() => null), headers: r.headers }; }

async function organizer() {
  const r = await fetch(server.url + 'api/login', { method: 'POST', body: JSON.stringify({ password: PASSWORD }) });
  assert.equal(r.status, 200);
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrf } = await r.json();
  return (p, init = {}) => fetch(server.url + p.replace(/^\//, ''),
    { ...init, headers: { ...(init.headers || {}), cookie, 'X-CSRF-Token': csrf } });
}

// Reads a live feed for @ms; returns the text.
async function feed(fetcher, path, ms) {
  const controller = new AbortController();
  const r = await fetcher(path, { signal: controller.signal });
  let text = '';
  const reader = r.body.getReader();
  const done = new Promise((resolve) => setTimeout(resolve, ms));
  (async () => {
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        text += new TextDecoder().decode(value);
      }
    } catch { /* aborted */ }
  })();
  await done;
  controller.abort();
  return { status: r.status, text };
}

test('another browser on the same address gets none of what a kiosk was shown (403)', async () => {
  const a = await kioskClient(server.url), b = await kioskClient(server.url);
  assert.notEqual(a.cookie, b.cookie, 'each browser is its own kiosk');
  const found = await json(await a.fetch('/api/search?q=lovel'));
  const id = found.body.results[0].id;
  const mine = await json(await a.fetch(`/api/attendees/${id}`));
  assert.equal(mine.status, 200);
  assert.equal(mine.body.display_name, 'Ada Lovelace');
  for (const [method, path, body] of [['GET', `/api/attendees/${id}`], ['GET', `/api/badge/${id}.png`],
    ['PATCH', `/api/attendees/${id}`, { company: 'Evil Corp' }], ['POST', '/api/checkin', { id }],
    ['POST', '/api/reprint', { id }]]) {
    const r = await b.fetch(path, { method, body: body && JSON.stringify(body) });
    assert.equal(r.status, 403, `${method} ${path} from another browser`);
  }
  const none = await fetch(server.url + `api/attendees/${id}`);
  assert.equal(none.status, 401, 'no kiosk cookie at all: 401');
  assert.equal((await json(await a.fetch(`/api/attendees/${id}`))).body.company, 'Analytical Engines');
});

test('a preview needs the attendee selected, and its QR has no e-mail', async () => {
  const a = await kioskClient(server.url);
  const id = (await json(await a.fetch('/api/search?q=lovel'))).body.results[0].id;
  assert.equal((await a.fetch(`/api/badge/${id}.png`)).status, 403, 'shown in a search is not selected');
  await a.fetch(`/api/attendees/${id}`);
  const png = await a.fetch(`/api/badge/${id}.png?dpi=300`);
  assert.equal(png.status, 200);
  const file = join(server.dir, 'preview.png');
  writeFileSync(file, Buffer.from(await png.arrayBuffer()));
  const qr = execFileSync('zbarimg', ['-q', '--raw', file], { encoding: 'utf8' });
  assert.match(qr, /Lovelace/, 'the QR is the contact card');
  assert.doesNotMatch(qr, /@|EMAIL/, 'but without the e-mail address');
});

test('the live feed is per role: a kiosk sees only its own; the organizer feed needs a session', async () => {
  const a = await kioskClient(server.url), b = await kioskClient(server.url);
  assert.equal((await fetch(server.url + 'api/events')).status, 401);
  const aFeed = feed(a.fetch, '/api/events', 2500), bFeed = feed(b.fetch, '/api/events', 2500);
  const org = await organizer();
  const orgFeed = feed(org, '/api/events', 2500);
  await new Promise((r) => setTimeout(r, 300));
  const answer = await json(await a.fetch('/api/checkin', { method: 'POST', body: JSON.stringify({ code: 'T-1002' }) }));
  assert.equal(answer.status, 200);
  const [ta, tb, to] = [(await aFeed).text, (await bFeed).text, (await orgFeed).text];
  assert.match(ta, new RegExp(`event: checkin\\ndata: [^\\n]*"id":"${answer.body.id}"`), 'the kiosk that checked in');
  assert.match(ta, /event: job\ndata: [^\n]*"state":"completed"/);
  assert.doesNotMatch(tb, /event: (checkin|job)/, 'another kiosk sees nothing of it');
  assert.match(to, /event: checkin\ndata: [^\n]*"attendee":\d+/, 'organizers see every check-in');
  assert.doesNotMatch(to, new RegExp(answer.body.id.replace('.', '\\.')), 'and no kiosk tokens');
});

test('a search sweep is slowed per kiosk and shown to staff', async () => {
  const a = await kioskClient(server.url);
  const codes = [];
  for (const q of ['aa', 'ab', 'ac', 'ad', 'ae', 'af', 'ag', 'ah', 'ai', 'aj', 'ak', 'al'])
    codes.push((await a.fetch(`/api/search?q=${q}`)).status);
  assert.deepEqual(codes.slice(0, 8), Array(8).fill(200));
  assert.ok(codes.slice(8).every((c) => c === 429), `then 429: ${codes}`);
  const fresh = await kioskClient(server.url);
  assert.equal((await fresh.fetch('/api/search?q=aa')).status, 200, 'another kiosk is not slowed');
  const org = await organizer();
  const list = (await json(await org('/api/kiosks'))).body.kiosks;
  assert.ok(list.some((k) => k.sweeps >= 4 && k.searches === 8 && k.station === 'door'), JSON.stringify(list));
  assert.match(server.log(), /event=kiosk action=search_sweep/);
});

test('walk-ins per kiosk are limited and counted for staff', async () => {
  const a = await kioskClient(server.url);
  const walkin = (n) => a.fetch('/api/walkin', { method: 'POST',
    body: JSON.stringify({ first_name: `Walker${n}`, last_name: 'Flood', consent: true }) });
  assert.equal((await walkin(1)).status, 200);
  const second = await json(await walkin(2));
  assert.equal(second.status, 429);
  assert.equal(second.body.error.code, 'walkin_limit');
  assert.ok(Number(second.headers.get('retry-after')) > 0);
  const org = await organizer();
  const list = (await json(await org('/api/kiosks'))).body.kiosks;
  assert.ok(list.some((k) => k.walkins === 1), JSON.stringify(list));
});

test('a counter badge code checks in nobody', async () => {
  const a = await kioskClient(server.url);
  for (let n = 1; n <= 12; n++) {
    const r = await a.fetch('/api/checkin', { method: 'POST', body: JSON.stringify({ code: `FD:test-day:${n}` }) });
    const body = await r.json();
    assert.ok(r.status === 404 || body.already === true, `FD:test-day:${n} -> ${r.status}`);
  }
});

test('a kiosk elsewhere is paired with a code from the console', async () => {
  const lan = await startServer({ sets: ['server.pair_loopback=true'] });
  try {
    seed(lan.state);
    execFileSync(bin, ['passwd', '--state-dir', lan.state], { input: `${PASSWORD}\n` });
    const page = await fetch(lan.url + 'kiosk/');
    assert.equal(page.status, 200);
    assert.deepEqual(page.headers.getSetCookie(), [], 'no session without pairing');
    const wrong = await fetch(lan.url + 'api/kiosk/pair', { method: 'POST', body: JSON.stringify({ code: '00000000' }) });
    assert.equal(wrong.status, 403);
    const login = await fetch(lan.url + 'api/login', { method: 'POST', body: JSON.stringify({ password: PASSWORD }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrf } = await login.json();
    const code = (await (await fetch(lan.url + 'api/kiosks/pair', { method: 'POST',
      headers: { cookie, 'X-CSRF-Token': csrf } })).json()).code;
    assert.match(code, /^\d{8}$/);
    const browser = await launch();
    try {
      const kiosk = await browser.newPage({ viewport: { width: 800, height: 480 } });
      await kiosk.goto(lan.url + 'kiosk/');
      await kiosk.waitForSelector('#pair-code');
      await kiosk.fill('#pair-code', code);
      await kiosk.click('#pair button[type=submit]');
      await kiosk.waitForSelector('body[data-ready="true"]', { timeout: 10000 });
      const found = await kiosk.evaluate(async () => (await (await fetch('/api/search?q=lovel')).json()).results.length);
      assert.equal(found, 1, 'the paired kiosk searches');
      const again = await fetch(lan.url + 'api/kiosk/pair', { method: 'POST', body: JSON.stringify({ code }) });
      assert.equal(again.status, 403, 'a code pairs once');
      const list = (await (await fetch(lan.url + 'api/kiosks', { headers: { cookie } })).json()).kiosks;
      assert.equal(list.length, 1);
      assert.equal(list[0].paired, true);
    } finally {
      await browser.close();
    }
  } finally {
    await lan.stop();
  }
});
