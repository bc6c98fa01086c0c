// walkin-match.test.mjs: someone on the roster who registers at the door is offered their own
// record instead of a duplicate walk-in (800x480, and in Japanese); "no, that's not me" still
// registers them. And a one-character Han surname typed at the kiosk finds its owner.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, axe, shot, seed, sql, placement, smallTargets } from './lib.mjs';

let server, browser;

before(async () => {
  server = await startServer();
  browser = await launch();
  seed(server.state);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function kiosk() {
  const page = await browser.newPage({ viewport: { width: 800, height: 480 } });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(server.url + 'kiosk/');
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10000 });
  return page;
}

const count = (query) => Number(sql(server.state, query));

async function register(page, first, last) {
  await page.click('#walkin-open');
  await page.fill('#walkin-first', first);
  await page.fill('#walkin-last', last);
  if (await page.isVisible('#walkin-consent')) await page.check('#walkin-consent');
  await page.click('#walkin-submit');
}

test('a walk-in who is on the roster is offered their record, and checks in as themselves', async () => {
  const page = await kiosk();
  const before = count("SELECT count(*) FROM attendees WHERE walkin = 1");
  await register(page, 'Grace', 'Hopper');
  await page.waitForSelector('body[data-screen="walkin-match"]');
  assert.match(await page.textContent('#match-who'), /Grace Hopper · US Navy/);
  for (const id of ['#match-yes', '#match-no', '#match-back']) {
    const p = await placement(page, id);
    assert.ok(p.ok, `${id}: ${p.why}`);
  }
  assert.deepEqual(await smallTargets(page), []);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'kiosk-walkin-match-800x480');
  await page.click('#match-yes');
  await page.waitForSelector('body[data-screen="confirm"]');
  await page.click('#confirm-print');
  await page.waitForSelector('body[data-screen="result"]');
  assert.equal(count("SELECT count(*) FROM attendees WHERE walkin = 1"), before, 'no duplicate walk-in');
  assert.equal(count("SELECT count(*) FROM attendees WHERE last_name = 'Hopper' AND checkin_number IS NOT NULL"), 1);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('"No, register me as new" registers the walk-in after all', async () => {
  const page = await kiosk();
  await page.click('button[data-lang="ja"]');
  await register(page, 'Ada', 'Lovelace');
  await page.waitForSelector('body[data-screen="walkin-match"]');
  assert.equal(await page.textContent('#match-no'), 'いいえ、新しく登録します');
  await page.click('#match-no');
  await page.waitForSelector('body[data-screen="result"]');
  await page.waitForFunction(() => document.getElementById('result-number').textContent.length > 0);
  assert.equal(count("SELECT count(*) FROM attendees WHERE walkin = 1 AND last_name = 'Lovelace'"), 1);
  await page.close();
});

test('one Han character typed at the kiosk finds its surname (one Latin letter does not)', async () => {
  const page = await kiosk();
  await page.fill('#search', '山');
  await page.locator('#results button', { hasText: '山田花子' }).waitFor({ timeout: 5000 });
  await page.fill('#search', 'a');
  await page.waitForFunction(() => document.querySelectorAll('#results button').length === 0);
  await page.close();
});
