// @ts-check
// Bundles in and out. Opening one (picked or dropped on the window) stages its bytes, shows what
// merging it would add, update, delete and leave in conflict — writing nothing — and merges only
// when the user says so. Sharing writes a bundle into Downloads, or where the user chooses.
import { h, mount } from '../components/dom.js';
import { t, formatNumber } from '../i18n/index.js';
import * as api from '../api.js';
import { openDialog } from '../components/dialog.js';
import { toast } from '../components/toast.js';

/** @param {string} iso */
export const when = (iso) => new Date(iso).toLocaleString(document.documentElement.lang || 'en', { dateStyle: 'medium', timeStyle: 'short' });

/** @param {number} bytes */
const size = (bytes) => (bytes >= 1 << 20 ? `${formatNumber(Math.round(bytes / (1 << 20) * 10) / 10)} MB` : `${formatNumber(Math.max(1, Math.ceil(bytes / 1024)))} KB`);

/** @param {string} kind */
export const kindName = (kind) => t(`sync.kind.${kind}`);

/** The counts of a merge, as a row of figures. @param {api.MergeSummary} s */
function counts(s) {
  /** @param {string} key @param {number} n */
  const fig = (key, n) => h('div', { class: `sync-fig${key === 'conflicts' && n ? ' sync-fig-warn' : ''}`, 'data-count': key },
    h('span', { class: 'sync-fig-n' }, formatNumber(n)), h('span', { class: 'muted small' }, t(`sync.count.${key}`)));
  return h('div', { class: 'sync-figs' },
    fig('created', s.created), fig('updated', s.updated), fig('deleted', s.deleted),
    fig('conflicts', s.conflicts), fig('unchanged', s.unchanged));
}

/** What a merge does, kind by kind, and any changes held for a clock set ahead. @param {api.MergeSummary} s */
export function mergeDetails(s) {
  const rows = s.by_kind.filter((k) => k.created + k.updated + k.deleted > 0);
  const ahead = Math.max(0, ...s.held.map((x) => x.ahead_minutes));
  return h('div', { class: 'sync-details' },
    counts(s),
    rows.length ? h('table', { class: 'table table-compact', 'data-testid': 'merge-kinds' },
      h('thead', null, h('tr', null, h('th', null, t('sync.what')), ...['created', 'updated', 'deleted'].map((k) => h('th', { class: 'num' }, t(`sync.count.${k}`))))),
      h('tbody', null, rows.map((k) => h('tr', null, h('td', null, kindName(k.kind)),
        h('td', { class: 'num' }, formatNumber(k.created)), h('td', { class: 'num' }, formatNumber(k.updated)), h('td', { class: 'num' }, formatNumber(k.deleted)))))) : null,
    s.held.length ? h('p', { class: 'notice notice-warn', 'data-testid': 'merge-held' }, t('sync.held', { n: s.held.length, minutes: ahead })) : null);
}

/**
 * Opens a bundle file: preview, then merge on request. `done` runs after a merge.
 * @param {File} file @param {() => void} done
 */
export async function openBundle(file, done) {
  /** @type {string} */
  let path;
  /** @type {api.MergeSummary} */
  let preview;
  try {
    path = await api.importStage(file);
    preview = await api.bundlePreview(path);
  } catch (e) {
    toast(t('sync.unreadable', { file: file.name, reason: /** @type {any} */ (e).message }), 'error');
    return;
  }
  const nothing = preview.created + preview.updated + preview.deleted + preview.conflicts === 0;
  const body = h('div', { class: 'dialog-body', 'data-testid': 'bundle-preview' });
  const merge = /** @type {HTMLButtonElement} */ (h('button', { class: 'btn btn-primary', type: 'button', 'data-action': 'merge-bundle', disabled: nothing, onclick: () => run() }, t('sync.merge')));
  const cancel = h('button', { class: 'btn', type: 'button', 'data-action': 'cancel-merge', onclick: () => d.close() }, t('common.cancel'));
  mount(body,
    h('p', null, t('sync.from', { user: preview.from_user, when: preview.as_of ? when(preview.as_of) : '—' })),
    h('p', { class: 'muted small' }, file.name),
    mergeDetails(preview),
    h('p', { class: 'muted small' }, nothing ? t('sync.nothing_new') : t('sync.merge_hint')),
    h('div', { class: 'form-actions' }, cancel, merge));
  const d = openDialog({ title: t('sync.preview_title'), body, wide: true });

  async function run() {
    merge.disabled = true;
    try {
      const s = await api.bundleMerge(path);
      mount(body,
        h('p', { role: 'status', 'data-testid': 'merge-done' }, t('sync.merged', { user: s.from_user })),
        mergeDetails(s),
        s.backup ? h('p', { class: 'muted small' }, t('sync.backup', { path: s.backup })) : null,
        h('div', { class: 'form-actions' }, h('button', { class: 'btn btn-primary', type: 'button', 'data-action': 'close-merge', onclick: () => d.close() }, t('common.close'))));
      done();
    } catch (e) {
      merge.disabled = false;
      toast(/** @type {any} */ (e).message, 'error');
    }
  }
}

/**
 * The share dialog: a bundle of `scope` (named `what`), into Downloads or where the user chooses.
 * @param {api.BundleScope} scope @param {string} what
 */
export function openShare(scope, what) {
  const tx = /** @type {HTMLInputElement} */ (h('input', { id: 'share-tx', type: 'checkbox' }));
  const result = h('div', { 'aria-live': 'polite', 'data-testid': 'share-result' });
  const request = () => ({ ...scope, with_transactions: tx.checked });
  /** @param {?api.WrittenBundle} w */
  const show = (w) => {
    if (!w) return;
    mount(result, h('p', { class: 'notice' }, t('sync.shared', { n: formatNumber(w.records), size: size(w.size_bytes) }),
      h('br'), h('span', { class: 'mono small', 'data-testid': 'share-path' }, w.path)),
    h('button', { class: 'btn', type: 'button', 'data-action': 'open-folder', onclick: () => api.openExportFolder(w.path).catch((e) => toast(e.message, 'error')) }, t('plan_export.open_folder')));
  };
  /** @param {() => Promise<?api.WrittenBundle>} write */
  const go = async (write) => {
    try { show(await write()); } catch (e) { toast(/** @type {any} */ (e).message, 'error'); }
  };
  const body = h('div', { class: 'dialog-body' },
    h('p', null, t('sync.share_intro', { what })),
    h('div', { class: 'field field-check' }, tx, h('label', { for: 'share-tx' }, t('sync.with_transactions'))),
    h('p', { class: 'muted small' }, t('sync.share_hint')),
    result,
    h('div', { class: 'form-actions' },
      h('button', { class: 'btn', type: 'button', 'data-action': 'save-bundle-as', onclick: () => go(() => api.saveBundle(request(), t('sync.save_title'))) }, t('plan_export.choose')),
      h('button', { class: 'btn btn-primary', type: 'button', 'data-action': 'export-bundle', onclick: () => go(() => api.exportBundle(request())) }, t('sync.to_downloads'))));
  openDialog({ title: t('sync.share_title'), body });
}

/**
 * Lets a .keyplan file dropped anywhere on the window be opened. Other files are left to the
 * page (nothing else takes drops today, so they are refused with a word).
 * @param {() => void} done
 */
export function acceptDrops(done) {
  const isFile = (/** @type {DragEvent} */ e) => Array.from(e.dataTransfer?.types || []).includes('Files');
  window.addEventListener('dragover', (e) => {
    if (!isFile(e)) return;
    e.preventDefault();
    document.body.classList.add('dropping');
  });
  window.addEventListener('dragleave', (e) => {
    if (e.relatedTarget === null) document.body.classList.remove('dropping');
  });
  window.addEventListener('drop', (e) => {
    if (!isFile(e)) return;
    e.preventDefault();
    document.body.classList.remove('dropping');
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    if (!file.name.toLowerCase().endsWith('.keyplan')) {
      toast(t('sync.drop_only', { file: file.name }), 'error');
      return;
    }
    openBundle(file, done);
  });
}
