// pair.js: a kiosk elsewhere on the LAN is paired once with the code an organizer's console
// shows (typed, or scanned by a keyboard-wedge scanner); then the page reloads as a kiosk.
export async function pairIfNeeded(status, station) {
  if (!status || !status.kiosk || status.kiosk.session) return false;
  const dialog = document.createElement('dialog');
  dialog.id = 'pair';
  const form = document.createElement('form');
  const label = document.createElement('label');
  label.textContent = 'Pairing code from the organizer console';
  const input = document.createElement('input');
  Object.assign(input, { id: 'pair-code', inputMode: 'numeric', autocomplete: 'off', required: true });
  label.append(document.createElement('br'), input);
  const button = document.createElement('button');
  Object.assign(button, { type: 'submit', textContent: 'Pair this kiosk' });
  const error = document.createElement('p');
  error.id = 'pair-error';
  error.setAttribute('role', 'alert');
  form.append(label, button, error);
  dialog.append(form);
  document.body.append(dialog);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const response = await fetch('/api/kiosk/pair', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: input.value.replace(/[\s-]/g, ''), ...(station ? { station } : {}) }),
    }).catch(() => null);
    if (response && response.ok) location.reload();
    else error.textContent = 'That code did not work. Ask an organizer for a new one.';
  });
  dialog.showModal();
  input.focus();
  return true;
}
