// keyboard.js: the on-screen keyboard: large keys, accented letters and digits, typing into the focused field.
import { t } from './i18n.js';

const LETTERS = ['1234567890', 'qwertyuiop', "asdfghjkl'", 'zxcvbnm-.@'];
const ACCENTS = ['àáâäãåæçð', 'èéêëìíîïñ', 'òóôöõøœùúû', 'üýÿßšžčłđ'];

export class Keyboard {
  constructor(container, fallback) {
    this.container = container;
    this.fallback = fallback; // the field to type into when none has focus
    this.target = fallback;
    this.accents = false;
    document.addEventListener('focusin', (e) => {
      if (e.target.matches('input[type=text], input[type=search]')) this.target = e.target;
    });
    // Keys never take the focus away from the field being typed into.
    container.addEventListener('mousedown', (e) => e.preventDefault());
    this.render();
  }

  key(label, action, cls = '', i18n = null) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    if (cls) b.className = cls;
    if (i18n) { b.dataset.i18n = i18n; b.textContent = t(i18n); }
    b.addEventListener('click', action);
    return b;
  }

  render() {
    this.container.replaceChildren();
    this.container.setAttribute('aria-label', t('kbd.label'));
    for (const row of this.accents ? ACCENTS : LETTERS) {
      const div = document.createElement('div');
      div.className = 'row';
      for (const ch of row) div.append(this.key(this.shape(ch), () => this.type(ch)));
      this.container.append(div);
    }
    const last = document.createElement('div');
    last.className = 'row';
    last.append(this.key('', () => { this.accents = !this.accents; this.render(); }, 'mid',
      this.accents ? 'kbd.letters' : 'kbd.accents'));
    last.append(this.key('', () => this.type(' '), 'wide', 'kbd.space'));
    last.append(this.key('', () => this.backspace(), 'mid', 'kbd.backspace'));
    last.append(this.key('', () => this.edit(() => ''), 'mid', 'kbd.clear'));
    this.container.append(last);
  }

  shape(ch) { return ch.toLocaleUpperCase(); }

  field() {
    const f = this.target;
    return f && f.isConnected && !f.closest('[hidden]') ? f : this.fallback;
  }

  edit(change) {
    const f = this.field();
    f.value = change(f.value);
    f.dispatchEvent(new Event('input', { bubbles: true }));
    if (document.activeElement !== f) f.focus();
  }

  type(ch) {
    this.edit((v) => {
      const capital = this.field().dataset.autocap !== undefined && (v === '' || /[\s-]$/.test(v));
      return v + (capital ? ch.toLocaleUpperCase() : ch);
    });
  }

  backspace() { this.edit((v) => Array.from(v).slice(0, -1).join('')); }
}
