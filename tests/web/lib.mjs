// lib.mjs: start a real `frontdesk serve` on 127.0.0.1 with a temp state dir, and a headless chromium.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync, mkdirSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const top = process.env.FRONTDESK_TOP || join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = process.env.FRONTDESK_BIN || join(top, 'build', 'frontdesk');
// Screenshots go to a temp folder so test runs leave the tree clean; set
// FRONTDESK_SCREENSHOTS=docs/screenshots to refresh the committed ones.
export const screenshots = process.env.FRONTDESK_SCREENSHOTS
  ? join(top, process.env.FRONTDESK_SCREENSHOTS)
  : join(tmpdir(), 'frontdesk-screenshots');

// Starts the server with tests/data/server/station.conf plus @sets ("section.key=value").
// Returns { url, state, proc, log(), stop() }. The process is killed after @limitMs regardless.
export async function startServer({ sets = [], env = {}, limitMs = 120000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-web-'));
  const state = join(dir, 'state');
  mkdirSync(state, { recursive: true });
  const conf = readFileSync(join(top, 'tests/data/server/station.conf'), 'utf8').replaceAll('@STATE@', state);
  writeFileSync(join(dir, 'station.conf'), conf);
  // Browser flows make many kiosk requests; the rate limit has its own test (serve.test.sh).
  const all = ['server.kiosk_rate=60000', 'server.kiosk_burst=1000', ...sets];
  const args = ['serve', '--config', join(dir, 'station.conf'), '--state-dir', state,
    '--listen', '127.0.0.1:0', ...all.flatMap((s) => ['--set', s])];
  const proc = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const killer = setTimeout(() => proc.kill('SIGKILL'), limitMs);
  killer.unref();
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const stop = async () => {
    clearTimeout(killer);
    if (proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, dir, state, proc, log: () => stderr, stop };
}

// Runs the frontdesk CLI against @state; returns stdout.
export function cli(state, ...args) {
  return execFileSync(bin, [...args, '--state-dir', state], { encoding: 'utf8' });
}

export function sql(state, query) {
  return execFileSync('sqlite3', ['-readonly', join(state, 'frontdesk.db'), query], { encoding: 'utf8' }).trim();
}

export async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function newKiosk(browser, url, path = 'kiosk/', query = '') {
  const page = await browser.newPage({ viewport: { width: 800, height: 480 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url + path + query);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10000 });
  page.errors = errors;
  return page;
}

// Runs axe-core on the page; returns the violations (id and nodes).
export async function axe(page) {
  // The page's CSP forbids inline scripts, so the source is evaluated over CDP instead.
  const source = readFileSync(join(top, 'tests/web/node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

export async function shot(page, name) {
  if (!existsSync(screenshots)) mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`) });
}

// A kiosk the way a browser is one: loads the kiosk page at @path and keeps the cookie it
// sets. Returns { cookie, fetch(path, init) } with the cookie on every request.
export async function kioskClient(url, path = 'kiosk/') {
  const page = await fetch(url + path);
  await page.arrayBuffer();
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (!cookie) throw new Error(`${path} set no kiosk cookie`);
  return {
    cookie,
    fetch: (p, init = {}) => fetch(url + p.replace(/^\//, ''),
      { ...init, headers: { ...(init.headers || {}), cookie } }),
  };
}

export async function status(url) {
  return (await fetch(url + 'api/status')).json();
}

// Adds the attendees of tests/data/server/roster.csv to the event of @state
// (helper-seed, which uses the store module). Returns true; throws when the
// helper is not built (make tests).
export function seed(state, slug = 'test-day', roster = 'tests/data/server/roster.csv') {
  const helper = join(dirname(bin), 'tests', 'helper-seed');
  if (!existsSync(helper)) throw new Error(`${helper} is missing: run make tests`);
  execFileSync(helper, [state, slug, join(top, roster)], { encoding: 'utf8' });
  return true;
}

// The kiosk sizes: the Pi's 7" display first, then a 1280x800 tablet and a portrait 720x1280.
export const SIZES = [[800, 480], [1280, 800], [720, 1280]];

// Where @selector's first match is drawn and whether a person can see and tap all of it:
// inside the viewport, not under the on-screen keyboard, and the topmost element at its
// centre. Returns { ok, why, box }.
export async function placement(page, selector) {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    const box = { x: r.x, y: r.y, width: r.width, height: r.height };
    const kbd = document.getElementById('kbd');
    const kbdTop = kbd && !kbd.hidden && !kbd.contains(el) ? kbd.getBoundingClientRect().top : innerHeight;
    if (r.width === 0 || r.height === 0) return { ok: false, why: 'not drawn', box };
    if (r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5)
      return { ok: false, why: `outside the ${innerWidth}x${innerHeight} viewport`, box };
    if (r.bottom > kbdTop + 0.5) return { ok: false, why: `under the keyboard (top ${kbdTop})`, box };
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (!hit || !(el === hit || el.contains(hit) || hit.contains(el) || (el.labels && [...el.labels].some((l) => l.contains(hit)))))
      return { ok: false, why: `covered by ${hit ? hit.outerHTML.slice(0, 60) : 'nothing'}`, box };
    return { ok: true, why: '', box };
  });
}

// Every button, input and select a person can see that is smaller than @min px either way.
export async function smallTargets(page, min = 44) {
  return page.evaluate((least) => {
    const out = [];
    for (const el of document.querySelectorAll('button, input, select')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest('[hidden]')) continue;
      if (r.width < least - 0.5 || r.height < least - 0.5)
        out.push(`${el.id || el.textContent.trim() || el.tagName} ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return out;
  }, min);
}

// A USB scanner types a code at a few milliseconds per key, then Enter. The keys go through
// Chromium's real input path (CDP), each stamped with the time a scanner would have pressed it,
// 4 ms apart: the page sees those times in event.timeStamp however late the events arrive (CDP
// events, or timers inside the page, come 30-150 ms apart on a loaded machine). The text lands in
// the focused field as typed text does. @firstLateMs is the gap after the first key instead, as
// when the page was busy with it.
export async function scanBurst(page, code, firstLateMs = 0) {
  const cdp = await page.context().newCDPSession(page);
  let at = Date.now() / 1000;
  const press = async (key, text, extra = {}) => {
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, text, unmodifiedText: text, timestamp: at, ...extra });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, timestamp: at, ...extra });
  };
  try {
    let i = 0;
    for (const ch of code) {
      await press(ch, ch);
      at += (i++ === 0 && firstLateMs ? firstLateMs : 4) / 1000;
    }
    await press('Enter', '\r', { code: 'Enter', windowsVirtualKeyCode: 13 });
  } finally {
    await cdp.detach();
  }
}

// Starts the private test cupsd (tests/lib/cupsd-harness.sh) with its "dymo"
// and "ql" queues. Returns { dir, env: { CUPS_SERVER }, run(cmd, ...args), stop() }.
// The harness stops cupsd by itself when this process exits.
export function startCups() {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-cups-'));
  // The harness leaves a watchdog running, so its output goes to a file, not a pipe.
  const harness = (...args) => {
    const file = join(dir, `harness-${args[0]}.out`);
    const fd = openSync(file, 'w');
    try {
      execFileSync('sh', [join(top, 'tests/lib/cupsd-harness.sh'), ...args], { stdio: ['ignore', fd, 'inherit'] });
    } finally {
      closeSync(fd);
    }
    return readFileSync(file, 'utf8');
  };
  const out = harness('start', dir, '5', String(process.pid));
  const env = { CUPS_SERVER: out.match(/CUPS_SERVER=(\S+)/)[1] };
  return {
    dir,
    env,
    run: (cmd, ...args) => execFileSync(cmd, args, { env: { ...process.env, ...env }, encoding: 'utf8' }),
    stop: () => {
      try { harness('stop', dir); } finally { rmSync(dir, { recursive: true, force: true }); }
    },
  };
}

// Waits until every print job of @state whose attendee has @lastName has
// reached CUPS and completed; returns how many there are.
export async function jobsCompleted(state, lastName, timeoutMs = 20000) {
  const name = lastName.replaceAll("'", "''");
  const query = (cond) => Number(sql(state, `SELECT count(*) FROM print_jobs j JOIN attendees t
    ON t.id = j.attendee_id WHERE t.last_name = '${name}'${cond}`));
  for (let waited = 0; waited < timeoutMs; waited += 200) {
    const all = query('');
    if (all > 0 && query(" AND j.state = 'completed' AND j.cups_job_id IS NOT NULL") === all) return all;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`print jobs for ${lastName} did not complete in CUPS: ${sql(state,
    `SELECT j.state || ' ' || coalesce(j.last_error, '') FROM print_jobs j JOIN attendees t ON t.id = j.attendee_id WHERE t.last_name = '${name}'`)}`);
}
