// @ts-check
// An encrypted book's unlock screen, and locking it. The screen lies over the window: what was
// on screen stays underneath, unsaved form input included, inert until the book is unlocked.
import { h } from '../components/dom.js';
import { t } from '../i18n/index.js';
import * as api from '../api.js';

const AUTO_LOCK_KEY = 'keyplan.autolock';

/**
 * What a `locked` error's reason says, in the user's language (the message as Rust wrote it
 * when the reason has no words here).
 * @param {unknown} e
 */
export function lockedMessage(e) {
  const err = /** @type {{message?: string, details?: Array<{reason?: string, code?: string}>}} */ (e);
  const reason = err?.details?.[0]?.reason ?? err?.details?.[0]?.code;
  const key = `lock.reason.${reason}`;
  const text = reason ? t(key, { n: 8 }) : '';
  return text && text !== key ? text : (err?.message || t('common.error'));
}

/** @type {Promise<import('../api.js').StartupInfo> | null} */
let showing = null;

/**
 * Shows the unlock screen (once, however often asked); resolves when the book is unlocked.
 * `keyringError` says why the system's keyring did not unlock it at start.
 * @param {?string} [keyringError]
 * @returns {Promise<import('../api.js').StartupInfo>}
 */
export function showUnlock(keyringError) {
  if (showing) return showing;
  showing = new Promise((resolve) => {
    let recovery = false;
    const error = h('p', { class: 'lock-error', role: 'alert', 'data-testid': 'unlock-error' });
    const input = /** @type {HTMLInputElement} */ (h('input', {
      id: 'unlock-secret', name: 'password', type: 'password', autocomplete: 'current-password',
      required: true, spellcheck: 'false', 'data-testid': 'unlock-secret',
    }));
    const label = h('label', { for: 'unlock-secret' }, t('lock.passphrase'));
    const submit = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'unlock' }, t('lock.unlock')));
    const toggle = h('button', { type: 'button', class: 'link-btn', 'data-action': 'use-recovery' }, t('lock.use_recovery'));
    const hint = h('p', { class: 'muted small' }, t('lock.hint'));
    toggle.addEventListener('click', () => {
      recovery = !recovery;
      input.type = recovery ? 'text' : 'password';
      input.autocomplete = recovery ? 'off' : 'current-password';
      input.placeholder = recovery ? 'XXXX-XXXX-XXXX-…' : '';
      input.classList.toggle('mono', recovery);
      input.value = '';
      label.textContent = t(recovery ? 'lock.recovery_key' : 'lock.passphrase');
      toggle.textContent = t(recovery ? 'lock.use_passphrase' : 'lock.use_recovery');
      hint.textContent = t(recovery ? 'lock.recovery_hint' : 'lock.hint');
      error.textContent = '';
      input.focus();
    });
    const form = h('form', { class: 'lock-form', novalidate: true },
      h('div', { class: 'field' }, label, input), error,
      h('div', { class: 'form-actions lock-actions' }, toggle, submit));
    // A modal <dialog> of the whole window: it is drawn above any dialog that was open (an edit
    // form keeps its input beneath), and everything under it is inert until it closes.
    const screen = /** @type {HTMLDialogElement} */ (h('dialog', { id: 'lock-screen', class: 'lock-screen', 'aria-labelledby': 'lock-title', 'data-testid': 'lock-screen' },
      h('div', { class: 'lock-card' },
        h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'K'),
        h('h1', { id: 'lock-title' }, t('lock.title')),
        keyringError ? h('p', { class: 'notice notice-warn small', 'data-testid': 'keyring-error', title: keyringError }, t('lock.keyring_failed', { reason: t('keyring.unavailable') })) : null,
        hint,
        form)));
    // Escape does not close it: only the passphrase or the recovery key does.
    screen.addEventListener('cancel', (e) => e.preventDefault());
    document.body.appendChild(screen);
    screen.showModal();
    input.focus();
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!input.value) {
        error.textContent = t(recovery ? 'lock.reason.recovery_key_mistyped' : 'lock.empty');
        return;
      }
      submit.disabled = true;
      error.textContent = '';
      try {
        const args = recovery ? { recoveryKey: input.value } : { passphrase: input.value };
        const info = await api.unlock(args);
        input.value = '';
        screen.close();
        screen.remove();
        showing = null;
        armAutoLock();
        resolve(info);
      } catch (err) {
        error.textContent = lockedMessage(err);
        input.select();
      } finally {
        submit.disabled = false;
      }
    });
  });
  return showing;
}

/** Locks the book now (its key leaves memory) and shows the unlock screen. */
export async function lockNow() {
  await api.lock();
  return showUnlock();
}

/** Minutes of no input before the book locks itself (0: never); kept on this laptop. */
export function autoLockMinutes() {
  const m = Number(localStorage.getItem(AUTO_LOCK_KEY) || 0);
  return [0, 5, 15, 60].includes(m) ? m : 0;
}

/** @param {number} minutes */
export function setAutoLockMinutes(minutes) {
  localStorage.setItem(AUTO_LOCK_KEY, String(minutes));
  armAutoLock();
}

let timer = 0;
let encrypted = false;

/** Starts (or restarts) the idle timer of an encrypted book. @param {boolean} [isEncrypted] */
export function armAutoLock(isEncrypted) {
  if (isEncrypted !== undefined) encrypted = isEncrypted;
  clearTimeout(timer);
  const minutes = autoLockMinutes();
  if (!encrypted || minutes === 0 || showing) return;
  timer = window.setTimeout(() => { lockNow().catch(() => {}); }, minutes * 60_000);
}

for (const ev of ['pointerdown', 'keydown', 'wheel', 'mousemove']) {
  document.addEventListener(ev, () => { if (encrypted && !showing) armAutoLock(); }, { passive: true, capture: true });
}
