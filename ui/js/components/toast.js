// @ts-check
import { h } from './dom.js';

/** Shows a short message at the bottom of the window. @param {string} text @param {'ok'|'error'} [tone] */
export function toast(text, tone = 'ok') {
  const host = document.getElementById('toasts');
  if (!host) return;
  const el = h('div', { class: `toast toast-${tone}`, role: tone === 'error' ? 'alert' : 'status' }, text);
  host.appendChild(el);
  setTimeout(() => el.remove(), tone === 'error' ? 6000 : 2500);
}
