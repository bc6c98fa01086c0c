// api.js: the organizer API from the browser: session, CSRF token on every change, JSON errors.
let csrf = null;

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error.message : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function session() {
  const r = await fetch('/api/session', { credentials: 'same-origin' });
  if (!r.ok) return false;
  csrf = (await r.json()).csrf;
  return true;
}

export async function login(password) {
  const r = await fetch('/api/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ password }), credentials: 'same-origin',
  });
  const body = await r.json().catch(() => null);
  if (!r.ok) throw new ApiError(r.status, body);
  csrf = body.csrf;
}

// Calls @path; @body is an object (sent as JSON), a string or a Blob (sent as is).
// Resolves to the parsed JSON, or the Response when @raw. Throws ApiError.
export async function api(path, { method = 'GET', body, raw = false } = {}) {
  const headers = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf || '';
  let data = body;
  if (body && typeof body === 'object' && !(body instanceof Blob)) {
    data = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const r = await fetch(path, { method, headers, body: data, credentials: 'same-origin' });
  if (r.status === 401 && path !== '/api/login') {
    document.dispatchEvent(new CustomEvent('desk-logged-out'));
  }
  if (raw && r.ok) return r;
  const json = await r.json().catch(() => null);
  if (!r.ok) throw new ApiError(r.status, json);
  return json;
}

export async function logout() {
  await api('/api/logout', { method: 'POST' }).catch(() => {});
  csrf = null;
}

// Builds an element: el('td', { className: 'x' }, 'text', child...). Text goes in as text.
export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'attrs') for (const [a, av] of Object.entries(v)) e.setAttribute(a, av);
    else e[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

export function flash(text) {
  const f = document.getElementById('flash');
  if (f) f.textContent = text;
}
