// kiosk.js: the attendee check-in flow: search or scan, confirm, print, welcome; walk-ins; idle reset.
import { LANGUAGES, apply, language, setLanguage, t } from './i18n.js';
import { Keyboard } from './keyboard.js';
import { pairIfNeeded } from './pair.js';

const $ = (id) => document.getElementById(id);
const station = decodeURIComponent(location.pathname.split('/')[2] || '');
const params = new URLSearchParams(location.search);
const IDLE_MS = Math.max(2, Number(params.get('idle')) || 45) * 1000;
const SCAN_GAP_MS = 40; // a scanner types faster than any person
const SCAN_MIN = 4;

let status = null;      // GET /api/status
let current = null;     // the attendee being checked in (kiosk view)
let searchSeq = 0;
let searchTimer = 0;
let editTimer = 0;
let previewVersion = 0;
const SEARCH_DELAY_MS = 120; // wait for a pause in typing before asking the server
let idleTimer = 0;

async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  try {
    const response = await fetch(path, init);
    const data = await response.json().catch(() => ({}));
    return { ok: response.ok, status: response.status, data };
  } catch (e) {
    return { ok: false, status: 0, data: {} };
  }
}

function errorText(result) {
  if (result.status === 429) return t('error.busy');
  return t('error.generic');
}

// ---- screens ----------------------------------------------------------------
function show(name) {
  for (const s of document.querySelectorAll('.screen')) s.hidden = s.dataset.screen !== name;
  $('kbd').hidden = name === 'result';
  document.body.dataset.screen = name;
  const first = { start: 'search', confirm: 'edit-name', walkin: 'walkin-first' }[name];
  if (first) $(first).focus();
}

function reset() {
  current = null;
  clearTimeout(searchTimer);
  clearTimeout(editTimer);
  $('confirm-preview').hidden = true;
  searchSeq++;
  for (const input of document.querySelectorAll('input[type=text], input[type=search]')) input.value = '';
  $('walkin-consent').checked = false;
  $('walkin-error').textContent = '';
  $('results').replaceChildren();
  hint('start.hint');
  show('start');
  const lang = status && LANGUAGES.includes(status.event.lang) ? status.event.lang : 'en';
  if (language() !== lang) switchLanguage(lang);
}

function hint(key) {
  $('search-hint').dataset.i18n = key;
  $('search-hint').textContent = t(key);
}

function bumpIdle() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(reset, IDLE_MS);
}

async function switchLanguage(lang) {
  await setLanguage(lang);
  for (const b of document.querySelectorAll('[data-lang]'))
    b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  if (current && document.body.dataset.screen === 'result') renderResult(current);
}

// ---- search -------------------------------------------------------------------
async function search() {
  const q = $('search').value.trim();
  const seq = ++searchSeq;
  if (Array.from(q).length < 2) {
    $('results').replaceChildren();
    hint('start.hint');
    return;
  }
  const result = await api('GET', `/api/search?q=${encodeURIComponent(q)}`);
  if (seq !== searchSeq) return; // a newer search is under way
  if (!result.ok) {
    $('results').replaceChildren();
    $('search-hint').textContent = errorText(result);
    return;
  }
  renderResults(result.data.results || []);
}

function renderResults(people) {
  const items = people.map((p) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = p.display_name;
    b.append(name);
    if (p.company) {
      const company = document.createElement('span');
      company.className = 'company';
      company.textContent = p.company;
      b.append(company);
    }
    b.addEventListener('click', () => pick(p.id));
    li.append(b);
    return li;
  });
  $('results').replaceChildren(...items);
  hint(people.length ? 'start.pick' : 'start.no_results');
}

async function pick(id) {
  const result = await api('GET', `/api/attendees/${encodeURIComponent(id)}`);
  if (!result.ok) {
    $('search-hint').textContent = errorText(result);
    return;
  }
  current = result.data;
  $('edit-name').value = current.display_name || '';
  $('edit-pronouns').value = current.pronouns || '';
  $('edit-company').value = current.company || '';
  fillGroups(current.group);
  showPreview($('confirm-preview'), current.id);
  show('confirm');
}

// The badge exactly as it will print, redrawn by the server after each edit.
function showPreview(img, id) {
  img.alt = t('preview.alt');
  img.onload = () => { img.hidden = false; };
  img.onerror = () => { img.hidden = true; };
  img.src = `/api/badge/${encodeURIComponent(id)}.png?station=${encodeURIComponent(station)}&v=${++previewVersion}`;
}

function editsOf() {
  const edits = {
    display_name: $('edit-name').value.trim() || current.display_name,
    pronouns: $('edit-pronouns').value.trim(),
    company: $('edit-company').value.trim(),
  };
  if (!$('edit-group').hidden && $('edit-group').value) edits.group = $('edit-group').value;
  return edits;
}

// Saves the edits (display fields only) and refreshes the preview.
async function saveEdits() {
  clearTimeout(editTimer);
  if (!current) return;
  const result = await api('PATCH', `/api/attendees/${encodeURIComponent(current.id)}`, editsOf());
  if (result.ok && document.body.dataset.screen === 'confirm') showPreview($('confirm-preview'), current.id);
}

function fillGroups(chosen) {
  const groups = status.event.groups || [];
  const select = $('edit-group');
  const several = groups.length > 1;
  select.hidden = !several;
  $('edit-group-label').hidden = !several;
  const options = groups.map((g) => new Option(g.name, g.short));
  select.replaceChildren(...options);
  select.value = chosen || status.event.default_group || (groups[0] ? groups[0].short : '');
}

// ---- check-in and result ------------------------------------------------------
async function checkin(body) {
  show('result');
  setResult(t('result.printing'), '', '', false);
  const result = await api('POST', '/api/checkin', { station, ...body });
  if (!result.ok) {
    if (body.code && result.status === 404) {
      reset();
      $('search-hint').textContent = t('error.code');
    } else {
      setResult(errorText(result), '', '', true);
    }
    return;
  }
  current = result.data;
  renderResult(current);
}

function setResult(title, number, message, trouble) {
  $('result-title').textContent = title;
  $('result-number').textContent = number;
  $('result-message').textContent = message;
  $('result-message').classList.toggle('trouble', trouble);
}

function renderResult(r) {
  const number = t('result.number', { number: r.number });
  if (r.already && r.print === 'none') {
    setResult(t('result.welcome_back', { name: r.display_name }), number,
      t('result.already') + (r.reprints_left > 0 ? '' : ' ' + t('result.no_reprints')), false);
  } else if (r.print === 'owed') {
    setResult(t('result.welcome', { name: r.display_name }), number, t('result.owed'), true);
  } else {
    setResult(t('result.welcome', { name: r.display_name }), number,
      t(r.printed ? 'result.printed' : 'result.printing'), false);
  }
  $('result-reprint').hidden = !(r.already && r.print === 'none' && r.reprints_left > 0);
  const img = $('result-preview');
  img.alt = t('preview.alt');
  if (r.preview && img.dataset.src !== r.preview) {
    img.hidden = true;
    img.dataset.src = r.preview;
    img.onload = () => { img.hidden = false; };
    img.onerror = () => { img.hidden = true; };
    img.src = r.preview;
  }
}

async function confirmPrint() {
  clearTimeout(editTimer);
  const edits = editsOf();
  const body = { id: current.id, edits: { display_name: edits.display_name, pronouns: edits.pronouns, company: edits.company } };
  if (edits.group) body.group = edits.group;
  await checkin(body);
}

async function reprint() {
  $('result-reprint').hidden = true;
  const result = await api('POST', '/api/reprint', { station, id: current.id });
  if (!result.ok) {
    setResult(t('result.welcome_back', { name: current.display_name }), '',
      t('result.no_reprints'), false);
    return;
  }
  current = result.data;
  renderResult(current);
}

// ---- walk-ins -------------------------------------------------------------------
function openWalkin() {
  if (!status.event.walkins) {
    $('search-hint').textContent = t('walkin.closed');
    return;
  }
  $('walkin-privacy').textContent = status.event.privacy || '';
  show('walkin');
}

async function submitWalkin() {
  const first = $('walkin-first').value.trim();
  const consent = $('walkin-consent').checked;
  const err = $('walkin-error');
  if (!first) { err.textContent = t('walkin.need_name'); $('walkin-first').focus(); return; }
  if (status.event.consent_required && !consent) { err.textContent = t('walkin.need_consent'); return; }
  err.textContent = '';
  show('result');
  setResult(t('result.printing'), '', '', false);
  const result = await api('POST', '/api/walkin', {
    station, first_name: first, last_name: $('walkin-last').value.trim(),
    company: $('walkin-company').value.trim() || null,
    pronouns: $('walkin-pronouns').value.trim() || null, consent,
  });
  if (!result.ok) { setResult(errorText(result), '', '', true); return; }
  current = result.data;
  renderResult(current);
}

// ---- live feed: job state of the badge being printed -----------------------------
function listen() {
  const feed = new EventSource('/api/events?role=kiosk');
  feed.addEventListener('printer', (e) => {
    const p = JSON.parse(e.data);
    if (status && status.printer && status.printer.name === p.printer) {
      status.printer.ok = p.ok;
      status.printer.reason = p.reason;
    }
  });
  feed.addEventListener('job', (e) => {
    const job = JSON.parse(e.data);
    if (!current || job.id !== current.id || document.body.dataset.screen !== 'result') return;
    if (job.owed) current.print = 'owed';
    if (job.state === 'completed') current.printed = true;
    renderResult(current);
  });
}

// ---- ticket scanner: a burst of fast keys ending in Enter -------------------------
function watchScanner() {
  let burst = [];
  let last = 0;
  let before = '';
  document.addEventListener('keydown', (e) => {
    const now = performance.now();
    if (e.key === 'Enter') {
      const code = burst.join('');
      const fast = burst.length >= SCAN_MIN && now - last < SCAN_GAP_MS * 3;
      burst = [];
      if (!fast || document.body.dataset.screen !== 'start') return;
      e.preventDefault();
      $('search').value = before;
      checkin({ code });
      return;
    }
    if (e.key.length !== 1) return;
    if (now - last > SCAN_GAP_MS) { burst = []; before = $('search').value; }
    burst.push(e.key);
    last = now;
  }, true);
}

// ---- start -------------------------------------------------------------------------
async function main() {
  const result = await api('GET', `/api/status${station ? '?station=' + encodeURIComponent(station) : ''}`);
  status = result.ok ? result.data : { event: { name: '', groups: [], walkins: false } };
  if (await pairIfNeeded(status, station)) return;
  $('event-name').textContent = status.event.name || 'frontdesk';
  document.title = status.event.name || 'frontdesk';
  new Keyboard($('kbd'), $('search'));
  for (const b of document.querySelectorAll('[data-lang]'))
    b.addEventListener('click', () => switchLanguage(b.dataset.lang));
  $('search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, SEARCH_DELAY_MS);
  });
  $('walkin-open').addEventListener('click', openWalkin);
  $('walkin-back').addEventListener('click', reset);
  $('walkin-submit').addEventListener('click', submitWalkin);
  $('confirm-back').addEventListener('click', reset);
  $('confirm-print').addEventListener('click', confirmPrint);
  $('result-done').addEventListener('click', reset);
  $('result-reprint').addEventListener('click', reprint);
  for (const id of ['walkin-first', 'walkin-last']) $(id).dataset.autocap = '';
  for (const id of ['edit-name', 'edit-pronouns', 'edit-company', 'edit-group'])
    $(id).addEventListener(id === 'edit-group' ? 'change' : 'input', () => {
      clearTimeout(editTimer);
      editTimer = setTimeout(saveEdits, 600);
    });
  for (const ev of ['pointerdown', 'keydown', 'input']) document.addEventListener(ev, bumpIdle, true);
  watchScanner();
  listen();
  reset();
  await switchLanguage(language());
  apply(document);
  bumpIdle();
  document.body.dataset.ready = 'true';
}

main();
