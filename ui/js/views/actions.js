// @ts-check
// The Actions page, for the week on the road: first Today — plan reviews and contract renewals
// coming up within their lead time and churn alerts on A and B accounts (the same list as
// `keyplan today`) — then every open action across plans, overdue first, then due this week,
// then later and undated. Space or D on a row marks it done (and Space again, before leaving,
// brings it back).
import { h, mount } from '../components/dom.js';
import { t, shown, formatDate, formatNumber } from '../i18n/index.js';
import * as api from '../api.js';
import { toast } from '../components/toast.js';

/** @typedef {import('../api.js').ActionRow} ActionRow */

/** @param {HTMLElement} el */
export async function render(el) {
  const [rows, due] = await Promise.all([api.actions(null, false), api.today()]);
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
      toast(t(now ? 'actions.marked_done' : 'actions.reopened', { title: shown(r.title) }), 'ok', { undo: true });
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
    todayCard(due.items, due.put_off, () => render(el)),
    h('p', { class: 'muted small' }, t('actions.hint')),
    rows.length === 0 ? h('div', { class: 'card' }, h('p', { class: 'muted' }, t('actions.none'))) : null,
    groups.filter(([, list]) => list.length).map(([key, list]) => h('section', { class: 'card action-group', 'data-group': key },
      h('h2', null, t(`actions.group.${key}`), groupCount(list)),
      h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-testid': `actions-${key}` }, h('tbody', null, list.map(row)))))));
  recount();
}

/** Where an item of Today opens. @param {import('../api.js').TodayItem} i */
function target(i) {
  switch (i.kind) {
    case 'action':
    case 'review': return `#/accounts/${i.account_id}/plan`;
    case 'alert': return `#/accounts/${i.account_id}/insights`;
    default: return `#/accounts/${i.account_id}`;
  }
}

/**
 * Snooze (an hour, until tomorrow, until next week) and Done for one thing due: a disclosure of
 * three buttons, so nothing happens until one is pressed.
 * @param {import('../api.js').TodayItem} i @param {() => void} rerender
 */
function putOff(i, rerender) {
  /** @param {?('hour'|'tomorrow'|'next_week')} how */
  const go = async (how) => {
    try {
      await api.putOffReminder(i.kind, i.id, how);
      toast(how ? t(`today.snoozed.${how}`, { what: i.account }) : t('today.dismissed', { what: i.account }));
      rerender();
    } catch (e) {
      toast(/** @type {any} */ (e).message, 'error');
    }
  };
  const what = { what: i.account };
  const menu = /** @type {HTMLDetailsElement} */ (h('details', { class: 'snooze' },
      h('summary', { class: 'btn btn-small btn-ghost', 'data-action': 'snooze-reminder', 'aria-label': t('today.snooze_label', what) }, t('today.snooze')),
      h('div', { class: 'snooze-menu', role: 'group', 'aria-label': t('today.snooze_label', what) },
        /** @type {const} */ (['hour', 'tomorrow', 'next_week']).map((how) =>
          h('button', { type: 'button', class: 'btn btn-small', 'data-snooze': how, onclick: () => go(how) }, t(`today.snooze.${how}`))))));
  // One open at a time (an open one lies over the row below), and Escape closes it.
  menu.addEventListener('toggle', () => {
    if (menu.open) document.querySelectorAll('details.snooze[open]').forEach((d) => { if (d !== menu) /** @type {HTMLDetailsElement} */ (d).open = false; });
  });
  menu.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && menu.open) {
      e.stopPropagation();
      menu.open = false;
      /** @type {HTMLElement|null} */ (menu.querySelector('summary'))?.focus();
    }
  });
  return h('span', { class: 'row-actions' },
    menu,
    h('button', { type: 'button', class: 'btn btn-small btn-ghost', 'data-action': 'dismiss-reminder', 'aria-label': t('today.done_label', what), onclick: () => go(null) }, t('today.done')));
}

/** At most this many of each kind are listed in Today; the rest are counted. */
const TODAY_EACH = 5;

/**
 * Today: what is due besides the actions listed below (those are counted here), a few of each
 * kind in a table — the account, what is due, when — with the rest counted.
 * @param {import('../api.js').TodayItem[]} items @param {number} putOffCount how many the user put off
 * @param {() => void} rerender
 */
function todayCard(items, putOffCount, rerender) {
  const actions = items.filter((i) => i.kind === 'action').length;
  const kinds = /** @type {const} */ (['review', 'renewal', 'alert']);
  const others = items.filter((i) => i.kind !== 'action');
  /** @param {import('../api.js').TodayItem} i */
  const row = (i) => h('tr', { 'data-kind': i.kind, 'data-id': i.id },
    h('td', null, h('span', { class: `chip today-${i.kind}` }, t(`today.kind.${i.kind}`))),
    h('td', { class: 'strong' }, h('a', { href: target(i) }, i.account)),
    h('td', null, i.kind === 'review' ? shown(i.title) : null),
    h('td', null, h('span', { class: i.overdue ? 'overdue' : 'muted' }, t(i.overdue ? 'today.was_due' : `today.due.${i.kind}`, { date: formatDate(i.due) }))),
    h('td', { class: 'cell-actions' }, putOff(i, rerender)));
  const body = kinds.flatMap((kind) => {
    const list = others.filter((i) => i.kind === kind);
    const rest = list.length - TODAY_EACH;
    return [
      ...list.slice(0, TODAY_EACH).map(row),
      rest > 0 ? h('tr', { class: 'today-more' }, h('td'), h('td', { colspan: 4, class: 'muted small' }, t(`today.more.${kind}`, { n: rest }))) : null,
    ];
  });
  return h('section', { class: 'card today', 'data-testid': 'today', 'aria-labelledby': 'today-title' },
    h('h2', { id: 'today-title' }, t('today.title'), h('span', { class: 'muted' }, ` · ${formatNumber(others.length)}`),
      putOffCount ? h('span', { class: 'muted small today-put-off', 'data-testid': 'today-put-off' }, ` · ${t('today.put_off', { n: putOffCount })}`) : null),
    actions ? h('p', { class: 'small', 'data-testid': 'today-actions' }, t('today.actions', { n: actions })) : null,
    others.length === 0
      ? h('p', { class: 'muted small' }, t(actions ? 'today.nothing_else' : 'today.none'))
      : h('div', { class: 'table-wrap' }, h('table', { class: 'table today-table' }, h('tbody', null, body))));
}
