// @ts-check
// Bundles in and out. Opening one (picked or dropped on the window) stages its bytes, shows what
// merging it would add, update, delete and leave in conflict — writing nothing — and merges only
// when the user says so. Sharing writes a bundle into Downloads, or where the user chooses.
import { h, mount } from '../components/dom.js';
import { t, currentLanguage, formatNumber } from '../i18n/index.js';
import * as api from '../api.js';
import { openDialog } from '../components/dialog.js';
import { takeBackButton } from './backups.js';
import { toast, fileName } from '../components/toast.js';

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

/** A refused encrypted bundle in the user's language, else the message as given. @param {any} e */
function sealedText(e) {
  const code = e?.details?.[0]?.code;
  const key = `sync.sealed.${code}`;
  const s = code ? t(key) : key;
  return s === key ? e.message : s;
}

/**
 * Asks for the passphrase of a bundle encrypted with one and previews it; resolves with the
 * preview and the passphrase, or null when the user gives up.
 * @param {string} name @param {string} path
 * @returns {Promise<?{preview: api.MergeSummary, passphrase: string}>}
 */
function askPassphrase(name, path) {
  return new Promise((resolve) => {
    let done = false;
    const input = /** @type {HTMLInputElement} */ (h('input', { id: 'bundle-passphrase', type: 'password', autocomplete: 'off', 'data-testid': 'bundle-passphrase' }));
    const error = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'bundle-passphrase-error' });
    const ok = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'open-sealed' }, t('sync.open_bundle')));
    const form = h('form', { class: 'dialog-body', novalidate: true },
      h('p', null, t('sync.passphrase_intro', { file: name })),
      h('div', { class: 'field' }, h('label', { for: 'bundle-passphrase' }, t('sync.passphrase')), input),
      error,
      h('div', { class: 'form-actions' },
        h('button', { type: 'button', class: 'btn', onclick: () => d.close() }, t('common.cancel')), ok));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      error.textContent = '';
      if (!input.value) { input.focus(); return; }
      ok.disabled = true;
      try {
        const preview = await api.bundlePreview(path, input.value);
        done = true;
        resolve({ preview, passphrase: input.value });
        d.close();
      } catch (e) {
        error.textContent = sealedText(e);
        input.select();
        input.focus();
      } finally {
        ok.disabled = false;
      }
    });
    const d = openDialog({ title: t('sync.passphrase_title'), body: form, onClose: () => { if (!done) resolve(null); } });
    input.focus();
  });
}

/**
 * Opens a bundle file: preview, then merge on request. `done` runs after a merge. An encrypted
 * bundle opens with this laptop's key, or asks for its passphrase.
 * @param {File} file @param {() => void} done
 */
export async function openBundle(file, done) {
  /** @type {string} */
  let path;
  /** @type {api.MergeSummary} */
  let preview;
  /** @type {string|undefined} */
  let passphrase;
  try {
    path = await api.importStage(file);
  } catch (e) {
    toast(t('sync.unreadable', { file: file.name, reason: /** @type {any} */ (e).message }), 'error');
    return;
  }
  try {
    preview = await api.bundlePreview(path);
  } catch (e) {
    if (/** @type {any} */ (e).details?.[0]?.code !== 'needs_passphrase') {
      toast(t('sync.unreadable', { file: file.name, reason: sealedText(e) }), 'error');
      return;
    }
    const opened = await askPassphrase(file.name, path);
    if (!opened) return;
    ({ preview, passphrase } = opened);
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
      const s = await api.bundleMerge(path, passphrase);
      mount(body,
        h('p', { role: 'status', 'data-testid': 'merge-done' }, t('sync.merged', { user: s.from_user })),
        mergeDetails(s),
        s.backup ? h('p', { class: 'muted small', title: s.backup }, t('sync.backup', { path: fileName(s.backup) })) : null,
        h('div', { class: 'form-actions' },
          s.backup ? takeBackButton(s.backup, t('sync.take_back'), () => { d.close(); done(); }) : null,
          h('button', { class: 'btn btn-primary', type: 'button', 'data-action': 'close-merge', onclick: () => d.close() }, t('common.close'))));
      done();
    } catch (e) {
      merge.disabled = false;
      toast(sealedText(e), 'error');
    }
  }
}

/**
 * Who can open a shared bundle: the team (all, or the colleagues ticked), anyone with a
 * passphrase, or anyone (a plain file, said plainly). Its `value()` is what to ask the app for,
 * or null with the problem shown.
 * @param {api.TeamKey[]} members
 */
function encryptChoice(members) {
  const hasTeam = members.length > 0;
  /** @param {string} value @param {string} label @param {boolean} [disabled] */
  const radio = (value, label, disabled = false) => {
    const input = /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: 'share-encrypt', id: `share-encrypt-${value}`, value, disabled }));
    return { input, row: h('div', { class: 'field-check' }, input, h('label', { for: input.id }, label)) };
  };
  const team = radio('team', t(hasTeam ? 'sync.encrypt_team' : 'sync.encrypt_team_none'), !hasTeam);
  const pass = radio('passphrase', t('sync.encrypt_passphrase'));
  const none = radio('none', t('sync.encrypt_none'));
  const ticks = members.map((m, i) => {
    const box = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: `share-member-${i}`, checked: true, 'data-member': m.name }));
    return { m, box, row: h('span', { class: 'field-check' }, box, h('label', { for: box.id }, m.name)) };
  });
  const passphrase = /** @type {HTMLInputElement} */ (h('input', { type: 'password', id: 'share-passphrase', autocomplete: 'new-password', 'aria-label': t('sync.passphrase'), 'data-testid': 'share-passphrase' }));
  const passBox = h('div', { class: 'share-passphrase' }, passphrase, h('div', { class: 'field-hint' }, t('sync.encrypt_passphrase_hint')));
  const warn = h('p', { class: 'notice notice-warn', 'data-testid': 'share-plain-warning' }, t('sync.encrypt_none_warn'));
  const problem = h('p', { class: 'field-error', role: 'alert', hidden: true });
  /** @param {string} text */
  const say = (text) => { problem.textContent = text; problem.hidden = !text; };
  (hasTeam ? team : pass).input.checked = true;
  const picked = () => [team, pass, none].find((r) => r.input.checked)?.input.value;
  // The colleagues to encrypt for show only while "My team" is chosen.
  const membersBox = hasTeam ? h('div', { class: 'share-members' }, ticks.map((x) => x.row)) : null;
  const sync = () => {
    const p = picked();
    ticks.forEach((x) => { x.box.disabled = p !== 'team'; });
    if (membersBox) membersBox.hidden = p !== 'team';
    passBox.hidden = p !== 'passphrase';
    warn.hidden = p !== 'none';
    say('');
  };
  for (const r of [team, pass, none]) r.input.addEventListener('change', sync);
  sync();
  const el = h('fieldset', { class: 'share-encrypt', 'data-testid': 'share-encrypt' },
    h('legend', null, t('sync.encrypt')),
    team.row,
    membersBox,
    pass.row, passBox, none.row, warn, problem);
  /** @returns {?api.Encrypt} */
  const value = () => {
    const p = picked();
    if (p === 'team') {
      const to = ticks.filter((x) => x.box.checked).map((x) => x.m.name);
      if (!to.length) { say(t('sync.encrypt_pick')); return null; }
      return { mode: 'keys', to };
    }
    if (p === 'passphrase') {
      if ([...passphrase.value].length < 8) {
        say(t('lock.reason.passphrase_too_short', { n: 8 }));
        passphrase.focus();
        return null;
      }
      return { mode: 'passphrase', passphrase: passphrase.value };
    }
    return { mode: 'plain' };
  };
  return { el, value };
}

/**
 * The share dialog: a bundle of `scope` (named `what`), encrypted for the team, with a
 * passphrase or not at all, into Downloads or where the user chooses.
 * @param {api.BundleScope} scope @param {string} what
 */
export async function openShare(scope, what) {
  /** @type {api.TeamKey[]} */
  let members = [];
  try { members = (await api.team()).members; } catch (e) { toast(/** @type {any} */ (e).message, 'error'); }
  const encrypt = encryptChoice(members);
  const tx = /** @type {HTMLInputElement} */ (h('input', { id: 'share-tx', type: 'checkbox' }));
  const result = h('div', { 'aria-live': 'polite', 'data-testid': 'share-result' });
  const request = () => ({ ...scope, with_transactions: tx.checked });
  /** @param {api.WrittenBundle} w */
  const how = (w) => (w.encryption === 'keys' ? t('sync.shared_keys', { n: w.recipients })
    : w.encryption === 'passphrase' ? t('sync.shared_passphrase') : t('sync.shared_plain'));
  /** @param {?api.WrittenBundle} w */
  const show = (w) => {
    if (!w) return;
    mount(result, h('p', { class: 'notice notice-ok' }, t('sync.shared', { n: formatNumber(w.records), size: size(w.size_bytes) }), currentLanguage() === 'en' ? ' ' : '', how(w),
      h('br'), h('span', { class: 'strong', 'data-testid': 'share-path', 'data-path': w.path, title: w.path }, fileName(w.path))),
    h('button', { class: 'btn', type: 'button', 'data-action': 'open-folder', onclick: () => api.openExportFolder(w.path).catch((e) => toast(e.message, 'error')) }, t('common.show_in_folder')));
  };
  /** @param {(e: api.Encrypt) => Promise<?api.WrittenBundle>} write */
  const go = async (write) => {
    const e = encrypt.value();
    if (!e) return;
    try { show(await write(e)); } catch (err) { toast(/** @type {any} */ (err).message, 'error'); }
  };
  const body = h('div', { class: 'dialog-body' },
    h('p', null, t('sync.share_intro', { what })),
    encrypt.el,
    h('div', { class: 'field field-check' }, tx, h('label', { for: 'share-tx' }, t('sync.with_transactions'))),
    h('p', { class: 'muted small' }, t('sync.share_hint')),
    result,
    h('div', { class: 'form-actions' },
      h('button', { class: 'btn', type: 'button', 'data-action': 'save-bundle-as', onclick: () => go((e) => api.saveBundle(request(), e, t('sync.save_title'))) }, t('plan_export.choose')),
      h('button', { class: 'btn btn-primary', type: 'button', 'data-action': 'export-bundle', onclick: () => go((e) => api.exportBundle(request(), e)) }, t('sync.to_downloads'))));
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
