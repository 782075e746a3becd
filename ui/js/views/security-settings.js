// @ts-check
// Settings → Security: turn encryption on (with the warning first and the recovery key shown
// once), lock now, lock after a while idle, change the passphrase.
import { h, mount } from '../components/dom.js';
import { t } from '../i18n/index.js';
import * as api from '../api.js';
import { toast } from '../components/toast.js';
import { openDialog } from '../components/dialog.js';
import { lockNow, lockedMessage, autoLockMinutes, setAutoLockMinutes, armAutoLock } from './lock.js';

const MIN_CHARS = 8;

/**
 * A new passphrase typed twice, with its checks; `onSubmit` gets it once both agree.
 * @param {string} idPrefix @param {string} submitLabel @param {(p: string) => Promise<void>} onSubmit
 */
function passphraseForm(idPrefix, submitLabel, onSubmit, busyText = '') {
  const first = /** @type {HTMLInputElement} */ (h('input', { id: `${idPrefix}-new`, type: 'password', autocomplete: 'new-password', 'data-testid': `${idPrefix}-new` }));
  const again = /** @type {HTMLInputElement} */ (h('input', { id: `${idPrefix}-again`, type: 'password', autocomplete: 'new-password', 'data-testid': `${idPrefix}-again` }));
  const error = h('p', { class: 'field-error', role: 'alert', 'data-testid': `${idPrefix}-error` });
  const busy = h('p', { class: 'muted small', role: 'status', 'aria-live': 'polite' });
  const button = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': idPrefix }, submitLabel));
  const form = h('form', { class: 'security-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: `${idPrefix}-new` }, t('security.new_passphrase')), first,
      h('div', { class: 'field-hint' }, t('security.passphrase_hint', { n: MIN_CHARS }))),
    h('div', { class: 'field' }, h('label', { for: `${idPrefix}-again` }, t('security.again')), again),
    error,
    busy,
    h('div', { class: 'form-actions' }, button));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    if ([...first.value].length < MIN_CHARS) {
      error.textContent = t('lock.reason.passphrase_too_short', { n: MIN_CHARS });
      first.focus();
      return;
    }
    if (first.value !== again.value) {
      error.textContent = t('security.differ');
      again.focus();
      return;
    }
    // Out of the fields at once: the recovery key dialog comes next, over them.
    const passphrase = first.value;
    first.value = '';
    again.value = '';
    button.disabled = true;
    busy.textContent = busyText;
    try {
      await onSubmit(passphrase);
    } catch (err) {
      error.textContent = lockedMessage(err);
    } finally {
      button.disabled = false;
      busy.textContent = '';
    }
  });
  return form;
}

/** The key's groups in two rows (spaces and line breaks do not matter when it is typed back). @param {string} key */
function rows(key) {
  const groups = key.split('-');
  const half = Math.ceil(groups.length / 2);
  return [groups.slice(0, half).join('-'), groups.slice(half).join('-')];
}

/**
 * The recovery key, shown once: to write down, copy or print (Save as PDF in the print dialog).
 * Closing needs the box ticked that says it is kept.
 * @param {string} key @returns {Promise<void>}
 */
function showRecoveryKey(key) {
  return new Promise((resolve) => {
    const kept = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'recovery-kept', 'data-testid': 'recovery-kept' }));
    const done = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', class: 'btn btn-primary', disabled: true, 'data-action': 'recovery-done' }, t('security.done')));
    kept.addEventListener('change', () => { done.disabled = !kept.checked; });
    const body = h('div', { class: 'dialog-body recovery-sheet' },
      h('p', null, t('security.recovery_intro')),
      // Two rows of five groups, each row whole: read aloud, typed or printed a group at a time.
      h('p', { class: 'recovery-key mono', 'data-testid': 'recovery-key' },
        rows(key).map((row) => h('span', { class: 'recovery-row' }, row))),
      h('p', { class: 'muted small' }, t('security.recovery_keep')),
      h('div', { class: 'form-actions recovery-tools' },
        h('button', { type: 'button', class: 'btn', 'data-action': 'recovery-copy', onclick: async () => {
          try { await navigator.clipboard.writeText(key); toast(t('security.copied')); } catch { toast(t('security.copy_failed'), 'error'); }
        } }, t('security.copy')),
        h('button', { type: 'button', class: 'btn', 'data-action': 'recovery-print', onclick: () => window.print() }, t('security.print'))),
      h('label', { class: 'check', for: 'recovery-kept' }, kept, ' ', t('security.kept')),
      h('div', { class: 'form-actions' }, done));
    // Done is the one way out (no Escape, no ×): it waits for the box that says the key is kept.
    const d = openDialog({ title: t('security.recovery_title'), body, className: 'recovery-dialog', onClose: () => resolve() });
    d.element.addEventListener('cancel', (e) => e.preventDefault());
    d.element.querySelector('.dialog-head .icon-btn')?.remove();
    done.addEventListener('click', () => d.close());
  });
}

/**
 * Draws the Security card into `el`.
 * @param {HTMLElement} el @param {import('../api.js').StartupInfo} info @param {() => void} redraw
 */
export function securityCard(el, info, redraw) {
  if (!info.encrypted) {
    mount(el,
      h('h2', { class: 'card-title' }, t('security.title')),
      h('p', null, t('security.off')),
      h('p', { class: 'security-warning', 'data-testid': 'security-warning' }, t('security.warning')),
      passphraseForm('encrypt', t('security.turn_on'), async (passphrase) => {
        const done = await api.encryptBook(passphrase);
        info.encrypted = true;
        await showRecoveryKey(done.recovery_key);
        armAutoLock(true);
        redraw();
      }, t('security.encrypting')));
    return;
  }
  const idle = /** @type {HTMLSelectElement} */ (h('select', { id: 'auto-lock', 'data-testid': 'auto-lock' },
    [0, 5, 15, 60].map((m) => h('option', { value: String(m) }, m ? t('security.after', { n: m }) : t('security.never')))));
  idle.value = String(autoLockMinutes());
  idle.addEventListener('change', () => { setAutoLockMinutes(Number(idle.value)); toast(t('common.saved')); });
  const keyring = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'keyring', checked: info.keyring, 'data-testid': 'keyring-toggle' }));
  const keyringError = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'keyring-setting-error' });
  keyring.addEventListener('change', async () => {
    keyringError.textContent = '';
    keyring.disabled = true;
    try {
      const now = await api.setKeyring(keyring.checked);
      info.keyring = now.keyring;
      keyring.checked = now.keyring;
      toast(t(now.keyring ? 'security.keyring_on' : 'security.keyring_off'));
    } catch (e) {
      keyring.checked = !keyring.checked;
      const x = /** @type {any} */ (e);
      const why = x.details?.[0]?.why ?? x.message;
      keyringError.textContent = t('security.keyring_failed', { reason: t('keyring.unavailable') });
      keyringError.title = why;
    } finally {
      keyring.disabled = false;
    }
  });
  mount(el,
    h('h2', { class: 'card-title' }, t('security.title')),
    h('p', { 'data-testid': 'security-on' }, t('security.on')),
    h('div', { class: 'field field-check' }, keyring, h('label', { for: 'keyring' }, t('security.keyring'))),
    h('p', { class: 'field-hint' }, t('security.keyring_hint')),
    keyringError,
    h('div', { class: 'form-actions security-lock' },
      h('div', { class: 'field' }, h('label', { for: 'auto-lock' }, t('security.auto_lock')), idle),
      h('button', { type: 'button', class: 'btn', 'data-action': 'lock-now', onclick: () => { lockNow().then(redraw).catch((e) => toast(lockedMessage(e), 'error')); } }, t('security.lock_now'))),
    h('h3', null, t('security.recovery')),
    h('p', { class: 'muted' }, t('security.recovery_new_hint')),
    h('div', { class: 'form-actions security-lock' },
      h('button', { type: 'button', class: 'btn', 'data-action': 'new-recovery-key', onclick: async () => {
        try {
          await showRecoveryKey(await api.newRecoveryKey());
        } catch (e) {
          toast(lockedMessage(e), 'error');
        }
      } }, t('security.recovery_new'))),
    h('h3', null, t('security.change')),
    passphraseForm('passphrase', t('security.change_button'), async (passphrase) => {
      await api.changePassphrase(passphrase);
      toast(t('security.changed'));
    }));
}
