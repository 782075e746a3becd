// @ts-check
// The account's org chart: contacts nested under whom they report to. A contact whose manager
// is not (or no longer) recorded starts a tree of their own.
import { h } from './dom.js';

/**
 * @param {import('../api.js').Contact[]} contacts
 * @param {(c: import('../api.js').Contact) => string} roleLabel
 */
export function orgChart(contacts, roleLabel) {
  const ids = new Set(contacts.map((c) => c.id));
  /** @type {Map<string|null, import('../api.js').Contact[]>} */
  const reports = new Map();
  for (const c of contacts) {
    const boss = c.reports_to && ids.has(c.reports_to) ? c.reports_to : null;
    if (!reports.has(boss)) reports.set(boss, []);
    reports.get(boss)?.push(c);
  }
  const seen = new Set();
  /** @param {string|null} boss @returns {HTMLElement|null} */
  const level = (boss) => {
    const list = (reports.get(boss) || []).filter((c) => !seen.has(c.id));
    if (!list.length) return null;
    list.forEach((c) => seen.add(c.id));
    return h('ul', null, list.map((c) => h('li', null,
      h('div', { class: `org-node att${c.attitude ?? 0}`, 'data-id': c.id },
        h('div', { class: 'org-name' }, c.name),
        c.title ? h('div', { class: 'org-title' }, c.title) : null,
        roleLabel(c) ? h('div', { class: 'org-role' }, roleLabel(c)) : null),
      level(c.id))));
  };
  return h('div', { class: 'org-chart', 'data-testid': 'org-chart' }, level(null));
}
