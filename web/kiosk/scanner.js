// scanner.js: tells a USB scanner's burst of keys (then Enter) from a person typing, on any screen.
const GAP_MS = 40;        // a scanner types faster than any person
const FIRST_GAP_MS = 150; // the first key after a pause may be late: the page was busy with it
const PAUSE_MS = 400;     // ... when nothing was typed for this long before it
const MIN_KEYS = 4;
const KEEP = 600;         // keys remembered (a long QR payload)

// Calls @onScan(code) for each burst. The text the burst typed into a field is taken out again,
// so the field holds what the person had typed. Installed at once when the module loads, so the
// first key of the first scan is seen even while the page is still starting.
export function watchScanner(onScan) {
  let keys = []; // { key, at, field, before }
  document.addEventListener('keydown', (e) => {
    const at = e.timeStamp; // when the key was pressed, not when we got to it
    if (e.key === 'Enter') {
      const burst = scanned(keys, at);
      keys = [];
      if (!burst) return;
      e.preventDefault();
      e.stopPropagation();
      const first = burst[0];
      if (first.field && 'value' in first.field) {
        first.field.value = first.before;
        first.field.dispatchEvent(new Event('input', { bubbles: true }));
      }
      onScan(burst.map((k) => k.key).join(''));
      return;
    }
    if (e.key.length !== 1) {
      // Scanners press Shift for capitals; anything else (arrows, Backspace) ends a burst.
      if (!['Shift', 'CapsLock', 'Alt', 'AltGraph'].includes(e.key)) keys = [];
      return;
    }
    const field = document.activeElement;
    keys.push({ key: e.key, at, field, before: field && 'value' in field ? field.value : '' });
    if (keys.length > KEEP) keys.shift();
  }, true);
}

// The keys of the burst that @enterAt ends, or null when they were typed by a person.
function scanned(keys, enterAt) {
  let i = keys.length - 1;
  if (i < 0 || enterAt - keys[i].at > GAP_MS * 3) return null;
  while (i > 0 && keys[i].at - keys[i - 1].at < GAP_MS) i--;
  const late = i > 0 && keys[i].at - keys[i - 1].at < FIRST_GAP_MS &&
    (i === 1 || keys[i - 1].at - keys[i - 2].at > PAUSE_MS);
  if (late) i--;
  const burst = keys.slice(i);
  return burst.length >= MIN_KEYS ? burst : null;
}
