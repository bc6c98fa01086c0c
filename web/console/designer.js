// designer.js: the WYSIWYG layout designer: the server's own PNG at true scale, element outlines on top.
import { api, session, el, flash, ApiError } from './api.js';

const $ = (id) => document.getElementById(id);
const PX_PER_MM = 96 / 25.4; // CSS pixels: true scale
const RENDER_DPI = 192;      // rendered at 2x for sharp screens, shown at true scale
const SNAP = 0.5;
const UNIT_MM = { mm: 1, cm: 10, in: 25.4, pt: 25.4 / 72 };
const FIELDS = ['call_name', 'display_name', 'first_name', 'last_name', 'company', 'title', 'pronouns', 'group', 'ticket_type', 'checkin_number', 'event'];

let name = null;      // current layout name
let model = null;     // parsed layout
let pageMM = null;    // { w, h } from the rendered PNG
let selected = -1;
let undoStack = [], redoStack = [];
let previewSeq = 0, previewUrl = null;

/* ---- units ---------------------------------------------------------------- */

function toMM(v) {
  if (typeof v === 'number') return v;
  const m = /^(-?[0-9.]+)(mm|cm|in|pt)$/.exec(String(v || ''));
  return m ? Number(m[1]) * UNIT_MM[m[2]] : 0;
}
const snap = (mm) => Math.round(mm / SNAP) * SNAP;

function box(e) {
  const x = toMM(e.x), y = toMM(e.y);
  if (e.type === 'qr') { const s = toMM(e.size); return { x, y, w: s, h: s }; }
  return { x, y, w: toMM(e.w), h: toMM(e.h) };
}

function setBox(e, b) {
  e.x = snap(b.x); e.y = snap(b.y);
  if (e.type === 'qr') e.size = Math.max(SNAP, snap(Math.max(b.w, b.h)));
  else { e.w = Math.max(e.type === 'line' ? 0 : SNAP, snap(b.w)); e.h = e.type === 'line' ? e.h : Math.max(SNAP, snap(b.h)); }
}

/* ---- history -------------------------------------------------------------- */

const text = () => JSON.stringify(model, null, 2) + '\n';

function change(fn) {
  undoStack.push(text());
  redoStack = [];
  fn();
  drawBoxes();
  showProps();
  preview();
}

function restore(from, to) {
  if (!from.length) return;
  to.push(text());
  model = JSON.parse(from.pop());
  if (selected >= model.elements.length) selected = -1;
  drawBoxes(); showProps(); preview();
}

/* ---- preview ---------------------------------------------------------------- */

function previewQuery() {
  const id = $('attendee-id').value;
  const q = new URLSearchParams($('sample').value);
  if (id) q.set('attendee', id);
  q.set('dpi', RENDER_DPI);
  return q;
}

function showMessages(list) {
  $('messages').replaceChildren(...list.map((m) => el('li', {}, m)));
}

export async function preview() {
  if (!model) return;
  const seq = ++previewSeq;
  const t0 = performance.now();
  try {
    const r = await api(`/api/layouts/${name}/preview?${previewQuery()}`, { method: 'POST', body: text(), raw: true });
    const blob = await r.blob();
    if (seq !== previewSeq) return;
    const bitmap = await createImageBitmap(blob);
    pageMM = { w: bitmap.width / RENDER_DPI * 25.4, h: bitmap.height / RENDER_DPI * 25.4 };
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = URL.createObjectURL(blob);
    const img = $('preview');
    img.src = previewUrl;
    img.style.width = `${pageMM.w * PX_PER_MM}px`;
    img.style.height = `${pageMM.h * PX_PER_MM}px`;
    $('status').textContent = `Preview in ${Math.round(performance.now() - t0)} ms`;
    check(seq);
    document.body.dataset.previews = String(Number(document.body.dataset.previews || 0) + 1);
    drawBoxes();
  } catch (e) {
    if (seq !== previewSeq) return;
    showMessages([e.message]);
    $('status').textContent = 'The layout has errors';
  }
}

// Every message `frontdesk layout check` would print (warnings too), without saving.
async function check(seq) {
  try {
    const r = await api(`/api/layouts/${name}?check=1`, { method: 'PUT', body: text() });
    if (seq === previewSeq) showMessages(r.messages);
  } catch (e) {
    if (seq === previewSeq) showMessages(e.body && e.body.messages ? e.body.messages : [e.message]);
  }
}

/* ---- outlines and dragging --------------------------------------------------- */

function drawBoxes() {
  const stage = $('stage');
  for (const b of stage.querySelectorAll('.box')) b.remove();
  if (!model) return;
  model.elements.forEach((e, i) => {
    const b = box(e);
    const d = el('div', { className: 'box' + (i === selected ? ' selected' : ''), dataset: { index: i } });
    d.title = e.id || e.type;
    Object.assign(d.style, { left: `${b.x * PX_PER_MM}px`, top: `${b.y * PX_PER_MM}px`,
      width: `${Math.max(b.w, 1) * PX_PER_MM}px`, height: `${Math.max(b.h, 1) * PX_PER_MM}px` });
    if (i === selected) d.append(el('div', { className: 'handle', dataset: { handle: '1' } }));
    stage.append(d);
  });
}

function startDrag(ev) {
  const target = ev.target.closest('.box');
  if (!target) { selected = -1; drawBoxes(); showProps(); return; }
  const i = Number(target.dataset.index);
  const resize = !!ev.target.dataset.handle;
  selected = i;
  const e = model.elements[i], start = box(e), sx = ev.clientX, sy = ev.clientY;
  const before = text();
  let moved = false;
  $('stage').setPointerCapture(ev.pointerId);
  const move = (m) => {
    const dx = (m.clientX - sx) / PX_PER_MM, dy = (m.clientY - sy) / PX_PER_MM;
    moved = moved || Math.abs(dx) + Math.abs(dy) > 0.2;
    if (!moved) return;
    setBox(e, resize ? { ...start, w: start.w + dx, h: start.h + dy } : { ...start, x: start.x + dx, y: start.y + dy });
    drawBoxes();
  };
  const up = () => {
    $('stage').removeEventListener('pointermove', move);
    $('stage').removeEventListener('pointerup', up);
    $('stage').removeEventListener('pointercancel', up);
    if (moved) { undoStack.push(before); redoStack = []; preview(); }
    drawBoxes(); showProps();
  };
  $('stage').addEventListener('pointermove', move);
  $('stage').addEventListener('pointerup', up);
  $('stage').addEventListener('pointercancel', up);
  drawBoxes(); showProps();
  ev.preventDefault();
}

function onKey(ev) {
  if (selected < 0 || !model) return;
  const step = ev.shiftKey ? 5 : SNAP;
  const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[ev.key];
  if (!d) return;
  ev.preventDefault();
  change(() => { const e = model.elements[selected]; const b = box(e); setBox(e, { ...b, x: b.x + d[0], y: b.y + d[1] }); });
}

/* ---- properties ---------------------------------------------------------------- */

function field(label, value, onset, type = 'text') {
  const id = `prop-${label.replace(/\W+/g, '-').toLowerCase()}`;
  const input = type === 'textarea' ? el('textarea', { id, rows: 3 }) : el('input', { id, type });
  input.value = value ?? '';
  if (type === 'number') input.step = 'any';
  input.addEventListener('change', () => change(() => onset(type === 'number' ? Number(input.value) : input.value)));
  return [el('label', { htmlFor: id }, label), input];
}

function select(label, value, options, onset) {
  const id = `prop-${label.replace(/\W+/g, '-').toLowerCase()}`;
  const s = el('select', { id }, ...options.map((o) => el('option', { value: o, selected: o === value }, o)));
  s.addEventListener('change', () => change(() => onset(s.value)));
  return [el('label', { htmlFor: id }, label), s];
}

function showProps() {
  const p = $('props');
  if (!model || selected < 0) { p.replaceChildren(el('p', {}, 'Select an element.')); return; }
  const e = model.elements[selected];
  const b = box(e);
  const parts = [el('p', {}, `${e.type}${e.id ? ` "${e.id}"` : ''}: x ${b.x} mm, y ${b.y} mm, ${b.w} × ${b.h} mm`)];
  if (e.type === 'text') {
    parts.push(...field('Text template', e.text, (v) => { e.text = v; }, 'textarea'));
    const picker = el('select', { id: 'prop-field' }, el('option', { value: '' }, 'insert a field…'), ...FIELDS.map((f) => el('option', { value: f }, f)));
    picker.addEventListener('change', () => { const f = picker.value; if (f) change(() => { e.text = (e.text || '') + `{${f}}`; }); });
    parts.push(el('label', { htmlFor: 'prop-field' }, 'Field'), picker);
    parts.push(...field('Font', e.font, (v) => { e.font = v; }));
    parts.push(...field('Size (pt)', e.size, (v) => { e.size = v; }, 'number'));
    parts.push(...field('Minimum size (pt)', e.min_size, (v) => { e.min_size = v; }, 'number'));
    parts.push(...select('Alignment', e.align || 'left', ['left', 'center', 'right'], (v) => { e.align = v; }));
  } else if (e.type === 'qr') {
    parts.push(...field('QR content', e.data, (v) => { e.data = v; }, 'textarea'));
    parts.push(...field('QR size (mm)', toMM(e.size), (v) => { e.size = v; }, 'number'));
  } else if (e.type === 'image') {
    parts.push(el('p', {}, `Image: ${e.src || e.path || ''}`));
  }
  parts.push(el('button', { type: 'button', onclick: () => change(() => { model.elements.splice(selected, 1); selected = -1; }) }, 'Remove element'));
  p.replaceChildren(...parts);
}

function add(kind) {
  if (!model) return;
  const e = kind === 'text' ? { type: 'text', x: 5, y: 5, w: 40, h: 10, text: '{first_name}', font: 'Noto Sans', size: 16, min_size: 8 }
    : kind === 'qr' ? { type: 'qr', x: 5, y: 5, size: 20, data: '{ticket_code}' }
      : { type: 'rect', x: 5, y: 5, w: 20, h: 10, stroke: '#000000', stroke_width: '0.5mm' };
  change(() => { model.elements.push(e); selected = model.elements.length - 1; });
}

// Uploads the chosen file into the layouts folder's images/ and adds an image element.
async function addImage() {
  const file = $('add-image').files[0];
  if (!file || !model) return;
  const safe = file.name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '')
    .replace(/\.(?=.*\.)/g, '-');
  try {
    const r = await api(`/api/layouts/images/${encodeURIComponent(safe)}`, { method: 'POST', body: file });
    const src = (name.includes('/') ? '../' : '') + r.path;
    change(() => { model.elements.push({ type: 'image', x: 5, y: 5, w: 20, h: 20, src, fit: 'contain' }); selected = model.elements.length - 1; });
  } catch (e) { flash(e.message); }
  $('add-image').value = '';
}

/* ---- layouts ---------------------------------------------------------------------- */

async function loadList() {
  const r = await api('/api/layouts');
  $('layout-list').replaceChildren(...r.layouts.map((n) => el('li', {},
    el('button', { type: 'button', onclick: () => open(n), attrs: { 'aria-current': n === name ? 'true' : 'false' } }, n))));
}

async function open(n) {
  const r = await api(`/api/layouts/${n}`);
  name = n; model = r; selected = -1; undoStack = []; redoStack = [];
  $('current').textContent = n;
  document.body.dataset.layout = n;
  showProps(); showMessages([]);
  await loadList();
  await preview();
}

async function save() {
  if (!model) return;
  try {
    const r = await api(`/api/layouts/${name}`, { method: 'PUT', body: text() });
    showMessages(r.messages);
    flash(`Saved ${name}`);
  } catch (e) {
    if (e instanceof ApiError && e.body && e.body.messages) showMessages(e.body.messages);
    else showMessages([e.message]);
    flash('Not saved: the layout has errors');
  }
}

function newName() {
  const n = $('new-name').value.trim();
  if (!/^([A-Za-z0-9_-][A-Za-z0-9._-]*\/)?[A-Za-z0-9_-][A-Za-z0-9._-]*\.json$/.test(n)) {
    flash('Name the layout like my-badge.json');
    return null;
  }
  return n;
}

async function create(copy) {
  const n = newName();
  if (!n) return;
  const body = copy && model ? text() : JSON.stringify({ name: n.replace(/\.json$/, ''), kind: 'badge',
    page: { width: '90mm', height: '55mm', margin: '3mm' },
    elements: [{ type: 'text', x: 5, y: 5, w: 80, h: 20, text: '{call_name}', font: 'Noto Sans', weight: 'bold', size: 40, min_size: 14 }] }, null, 2) + '\n';
  try {
    await api(`/api/layouts/${n}`, { method: 'PUT', body });
    await open(n);
  } catch (e) { flash(e.message); }
}

async function remove() {
  if (!name) return;
  await api(`/api/layouts/${name}`, { method: 'DELETE' }).catch((e) => flash(e.message));
  name = null; model = null;
  $('current').textContent = 'none';
  $('preview').removeAttribute('src');
  drawBoxes(); showProps();
  await loadList();
}

async function loadPrinters() {
  const p = await api('/api/printers');
  const names = [...new Set([...p.stations.flatMap((s) => [s.badge.printer, s.sticker.printer]), ...p.cups.map((c) => c.name)])].filter(Boolean);
  $('test-printer').replaceChildren(...names.map((n) => el('option', { value: n }, n)));
}

async function testPrint() {
  if (!name || !$('test-printer').value) return;
  try {
    const r = await api(`/api/printers/${encodeURIComponent($('test-printer').value)}/test`, { method: 'POST', body: { layout: name } });
    flash(`Test print of the saved ${name} queued as job ${r.job}`);
  } catch (e) { flash(e.message); }
}

async function start() {
  if (!(await session())) { $('login').hidden = false; return; }
  $('designer').hidden = false;
  $('stage').addEventListener('pointerdown', startDrag);
  $('stage').addEventListener('keydown', onKey);
  $('undo').addEventListener('click', () => restore(undoStack, redoStack));
  $('redo').addEventListener('click', () => restore(redoStack, undoStack));
  $('save').addEventListener('click', save);
  $('add-text').addEventListener('click', () => add('text'));
  $('add-qr').addEventListener('click', () => add('qr'));
  $('add-rect').addEventListener('click', () => add('rect'));
  $('add-image').addEventListener('change', addImage);
  $('create').addEventListener('click', () => create(false));
  $('duplicate').addEventListener('click', () => create(true));
  $('delete').addEventListener('click', remove);
  $('test-print').addEventListener('click', testPrint);
  loadPrinters().catch((e) => flash(e.message));
  $('sample').addEventListener('change', preview);
  $('attendee-id').addEventListener('change', preview);
  document.addEventListener('keydown', (ev) => {
    if ((ev.ctrlKey || ev.metaKey) && ev.key === 'z') { ev.preventDefault(); restore(ev.shiftKey ? redoStack : undoStack, ev.shiftKey ? undoStack : redoStack); }
  });
  document.addEventListener('desk-logged-out', () => { $('designer').hidden = true; $('login').hidden = false; });
  await loadList();
  const want = new URLSearchParams(location.search).get('layout');
  if (want) await open(want);
  document.body.dataset.ready = '1';
}

start();
