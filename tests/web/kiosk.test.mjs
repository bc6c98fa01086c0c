// kiosk.test.mjs: the attendee kiosk in headless chromium at 800x480 against a real `frontdesk serve`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, startCups, jobsCompleted, launch, newKiosk, axe, shot, seed, sql, scanBurst } from './lib.mjs';

// Every flow prints through the private test cupsd's DYMO queue (real driver).
let cups, server, browser;

before(async () => {
  cups = startCups();
  server = await startServer({ env: cups.env, sets: ['station door.badge_printer=dymo'] });
  browser = await launch();
  assert.ok(seed(server.state), 'roster seeded');
});

after(async () => {
  await browser?.close();
  await server?.stop();
  cups?.stop();
});

// The DYMO driver wrote its output for the last job (the file device truncates per job).
function driverWrote() {
  return statSync(join(cups.dir, 'out', 'dymo.out')).size > 0;
}

async function noViolations(page, screen) {
  const violations = await axe(page);
  assert.deepEqual(violations, [], `axe on the ${screen} screen`);
}

// Clicks on-screen keys for @text (one key per character; space is the Space key).
async function typeOnScreen(page, text) {
  for (const ch of text) {
    const label = ch === ' ' ? 'Space' : ch;
    await page.locator('#kbd button', { hasText: new RegExp(`^${label}$`, 'i') }).first().click();
  }
}

function arrivals(lastName) {
  return Number(sql(server.state, `SELECT count(*) FROM arrivals a JOIN attendees t ON t.id = a.attendee_id
    WHERE t.last_name = '${lastName.replaceAll("'", "''")}' AND a.kind IN ('checkin', 'walkin')`));
}

test('start screen loads with no errors and no axe violations', async () => {
  const page = await newKiosk(browser, server.url);
  assert.equal(await page.locator('#event-name').textContent(), 'Test Day');
  assert.ok(await page.locator('#search').isVisible());
  await noViolations(page, 'start');
  await shot(page, 'kiosk-start');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the on-screen keyboard types into the search field', async () => {
  const page = await newKiosk(browser, server.url);
  await typeOnScreen(page, 'ad');
  assert.equal(await page.inputValue('#search'), 'ad');
  await page.locator('#kbd button', { hasText: 'Delete' }).click();
  assert.equal(await page.inputValue('#search'), 'a');
  await page.locator('#kbd button', { hasText: 'ÀÉÜ' }).click();
  await page.locator('#kbd button', { hasText: /^é$/i }).click();
  assert.equal(await page.inputValue('#search'), 'aé');
  await noViolations(page, 'accent keyboard');
  await page.close();
});

test('the language switch changes every string (German, Japanese)', async () => {
  const page = await newKiosk(browser, server.url);
  await page.click('button[data-lang="de"]');
  await page.waitForFunction(() => document.documentElement.lang === 'de');
  assert.equal(await page.locator('#screen-start h2').textContent(), 'Willkommen! Finde deinen Namen');
  assert.equal(await page.getAttribute('#search', 'placeholder'), 'Namen eingeben oder Ticket scannen');
  await noViolations(page, 'German start');
  await shot(page, 'kiosk-start-de');
  await page.click('button[data-lang="ja"]');
  await page.waitForFunction(() => document.documentElement.lang === 'ja');
  assert.equal(await page.locator('#walkin-open').textContent(), '事前登録していません');
  await noViolations(page, 'Japanese start');
  await shot(page, 'kiosk-start-ja');
  await page.close();
});

test('the idle timeout resets to the start and clears what was typed', async () => {
  const page = await newKiosk(browser, server.url, 'kiosk/', '?idle=2');
  await page.click('button[data-lang="de"]');
  await typeOnScreen(page, 'xy');
  await page.click('#walkin-open');
  await page.fill('#walkin-first', 'Temp');
  await page.waitForFunction(() => document.body.dataset.screen === 'start', null, { timeout: 6000 });
  assert.equal(await page.inputValue('#search'), '');
  assert.equal(await page.inputValue('#walkin-first'), '');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.close();
});

test('walk-in form asks for consent before printing', async () => {
  const page = await newKiosk(browser, server.url);
  await page.click('#walkin-open');
  assert.equal(await page.locator('#walkin-privacy').textContent(), 'Test privacy text.');
  await page.fill('#walkin-first', 'Nobody');
  await page.click('#walkin-submit');
  assert.match(await page.locator('#walkin-error').textContent(), /privacy notice/);
  assert.equal(await page.evaluate(() => document.body.dataset.screen), 'walkin');
  await noViolations(page, 'walk-in');
  await shot(page, 'kiosk-walkin');
  await page.close();
});

test('check-in typed on the on-screen keyboard', async (t) => {
  const page = await newKiosk(browser, server.url);
  await typeOnScreen(page, 'lovel');
  const result = page.locator('#results button', { hasText: 'Ada Lovelace' });
  await result.waitFor();
  assert.equal(await page.locator('#results li').count(), 1);
  assert.doesNotMatch(await page.locator('#results').textContent(), /@/, 'no emails on screen');
  await noViolations(page, 'results');
  await shot(page, 'kiosk-results');
  await result.click();
  await page.waitForFunction(() => document.body.dataset.screen === 'confirm');
  assert.equal(await page.inputValue('#edit-name'), 'Ada Lovelace');
  assert.equal(await page.inputValue('#edit-pronouns'), 'she/her');
  await noViolations(page, 'confirm');
  await shot(page, 'kiosk-confirm');
  // Edit the pronouns on the on-screen keyboard: saved before printing.
  await page.click('#edit-pronouns');
  await page.locator('#kbd button', { hasText: 'Clear' }).click();
  await typeOnScreen(page, 'she');
  await page.click('#confirm-print');
  await page.locator('#result-number').filter({ hasText: /#\d+|\d+/ }).waitFor();
  assert.match(await page.locator('#result-title').textContent(), /Welcome, Ada Lovelace!/);
  await noViolations(page, 'result');
  assert.equal(arrivals('Lovelace'), 1, 'the arrival is in the store');
  assert.equal(sql(server.state, "SELECT pronouns FROM attendees WHERE last_name = 'Lovelace'"), 'she', 'the edit is saved');
  // CUPS completes the job; the live feed tells the kiosk.
  await page.locator('#result-message', { hasText: 'Your badge is ready' }).waitFor({ timeout: 20000 });
  assert.equal(await jobsCompleted(server.state, 'Lovelace'), 1, 'one badge job, completed in CUPS');
  assert.ok(driverWrote(), 'the DYMO driver wrote the badge');
  await shot(page, 'kiosk-welcome');
  await page.close();
});

test('a scanner burst checks the person in directly', async (t) => {
  const page = await newKiosk(browser, server.url);
  await scanBurst(page, 'T-1003');
  await page.waitForFunction(() => document.body.dataset.screen === 'result');
  await page.locator('#result-title', { hasText: 'José Müller' }).waitFor();
  assert.equal(await page.inputValue('#search'), '', 'the burst did not stay in the search field');
  assert.equal(arrivals('Müller'), 1);
  assert.equal(await jobsCompleted(server.state, 'Müller'), 1, 'the badge job completed in CUPS');
  await page.close();
});

test('slow typing is a search, not a scan', async () => {
  const page = await newKiosk(browser, server.url);
  await page.keyboard.type('T-10', { delay: 150 });
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.body.dataset.screen), 'start');
  assert.equal(await page.inputValue('#search'), 'T-10');
  await page.close();
});

test('a walk-in registers and prints', async (t) => {
  const page = await newKiosk(browser, server.url);
  await page.click('#walkin-open');
  await page.click('#walkin-first');
  await typeOnScreen(page, 'walter');
  await page.fill('#walkin-last', 'Walkin');
  await page.check('#walkin-consent');
  await page.click('#walkin-submit');
  await page.locator('#result-title', { hasText: 'Walter Walkin' }).waitFor();
  assert.equal(arrivals('Walkin'), 1);
  assert.equal(await jobsCompleted(server.state, 'Walkin'), 1, 'the badge job completed in CUPS');
  await page.close();
});

test('checking in again says welcome back and allows one reprint', async (t) => {
  const page = await newKiosk(browser, server.url);
  await scanBurst(page, 'T-1002');
  await page.locator('#result-title', { hasText: 'Welcome, Grace Hopper' }).waitFor();
  await page.click('#result-done');
  await scanBurst(page, 'T-1002');
  await page.locator('#result-title', { hasText: 'Welcome back, Grace Hopper' }).waitFor();
  await noViolations(page, 'welcome back');
  await shot(page, 'kiosk-welcome-back');
  const jobs = () => Number(sql(server.state, `SELECT count(*) FROM print_jobs j JOIN attendees t
    ON t.id = j.attendee_id WHERE t.last_name = 'Hopper'`));
  assert.equal(jobs(), 1);
  await page.click('#result-reprint');
  await page.waitForFunction(() => document.getElementById('result-reprint').hidden);
  assert.equal(jobs(), 2, 'the reprint made a second job');
  assert.equal(await jobsCompleted(server.state, 'Hopper'), 2, 'both jobs completed in CUPS');
  assert.equal(Number(sql(server.state, `SELECT count(*) FROM arrivals a JOIN attendees t ON t.id = a.attendee_id
    WHERE t.last_name = 'Hopper' AND a.kind = 'reprint'`)), 1, 'the reprint is logged');
  assert.equal(arrivals('Hopper'), 1, 'still one arrival');
  await page.close();
});
