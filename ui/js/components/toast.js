// @ts-check
// Messages after an action. They appear in the status bar, a strip of its own under the page
// (so a message never covers a control), or, while a dialog is open, in the dialog's own
// status line above its buttons. One at a time: a burst of saves shows the latest.
import { h } from './dom.js';
import { t } from '../i18n/index.js';
import * as api from '../api.js';

/** The page above the status bar ends where the bar begins, however tall a message makes it. */
function followStatusBarHeight() {
  const bar = document.getElementById('toasts');
  if (!bar || typeof ResizeObserver === 'undefined') return;
  new ResizeObserver(() => {
    document.documentElement.style.setProperty('--statusbar', `${bar.offsetHeight}px`);
  }).observe(bar);
}
followStatusBarHeight();

/** Where the message goes: the open dialog's status line, else the window's status bar. */
function host() {
  const dialogs = document.querySelectorAll('dialog[open]');
  const top = /** @type {HTMLDialogElement|undefined} */ (dialogs[dialogs.length - 1]);
  if (top) {
    let line = top.querySelector(':scope .dialog-status');
    if (!line) {
      line = h('div', { class: 'dialog-status', 'aria-live': 'polite' });
      top.appendChild(line);
    }
    return /** @type {HTMLElement} */ (line);
  }
  return document.getElementById('toasts');
}

/** Removes every message (the language changed, or the page did: none may stay behind). */
export function clearToasts() {
  document.getElementById('toasts')?.replaceChildren();
}

/** Removes messages shown before `ms` ago (a page change keeps the one that led to it). @param {number} ms */
export function clearOlderThan(ms) {
  const now = Date.now();
  document.querySelectorAll('#toasts .toast').forEach((el) => {
    if (now - Number(/** @type {HTMLElement} */ (el).dataset.at) > ms) el.remove();
  });
}

/**
 * Shows a short message. `file`: a file Keyplan wrote; the message names it and offers "Show in
 * folder", never the raw path. `undo` / `redo`: the message follows an edit (or an undo) and
 * offers to take it back (or do it again); the undo module answers the button.
 * @param {string} text @param {'ok'|'error'} [tone] @param {{file?: string, undo?: boolean, redo?: boolean}} [opts]
 */
export function toast(text, tone = 'ok', opts = {}) {
  const where = host();
  if (!where) return;
  const again = opts.undo || opts.redo ? (opts.undo ? 'undo' : 'redo') : null;
  const reveal = again
    ? h('button', { type: 'button', class: 'link-btn toast-action', 'data-action': `toast-${again}`, 'aria-keyshortcuts': again === 'undo' ? 'Control+Z' : 'Control+Shift+Z',
      onclick: (/** @type {Event} */ e) => {
        /** @type {HTMLElement} */ (e.currentTarget).closest('.toast')?.remove();
        // The button is gone with its message: focus goes to the page, not to the window's top.
        document.getElementById('main')?.focus({ preventScroll: true });
        document.dispatchEvent(new CustomEvent(`keyplan:${again}`));
      } }, t(`undo.${again}`))
    : opts.file
    ? h('button', { type: 'button', class: 'link-btn toast-action', 'data-action': 'show-in-folder', 'data-path': opts.file, title: opts.file, onclick: () => {
      api.openExportFolder(/** @type {string} */ (opts.file)).catch(() => toast(t('common.show_in_folder_failed', { file: fileName(opts.file ?? '') }), 'error'));
    } }, t('common.show_in_folder'))
    : null;
  const el = h('div', { class: `toast toast-${tone}`, role: tone === 'error' ? 'alert' : 'status', 'data-at': String(Date.now()) },
    h('span', null, text), reveal);
  where.replaceChildren(el);
  // A message with something to click stays long enough to click it.
  setTimeout(() => el.remove(), tone === 'error' || reveal ? 8000 : 3000);
}

/** The last part of a path, as a message names a file. @param {string} path */
export function fileName(path) {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}
