// app.js: the organizer console page: login, dashboard, attendees, printers and queue, import and export.
import { api, session, login, logout, el, flash, ApiError } from './api.js';
import { loadKiosks, noticeKiosk, setupKiosks } from './kiosks.js';

const $ = (id) => document.getElementById(id);
const sections = ['dashboard', 'attendees', 'printers', 'import'];

function show(which) {
  $('login').hidden = which !== 'login';
  $('nav').hidden = which === 'login';
  for (const s of sections) $(s).hidden = s !== which;
  if (which !== 'login') refresh(which);
}

function route() {
  liveFeed();
  const want = location.hash.slice(1);
  show(sections.includes(want) ? want : 'dashboard');
}

async function refresh(which) {
  try {
    if (which === 'dashboard') await loadStats();
    else if (which === 'attendees') await loadAttendees(true);
    else if (which === 'printers') { await loadPrinters(); await loadKiosks(); }
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) flash(e.message);
  }
}

/* ---- dashboard ---------------------------------------------------------- */

function percent(x) { return `${Math.round(x * 1000) / 10}%`; }

let noShowColumn = 'Not yet arrived';
function breakdown(table, rows) {
  table.replaceChildren(el('tr', {}, el('th', { scope: 'col' }, 'Name'), el('th', { scope: 'col' }, 'Arrived'),
    el('th', { scope: 'col' }, 'Expected'), el('th', { scope: 'col' }, noShowColumn)));
  const closed = noShowColumn === 'No-show rate';
  for (const r of rows) {
    table.append(el('tr', {}, el('td', {}, r.key || '(none)'), el('td', {}, r.arrived),
      el('td', {}, r.expected), el('td', {}, closed ? percent(r.no_show_rate) : r.no_shows)));
  }
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// Arrivals per 15 minutes as bars, with the running total as a line.
// Fills the 15-minute buckets nobody arrived in, so time runs evenly along the axis.
function continuous(timeline) {
  if (!timeline.length) return [];
  const byAt = new Map(timeline.map((b) => [b.at, b.count]));
  const out = [];
  const end = Date.parse(`${timeline.at(-1).at}:00Z`);
  for (let t = Date.parse(`${timeline[0].at}:00Z`); t <= end && out.length < 500; t += 15 * 60000) {
    const at = new Date(t).toISOString().slice(0, 16);
    out.push({ at, count: byAt.get(at) || 0 });
  }
  return out;
}

function drawChart(raw) {
  const timeline = continuous(raw);
  const W = 640, H = 200, pad = 30;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Arrivals over time' });
  root.append(svg('title', {}, 'Arrivals per 15 minutes'));
  const max = Math.max(1, ...timeline.map((b) => b.count));
  const n = Math.max(1, timeline.length), bw = Math.min(40, (W - 2 * pad) / n);
  let total = 0;
  const points = [];
  const grand = timeline.reduce((s, b) => s + b.count, 0) || 1;
  timeline.forEach((b, i) => {
    const h = (Math.max(0, b.count) / max) * (H - 2 * pad);
    root.append(svg('rect', { x: pad + i * bw + 1, y: H - pad - h, width: Math.max(1, bw - 2), height: h, fill: '#0b57a4' }));
    total += b.count;
    points.push(`${pad + (i + 0.5) * bw},${H - pad - (total / grand) * (H - 2 * pad)}`);
    if (i === 0 || i === timeline.length - 1 || (n <= 16 && i % 2 === 0))
      root.append(svg('text', { x: pad + i * bw, y: H - 10 }, b.at.slice(11, 16)));
  });
  if (points.length) root.append(svg('polyline', { points: points.join(' '), fill: 'none', stroke: '#c2185b', 'stroke-width': 2 }));
  root.append(svg('line', { x1: pad, y1: H - pad, x2: W - pad, y2: H - pad, stroke: '#333' }));
  root.append(svg('text', { x: 2, y: pad }, String(max)));
  $('chart').replaceChildren(root);
}

async function loadStats() {
  const s = await api('/api/stats');
  $('n-arrived').textContent = s.total.arrived;
  $('n-expected').textContent = s.total.expected;
  // Mid-event, people not here yet are not no-shows: the rate waits for the door to close.
  $('noshow-label').textContent = s.door_closed ? 'No-show rate' : 'Not yet arrived';
  $('n-noshow').textContent = s.door_closed ? percent(s.total.no_show_rate)
    : `${s.total.no_shows} of ${s.total.registered} registered`;
  $('n-walkins').textContent = s.total.walkins;
  $('n-notexpected').textContent = s.total.not_expected;
  $('n-admitted').textContent = s.total.not_expected_arrived;
  $('chart-tz').textContent = s.timezone ? `(times in ${s.timezone})` : '';
  noShowColumn = s.door_closed ? 'No-show rate' : 'Not yet arrived';
  breakdown($('by-ticket'), s.by_ticket_type);
  breakdown($('by-group'), s.by_group);
  drawChart(s.timeline);
}

/* ---- attendees ---------------------------------------------------------- */

let offset = 0, searchTimer = null;

function fullName(a) {
  return a.display_name || [a.first_name, a.last_name].filter(Boolean).join(' ');
}

async function act(a, action, body) {
  try {
    const r = await api(`/api/attendees/${a.id}/${action}`, { method: 'POST', body: body || {} });
    flash(action === 'checkin' ? `Checked in ${fullName(a)} as #${r.number}` : `${action}: ${fullName(a)}`);
    await loadAttendees(true);
  } catch (e) { flash(e.message); }
}

// The event's groups (from /api/stats), for the edit dialog and the import.
let groups = [];
async function loadGroups() {
  try { groups = (await api('/api/stats')).groups || []; } catch (e) { groups = []; }
  const options = () => groups.map((g) => el('option', { value: g.short }, g.name ? `${g.name} (${g.short})` : g.short));
  $('import-group').replaceChildren(el('option', { value: '' }, '(from the file, else the default group)'), ...options());
}

function groupOptions(current) {
  const select = $('edit-group');
  const known = groups.some((g) => g.short === current);
  select.replaceChildren(el('option', { value: '' }, '(none)'),
    ...groups.map((g) => el('option', { value: g.short }, g.name ? `${g.name} (${g.short})` : g.short)));
  // A group from the roster that the event does not have stays as it is unless changed.
  if (current && !known) select.append(el('option', { value: current }, `${current} (from the roster, not configured)`));
  select.value = current || '';
}

function editAttendee(a) {
  const d = $('edit-dialog');
  $('edit-display').value = a.display_name || '';
  $('edit-pronouns').value = a.pronouns || '';
  $('edit-company').value = a.company || '';
  groupOptions(a.group);
  $('edit-error').textContent = '';
  d.onclose = async () => {
    if (d.returnValue !== 'save') return;
    const body = { display_name: $('edit-display').value, pronouns: $('edit-pronouns').value, company: $('edit-company').value };
    if ($('edit-group').value !== (a.group || '')) body.group = $('edit-group').value;
    try {
      await api(`/api/attendees/${a.id}`, { method: 'PATCH', body });
      await loadAttendees(true);
    } catch (e) {
      // Keep what was typed: the dialog opens again with the reason.
      $('edit-error').textContent = e.message;
      d.returnValue = '';
      d.showModal();
    }
  };
  d.returnValue = '';
  d.showModal();
}

// Undo needs a second tap within 5 s: the button asks first. The question survives the table
// being redrawn by the live feed meanwhile.
const undoAsked = new Map(); // attendee id -> time the question expires
function undoButton(a) {
  const asking = (undoAsked.get(a.id) || 0) > Date.now();
  const button = el('button', { type: 'button', className: asking ? 'confirm' : '' },
    asking ? `Really undo #${a.checkin_number}?` : 'Undo check-in');
  button.addEventListener('click', () => {
    if ((undoAsked.get(a.id) || 0) > Date.now()) {
      undoAsked.delete(a.id);
      act(a, 'undo');
      return;
    }
    undoAsked.set(a.id, Date.now() + 5000);
    button.textContent = `Really undo #${a.checkin_number}?`;
    button.classList.add('confirm');
    setTimeout(() => {
      if ((undoAsked.get(a.id) || 0) > Date.now()) return;
      button.textContent = 'Undo check-in';
      button.classList.remove('confirm');
    }, 5100);
  });
  return button;
}

function row(a) {
  const notExpected = a.expected ? '' : `not expected (${a.status_reason || 'cancelled'})`;
  const status = a.checkin_number ? `#${a.checkin_number}` + (a.handed_over_at ? ', badge handed over' : '') + (notExpected ? `, admitted; ${notExpected}` : '')
    : notExpected || 'not arrived';
  const b = (label, fn) => el('button', { type: 'button', onclick: fn }, label);
  const actions = el('td', { className: 'actions' });
  // Kiosks send cancelled, declined, waitlisted and refunded people here: one tap admits them.
  if (!a.checkin_number) actions.append(b(a.expected ? 'Check in' : 'Admit', () => act(a, 'checkin')));
  else actions.append(undoButton(a), b('Reprint badge', () => act(a, 'reprint', { kind: 'badge' })),
    b('Reprint sticker', () => act(a, 'reprint', { kind: 'sticker' })), b('Handed over', () => act(a, 'handover')));
  actions.append(b('Edit', () => editAttendee(a)));
  const flags = [a.walkin ? 'walk-in' : null, a.owed ? 'badge owed' : null].filter(Boolean).join(', ');
  return el('tr', { className: [a.walkin ? 'walkin' : '', a.owed ? 'owed' : '', a.expected ? '' : 'not-expected'].join(' ').trim(), dataset: { id: a.id } },
    el('td', {}, a.checkin_number || ''), el('td', {}, fullName(a), flags ? el('strong', {}, ` (${flags})`) : null),
    el('td', {}, a.company || ''), el('td', {}, a.ticket_type || ''), el('td', {}, a.group || ''),
    el('td', {}, status), actions);
}

async function loadAttendees(reset) {
  if (reset) offset = 0;
  const q = $('att-search').value;
  const r = await api(`/api/attendees?q=${encodeURIComponent(q)}&offset=${offset}&limit=50`);
  const body = $('att-table').tBodies[0];
  if (reset) body.replaceChildren();
  const owedIds = new Set(r.owed.map((a) => a.id));
  if (reset) for (const a of r.owed) body.append(row(a));
  const walkins = r.attendees.filter((a) => a.walkin && !owedIds.has(a.id));
  const rest = r.attendees.filter((a) => !a.walkin && !owedIds.has(a.id));
  for (const a of [...walkins, ...rest]) body.append(row(a));
  offset += r.attendees.length;
  $('att-count').textContent = `${r.total} attendees match` + (r.owed.length ? `, ${r.owed.length} badges owed` : '');
  $('att-more').hidden = offset >= r.total;
}

/* ---- printers and queue -------------------------------------------------- */

async function loadPrinters() {
  const p = await api('/api/printers');
  const body = $('printer-table').tBodies[0];
  body.replaceChildren();
  for (const s of p.stations) {
    for (const role of ['badge', 'sticker']) {
      const x = s[role];
      const input = el('input', { type: 'number', min: 1, value: x.roll_capacity || 300, className: 'roll' });
      input.setAttribute('aria-label', `Labels on the new roll for ${x.printer}`);
      const btn = el('button', { type: 'button', onclick: async () => {
        try { await api(`/api/printers/${encodeURIComponent(x.printer)}/roll`, { method: 'POST', body: { capacity: Number(input.value) } }); await loadPrinters(); } catch (e) { flash(e.message); }
      } }, 'Roll changed');
      const test = el('button', { type: 'button', onclick: async () => {
        try { const r = await api(`/api/printers/${encodeURIComponent(x.printer)}/test`, { method: 'POST', body: {} }); flash(`Test print queued as job ${r.job}`); await loadPrinters(); } catch (e) { flash(e.message); }
      } }, 'Test print');
      body.append(el('tr', {}, el('td', {}, s.name), el('td', {}, role), el('td', {}, x.printer || '(none)'),
        el('td', {}, x.ok ? 'ready' : x.reason || 'trouble'), el('td', {}, x.labels_left < 0 ? 'unknown' : x.labels_left),
        el('td', {}, input, btn, test)));
    }
  }
  const names = [...new Set([...p.cups.map((c) => c.name), ...p.stations.map((s) => s.badge.printer)])].filter(Boolean);
  const jobs = await api('/api/jobs');
  const jb = $('job-table').tBodies[0];
  jb.replaceChildren();
  for (const j of jobs.jobs) {
    const final = ['completed', 'cancelled'].includes(j.state);
    const actions = el('td', { className: 'actions' });
    if (!final) {
      const sel = el('select', {}, ...names.map((n) => el('option', { value: n }, n)));
      sel.setAttribute('aria-label', `Move job ${j.id} to printer`);
      const jobAct = (a, body) => async () => { try { await api(`/api/jobs/${j.id}/${a}`, { method: 'POST', body: body ? body() : {} }); await loadPrinters(); } catch (e) { flash(e.message); } };
      actions.append(el('button', { type: 'button', onclick: jobAct('retry') }, 'Retry'),
        el('button', { type: 'button', onclick: jobAct('cancel') }, 'Cancel'), sel,
        el('button', { type: 'button', onclick: jobAct('move', () => ({ printer: sel.value })) }, 'Move'));
    }
    jb.append(el('tr', {}, el('td', {}, j.id), el('td', {}, j.name || ''), el('td', {}, j.kind), el('td', {}, j.printer),
      // A completed job's last CUPS reason (processing-to-stop-point, ...) is no error.
      el('td', {}, j.state + (j.error && j.state !== 'completed' ? ` (${j.error})` : '')), actions));
  }
}

/* ---- import -------------------------------------------------------------- */

let mapping = {};
async function runImport(dryRun) {
  const file = $('import-file').files[0];
  $('import-error').textContent = '';
  $('import-result').replaceChildren(); // the last import's result never stands above this one's error
  if (!file) { $('import-error').textContent = 'Choose a roster file first.'; return; }
  const q = new URLSearchParams({ name: file.name, format: $('import-format').value, dry_run: dryRun ? '1' : '0', mapping: JSON.stringify(mapping) });
  if ($('import-group').value) q.set('group', $('import-group').value);
  try {
    const r = await api(`/api/import?${q}`, { method: 'POST', body: file });
    const res = $('import-result');
    res.replaceChildren(el('p', {}, `${dryRun ? 'Dry run' : 'Imported'}: format ${r.format}, ${r.encoding}; ` +
      `${r.added} to add, ${r.updated} to update, ${r.unchanged} unchanged, ${r.skipped} skipped.`),
    el('ul', {}, ...r.lines.slice(0, 50).map((l) => el('li', {}, l)), ...r.skipped_rows.map((l) => el('li', { className: 'error' }, l))));
    if (dryRun) showMapping(r);
    $('import-commit').hidden = !dryRun;
  } catch (e) { $('import-error').textContent = e.message; }
}

const FIELDS = ['', 'ignore', 'first_name', 'last_name', 'name', 'display_name', 'company', 'title', 'pronouns', 'group_name', 'ticket_type', 'email', 'ticket_code', 'source_id', 'status', 'guests', 'consent_share', 'reading'];
function showMapping(r) {
  const t = $('import-mapping');
  t.hidden = false;
  const body = t.tBodies[0];
  body.replaceChildren();
  r.columns.forEach((col, i) => {
    const current = mapping[col] ?? r.mapping[i] ?? '';
    const opts = [...new Set([...FIELDS, current])];
    const sel = el('select', { onchange: () => { mapping[col] = sel.value; } }, ...opts.map((f) => el('option', { value: f, selected: f === current }, f || '(custom / ignore)')));
    sel.setAttribute('aria-label', `Field for column ${col}`);
    body.append(el('tr', {}, el('td', {}, col), el('td', {}, sel)));
  });
}

/* ---- start --------------------------------------------------------------- */

// The organizer feed needs the session: opened once logged in, closed on logout.
let feed = null;
function liveFeed() {
  if (feed && feed.readyState !== EventSource.CLOSED) return;
  feed = new EventSource('/api/events');
  let timer = null;
  const again = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!$('dashboard').hidden) loadStats().catch(() => {});
      if (!$('attendees').hidden && !$('edit-dialog').open) loadAttendees(true).catch(() => {});
      if (!$('printers').hidden) loadPrinters().catch(() => {});
    }, 250);
  };
  for (const ev of ['checkin', 'console', 'job', 'walkin']) feed.addEventListener(ev, again);
  feed.addEventListener('printer', () => { if (!$('printers').hidden) loadPrinters().catch(() => {}); });
  feed.addEventListener('kiosk', (e) => noticeKiosk(JSON.parse(e.data)));
}

async function start() {
  setupKiosks();
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await login($('password').value);
      $('password').value = '';
      $('login-error').textContent = '';
      await loadGroups();
      route();
    } catch (err) { $('login-error').textContent = err.message; }
  });
  $('logout').addEventListener('click', async () => { await logout(); feed?.close(); show('login'); });
  document.addEventListener('desk-logged-out', () => show('login'));
  $('att-search').addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(() => loadAttendees(true).catch((e) => flash(e.message)), 200); });
  $('att-more').addEventListener('click', () => loadAttendees(false));
  $('import-check').addEventListener('click', () => runImport(true));
  $('import-commit').addEventListener('click', () => runImport(false));
  $('import-file').addEventListener('change', () => { mapping = {}; $('import-commit').hidden = true; });
  window.addEventListener('hashchange', () => { if (!$('nav').hidden) route(); });
  if (await session()) { await loadGroups(); route(); } else show('login');
  document.body.dataset.ready = '1';
}

start();
