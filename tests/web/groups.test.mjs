// groups.test.mjs: an event with several groups and stickers on: the kiosk asks for the group and prints its sticker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newKiosk, axe, shot, seed, sql, status } from './lib.mjs';

let server, browser;

before(async () => {
  server = await startServer({ sets: [
    'event.stickers=true', 'event.groups=cloud;containers', 'event.default_group=cloud',
    'group cloud.name=Cloud Club', 'group cloud.sticker_layout=stickers/cloud-round51.json',
    'group containers.name=Container Crew', 'group containers.sticker_layout=stickers/containers-round51.json',
  ] });
  browser = await launch();
  seed(server.state);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the confirm screen offers the groups and the sticker of the chosen one is printed', async (t) => {
  if (!(await status(server.url)).print_queue) return t.skip('no print queue in this build');
  const page = await newKiosk(browser, server.url);
  await page.fill('#search', 'hopper');
  await page.locator('#results button', { hasText: 'Grace Hopper' }).click();
  await page.waitForFunction(() => document.body.dataset.screen === 'confirm');
  assert.ok(await page.locator('#edit-group').isVisible(), 'a group choice');
  assert.deepEqual(await page.locator('#edit-group option').allTextContents(), ['Cloud Club', 'Container Crew']);
  await page.selectOption('#edit-group', 'containers');
  assert.deepEqual(await axe(page), []);
  await shot(page, 'kiosk-confirm-groups');
  await page.click('#confirm-print');
  await page.locator('#result-title', { hasText: 'Grace Hopper' }).waitFor();
  assert.equal(sql(server.state, "SELECT group_name FROM attendees WHERE last_name = 'Hopper'"), 'containers');
  assert.equal(sql(server.state, `SELECT layout FROM print_jobs j JOIN attendees t ON t.id = j.attendee_id
    WHERE t.last_name = 'Hopper' AND j.kind = 'sticker'`), 'stickers/containers-round51.json');
  await page.close();
});
