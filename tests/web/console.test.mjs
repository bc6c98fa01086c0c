// console.test.mjs: the organizer console against a real `frontdesk serve` and the test cupsd:
// login and CSRF, dashboard figures, import, reprint, the designer, and axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, closeSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { top, bin, startServer, launch, axe, shot, seed, sql } from './lib.mjs';

const PASSWORD = 'organizer-test-pass';
let cups, cupsEnv, server, browser, layouts, work;

function harness(...args) {
  const file = join(cups, `harness-${args[0]}.out`);
  const fd = openSync(file, 'w');
  try {
    execFileSync('sh', [join(top, 'tests/lib/cupsd-harness.sh'), ...args], { stdio: ['ignore', fd, 'inherit'] });
  } finally {
    closeSync(fd);
  }
  return readFileSync(file, 'utf8');
}

before(async () => {
  cups = mkdtempSync(join(tmpdir(), 'frontdesk-cups-'));
  work = mkdtempSync(join(tmpdir(), 'frontdesk-console-'));
  layouts = join(work, 'layouts');
  cpSync(join(top, 'layouts'), layouts, { recursive: true });
  const out = harness('start', cups, '5', String(process.pid));
  cupsEnv = { CUPS_SERVER: out.match(/CUPS_SERVER=(\S+)/)[1] };
  server = await startServer({ env: { ...cupsEnv, FRONTDESK_LAYOUTS_DIR: layouts },
    sets: ['station door.badge_printer=dymo', 'server.printer_poll=1'] });
  execFileSync(bin, ['passwd', '--state-dir', server.state], { input: `${PASSWORD}\n` });
  assert.ok(seed(server.state), 'roster seeded');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  try { harness('stop', cups); } finally {
    rmSync(cups, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
});

async function newPage(path = 'console/') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(server.url + path);
  return page;
}

async function loggedIn(path = 'console/') {
  const page = await newPage('console/');
  await page.waitForSelector('#login:not([hidden])');
  await page.fill('#password', PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#nav:not([hidden])');
  if (path !== 'console/') await page.goto(server.url + path);
  await page.waitForSelector('body[data-ready="1"]');
  return page;
}

// fetch() from inside a logged-in page, with or without the CSRF token.
async function pageFetch(page, path, { method = 'GET', body, csrf = true } = {}) {
  return page.evaluate(async ({ path, method, body, csrf }) => {
    const headers = { 'Content-Type': 'application/json' };
    if (csrf) headers['X-CSRF-Token'] = (await (await fetch('/api/session')).json()).csrf;
    const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: await r.text() };
  }, { path, method, body, csrf });
}

test('login: a wrong password is refused, organizer endpoints need a session, changes need the CSRF token', async () => {
  for (const p of ['attendees', 'layouts', 'printers', 'jobs', 'import', 'export', 'stats']) {
    const r = await fetch(`${server.url}api/${p}`);
    assert.equal(r.status, 401, p);
    assert.equal((await r.json()).error.code, 'unauthorized');
  }
  const page = await newPage();
  await page.waitForSelector('#login:not([hidden])');
  await page.fill('#password', 'not-the-password');
  await page.click('#login-form button[type=submit]');
  await page.waitForFunction(() => document.getElementById('login-error').textContent.length > 0);
  assert.match(await page.textContent('#login-error'), /wrong password/);
  assert.ok(await page.isVisible('#login'));
  assert.deepEqual(await axe(page), [], 'login page');
  await page.close();

  const good = await loggedIn();
  const cookies = await good.context().cookies();
  const c = cookies.find((x) => x.name === 'fd_session');
  assert.ok(c && c.httpOnly && c.sameSite === 'Strict', 'session cookie is HttpOnly, SameSite=Strict');
  const id = sql(server.state, "SELECT id FROM attendees WHERE ticket_code = 'T-1001'");
  const refused = await pageFetch(good, `/api/attendees/${id}/checkin`, { method: 'POST', body: {}, csrf: false });
  assert.equal(refused.status, 403);
  assert.equal(sql(server.state, `SELECT count(*) FROM arrivals WHERE attendee_id = ${id}`), '0');
  const logout = await pageFetch(good, '/api/logout', { method: 'POST', body: {} });
  assert.equal(logout.status, 200);
  assert.equal((await pageFetch(good, '/api/attendees')).status, 401);
  assert.deepEqual(good.errors, []);
  await good.close();
});

test('dashboard: the numbers match the store after scripted check-ins', async () => {
  const page = await loggedIn();
  for (const code of ['T-1002', 'T-1003', 'T-1004']) {
    const id = sql(server.state, `SELECT id FROM attendees WHERE ticket_code = '${code}'`);
    const r = await pageFetch(page, `/api/attendees/${id}/checkin`, { method: 'POST', body: {} });
    assert.equal(r.status, 200, r.body);
  }
  const arrived = sql(server.state, 'SELECT count(*) FROM attendees WHERE checkin_number IS NOT NULL');
  const expected = sql(server.state, 'SELECT sum(1 + guests) FROM attendees WHERE expected = 1 AND walkin = 0');
  await page.waitForFunction((n) => document.getElementById('n-arrived').textContent === n, arrived);
  assert.equal(arrived, '3');
  assert.equal(await page.textContent('#n-expected'), expected);
  const registered = Number(sql(server.state, 'SELECT count(*) FROM attendees WHERE expected = 1 AND walkin = 0'));
  const noShows = Number(sql(server.state, 'SELECT count(*) FROM attendees WHERE expected = 1 AND walkin = 0 AND checkin_number IS NULL'));
  // Mid-event (no [event] door_closes): not a rate yet, the people not arrived so far.
  assert.equal(await page.textContent('#noshow-label'), 'Not yet arrived');
  assert.equal(await page.textContent('#n-noshow'), `${noShows} of ${registered} registered`);
  assert.ok(await page.locator('#chart svg rect').count() >= 1, 'arrivals chart drawn');
  await shot(page, 'console-dashboard');
  assert.deepEqual(await axe(page), []);
  for (const section of ['attendees', 'printers', 'import']) {
    await page.click(`#nav a[href="#${section}"]`);
    await page.waitForSelector(`#${section}:not([hidden])`);
    await page.waitForTimeout(300);
    assert.deepEqual(await axe(page), [], section);
  }
  await page.close();
});

test('import: upload, detected format and mapping, dry run, commit', async () => {
  const page = await loggedIn('console/#import');
  const before = Number(sql(server.state, 'SELECT count(*) FROM attendees'));
  const file = join(work, 'more.csv');
  writeFileSync(file, 'First Name,Last Name,Company,Email\nMarie,Curie,Radium Institute,marie@example.org\nAlan,Turing,Bletchley,alan@example.org\n');
  await page.setInputFiles('#import-file', file);
  await page.click('#import-check');
  await page.waitForSelector('#import-mapping:not([hidden])');
  assert.match(await page.textContent('#import-result'), /Dry run: format csv.*2 to add/);
  assert.equal(Number(sql(server.state, 'SELECT count(*) FROM attendees')), before, 'dry run writes nothing');
  assert.equal(await page.locator('#import-mapping select').nth(0).inputValue(), 'first_name');
  const offered = await page.locator('#import-mapping select').nth(0).locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(offered.includes('reading'), 'the mapping offers the reading field');
  await page.click('#import-commit');
  await page.waitForFunction(() => /Imported/.test(document.getElementById('import-result').textContent));
  assert.equal(Number(sql(server.state, 'SELECT count(*) FROM attendees')), before + 2);
  assert.equal(sql(server.state, "SELECT company FROM attendees WHERE email = 'alan@example.org'"), 'Bletchley');
  await page.close();
});

test('attendees: a reprint from the table reaches the test cupsd', async () => {
  const page = await loggedIn('console/#attendees');
  await page.fill('#att-search', 'Hopper');
  await page.waitForFunction(() => document.querySelectorAll('#att-table tbody tr').length === 1);
  const id = sql(server.state, "SELECT id FROM attendees WHERE ticket_code = 'T-1002'");
  const jobsBefore = Number(sql(server.state, `SELECT count(*) FROM print_jobs WHERE attendee_id = ${id}`));
  await page.click('#att-table tbody tr button:text("Reprint badge")');
  let job = '';
  for (let i = 0; i < 100 && !job; i++) {
    await new Promise((r) => setTimeout(r, 200));
    job = sql(server.state, `SELECT cups_job_id FROM print_jobs WHERE attendee_id = ${id} AND cups_job_id IS NOT NULL ORDER BY id DESC LIMIT 1 OFFSET ${jobsBefore > 0 ? 0 : 0}`);
  }
  assert.equal(Number(sql(server.state, `SELECT count(*) FROM print_jobs WHERE attendee_id = ${id}`)), jobsBefore + 1);
  assert.ok(Number(job) > 0, 'CUPS accepted the reprint');
  const cupsJobs = execFileSync('lpstat', ['-W', 'all', '-o', 'dymo'], { env: { ...process.env, ...cupsEnv }, encoding: 'utf8' });
  assert.match(cupsJobs, new RegExp(`dymo-${job}\\b`));
  await page.close();
});

test('designer: move an element, change a text size, save; the file checks and renders the change', async () => {
  const name = 'dymo-30256.json';
  const file = join(layouts, name);
  const original = JSON.parse(readFileSync(file, 'utf8'));
  const page = await loggedIn(`console/layouts?layout=${name}`);
  await page.waitForFunction(() => Number(document.body.dataset.previews || 0) >= 1);
  const index = original.elements.findIndex((e) => e.id === 'company');
  const el = original.elements[index];
  const boxEl = page.locator(`#stage .box[data-index="${index}"]`);
  const b = await boxEl.boundingBox();
  const pxPerMM = 96 / 25.4;
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2 + 4 * pxPerMM, b.y + b.height / 2 + 2 * pxPerMM, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => Number(document.body.dataset.previews) >= 2);
  await page.fill('#prop-size-pt-', String(el.size - 4));
  await page.dispatchEvent('#prop-size-pt-', 'change');
  const picker = await page.locator('#prop-field option').evaluateAll((os) => os.map((o) => o.value));
  for (const f of ['call_name', 'display_name', 'first_name']) assert.ok(picker.includes(f), `field picker offers ${f}`);
  await page.click('#save');
  await page.waitForFunction(() => /Saved/.test(document.getElementById('flash').textContent));
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  const se = saved.elements[index];
  assert.equal(se.x, Math.round((Number(el.x) + 4) * 2) / 2);
  assert.equal(se.y, Math.round((Number(el.y) + 2) * 2) / 2);
  assert.equal(se.size, el.size - 4);
  assert.deepEqual(JSON.parse(readFileSync(`${file}.bak`, 'utf8')), original, 'previous version kept');
  execFileSync(bin, ['layout', 'check', file], { env: { ...process.env, FRONTDESK_LAYOUTS_DIR: layouts } });
  const render = (body) => page.evaluate(async ({ name, body }) => {
    const csrf = (await (await fetch('/api/session')).json()).csrf;
    const r = await fetch(`/api/layouts/${name}/preview?dpi=150`, { method: 'POST', headers: { 'X-CSRF-Token': csrf }, body });
    return Array.from(new Uint8Array(await r.arrayBuffer()));
  }, { name, body });
  const now = await render('');
  const was = await render(JSON.stringify(original));
  assert.notDeepEqual(now, was, 'the render of the saved file differs from the original');
  await page.selectOption('#test-printer', 'dymo');
  await page.click('#test-print');
  let testJob = '';
  for (let i = 0; i < 100 && !testJob; i++) {
    await new Promise((r) => setTimeout(r, 200));
    testJob = sql(server.state, `SELECT cups_job_id FROM print_jobs WHERE kind = 'test' AND layout = '${name}' AND cups_job_id IS NOT NULL`);
  }
  assert.ok(Number(testJob) > 0, 'the test print of the saved layout reached CUPS');
  await shot(page, 'console-designer');
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('designer: create a layout, upload an SVG image into it; uploads stay in the layouts folder', async () => {
  const page = await loggedIn('console/layouts');
  await page.fill('#new-name', 'console-new.json');
  await page.click('#create');
  await page.waitForFunction(() => document.body.dataset.layout === 'console-new.json' && Number(document.body.dataset.previews) >= 1);
  const svgFile = join(work, 'My Logo.svg');
  writeFileSync(svgFile, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#000"/></svg>');
  const n = Number(await page.evaluate(() => document.body.dataset.previews));
  await page.setInputFiles('#add-image', svgFile);
  await page.waitForFunction((k) => Number(document.body.dataset.previews) > k, n);
  assert.equal(await page.locator('#messages li').count(), 0);
  assert.ok(readFileSync(join(layouts, 'images', 'my-logo.svg'), 'utf8').includes('<svg'));
  await page.click('#save');
  await page.waitForFunction(() => /Saved/.test(document.getElementById('flash').textContent));
  const saved = JSON.parse(readFileSync(join(layouts, 'console-new.json'), 'utf8'));
  assert.equal(saved.elements.at(-1).src, 'images/my-logo.svg');
  assert.equal(saved.elements[0].text, '{call_name}', 'a new layout\'s big name is the call name');
  execFileSync(bin, ['layout', 'check', join(layouts, 'console-new.json')]);
  for (const bad of ['..%2Fevil.svg', '.hidden.svg', 'x.exe']) {
    const r = await pageFetch(page, `/api/layouts/images/${bad}`, { method: 'POST', body: 'x' });
    assert.notEqual(r.status, 200, bad);
  }
  const notImage = await pageFetch(page, '/api/layouts/images/fake.png', { method: 'POST', body: 'not a png' });
  assert.equal(notImage.status, 422);
  await page.close();
});
