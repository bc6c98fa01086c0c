// printer.test.mjs: the kiosk with a real (private) cupsd: printer-down message, and jobs reaching CUPS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, startCups, launch, newKiosk, axe, shot, status, seed, sql, kioskClient } from './lib.mjs';

let cups, cupsEnv, server, browser;

before(async () => {
  cups = startCups();
  cupsEnv = cups.env;
  server = await startServer({ env: cupsEnv, sets: ['station door.badge_printer=dymo', 'server.printer_poll=1'] });
  browser = await launch();
  assert.ok(seed(server.state), 'roster seeded');
});

after(async () => {
  await browser?.close();
  await server?.stop();
  cups?.stop();
});

async function waitPrinter(ok) {
  for (let i = 0; i < 50; i++) {
    if ((await status(server.url)).printer.ok === ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`printer never became ok=${ok}`);
}

async function scan(page, code) {
  await page.evaluate(async (text) => {
    const key = (k) => document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
    for (const ch of text) { key(ch); document.activeElement.value += ch; await new Promise((r) => setTimeout(r, 4)); }
    key('Enter');
  }, code);
}

test('a check-in with the printer stopped says a volunteer will bring the badge', async () => {
  await waitPrinter(true);
  execFileSync('cupsdisable', ['dymo'], { env: { ...process.env, ...cupsEnv } });
  await waitPrinter(false);
  const page = await newKiosk(browser, server.url);
  await scan(page, 'T-1004');
  await page.locator('#result-message', { hasText: 'a volunteer will bring your badge' }).waitFor();
  assert.match(await page.locator('#result-title').textContent(), /Søren Kierkegaard/);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'kiosk-printer-trouble');
  assert.equal(sql(server.state, `SELECT count(*) FROM arrivals a JOIN attendees t ON t.id = a.attendee_id
    WHERE t.last_name = 'Kierkegaard' AND a.kind = 'checkin'`), '1', 'the arrival is recorded');
  const kiosk = await kioskClient(server.url);
  const answer = await (await kiosk.fetch('/api/checkin', { method: 'POST',
    body: JSON.stringify({ code: 'T-1006' }) })).json();
  assert.equal(answer.print, 'owed');
  assert.match(answer.reason, /stopped/, 'the answer says why');
  execFileSync('cupsenable', ['dymo'], { env: { ...process.env, ...cupsEnv } });
  await waitPrinter(true);
  await page.close();
});

test('a check-in with the printer up creates a CUPS job', async (t) => {
  const st = await status(server.url);
  if (!st.print_queue) return t.skip('the print queue (printq.c) is not in this build yet');
  const page = await newKiosk(browser, server.url);
  await scan(page, 'T-1005');
  await page.locator('#result-title', { hasText: '山田' }).waitFor();
  for (let i = 0; i < 50; i++) {
    if (sql(server.state, `SELECT count(*) FROM print_jobs WHERE cups_job_id IS NOT NULL`) !== '0') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.notEqual(sql(server.state, `SELECT count(*) FROM print_jobs WHERE cups_job_id IS NOT NULL`), '0');
  await page.close();
});
