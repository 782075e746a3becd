// @ts-check
// Settings → Team keys: this laptop's public key to give colleagues, and their keys by name.
// Bundles shared "for my team" and the sync folder's files are encrypted for these keys (and
// this laptop's), so only the team's laptops open them.
import { h, mount } from '../components/dom.js';
import { t } from '../i18n/index.js';
import * as api from '../api.js';
import { toast, clearToasts } from '../components/toast.js';
import { errorText } from '../components/form.js';
import { confirmDelete } from '../components/dialog.js';

/**
 * @param {HTMLElement} el
 * @param {{encrypted: boolean, syncFolder: ?string}} book whether the book is encrypted, and its sync folder
 */
export async function teamCard(el, book) {
  /** @type {api.TeamKeys} */
  let team;
  try {
    team = await api.team();
  } catch (e) {
    mount(el, h('h2', { class: 'card-title' }, t('team.title')), h('p', { class: 'notice notice-warn' }, /** @type {any} */ (e).message));
    return;
  }
  const redraw = () => teamCard(el, book);
  const copy = h('button', { type: 'button', class: 'btn', 'data-action': 'copy-key', onclick: async () => {
    try { await navigator.clipboard.writeText(team.key); toast(t('security.copied')); } catch { toast(t('security.copy_failed'), 'error'); }
  } }, t('security.copy'));

  const name = /** @type {HTMLInputElement} */ (h('input', { id: 'team-name', name: 'name', type: 'text', autocomplete: 'off', maxlength: 60 }));
  const key = /** @type {HTMLInputElement} */ (h('input', { id: 'team-key', name: 'key', type: 'text', autocomplete: 'off', spellcheck: false, class: 'mono', placeholder: 'age1…' }));
  const nameError = h('div', { class: 'field-error', role: 'alert' });
  const keyError = h('div', { class: 'field-error', role: 'alert', 'data-testid': 'team-key-error' });
  const formError = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const add = h('form', { class: 'team-add', novalidate: true, 'data-testid': 'team-add' },
    h('div', { class: 'field' }, h('label', { for: 'team-name' }, t('team.name')), name, nameError),
    h('div', { class: 'field field-wide' }, h('label', { for: 'team-key' }, t('team.key')), key,
      h('div', { class: 'field-hint' }, t('team.key_hint')), keyError),
    formError,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'team-add' }, t('team.add'))));
  add.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const e of [nameError, keyError, formError]) e.textContent = '';
    formError.hidden = true;
    name.removeAttribute('aria-invalid');
    key.removeAttribute('aria-invalid');
    try {
      await api.teamAdd(name.value, key.value);
      toast(t('team.added', { name: name.value.trim() }));
      redraw();
    } catch (e) {
      clearToasts(); // no earlier "Saved" beside the error
      const x = /** @type {any} */ (e);
      const d = x.details?.[0];
      if (d?.field === 'key' && d.code === 'invalid_choice') {
        keyError.textContent = t('team.secret_key_given');
        key.value = '';
        key.setAttribute('aria-invalid', 'true');
        key.focus();
      } else if (d?.field === 'name') {
        nameError.textContent = d.code === 'duplicate' ? t('team.name_taken') : errorText(d);
        name.setAttribute('aria-invalid', 'true');
        name.focus();
      } else if (d?.field === 'key') {
        keyError.textContent = t('team.bad_key');
        key.setAttribute('aria-invalid', 'true');
        key.focus();
      } else {
        formError.textContent = x.message;
        formError.hidden = false;
      }
    }
  });

  const rows = team.members.map((m) => h('tr', null,
    h('td', null, m.name),
    h('td', { class: 'mono small team-key' }, m.key),
    h('td', { class: 'num' }, h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'team-remove', 'aria-label': t('team.remove_who', { name: m.name }), onclick: async () => {
      const last = team.members.length === 1 && book.syncFolder;
      if (!(await confirmDelete(t(last ? 'team.remove_last_confirm' : 'team.remove_confirm', { name: m.name })))) return;
      try { await api.teamRemove(m.name); toast(t('team.removed', { name: m.name })); redraw(); } catch (e) { toast(/** @type {any} */ (e).message, 'error'); }
    } }, t('team.remove')))));

  mount(el,
    h('h2', { class: 'card-title' }, t('team.title')),
    h('p', { class: 'muted' }, t('team.intro')),
    h('div', { class: 'field' },
      h('span', { class: 'team-label', id: 'team-own-label' }, t('team.own_key')),
      h('div', { class: 'input-row' }, h('code', { class: 'team-own-key', 'aria-labelledby': 'team-own-label', 'data-testid': 'own-key' }, team.key), copy),
      h('div', { class: 'field-hint' }, t('team.own_key_hint'))),
    book.encrypted ? null : h('p', { class: 'notice notice-warn', 'data-testid': 'team-plain-book' }, t('team.plain_book')),
    team.members.length
      ? h('table', { class: 'table table-compact', 'data-testid': 'team-list' },
        h('thead', null, h('tr', null, h('th', null, t('team.name')), h('th', null, t('team.key')), h('th', null, h('span', { class: 'sr-only' }, t('team.remove'))))),
        h('tbody', null, rows))
      : h('p', { class: 'muted', 'data-testid': 'team-empty' }, t('team.empty')),
    book.syncFolder && !team.members.length ? h('p', { class: 'notice notice-warn', 'data-testid': 'team-sync-plain' }, t('team.sync_plain')) : null,
    add);
}
