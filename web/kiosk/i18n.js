// i18n.js: string catalogs (web/i18n/*.json) applied to elements marked data-i18n.
export const LANGUAGES = ['en', 'de', 'ja'];
let strings = {};
let current = 'en';

export function language() { return current; }

export async function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) lang = 'en';
  const response = await fetch(`/static/i18n/${lang}.json`);
  if (!response.ok) throw new Error(`catalog ${lang}: HTTP ${response.status}`);
  strings = await response.json();
  current = lang;
  document.documentElement.lang = lang;
  apply(document);
}

// t('result.welcome', {name: 'Ada'}): the catalog string with {placeholders} filled.
export function t(key, vars = {}) {
  const text = Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

export function apply(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]'))
    el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-label]'))
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}
