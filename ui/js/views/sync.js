// @ts-check
// The Sharing page: open a colleague's bundle, share everything, the sync folder's state with
// "Sync now", and the conflicts list. The nav's badge counts open conflicts; the status is
// polled (the page asks, Keyplan never pushes) and a sync that changed data redraws the view.
import { h, mount } from '../components/dom.js';
import { t, formatNumber } from '../i18n/index.js';
import * as api from '../api.js';
import { toast } from '../components/toast.js';
import { openBundle, openShare, when } from './bundle.js';
import { conflictsCard } from './conflicts.js';
import { showUnlock } from './lock.js';

const POLL_MS = 3000;

/** @type {?api.SyncStatus} */
let status = null;

/** @param {api.SyncStatus} s */
function drawBadge(s) {
  const link = document.querySelector('[data-nav="sync"]');
  if (!link) return;
  link.querySelector('.nav-badge')?.remove();
  if (s.open_conflicts > 0) {
    link.appendChild(h('span', { class: 'nav-badge', 'data-testid': 'conflicts-badge', title: t('conflicts.badge', { n: s.open_conflicts }) }, formatNumber(s.open_conflicts)));
  }
}

/** Keeps the badge current and calls `changed` when a sync brought changes. @param {() => void} changed */
export function watchStatus(changed) {
  const tick = async () => {
    try {
      const s = await api.syncStatus();
      // Locked behind the window's back (the system went to sleep): cover the window now.
      if (s.locked) { showUnlock(); return; }
      const moved = status !== null && s.changes !== status.changes;
      // The Sharing page shows when the folder was last synced: keep it current.
      const onPage = status !== null && s.last_at !== status.last_at && location.hash.startsWith('#/sync');
      status = s;
      drawBadge(s);
      if (moved) {
        toast(t('sync.folder_merged', { n: s.last?.merged.length ?? 0 }));
        // Not under the user's hands: an open dialog or a field being typed in stays as it is.
        const a = document.activeElement;
        const typing = a instanceof HTMLInputElement || a instanceof HTMLTextAreaElement || a instanceof HTMLSelectElement;
        if (!document.querySelector('dialog[open]') && !typing) changed();
      } else if (onPage && !document.querySelector('dialog[open]')) {
        changed();
      }
    } catch { /* the database is not open: the error screen says so */ }
  };
  tick();
  window.setInterval(tick, POLL_MS);
}

/** Draws the badge again from the last status (the nav was redrawn). */
export function badgeAgain() {
  if (status) drawBadge(status);
}

/** Redraws the badge at once (after a merge or a settled conflict). */
export async function refreshBadge() {
  status = await api.syncStatus();
  drawBadge(status);
}

/** @param {HTMLElement} el @param {?string} dir @param {api.SyncStatus} s @param {() => void} refresh */
function folderCard(el, dir, s, refresh) {
  const last = s.last;
  const now = h('button', { class: 'btn', 'data-action': 'sync-now', disabled: !dir, onclick: async () => {
    try {
      const r = await api.syncNow();
      toast(r.write_error ? t('sync.not_written', { reason: r.write_error }) : t('sync.synced', { n: r.merged.length }), r.write_error ? 'error' : 'ok');
      refresh();
    } catch (e) { toast(/** @type {any} */ (e).message, 'error'); refresh(); }
  } }, t('sync.now'));
  mount(el,
    h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, t('sync.folder_title')), now),
    dir ? h('p', null, h('span', { class: 'mono', 'data-testid': 'sync-folder' }, dir)) :
      h('p', { class: 'muted' }, t('sync.no_folder'), ' ', h('a', { href: '#/settings' }, t('sync.set_folder'))),
    s.error ? h('p', { class: 'notice notice-warn', role: 'alert', 'data-testid': 'sync-error' }, t('sync.folder_error', { reason: s.error })) : null,
    last && s.last_at ? h('p', { 'data-testid': 'sync-last' }, t('sync.last', {
      when: when(s.last_at), files: last.merged.length, unchanged: last.unchanged_files,
      created: last.created, updated: last.updated, deleted: last.deleted, conflicts: last.conflicts })) : null,
    last?.write_error ? h('p', { class: 'notice notice-warn', 'data-testid': 'sync-write-error' }, t('sync.not_written', { reason: last.write_error })) : null,
    ...(last?.problems ?? []).map((p) => h('p', { class: 'notice notice-warn' }, t('sync.problem', { file: p.file, reason: p.error }))),
    h('p', { class: 'muted small' }, t('sync.folder_hint')));
}

/** @param {HTMLElement} el */
export async function render(el) {
  const [s, settings] = await Promise.all([api.syncStatus(), api.getSettings()]);
  const folder = h('section', { class: 'card', 'data-testid': 'sync-folder-card' });
  const conflicts = h('section', { class: 'card', 'data-testid': 'conflicts-card' });
  const refresh = () => render(el);
  const file = /** @type {HTMLInputElement} */ (h('input', { id: 'bundle-file', type: 'file', accept: '.keyplan', class: 'sr-only', tabindex: -1,
    onchange: () => { if (file.files?.[0]) openBundle(file.files[0], () => { refreshBadge(); refresh(); }); } }));
  mount(el,
    h('header', { class: 'page-head' }, h('h1', null, t('sync.title')),
      h('span', { class: 'head-actions' },
        h('button', { class: 'btn', 'data-action': 'share-all', onclick: () => openShare({ all: true }, t('sync.everything')) }, t('sync.share_all')),
        file,
        h('label', { for: 'bundle-file', class: 'btn btn-primary', 'data-action': 'open-bundle', tabindex: 0,
          onkeydown: (/** @type {KeyboardEvent} */ e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); file.click(); } } }, t('sync.open')))),
    h('p', { class: 'muted' }, t('sync.intro')),
    folder,
    conflicts);
  // The status is of the last sync, which may predate the folder just set in Settings.
  const dir = settings.sync_folder ?? null;
  folderCard(folder, dir, dir === s.folder ? s : { ...s, last: null, error: null }, refresh);
  await conflictsCard(conflicts, () => refreshBadge());
}
