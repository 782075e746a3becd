// @ts-check
// Settings → Backups: the rotation beside the database (newest first, with when, why and how
// big), a backup now, and restore — which backs up the current database first.
import { h, mount } from '../components/dom.js';
import { t, formatNumber } from '../i18n/index.js';
import * as api from '../api.js';
import { toast } from '../components/toast.js';

/** A file's size as people read it. @param {number} bytes */
export const size = (bytes) => (bytes >= 1 << 20 ? `${formatNumber(Math.round(bytes / (1 << 20) * 10) / 10)} MB` : `${formatNumber(Math.ceil(bytes / 1024))} KB`);

/** @param {string} iso */
const when = (iso) => new Date(iso).toLocaleString(document.documentElement.lang || 'en', { dateStyle: 'medium', timeStyle: 'short' });

/** @param {string} reason */
const why = (reason) => t(`backups.reason.${reason.replace(/-v\d+$/, '')}`);

/** @param {HTMLElement} el */
export async function backupsCard(el) {
  const list = await api.listBackups();
  const now = h('button', { class: 'btn', 'data-action': 'backup-now', onclick: async () => {
    try {
      await api.backupNow();
      toast(t('backups.taken'));
      await backupsCard(el);
    } catch (e) { toast(/** @type {any} */ (e).message, 'error'); }
  } }, t('backups.now'));
  mount(el,
    h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, t('backups.title')), now),
    h('p', { class: 'muted' }, t('backups.hint')),
    list.length === 0 ? h('p', { class: 'muted' }, t('backups.none')) :
      h('table', { class: 'table table-compact', 'data-testid': 'backups-table' },
        h('thead', null, h('tr', null, h('th', null, t('backups.when')), h('th', null, t('backups.why')), h('th', { class: 'num' }, t('backups.size')), h('th'))),
        h('tbody', null, list.map((b) => h('tr', null,
          h('td', null, when(b.taken_at)), h('td', null, why(b.reason)), h('td', { class: 'num' }, size(b.bytes)),
          h('td', null, h('button', { class: 'btn btn-small', 'data-action': 'restore', onclick: () => restore(b) }, t('backups.restore'))))))));

  /** @param {import('../api.js').BackupFile} b */
  async function restore(b) {
    if (!window.confirm(t('backups.confirm', { when: when(b.taken_at) }))) return;
    try {
      await api.restoreBackup(b.path);
      toast(t('backups.restored'));
      await backupsCard(el);
    } catch (e) { toast(/** @type {any} */ (e).message, 'error'); }
  }
}

/**
 * "Take this back": an import or a merge is undone by restoring the backup taken just before
 * it (after a confirmation; the data as it is now is backed up first, so this too can be taken
 * back). `after` runs once restored (the window then shows the book again).
 * @param {string} path the backup taken before @param {string} label @param {() => void} after
 */
export function takeBackButton(path, label, after) {
  const button = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', class: 'btn', 'data-action': 'take-back', title: path, onclick: async () => {
    if (!window.confirm(t('backups.take_back_confirm'))) return;
    // Once: a second restore of the same backup would throw away what came after the first.
    button.disabled = true;
    try {
      await api.restoreBackup(path);
      toast(t('backups.taken_back'));
      after();
    } catch (e) {
      button.disabled = false;
      toast(/** @type {any} */ (e).message, 'error');
    }
  } }, label));
  return button;
}
