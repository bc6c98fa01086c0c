// kiosks.js: the kiosks staff should know about: each kiosk session (station, where, searches,
// sweeps slowed down, walk-ins) and a pairing code for a kiosk elsewhere on the LAN.
import { api, el, flash } from './api.js';

const $ = (id) => document.getElementById(id);

export async function loadKiosks() {
  const { kiosks } = await api('/api/kiosks');
  $('kiosk-table').querySelector('tbody').replaceChildren(...kiosks.map((k) => el('tr', {},
    el('td', {}, k.kiosk), el('td', {}, k.station), el('td', {}, `${k.client}${k.paired ? ' (paired)' : ''}`),
    el('td', {}, String(k.searches)), el('td', { className: k.sweeps ? 'warn' : '' }, String(k.sweeps)),
    el('td', {}, String(k.walkins)), el('td', {}, k.seen))));
}

export async function pairKiosk() {
  const { code, expires_in: seconds } = await api('/api/kiosks/pair', { method: 'POST', body: {} });
  $('pair-code').textContent = `${code.slice(0, 4)} ${code.slice(4)}`;
  $('pair-note').textContent = `Type it on the kiosk within ${Math.round(seconds / 60)} minutes; it works once.`;
}

// A live-feed "kiosk" event: a sweep slowed down, a walk-in limit reached, a kiosk paired.
export function noticeKiosk(data) {
  const what = { search_sweep: 'is searching unusually fast (slowed down)',
    walkin_limit: 'reached its walk-in limit', paired: 'was paired' }[data.what] || data.what;
  flash(`Kiosk ${data.kiosk} at ${data.station} ${what}`);
  if (!$('printers').hidden) loadKiosks().catch(() => {});
}

export function setupKiosks() {
  $('pair-kiosk').addEventListener('click', () => pairKiosk().catch((e) => flash(e.message)));
}
