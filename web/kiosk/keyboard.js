// keyboard.js: the on-screen keyboard: Latin with shift and the symbols names and e-mails need,
// digits, accented letters and a kana (gojūon) grid, typing into the focused field.
import { t } from './i18n.js';

// Latin: three rows above the control row; the last row has shift and _ - . @ for e-mails.
const LATIN = ["qwertyuiop'", 'asdfghjkl-', 'zxcvbnm.@_'];
const DIGITS = ['1234567890', '-_.@+#/&()', ",'!?*=:;~"];
const ACCENTS = ['àáâäãåæçðèéêë', 'ìíîïñòóôöõøœù', 'úûüýÿßšžčłđ'];

// The gojūon grid, one string per vowel row (a i u e o), columns a ka sa ta na ha ma ya ra wa;
// the ya and wa columns are compressed (や ゆ よ, わ を ん) and ー sits below よ.
const KANA = ['あかさたなはまやらわ', 'いきしちにひみゆりを', 'うくすつぬふむよるん',
  'えけせてねへめーれ ', 'おこそとのほも ろ '];
const DAKUTEN = { か: 'が', き: 'ぎ', く: 'ぐ', け: 'げ', こ: 'ご', さ: 'ざ', し: 'じ', す: 'ず', せ: 'ぜ', そ: 'ぞ',
  た: 'だ', ち: 'ぢ', つ: 'づ', て: 'で', と: 'ど', は: 'ば', ひ: 'び', ふ: 'ぶ', へ: 'べ', ほ: 'ぼ', う: 'ゔ' };
const HANDAKUTEN = { は: 'ぱ', ひ: 'ぴ', ふ: 'ぷ', へ: 'ぺ', ほ: 'ぽ' };
const SMALL = { あ: 'ぁ', い: 'ぃ', う: 'ぅ', え: 'ぇ', お: 'ぉ', つ: 'っ', や: 'ゃ', ゆ: 'ゅ', よ: 'ょ', わ: 'ゎ' };

// Hiragana <-> katakana are 0x60 apart (ぁ U+3041 .. ゖ U+3096).
const toKatakana = (s) => s.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
const toHiragana = (s) => s.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));

// Replaces the last character of @value through @table (kana of either script); null if none applies.
function modifyLast(value, tables) {
  const chars = Array.from(value);
  const last = chars.pop();
  if (!last) return null;
  const katakana = /[\u30a1-\u30f6]/.test(last);
  const base = katakana ? toHiragana(last) : last;
  for (const table of tables) {
    // Tapping the mark again takes it off again (が -> か), as phone keyboards do.
    const plain = Object.keys(table).find((k) => table[k] === base);
    const next = table[base] || plain;
    if (next) return chars.join('') + (katakana ? toKatakana(next) : next);
  }
  return null;
}

export class Keyboard {
  // @mode: 'latin' or 'kana' to start with.
  constructor(container, fallback, mode = 'latin') {
    this.container = container;
    this.fallback = fallback; // the field to type into when none has focus
    this.target = fallback;
    this.mode = mode;         // latin, digits, accents, kana
    this.shift = false;       // one capital (or the next letter) on tap; off after typing
    this.katakana = false;
    this.onchange = null;     // called with the mode when it changes
    document.addEventListener('focusin', (e) => {
      if (e.target.matches('input[type=text], input[type=search], input[type=email]')) {
        this.target = e.target;
        this.render();
      }
    });
    // Typing on a physical keyboard can start or end a word: show capitals when they apply.
    document.addEventListener('input', (e) => { if (e.target === this.field()) this.refresh(); });
    // Keys never take the focus away from the field being typed into.
    container.addEventListener('mousedown', (e) => e.preventDefault());
    this.render();
  }

  setMode(mode) {
    if (this.mode === mode) return;
    this.mode = mode;
    this.shift = false;
    this.render();
    if (this.onchange) this.onchange(mode);
  }

  key(label, action, cls = '', i18n = null) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = i18n ? t(i18n) : label;
    if (i18n) b.dataset.i18n = i18n;
    if (cls) b.className = cls;
    b.addEventListener('click', action);
    return b;
  }

  row(cls = 'row') {
    const div = document.createElement('div');
    div.className = cls;
    this.container.append(div);
    return div;
  }

  render() {
    this.container.replaceChildren();
    this.container.setAttribute('aria-label', t('kbd.label'));
    this.container.dataset.mode = this.mode;
    if (this.mode === 'kana') this.renderKana();
    else this.renderLatin();
  }

  // Capitals for this key press: shift, or the start of a word in a name field.
  capital() {
    const f = this.field();
    const v = f.value;
    return this.shift || (f.dataset.autocap !== undefined && (v === '' || /[\s-]$/.test(v)));
  }

  // Renders again only when the capitals shown would change.
  refresh() {
    if (this.mode !== 'kana' && this.capital() !== this.shown) this.render();
  }

  renderLatin() {
    const rows = { latin: LATIN, digits: DIGITS, accents: ACCENTS }[this.mode] || LATIN;
    const upper = this.capital();
    this.shown = upper;
    rows.forEach((chars, i) => {
      const div = this.row();
      if (i === rows.length - 1 && this.mode !== 'digits') {
        const shift = this.key('⇧', () => { this.shift = !this.shift; this.render(); }, 'mid shift');
        shift.setAttribute('aria-label', t('kbd.shift'));
        shift.setAttribute('aria-pressed', String(upper));
        div.append(shift);
      }
      for (const ch of chars) {
        const shown = upper ? ch.toLocaleUpperCase() : ch;
        // ß has no one-letter capital; it types as itself.
        div.append(this.key(shown.length === 1 ? shown : ch, () => this.type(ch)));
      }
    });
    this.controls(this.row());
  }

  // The control row: the other layouts, space, delete, clear.
  controls(div) {
    const modes = this.mode === 'kana' ? [] : [
      this.mode === 'digits' ? ['latin', 'kbd.latin'] : ['digits', 'kbd.digits'],
      this.mode === 'accents' ? ['latin', 'kbd.latin'] : ['accents', 'kbd.accents'],
    ];
    for (const [mode, label] of modes) div.append(this.key('', () => this.setMode(mode), 'mid', label));
    div.append(this.key('', () => this.setMode(this.mode === 'kana' ? 'latin' : 'kana'), 'mid switch',
      this.mode === 'kana' ? 'kbd.latin' : 'kbd.kana'));
    div.append(this.key('', () => this.type(' '), 'wide', 'kbd.space'));
    div.append(this.key('', () => this.backspace(), 'mid', 'kbd.backspace'));
    div.append(this.key('', () => this.edit(() => ''), 'mid', 'kbd.clear'));
  }

  renderKana() {
    const side = [
      [this.key('', () => this.modify([DAKUTEN]), 'side', 'kbd.dakuten'),
        this.key('', () => this.backspace(), 'side wide2', 'kbd.backspace')],
      [this.key('', () => this.modify([HANDAKUTEN]), 'side', 'kbd.handakuten'),
        this.key('', () => this.edit(() => ''), 'side wide2', 'kbd.clear')],
      [this.key('', () => this.modify([SMALL]), 'side', 'kbd.small'),
        this.key('', () => this.type(' '), 'side wide2', 'kbd.space')],
      [this.key('', () => { this.katakana = !this.katakana; this.render(); }, 'side',
        this.katakana ? 'kbd.hiragana' : 'kbd.katakana'),
      this.key('', () => this.setMode('latin'), 'side wide2 switch', 'kbd.latin')],
    ];
    KANA.forEach((chars, i) => {
      const div = this.row('row kana');
      for (const ch of chars) {
        if (ch === ' ') {
          const gap = document.createElement('span');
          gap.className = 'gap';
          div.append(gap);
        } else {
          const shown = this.katakana ? toKatakana(ch) : ch;
          div.append(this.key(shown, () => this.type(shown)));
        }
      }
      if (side[i]) div.append(...side[i]);
      else div.append(this.key('', () => this.setMode('digits'), 'side', 'kbd.digits'),
        this.key('', () => this.setMode('accents'), 'side wide2', 'kbd.accents'));
    });
  }

  field() {
    const f = this.target;
    return f && f.isConnected && !f.closest('[hidden]') ? f : this.fallback;
  }

  edit(change) {
    const f = this.field();
    const next = change(f.value);
    if (next === null) return;
    f.value = next;
    f.dispatchEvent(new Event('input', { bubbles: true }));
    if (document.activeElement !== f) f.focus();
    this.render(); // the start of a word shows capitals again
  }

  type(ch) {
    const upper = this.mode !== 'kana' && this.capital();
    this.shift = false;
    this.edit((v) => v + (upper && ch.toLocaleUpperCase().length === 1 ? ch.toLocaleUpperCase() : ch));
  }

  modify(tables) { this.edit((v) => modifyLast(v, tables)); }

  backspace() { this.edit((v) => Array.from(v).slice(0, -1).join('')); }
}
