// @ts-check
// The Actions page, for the week on the road: every open action across plans, overdue first,
// then due this week, then later and undated. Space or D on a row marks it done (and Space
// again, before leaving, brings it back).
import { h, mount } from '../components/dom.js';
import { t, shown, formatDate, formatNumber } from '../i18n/index.js';
import * as api from '../api.js';
import { toast } from '../components/toast.js';

/** @typedef {import('../api.js').ActionRow} ActionRow */

/** @param {HTMLElement} el */
export async function render(el) {
  const rows = await api.actions(null, false);
  /** @type {Array<[string, ActionRow[]]>} */
  const groups = [
    ['overdue', rows.filter((r) => r.overdue)],
    ['this_week', rows.filter((r) => !r.overdue && r.due_this_week)],
    ['later', rows.filter((r) => !r.overdue && !r.due_this_week)],
  ];
  const done = new Set();

  /** @param {ActionRow} r @param {HTMLElement} tr @param {HTMLInputElement} box */
  async function toggle(r, tr, box) {
    const now = !done.has(r.id);
    try {
      await api.setActionDone(r.id, now);
      if (now) done.add(r.id); else done.delete(r.id);
      box.checked = now;
      tr.classList.toggle('is-done', now);
      // The row, its group and the page count say what just happened, not what was loaded.
      const status = tr.querySelector('.cell-status');
      if (status) status.textContent = t(`action.status.${now ? 'done' : r.status}`);
      recount();
      toast(t(now ? 'actions.marked_done' : 'actions.reopened', { title: shown(r.title) }));
    } catch (e) {
      box.checked = !now;
      toast(/** @type {any} */ (e).message, 'error');
    }
  }

  /** @param {ActionRow} r */
  function row(r) {
    const box = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', 'aria-label': t('actions.mark_done', { title: shown(r.title) }), tabindex: -1 }));
    const tr = h('tr', { tabindex: 0, 'data-id': r.id, class: r.overdue ? 'row-overdue' : null },
      h('td', { class: 'cell-check' }, box),
      h('td', { class: 'cell-due' }, r.due_date ? h('span', { class: r.overdue ? 'overdue' : null }, formatDate(r.due_date)) : h('span', { class: 'muted' }, t('actions.undated'))),
      h('td', { class: 'strong' }, shown(r.title)),
      h('td', null, h('a', { href: `#/accounts/${r.account_id}`, tabindex: -1, title: r.plan_title }, r.account_name)),
      h('td', { class: 'cell-status' }, t(`action.status.${r.status}`)));
    box.addEventListener('click', (e) => { e.preventDefault(); toggle(r, tr, box); });
    tr.addEventListener('keydown', (e) => {
      if (e.key === ' ' || e.key.toLowerCase() === 'd') { e.preventDefault(); toggle(r, tr, box); }
      if (e.key === 'ArrowDown') /** @type {HTMLElement|null} */ (tr.nextElementSibling)?.focus();
      if (e.key === 'ArrowUp') /** @type {HTMLElement|null} */ (tr.previousElementSibling)?.focus();
      if (e.key === 'Enter') location.hash = `#/accounts/${r.account_id}`;
    });
    return tr;
  }

  const count = h('span', { class: 'muted', 'data-testid': 'action-count' });
  /** @type {[HTMLElement, ActionRow[]][]} */
  const groupCounts = [];
  function recount() {
    const open = (/** @type {ActionRow[]} */ list) => list.filter((r) => !done.has(r.id)).length;
    count.textContent = t('actions.count', { n: formatNumber(open(rows)) });
    groupCounts.forEach(([span, list]) => { span.textContent = ` · ${formatNumber(open(list))}`; });
  }
  /** @param {ActionRow[]} list */
  const groupCount = (list) => {
    const span = h('span', { class: 'muted' });
    groupCounts.push([span, list]);
    return span;
  };

  mount(el,
    h('header', { class: 'page-head' }, h('h1', null, t('actions.title')), count),
    h('p', { class: 'muted small' }, t('actions.hint')),
    rows.length === 0 ? h('div', { class: 'card' }, h('p', { class: 'muted' }, t('actions.none'))) : null,
    groups.filter(([, list]) => list.length).map(([key, list]) => h('section', { class: 'card action-group', 'data-group': key },
      h('h2', null, t(`actions.group.${key}`), groupCount(list)),
      h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-testid': `actions-${key}` }, h('tbody', null, list.map(row)))))));
  recount();
}
