// @ts-check
import { h } from './dom.js';

/** One message at a time: a burst of saves shows the latest, not a column over the controls. */
const MAX_SHOWN = 1;

/** Removes every message (the language changed: none may stay in the other one). */
export function clearToasts() {
  document.getElementById('toasts')?.replaceChildren();
}

/** Shows a short message at the bottom of the window. @param {string} text @param {'ok'|'error'} [tone] */
export function toast(text, tone = 'ok') {
  const host = document.getElementById('toasts');
  if (!host) return;
  const el = h('div', { class: `toast toast-${tone}`, role: tone === 'error' ? 'alert' : 'status' }, text);
  host.appendChild(el);
  while (host.children.length > MAX_SHOWN) host.firstElementChild?.remove();
  setTimeout(() => el.remove(), tone === 'error' ? 6000 : 2500);
}
