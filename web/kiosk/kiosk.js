// kiosk.js: the attendee check-in flow: search or scan, confirm, print, welcome; walk-ins; idle reset.
import { LANGUAGES, apply, language, setLanguage, t } from './i18n.js';
import { Keyboard } from './keyboard.js';
import { pairIfNeeded } from './pair.js';
import { watchScanner } from './scanner.js';

const $ = (id) => document.getElementById(id);
const station = decodeURIComponent(location.pathname.split('/')[2] || '');
const params = new URLSearchParams(location.search);
const IDLE_MS = Math.max(2, Number(params.get('idle')) || 45) * 1000;

let status = null;      // GET /api/status
let current = null;     // the attendee being checked in (kiosk view)
let keyboard = null;
let searchSeq = 0;
let searchTimer = 0;
let previewTimer = 0;
let previewVersion = 0;
const SEARCH_DELAY_MS = 120; // wait for a pause in typing before asking the server
const PREVIEW_DELAY_MS = 500;
let idleTimer = 0;
const early = [];       // scans that arrived before the page was ready
let ready = false;

// A scan is always welcome, even before the page has its status: it waits until main() is done.
watchScanner((code) => (ready ? scanCheckin(code) : early.push(code)));

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
  $('kbd').hidden = name === 'result' || name === 'walkin-match';
  document.body.dataset.screen = name;
  // Japanese names start with the family name, and so does the walk-in form in Japanese.
  const walkinFirst = language() === 'ja' ? 'walkin-last' : 'walkin-first';
  const first = { start: 'search', confirm: 'edit-name', walkin: walkinFirst }[name];
  if (first) $(first).focus();
}

function eventLanguage() {
  return status && LANGUAGES.includes(status.event.lang) ? status.event.lang : 'en';
}

function defaultKeyboard(lang) {
  return lang === 'ja' ? 'kana' : 'latin';
}

// Back to the start for the same person: what they typed is cleared, their language stays.
function goStart() {
  current = null;
  clearTimeout(searchTimer);
  clearTimeout(previewTimer);
  $('confirm-preview').hidden = true;
  searchSeq++;
  for (const input of document.querySelectorAll('input[type=text], input[type=search]')) input.value = '';
  $('walkin-consent').checked = false;
  $('walkin-error').textContent = '';
  showResults([]);
  hint('start.hint');
  show('start');
}

// The visit is over (Done, idle, the next person's scan): the event's language and keyboard again.
function reset() {
  goStart();
  const lang = eventLanguage();
  if (language() !== lang) switchLanguage(lang);
  if (keyboard) keyboard.setMode(defaultKeyboard(lang));
}

function hint(key, vars = {}, error = false) {
  $('search-hint').textContent = t(key, vars);
  $('search-hint').classList.toggle('error', error);
  $('search-hint').dataset.key = key;
  $('search-hint').dataset.vars = JSON.stringify(vars);
}

function bumpIdle() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(reset, IDLE_MS);
}

async function switchLanguage(lang) {
  await setLanguage(lang);
  for (const b of document.querySelectorAll('[data-lang]'))
    b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  const h = $('search-hint');
  if (h.dataset.key) hint(h.dataset.key, JSON.parse(h.dataset.vars || '{}'), h.classList.contains('error'));
  $('walkin-privacy').textContent = privacyText();
  tryKeyboardLabel();
  if (keyboard) keyboard.render();
  if (document.body.dataset.screen !== 'result') return;
  if (document.body.dataset.outcome === 'see_volunteer') showSeeVolunteer();
  else if (current) renderResult(current);
}

// ---- search -------------------------------------------------------------------
async function search() {
  const q = $('search').value.trim();
  const seq = ++searchSeq;
  // one character is too little, except a Han or Hangul one (王, 김): a surname
  if (Array.from(q).length < 2 && !/^[\p{Script=Han}\p{Script=Hangul}]$/u.test(q)) {
    showResults([]);
    hint('start.hint');
    return;
  }
  const result = await api('GET', `/api/search?q=${encodeURIComponent(q)}`);
  if (seq !== searchSeq) return; // a newer search is under way
  if (!result.ok) {
    showResults([]);
    $('search-hint').textContent = errorText(result);
    return;
  }
  const people = result.data.results || [];
  showResults(people);
  if (people.length) hint('start.pick');
  else hint('start.no_results', { query: q });
  $('no-results').hidden = people.length > 0;
  $('screen-start').classList.toggle('has-ways', people.length === 0);
}

function showResults(people) {
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
  $('no-results').hidden = true;
  $('screen-start').classList.toggle('has-results', people.length > 0);
  $('screen-start').classList.remove('has-ways');
}

// The no-results suggestions: the other ways in, before the walk-in form.
function tryAnotherWay(mode, placeholderKey) {
  $('search').value = '';
  showResults([]);
  hint(placeholderKey);
  keyboard.setMode(mode);
  $('search').focus();
}

function tryKeyboardLabel() {
  const kana = keyboard && keyboard.mode === 'kana';
  $('try-keyboard').textContent = t(kana ? 'start.try_latin' : 'start.try_kana');
}

async function pick(id) {
  const result = await api('GET', `/api/attendees/${encodeURIComponent(id)}`);
  if (!result.ok) {
    $('search-hint').textContent = errorText(result);
    return;
  }
  current = result.data;
  if (current.see_volunteer) {
    showSeeVolunteer();
    return;
  }
  $('edit-name').value = current.display_name || '';
  $('edit-pronouns').value = current.pronouns || '';
  $('edit-company').value = current.company || '';
  fillGroups($('edit-group'), $('edit-group-label'), current.group);
  showPreview();
  show('confirm');
}

// The badge exactly as it will print with the edits so far (nothing is saved until Print).
function showPreview() {
  const img = $('confirm-preview');
  const q = new URLSearchParams({ station, v: String(++previewVersion), ...editsOf() });
  img.alt = t('preview.alt');
  img.onload = () => { img.hidden = false; };
  img.onerror = () => { img.hidden = true; };
  img.src = `/api/badge/${encodeURIComponent(current.id)}.png?${q}`;
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

function fillGroups(select, label, chosen) {
  const groups = status.event.groups || [];
  const several = groups.length > 1;
  select.hidden = !several;
  label.hidden = !several;
  select.replaceChildren(...groups.map((g) => new Option(g.name || g.short, g.short)));
  // An attendee whose roster group is not one of the event's gets the default group.
  const known = (short) => groups.some((g) => g.short === short);
  select.value = [chosen, status.event.default_group].find(known) || (groups[0] ? groups[0].short : '');
}

// ---- check-in and result ------------------------------------------------------
function showSeeVolunteer() {
  show('result');
  setResult(t('result.see_volunteer_title'), '', t('result.see_volunteer'), true);
  $('result-reprint').hidden = true;
  $('result-preview').hidden = true;
  document.body.dataset.outcome = 'see_volunteer';
}

async function checkin(body) {
  show('result');
  $('result-preview').hidden = true;
  setResult(t('result.printing'), '', '', false);
  const result = await api('POST', '/api/checkin', { station, ...body });
  finishCheckin(result);
}

function finishCheckin(result) {
  if (result.ok) {
    current = result.data;
    show('result');
    renderResult(current);
  } else if (result.status === 403 && result.data.error && result.data.error.code === 'see_volunteer') {
    showSeeVolunteer();
  } else {
    show('result');
    setResult(errorText(result), '', '', true);
  }
}

// A scan on any screen: the previous person's screen is finished, and the answer shown at once.
async function scanCheckin(code) {
  reset();
  hint('result.one_moment');
  const result = await api('POST', '/api/checkin', { station, code });
  if (!result.ok && result.status === 404) {
    hint('error.code', {}, true);
    return;
  }
  finishCheckin(result);
}

function setResult(title, number, message, trouble) {
  document.body.dataset.outcome = '';
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
  } else if (r.preview) {
    img.hidden = false;
  }
}

// The edits go with the check-in: Back leaves the record as it was.
async function confirmPrint() {
  clearTimeout(previewTimer);
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
// The privacy text in the attendee's language; the event's own text when it has none in it.
function privacyText() {
  if (!status) return '';
  const texts = status.event.privacy_text || {};
  return texts[language()] || status.event.privacy || '';
}

function openWalkin() {
  walkinNotMe = false;
  if (!status.event.walkins) {
    hint('walkin.closed', {}, true);
    return;
  }
  $('walkin-privacy').textContent = privacyText();
  fillGroups($('walkin-group'), $('walkin-group-label'), null);
  show('walkin');
}

let walkinNotMe = false; // the walk-in said the roster's match is someone else

function offerMatch(match) {
  $('match-who').textContent = match.company ? `${match.display_name} · ${match.company}` : match.display_name;
  $('match-yes').onclick = () => pick(match.id);
  show('walkin-match');
}

async function submitWalkin() {
  const first = $('walkin-first').value.trim();
  const consent = $('walkin-consent').checked;
  const err = $('walkin-error');
  if (!first) { err.textContent = t('walkin.need_name'); $('walkin-first').focus(); return; }
  if (status.event.consent_required && !consent) { err.textContent = t('walkin.need_consent'); return; }
  err.textContent = '';
  const body = {
    station, first_name: first, last_name: $('walkin-last').value.trim(),
    company: $('walkin-company').value.trim() || null,
    pronouns: $('walkin-pronouns').value.trim() || null, consent,
  };
  if (!$('walkin-group').hidden && $('walkin-group').value) body.group = $('walkin-group').value;
  // Someone on the roster who did not find themselves: offer their record, not a duplicate.
  if (!walkinNotMe) {
    const check = await api('POST', '/api/walkin', { ...body, check: true });
    if (check.ok && check.data.match) { offerMatch(check.data.match); return; }
  }
  show('result');
  setResult(t('result.printing'), '', '', false);
  const result = await api('POST', '/api/walkin', body);
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

// ---- start -------------------------------------------------------------------------
function wire() {
  for (const b of document.querySelectorAll('[data-lang]'))
    b.addEventListener('click', () => switchLanguage(b.dataset.lang).then(() => keyboard.setMode(defaultKeyboard(b.dataset.lang))));
  $('search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, SEARCH_DELAY_MS);
  });
  $('walkin-open').addEventListener('click', openWalkin);
  $('try-walkin').addEventListener('click', openWalkin);
  $('try-email').addEventListener('click', () => tryAnotherWay('latin', 'start.try_email'));
  $('try-number').addEventListener('click', () => tryAnotherWay('digits', 'start.try_number'));
  $('try-keyboard').addEventListener('click', () =>
    tryAnotherWay(keyboard.mode === 'kana' ? 'latin' : 'kana', 'start.hint'));
  $('walkin-back').addEventListener('click', goStart);
  $('match-no').addEventListener('click', () => { walkinNotMe = true; show('walkin'); submitWalkin(); });
  $('match-back').addEventListener('click', () => show('walkin'));
  $('walkin-submit').addEventListener('click', submitWalkin);
  $('confirm-back').addEventListener('click', goStart);
  $('confirm-print').addEventListener('click', confirmPrint);
  $('result-done').addEventListener('click', reset);
  $('result-reprint').addEventListener('click', reprint);
  for (const id of ['walkin-first', 'walkin-last', 'edit-name']) $(id).dataset.autocap = '';
  for (const id of ['edit-name', 'edit-pronouns', 'edit-company', 'edit-group'])
    $(id).addEventListener(id === 'edit-group' ? 'change' : 'input', () => {
      clearTimeout(previewTimer);
      if (current) previewTimer = setTimeout(showPreview, PREVIEW_DELAY_MS);
    });
  for (const ev of ['pointerdown', 'keydown', 'input']) document.addEventListener(ev, bumpIdle, true);
}

async function main() {
  $('search').focus();
  const result = await api('GET', `/api/status${station ? '?station=' + encodeURIComponent(station) : ''}`);
  status = result.ok ? result.data : { event: { name: '', groups: [], walkins: false } };
  if (await pairIfNeeded(status, station)) return;
  $('event-name').textContent = status.event.name || 'frontdesk';
  document.title = status.event.name || 'frontdesk';
  keyboard = new Keyboard($('kbd'), $('search'), defaultKeyboard(eventLanguage()));
  keyboard.onchange = tryKeyboardLabel;
  wire();
  listen();
  await switchLanguage(eventLanguage());
  goStart();
  apply(document);
  tryKeyboardLabel();
  bumpIdle();
  document.body.dataset.ready = 'true';
  ready = true;
  for (const code of early.splice(0)) scanCheckin(code);
}

main();
