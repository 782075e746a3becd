// @ts-check
// Undo and redo of the window's edits: the Undo button of an edit's message, Ctrl+Z, and
// Ctrl+Shift+Z or Ctrl+Y. The steps are kept by the Rust side (crates/app/src/undo.rs); an undo
// is an ordinary edit there, so this module only asks for it and shows the page again.
import * as api from './api.js';
import { t } from './i18n/index.js';
import { toast } from './components/toast.js';

/** @type {() => void} */
let showAgain = () => {};

/** What a step did, in words: "Deleted Acme Corp". @param {import('./api.js').UndoStep} step */
export function describe(step) {
  const name = step.name ? `“${step.name}”` : t(`sync.kind.${step.kind}`);
  return t(`undo.what.${step.action}`, { name });
}

/**
 * After an undo or redo, the page again; a page about a record that is now gone (an undone
 * create, a redone delete) gives way to the list it was opened from.
 * @param {import('./api.js').UndoStep} step @param {boolean} gone
 */
function after(step, gone) {
  const at = location.hash.indexOf(step.id);
  if (gone && at > 0) {
    location.hash = location.hash.slice(0, at).replace(/\/$/, '');
    return;
  }
  showAgain();
}

/**
 * Takes back the last edit (`back`) or does again the last one taken back, and says what it was.
 * @param {boolean} back
 */
async function travel(back) {
  try {
    const done = await (back ? api.undo() : api.redo());
    if (!done) {
      toast(t(back ? 'undo.nothing' : 'undo.nothing_to_redo'));
      return;
    }
    toast(t(back ? 'undo.undone' : 'undo.redone', { what: describe(done.step) }), 'ok', back ? { redo: true } : { undo: true });
    // Gone now: a record an undo took back the making of, or a redo deleted again.
    after(done.step, done.step.action === (back ? 'create' : 'delete'));
  } catch (e) {
    toast(/** @type {any} */ (e).message || t('common.error'), 'error');
  }
}

/** Takes back the last edit and says what it was. */
export const undoLast = () => travel(true);

/** Does again the last edit undone. */
export const redoLast = () => travel(false);

/** Inputs that hold no text to take back: Ctrl+Z there is the window's. */
const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Whether the key press edits text where it is (a text field keeps its own Ctrl+Z). @param {EventTarget|null} target */
function inField(target) {
  return (target instanceof HTMLInputElement && !NOT_TEXT.has(target.type)) || target instanceof HTMLTextAreaElement
    || (target instanceof HTMLElement && target.isContentEditable);
}

/**
 * Wires the keys and the messages' buttons; `refresh` shows the current page again.
 * @param {() => void} refresh
 */
export function armUndo(refresh) {
  showAgain = refresh;
  document.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || inField(e.target)) return;
    if (document.querySelector('dialog[open]')) return; // the dialog owns the keyboard
    const key = e.key.toLowerCase();
    if (key === 'z' && !e.shiftKey) {
      e.preventDefault();
      undoLast();
    } else if ((key === 'z' && e.shiftKey) || key === 'y') {
      e.preventDefault();
      redoLast();
    }
  });
  document.addEventListener('keyplan:undo', () => undoLast());
  document.addEventListener('keyplan:redo', () => redoLast());
}
