// i18n.test.mjs: the kiosk's catalogs have the same keys, and every key the page and code use exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { top } from './lib.mjs';

const web = join(top, 'web');
const catalogs = Object.fromEntries(readdirSync(join(web, 'i18n'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f.replace('.json', ''), JSON.parse(readFileSync(join(web, 'i18n', f), 'utf8'))]));

test('English, German and Japanese catalogs exist with the same keys', () => {
  for (const lang of ['en', 'de', 'ja']) assert.ok(catalogs[lang], `${lang}.json`);
  const keys = Object.keys(catalogs.en).sort();
  for (const [lang, strings] of Object.entries(catalogs)) {
    assert.deepEqual(Object.keys(strings).sort(), keys, `${lang}.json has the keys of en.json`);
    for (const [k, v] of Object.entries(strings)) assert.ok(v.trim(), `${lang}.json ${k} is not empty`);
  }
});

test('every key the page and the code use is in the catalog', () => {
  const html = readFileSync(join(web, 'kiosk', 'index.html'), 'utf8');
  const used = new Set([...html.matchAll(/data-i18n(?:-placeholder|-label)?="([^"]+)"/g)].map((m) => m[1]));
  for (const f of readdirSync(join(web, 'kiosk')).filter((f) => f.endsWith('.js'))) {
    const js = readFileSync(join(web, 'kiosk', f), 'utf8');
    for (const m of js.matchAll(/\bt\('([a-z_.]+)'/g)) used.add(m[1]);
    for (const m of js.matchAll(/'((?:start|confirm|field|action|walkin|result|error|kbd|preview|group|lang)\.[a-z_]+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 30, `found ${used.size} keys`);
  for (const key of used) assert.ok(key in catalogs.en, `${key} is in en.json`);
});

test('placeholders are the same in every language', () => {
  for (const [key, en] of Object.entries(catalogs.en)) {
    const want = [...en.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const lang of ['de', 'ja'])
      assert.deepEqual([...catalogs[lang][key].matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(), want, `${lang} ${key}`);
  }
});
