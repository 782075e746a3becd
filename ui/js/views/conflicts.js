// @ts-check
// The conflicts list: edits that lost to a concurrent edit of the same field on another laptop,
// or to the record being deleted there. Both values, who and when; one click keeps the other
// value (a new edit, which then wins on every laptop) or dismisses it.
import { h, mount } from '../components/dom.js';
import { t, has } from '../i18n/index.js';
import * as api from '../api.js';
import { toast } from '../components/toast.js';
import { when, kindName } from './bundle.js';

/** A field group's name in the UI's language. @param {string} field */
const fieldName = (field) => (has(`sync.field.${field}`) ? t(`sync.field.${field}`) : has(`field.${field}`) ? t(`field.${field}`) : field);

/** A group's value (its fields as an object) as one line of text. @param {any} v @returns {string} */
function valueText(v) {
  if (v === null || v === undefined) return '—';
  if (typeof v !== 'object' || Array.isArray(v)) return Array.isArray(v) ? v.join(', ') || '—' : String(v);
  const parts = Object.entries(v).filter(([k]) => k !== 'deleted_at');
  if (parts.length === 1) return valueText(parts[0][1]);
  return parts.map((/** @type {[string, any]} */ [k, x]) => `${fieldName(k)}: ${valueText(x)}`).join(' · ') || '—';
}

/**
 * Draws the list into `el`; `changed` runs after one is settled (the badge, the rest of the page).
 * @param {HTMLElement} el @param {() => void} changed @param {boolean} [all]
 */
export async function conflictsCard(el, changed, all = false) {
  const list = await api.conflicts(all);
  const toggle = /** @type {HTMLInputElement} */ (h('input', { id: 'conflicts-all', type: 'checkbox', checked: all,
    onchange: () => conflictsCard(el, changed, toggle.checked) }));
  /** @param {api.ConflictView} c @param {boolean} keep */
  const settle = async (c, keep) => {
    try {
      await api.settleConflict(c, keep);
      toast(keep ? t('conflicts.kept') : t('conflicts.dismissed'));
      changed();
      await conflictsCard(el, changed, all);
    } catch (e) { toast(/** @type {any} */ (e).message, 'error'); }
  };
  const row = (/** @type {api.ConflictView} */ c) => h('tr', { 'data-conflict': `${c.record_id}/${c.field}` },
    h('td', null, h('div', null, h('strong', null, c.record || '—')), h('div', { class: 'muted small' }, [kindName(c.kind), c.account].filter(Boolean).join(' · '))),
    h('td', null, fieldName(c.field)),
    h('td', { 'data-testid': 'conflict-current' }, h('div', null, c.deleted ? t('conflicts.deleted') : valueText(c.current_value)),
      h('div', { class: 'muted small' }, t('conflicts.by', { who: c.won_here ? t('conflicts.this_laptop') : c.won_by, when: when(c.won_at) }))),
    h('td', { 'data-testid': 'conflict-other' }, h('div', null, valueText(c.lost_value)),
      h('div', { class: 'muted small' }, t('conflicts.by', { who: c.lost_here ? t('conflicts.this_laptop') : c.lost_by, when: when(c.lost_at) }))),
    h('td', { class: 'row-actions' }, c.settled ? h('span', { class: 'pill' }, t(`conflicts.settled.${c.settled}`)) : [
      h('button', { class: 'btn btn-small', 'data-action': 'keep-other', onclick: () => settle(c, true) }, c.deleted ? t('conflicts.restore') : t('conflicts.keep')),
      h('button', { class: 'btn btn-small btn-ghost', 'data-action': 'dismiss', onclick: () => settle(c, false) }, t('conflicts.dismiss'))]));
  mount(el,
    h('div', { class: 'card-head' }, h('h2', { class: 'card-title', id: 'conflicts' }, t('conflicts.title')),
      h('span', { class: 'field-check' }, toggle, h('label', { for: 'conflicts-all' }, t('conflicts.show_all')))),
    h('p', { class: 'muted' }, t('conflicts.intro')),
    list.length === 0 ? h('p', { class: 'muted', 'data-testid': 'no-conflicts' }, t('conflicts.none')) :
      h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-testid': 'conflicts-table' },
        h('thead', null, h('tr', null, ...['record', 'field', 'current', 'other'].map((k) => h('th', null, t(`conflicts.col.${k}`))), h('th'))),
        h('tbody', null, list.map(row)))));
}
