// door.test.mjs: the kiosk at 800x480, 1280x800 and 720x1280: every screen's buttons, errors and
// results visible above the keyboard with 44 px targets (screenshots of each); scans on every
// screen; a cancelled connpass row; the language through Back; the kana keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, axe, shot, seed, sql, SIZES, placement, smallTargets, scanBurst, kioskClient } from './lib.mjs';

let server, browser;

before(async () => {
  server = await startServer({ sets: [
    'event.groups=cloud;containers', 'event.default_group=cloud',
    'group cloud.name=Cloud Club', 'group containers.name=Container Crew',
    'event.privacy[ja]=テスト用のプライバシー説明です。', 'event.privacy[de]=Test-Datenschutztext.',
  ] });
  browser = await launch();
  seed(server.state);
  seed(server.state, 'test-day', 'tests/data/rosters/connpass-utf8.csv');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function kiosk([width, height], query = '') {
  const page = await browser.newPage({ viewport: { width, height } });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(server.url + 'kiosk/' + query);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10000 });
  return page;
}

const screen = (page) => page.evaluate(() => document.body.dataset.screen);

async function seen(page, selector, what = selector) {
  const p = await placement(page, selector);
  assert.ok(p.ok, `${what}: ${p.why} ${JSON.stringify(p.box)}`);
}

async function bigEnough(page, where) {
  assert.deepEqual(await smallTargets(page), [], `touch targets under 44 px on ${where}`);
}

async function noViolations(page, where) {
  assert.deepEqual(await axe(page), [], `axe on ${where}`);
}

function arrivals(lastName) {
  return Number(sql(server.state, `SELECT count(*) FROM arrivals a JOIN attendees t ON t.id = a.attendee_id
    WHERE t.last_name = '${lastName.replaceAll("'", "''")}' AND a.kind IN ('checkin', 'walkin')`));
}

async function search(page, text) {
  await page.fill('#search', text);
}

for (const size of SIZES) {
  const tag = `${size[0]}x${size[1]}`;

  test(`${tag}: start, results, no results and the kana keyboard fit above the keyboard`, async () => {
    const page = await kiosk(size);
    for (const s of ['#search', '#walkin-open', 'button[data-lang="ja"]', '#kbd button >> nth=0']) await seen(page, s);
    await bigEnough(page, 'start');
    await shot(page, `kiosk-start-${tag}`);
    await search(page, 'ad');
    await page.locator('#results li').nth(2).waitFor();
    for (let i = 0; i < 3; i++) await seen(page, `#results li >> nth=${i}`, `result ${i + 1}`);
    await bigEnough(page, 'results');
    await noViolations(page, `results ${tag}`);
    await shot(page, `kiosk-results-${tag}`);
    await search(page, 'zzqq');
    await page.locator('#no-results').waitFor();
    for (const s of ['#search-hint', '#try-email', '#try-number', '#try-keyboard', '#try-walkin']) await seen(page, s);
    await bigEnough(page, 'no results');
    await noViolations(page, `no results ${tag}`);
    await shot(page, `kiosk-no-results-${tag}`);
    // A Japanese-speaking attendee: the kana grid is taller, three results must still show.
    await page.click('button[data-lang="ja"]');
    await page.waitForFunction(() => document.getElementById('kbd').dataset.mode === 'kana');
    await search(page, 'ad');
    await page.locator('#results li').nth(2).waitFor();
    for (let i = 0; i < 3; i++) await seen(page, `#results li >> nth=${i}`, `result ${i + 1} above the kana keyboard`);
    await seen(page, '#kbd button:text("ABC")');
    await bigEnough(page, 'kana keyboard');
    await noViolations(page, `kana ${tag}`);
    await shot(page, `kiosk-kana-ja-${tag}`);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test(`${tag}: the confirm screen shows heading, buttons, fields and the group picker`, async () => {
    const page = await kiosk(size);
    await search(page, 'lovel');
    await page.locator('#results button', { hasText: 'Ada Lovelace' }).click();
    await page.waitForFunction(() => document.body.dataset.screen === 'confirm');
    await page.locator('#confirm-preview:not([hidden])').waitFor();
    for (const s of ['#screen-confirm h2', '#confirm-back', '#confirm-print', '#edit-name', '#edit-pronouns',
      '#edit-company', '#edit-group', '#confirm-preview']) await seen(page, s);
    await bigEnough(page, 'confirm');
    await noViolations(page, `confirm ${tag}`);
    await shot(page, `kiosk-confirm-${tag}`);
    await page.click('button[data-lang="ja"]');
    await page.waitForFunction(() => document.getElementById('kbd').dataset.mode === 'kana');
    for (const s of ['#screen-confirm h2', '#confirm-back', '#confirm-print', '#edit-group']) await seen(page, s, `${s} (ja)`);
    await shot(page, `kiosk-confirm-ja-${tag}`);
    await page.close();
  });

  test(`${tag}: the walk-in's consent error and every field are visible; the walk-in gets the group chosen`, async () => {
    const page = await kiosk(size);
    await page.click('#walkin-open');
    await page.fill('#walkin-first', 'Wanda');
    await page.fill('#walkin-last', `Door${size[0]}`);
    await page.click('#walkin-submit');
    assert.match(await page.locator('#walkin-error').textContent(), /privacy notice/);
    for (const s of ['#walkin-error', '#walkin-back', '#walkin-submit', '#walkin-first', '#walkin-last',
      '#walkin-company', '#walkin-pronouns', '#walkin-group', '#walkin-consent', '#walkin-privacy']) await seen(page, s);
    await bigEnough(page, 'walk-in');
    await noViolations(page, `walk-in ${tag}`);
    await shot(page, `kiosk-walkin-${tag}`);
    // In Japanese, with the taller kana keyboard, the error and every field still show.
    await page.click('button[data-lang="ja"]');
    await page.waitForFunction(() => document.getElementById('kbd').dataset.mode === 'kana');
    await page.click('#walkin-submit');
    assert.match(await page.locator('#walkin-error').textContent(), /同意/);
    for (const s of ['#walkin-error', '#walkin-back', '#walkin-submit', '#walkin-first', '#walkin-group',
      '#walkin-consent', '#walkin-privacy']) await seen(page, s, `${s} (ja)`);
    assert.equal(await page.locator('#walkin-privacy').textContent(), 'テスト用のプライバシー説明です。');
    await shot(page, `kiosk-walkin-ja-${tag}`);
    await page.selectOption('#walkin-group', 'containers');
    await page.check('#walkin-consent');
    await page.click('#walkin-submit');
    await page.locator('#result-title', { hasText: `Wanda Door${size[0]}` }).waitFor();
    assert.equal(sql(server.state, `SELECT group_name FROM attendees WHERE last_name = 'Door${size[0]}'`), 'containers');
    for (const s of ['#result-title', '#result-number', '#result-done']) await seen(page, s);
    await bigEnough(page, 'welcome');
    await shot(page, `kiosk-welcome-${tag}`);
    await page.close();
  });

  test(`${tag}: a cancelled connpass attendee is asked to see a volunteer`, async () => {
    const page = await kiosk(size, '?idle=600');
    await page.click('button[data-lang="ja"]');
    await page.waitForFunction(() => document.documentElement.lang === 'ja');
    await search(page, '高橋');
    await page.locator('#results button', { hasText: '高橋健' }).click();
    await page.waitForFunction(() => document.body.dataset.outcome === 'see_volunteer');
    assert.equal(await page.locator('#result-title').textContent(), 'スタッフにお声がけください');
    for (const s of ['#result-title', '#result-message', '#result-done']) await seen(page, s);
    await noViolations(page, `see a volunteer ${tag}`);
    await shot(page, `kiosk-see-volunteer-ja-${tag}`);
    await page.close();
  });
}

test('scanning the cancelled row (any case) says so at once, with no check-in and no badge', async () => {
  const page = await kiosk(SIZES[0]);
  await scanBurst(page, '5xyz9c');
  await page.waitForFunction(() => document.body.dataset.outcome === 'see_volunteer');
  assert.match(await page.locator('#result-title').textContent(), /see a volunteer/);
  assert.equal(sql(server.state, "SELECT count(*) FROM attendees WHERE ticket_code = '5XYZ9C' AND checkin_number IS NULL"), '1', 'not checked in');
  assert.equal(Number(sql(server.state, `SELECT count(*) FROM print_jobs j JOIN attendees t ON t.id = j.attendee_id
    WHERE t.ticket_code = '5XYZ9C'`)), 0, 'no badge queued');
  // The same policy holds through the API, and a waitlisted (補欠者) row is refused the same way.
  const client = await kioskClient(server.url); // a kiosk is its page's session
  const r = await client.fetch('api/checkin', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ station: 'door', code: '5XYZ9C' }) });
  assert.equal(r.status, 403);
  assert.equal((await r.json()).error.code, 'see_volunteer');
  await page.close();
});

test('a scan is welcome on every screen and starts that person\'s check-in', async () => {
  const page = await kiosk(SIZES[0], '?idle=600');
  const scanTo = async (code, name) => {
    await scanBurst(page, code);
    await page.locator('#result-title', { hasText: name }).waitFor({ timeout: 5000 });
  };
  // The welcome screen of the person before.
  await scanTo('T-1006', 'Zoë Ångström');
  await scanTo('t-1007', 'Adam Adamson'); // lower case
  await page.click('#result-done');
  // The confirm screen, half edited: the burst does not stay in the field, the edit is not saved.
  await search(page, 'adkins');
  await page.locator('#results button', { hasText: 'Adele Adkins' }).click();
  await page.waitForFunction(() => document.body.dataset.screen === 'confirm');
  await page.fill('#edit-company', 'Half typed');
  await page.focus('#edit-company');
  await scanTo('T-1004', 'Søren Kierkegaard');
  assert.equal(sql(server.state, "SELECT company FROM attendees WHERE last_name = 'Adkins'"), 'Acme', 'edits need Print');
  // The walk-in form.
  await page.click('#result-done');
  await page.click('#walkin-open');
  await page.focus('#walkin-first');
  await scanTo('T-1002', 'Grace Hopper');
  assert.equal(await page.inputValue('#walkin-first'), '');
  // The start screen with a half-typed name, and the no-results suggestions.
  await page.click('#result-done');
  await search(page, 'zzqq');
  await page.locator('#no-results').waitFor();
  await scanTo('T-1001', 'Ada Lovelace');
  // An unknown code says so at once, never "Printing your badge".
  await scanBurst(page, 'NOPE-0000');
  await page.locator('#search-hint.error').waitFor();
  assert.match(await page.locator('#search-hint').textContent(), /couldn't find that ticket/);
  assert.equal(await screen(page), 'start');
  await seen(page, '#search-hint');
  await page.close();
});

test('frontdesk\'s own badge QR (MECARD) checks its owner in', async () => {
  const page = await kiosk(SIZES[0], '?idle=600');
  await scanBurst(page, 'MECARD:N:Müller,José;ORG:Zürich Cloud AG;EMAIL:jose@example.org;;');
  await page.locator('#result-title', { hasText: 'José Müller' }).waitFor();
  // Without an e-mail in the QR, the one attendee of that exact name.
  await scanBurst(page, 'MECARD:N:山田,花子;ORG:株式会社クラウド;;');
  await page.locator('#result-title', { hasText: '山田' }).waitFor();
  await page.close();
});

test('the first key of the first scan is never lost', async () => {
  for (let i = 0; i < 10; i++) {
    const page = await browser.newPage({ viewport: { width: 800, height: 480 } });
    await page.goto(server.url + 'kiosk/');
    // As soon as the page runs its scripts, before it has asked for its status.
    await page.waitForFunction(() => document.getElementById('kbd') !== null);
    await scanBurst(page, 'T-1003', i % 2 ? 100 : 0);
    await page.locator('#result-title', { hasText: 'José Müller' }).waitFor({ timeout: 5000 });
    await page.close();
  }
});

test('the language holds through Back and resets for the next person', async () => {
  const page = await kiosk(SIZES[0], '?idle=600');
  await page.click('button[data-lang="de"]');
  await page.waitForFunction(() => document.documentElement.lang === 'de');
  await search(page, 'lovel');
  await page.locator('#results button', { hasText: 'Ada Lovelace' }).click();
  await page.waitForFunction(() => document.body.dataset.screen === 'confirm');
  await page.click('#confirm-back');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  assert.equal(await page.locator('#walkin-open').textContent(), 'Ich bin nicht angemeldet');
  await page.click('#walkin-open');
  assert.equal(await page.locator('#walkin-privacy').textContent(), 'Test-Datenschutztext.', 'privacy text in German');
  await page.click('#walkin-back');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  await page.click('button[data-lang="ja"]');
  await page.waitForFunction(() => document.documentElement.lang === 'ja');
  await page.click('#walkin-open');
  assert.equal(await page.locator('#walkin-privacy').textContent(), 'テスト用のプライバシー説明です。');
  await page.click('#walkin-back');
  await scanBurst(page, 'T-1003');
  await page.locator('#result-title', { hasText: 'José Müller' }).waitFor();
  assert.doesNotMatch(await page.locator('#result-number').textContent(), /受付番号/);
  await page.click('#result-done');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.close();
});

test('kiosk edits are saved with the check-in, not while typing; shift types capitals and symbols', async () => {
  const page = await kiosk(SIZES[0], '?idle=600');
  await search(page, 'kierke');
  await page.locator('#results button', { hasText: 'Søren Kierkegaard' }).click();
  await page.waitForFunction(() => document.body.dataset.screen === 'confirm');
  await page.click('#edit-pronouns');
  await page.locator('#kbd button', { hasText: /^Clear$/ }).click();
  await page.locator('#kbd button[aria-label="Shift"]').click();
  for (const k of ['h', 'e', '_', 'h', 'i', 'm', '@', '.']) await page.locator('#kbd button', { hasText: new RegExp(`^${k.replace('.', '\\.')}$`, 'i') }).first().click();
  assert.equal(await page.inputValue('#edit-pronouns'), 'He_him@.');
  await page.waitForTimeout(800); // longer than the preview's pause: nothing may be saved by it
  assert.equal(sql(server.state, "SELECT coalesce(pronouns, '') FROM attendees WHERE last_name = 'Kierkegaard'"), '');
  await page.click('#confirm-back');
  assert.equal(sql(server.state, "SELECT coalesce(pronouns, '') FROM attendees WHERE last_name = 'Kierkegaard'"), '', 'Back saves nothing');
  await page.close();
});

test('the kana keyboard types dakuten, small kana and the long-vowel mark', async () => {
  const page = await kiosk(SIZES[0]);
  await page.locator('#kbd button', { hasText: /^かな$/ }).click();
  const tap = (label) => page.locator('#kbd button', { hasText: new RegExp(`^${label}$`) }).first().click();
  for (const k of ['た', 'か', '゛ が', 'は', '゜ ぱ', 'つ', '小 っ', 'ー']) await tap(k);
  assert.equal(await page.inputValue('#search'), 'たがぱっー');
  await tap('カナ');
  await tap('ヨ');
  assert.equal(await page.inputValue('#search'), 'たがぱっーヨ');
  await tap('ABC');
  await seen(page, '#kbd button:text("@")');
  await page.close();
});
