// @ts-check
// Modal dialogs on the native <dialog> element: focus is kept inside, Esc closes, and the
// element that opened it gets focus back.
import { h } from './dom.js';
import { t } from '../i18n/index.js';
import { clearToasts } from './toast.js';

/**
 * Opens a dialog with a title and body; returns a handle to close it.
 * @param {{title: string, body: Node, onClose?: () => void, wide?: boolean, className?: string}} opts
 */
export function openDialog({ title, body, onClose, wide = false, className = '' }) {
  const opener = /** @type {HTMLElement|null} */ (document.activeElement);
  // What the page said stays with the page: the dialog has a status line of its own.
  clearToasts();
  const dlg = /** @type {HTMLDialogElement} */ (
    h('dialog', { class: `${wide ? 'dialog dialog-wide' : 'dialog'} ${className}`.trim(), 'aria-labelledby': 'dialog-title' },
      h('header', { class: 'dialog-head' },
        h('h2', { id: 'dialog-title' }, title),
        h('button', { class: 'icon-btn', type: 'button', 'aria-label': t('common.close'), onclick: () => close() }, '×')),
      body)
  );
  document.body.appendChild(dlg);
  dlg.addEventListener('close', () => {
    dlg.remove();
    returnFocus(opener);
    onClose?.();
  });
  dlg.showModal();
  const first = /** @type {HTMLElement|null} */ (body instanceof Element ? body.querySelector('input, select, textarea, button') : null);
  first?.focus();
  function close() {
    if (dlg.open) dlg.close();
  }
  return { close, element: dlg };
}

/**
 * Gives focus back to the element that opened a dialog. A save usually redraws the page under
 * the dialog a moment later, replacing that element: focus then goes to the one that took its
 * place (the same action), else to the page, never to the top of the window.
 * @param {HTMLElement|null} opener
 */
function returnFocus(opener) {
  opener?.focus?.();
  const action = opener?.getAttribute?.('data-action');
  const selector = action ? `[data-action="${CSS.escape(action)}"]` : null;
  // Which of the page's buttons of this action it was (the third objective's Edit, say), so its
  // stand-in is the same item's, not the first on the page.
  const index = selector && opener ? Math.max(0, [...document.querySelectorAll(selector)].indexOf(opener)) : 0;
  const since = Date.now();
  const watch = () => {
    const now = document.activeElement;
    if (now && now !== document.body && now !== opener) return; // the user went on
    if (now === opener && opener?.isConnected) {
      if (Date.now() - since < 3000) requestAnimationFrame(watch);
      return;
    }
    const twin = selector ? /** @type {HTMLElement|undefined} */ (document.querySelectorAll(selector)[index]) : undefined;
    if (twin) {
      // Where the old one was, nothing moves; off screen, it is brought into view.
      const r = twin.getBoundingClientRect();
      twin.focus({ preventScroll: r.top >= 0 && r.bottom <= innerHeight });
    } else if (Date.now() - since < 3000) requestAnimationFrame(watch);
    else document.getElementById('main')?.focus();
  };
  requestAnimationFrame(watch);
}

/**
 * Asks to confirm a destructive action. Resolves true when confirmed.
 * @param {string} message
 */
export function confirmDelete(message) {
  return new Promise((resolve) => {
    let answered = false;
    const done = (/** @type {boolean} */ v) => { answered = true; resolve(v); d.close(); };
    const body = h('div', { class: 'dialog-body' },
      h('p', null, message),
      h('div', { class: 'form-actions' },
        h('button', { type: 'button', class: 'btn', onclick: () => done(false) }, t('common.cancel')),
        h('button', { type: 'button', class: 'btn btn-danger', 'data-action': 'confirm-delete', onclick: () => done(true) }, t('common.confirm_delete'))));
    const d = openDialog({ title: t('delete.confirm_title'), body, onClose: () => { if (!answered) resolve(false); } });
  });
}
