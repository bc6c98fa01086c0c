// console-door.test.mjs: the console side of the door: staff admit a cancelled connpass row in one
// tap and the dashboard counts them apart, undo asks twice, the group picker, the event's time
// zone, the no-show rate once the door has closed, the export read by a CSV reader with its BOM,
// and an import given a group.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, startServer, launch, axe, seed, sql, kioskClient } from './lib.mjs';

const PASSWORD = 'organizer-door-pass';
let server, browser, work;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'frontdesk-console-door-'));
  server = await startServer({ sets: [
    'event.groups=cloud;containers', 'event.default_group=cloud',
    'group cloud.name=Cloud Club', 'group containers.name=Container Crew',
    'event.timezone=Asia/Tokyo', 'event.date=2026-11-22', 'event.door_closes=18:00',
  ] });
  execFileSync(bin, ['passwd', '--state-dir', server.state], { input: `${PASSWORD}\n` });
  seed(server.state);
  seed(server.state, 'test-day', 'tests/data/rosters/connpass-utf8.csv');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function loggedIn(hash = '') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(server.url + 'console/');
  await page.waitForSelector('#login:not([hidden])');
  await page.fill('#password', PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#nav:not([hidden])');
  await page.waitForSelector('body[data-ready="1"]');
  if (hash) {
    await page.click(`#nav a[href="#${hash}"]`);
    await page.waitForSelector(`#${hash}:not([hidden])`);
  }
  return page;
}

async function findRow(page, text) {
  await page.fill('#att-search', text);
  await page.waitForFunction((t) => {
    const rows = document.querySelectorAll('#att-table tbody tr');
    return rows.length === 1 && rows[0].textContent.includes(t);
  }, text);
  return page.locator('#att-table tbody tr').first();
}

const number = (code) => sql(server.state, `SELECT coalesce(checkin_number, '') FROM attendees WHERE ticket_code = '${code}'`);

test('a cancelled connpass row is admitted by staff in one tap and counted apart', async () => {
  const client = await kioskClient(server.url); // a kiosk is its page's session
  const kiosk = await client.fetch('api/checkin', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ station: 'door', code: '5XYZ9C' }) });
  assert.equal(kiosk.status, 403, 'the kiosk sends them to a volunteer');
  const page = await loggedIn('attendees');
  const row = await findRow(page, '高橋');
  assert.match(await row.textContent(), /not expected \(connpass: キャンセル\)/);
  await row.locator('button:text-is("Admit")').click();
  await page.waitForFunction(() => /Checked in/.test(document.getElementById('flash').textContent));
  assert.notEqual(number('5XYZ9C'), '', 'admitted');
  await page.click('#nav a[href="#dashboard"]');
  await page.waitForFunction(() => document.getElementById('n-admitted').textContent === '1');
  assert.equal(await page.textContent('#n-notexpected'), '2', 'cancelled and waitlisted, apart from the expected');
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('undo check-in asks for a second tap', async () => {
  const page = await loggedIn('attendees');
  const id = sql(server.state, "SELECT id FROM attendees WHERE ticket_code = 'T-1001'");
  await page.evaluate(async (attendee) => {
    const csrf = (await (await fetch('/api/session')).json()).csrf;
    await fetch(`/api/attendees/${attendee}/checkin`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: '{}' });
  }, id);
  const row = await findRow(page, 'Lovelace');
  const undo = row.locator('button', { hasText: /Undo check-in/ });
  await undo.click();
  assert.match(await row.locator('button.confirm').textContent(), /Really undo #\d+\?/);
  assert.notEqual(number('T-1001'), '', 'one tap undoes nothing');
  await row.locator('button.confirm').click();
  await page.waitForFunction(() => /undo/.test(document.getElementById('flash').textContent));
  assert.equal(number('T-1001'), '', 'the second tap undoes');
  await page.close();
});

test('the edit dialog offers the event\'s groups and keeps the edit when it is refused', async () => {
  const page = await loggedIn('attendees');
  const row = await findRow(page, 'Hopper');
  await row.locator('button:text-is("Edit")').click();
  assert.deepEqual(await page.locator('#edit-group option').allTextContents(),
    ['(none)', 'Cloud Club (cloud)', 'Container Crew (containers)']);
  await page.selectOption('#edit-group', 'containers');
  await page.fill('#edit-company', 'US Navy Reserve');
  await page.click('#edit-form button[value=save]');
  await page.waitForFunction(() => !document.getElementById('edit-dialog').open);
  await page.waitForFunction(() => document.querySelector('#att-table tbody tr')?.textContent.includes('containers'));
  assert.equal(sql(server.state, "SELECT group_name || '|' || company FROM attendees WHERE ticket_code = 'T-1002'"), 'containers|US Navy Reserve');
  // A display name over 100 characters is refused: the dialog stays open with the reason and the text typed.
  await (await findRow(page, 'Hopper')).locator('button:text-is("Edit")').click();
  await page.fill('#edit-pronouns', 'she/her');
  await page.fill('#edit-display', 'x'.repeat(101));
  await page.click('#edit-form button[value=save]');
  await page.waitForFunction(() => document.getElementById('edit-error').textContent.length > 0);
  assert.ok(await page.evaluate(() => document.getElementById('edit-dialog').open), 'still open');
  assert.equal(await page.inputValue('#edit-pronouns'), 'she/her', 'what was typed is kept');
  await page.close();
});

test('dashboard: times in the event\'s time zone, the no-show rate once the door has closed', async () => {
  const page = await loggedIn();
  const stats = await page.evaluate(async () => (await fetch('/api/stats')).json());
  assert.equal(stats.timezone, 'Asia/Tokyo');
  assert.equal(stats.door_closed, true, '18:00 on 2026-11-22 in Tokyo has passed');
  const at = sql(server.state, "SELECT checked_in_at FROM attendees WHERE ticket_code = '5XYZ9C'");
  const tokyo = new Date(Date.parse(at) + 9 * 3600000).toISOString();
  const bucket = `${tokyo.slice(0, 14)}${String(Math.floor(Number(tokyo.slice(14, 16)) / 15) * 15).padStart(2, '0')}`;
  assert.ok(stats.timeline.some((b) => b.at === bucket), `bucket ${bucket} (Tokyo) in ${JSON.stringify(stats.timeline)}`);
  await page.waitForFunction(() => document.getElementById('noshow-label').textContent === 'No-show rate');
  assert.match(await page.textContent('#n-noshow'), /%$/);
  assert.equal(await page.textContent('#chart-tz'), '(times in Asia/Tokyo)');
  await page.close();
});

test('the export opens in a CSV reader: BOM, arrivals then no-shows, names, contact details by consent', async () => {
  const page = await loggedIn('import');
  const bytes = await page.evaluate(async () => Array.from(new Uint8Array(await (await fetch('/api/export')).arrayBuffer())));
  assert.deepEqual(bytes.slice(0, 3), [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark for Excel');
  const file = join(work, 'attendance.csv');
  writeFileSync(file, Buffer.from(bytes));
  // Python's csv module with utf-8-sig reads it as Excel and LibreOffice do.
  const rows = JSON.parse(execFileSync('python3', ['-c',
    'import csv, json, sys; print(json.dumps(list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))))', file],
  { encoding: 'utf8' }));
  assert.equal(Object.keys(rows[0])[0], 'status', 'the header is read without the BOM');
  const arrived = rows.filter((r) => r.status === 'arrived');
  const noShows = rows.filter((r) => r.status === 'no-show');
  assert.equal(arrived.length, Number(sql(server.state, 'SELECT count(*) FROM attendees WHERE checkin_number IS NOT NULL')));
  assert.equal(noShows.length, Number(sql(server.state, 'SELECT count(*) FROM attendees WHERE checkin_number IS NULL AND expected AND NOT walkin')));
  assert.ok(noShows.some((r) => r.first_name === 'Grace' && r.last_name === 'Hopper'), 'no-shows have names');
  const takahashi = arrived.find((r) => r.last_name === '高橋');
  assert.ok(takahashi, 'the admitted row, by name, in UTF-8');
  assert.equal(rows.filter((r) => r.email).length, 0, 'nobody shared contact details in this roster');
  assert.equal(rows.filter((r) => r.company).length, 0);
  await page.close();
});

test('an import given a group puts everyone in it; a failed import clears the last result', async () => {
  const page = await loggedIn('import');
  const file = join(work, 'speakers.csv');
  writeFileSync(file, 'First Name,Last Name,Company\nMarie,Curie,Radium Institute\nLise,Meitner,KWI\n');
  await page.setInputFiles('#import-file', file);
  await page.selectOption('#import-group', 'containers');
  await page.click('#import-check');
  await page.waitForSelector('#import-commit:not([hidden])');
  await page.click('#import-commit');
  await page.waitForFunction(() => /Imported/.test(document.getElementById('import-result').textContent));
  assert.equal(sql(server.state, "SELECT group_concat(group_name) FROM attendees WHERE last_name IN ('Curie', 'Meitner')"), 'containers,containers');
  const broken = join(work, 'broken.csv');
  writeFileSync(broken, 'First Name,Last Name\n"Unterminated,quote\n');
  await page.setInputFiles('#import-file', broken);
  await page.click('#import-check');
  await page.waitForFunction(() => document.getElementById('import-error').textContent.length > 0);
  assert.equal(await page.textContent('#import-result'), '', 'no stale result above the error');
  await page.close();
});

test('a completed job shows no CUPS reason as if it were an error', async () => {
  const page = await loggedIn();
  const id = sql(server.state, "SELECT id FROM attendees WHERE ticket_code = 'T-1003'");
  await page.evaluate(async (attendee) => {
    const csrf = (await (await fetch('/api/session')).json()).csrf;
    await fetch(`/api/attendees/${attendee}/checkin`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: '{}' });
  }, id);
  // CUPS leaves its last reason (processing-to-stop-point) on jobs that completed fine.
  let job = '';
  for (let i = 0; i < 100 && !job; i++) {
    job = sql(server.state, `SELECT id FROM print_jobs WHERE attendee_id = ${id} AND state = 'completed'`);
    if (!job) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(job, 'the folder printer completed the badge');
  execFileSync('sqlite3', [join(server.state, 'frontdesk.db'),
    `UPDATE print_jobs SET last_error = 'processing-to-stop-point' WHERE id = ${job}`]);
  await page.click('#nav a[href="#printers"]');
  await page.waitForSelector('#printers:not([hidden])');
  const done = { id: job };
  await page.locator('#job-table tbody tr', { hasText: 'completed' }).first().waitFor();
  const cell = page.locator('#job-table tbody tr').filter({ has: page.locator(`td:first-child:text-is("${done.id}")`) }).locator('td').nth(4);
  assert.equal(await cell.textContent(), 'completed');
  await page.close();
});
