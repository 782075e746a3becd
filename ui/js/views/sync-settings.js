// @ts-check
// Settings → Sharing: the name other laptops see this laptop's edits by, and the sync folder
// (typed, or chosen in the system's folder dialog; empty stops syncing).
import { h, mount } from '../components/dom.js';
import { t } from '../i18n/index.js';
import * as api from '../api.js';
import { toast } from '../components/toast.js';
import { errorText } from '../components/form.js';

/** @param {HTMLElement} el @param {api.Settings} s */
export function syncSettingsCard(el, s) {
  /** @param {string} name @param {string} value */
  const input = (name, value) => /** @type {HTMLInputElement} */ (h('input', { id: `set-${name}`, name, type: 'text', value, autocomplete: 'off' }));
  const user = input('user_name', s.user_name || '');
  const folder = input('sync_folder', s.sync_folder || '');
  /** @param {HTMLInputElement} field */
  const save = async (field) => {
    const err = /** @type {HTMLElement} */ (field.closest('.field')?.querySelector('.field-error'));
    try {
      const saved = await api.updateSettings({ [field.name]: field.value });
      field.value = /** @type {any} */ (saved)[field.name] || '';
      err.textContent = '';
      field.removeAttribute('aria-invalid');
      toast(t('common.saved'));
    } catch (e) {
      const x = /** @type {any} */ (e);
      err.textContent = x.details?.[0] ? errorText(x.details[0]) : x.message;
      field.setAttribute('aria-invalid', 'true');
    }
  };
  user.addEventListener('change', () => save(user));
  folder.addEventListener('change', () => save(folder));
  const choose = h('button', { class: 'btn', type: 'button', 'data-action': 'choose-folder', onclick: async () => {
    try {
      const saved = await api.chooseSyncFolder(t('settings.sync_folder_pick'));
      if (saved) { folder.value = saved.sync_folder || ''; toast(t('common.saved')); }
    } catch (e) { toast(/** @type {any} */ (e).message, 'error'); }
  } }, t('settings.choose'));
  mount(el,
    h('h2', { class: 'card-title' }, t('settings.sharing')),
    h('div', { class: 'settings' },
      h('div', { class: 'field' }, h('label', { for: 'set-user_name' }, t('settings.user_name')), user,
        h('div', { class: 'field-hint' }, t('settings.user_name_hint')), h('div', { class: 'field-error', role: 'alert' })),
      h('div', { class: 'field' }, h('label', { for: 'set-sync_folder' }, t('settings.sync_folder')),
        h('div', { class: 'input-row' }, folder, choose),
        h('div', { class: 'field-hint' }, t('settings.sync_folder_hint')), h('div', { class: 'field-error', role: 'alert' }))));
}
