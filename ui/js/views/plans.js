// @ts-check
// The Plans page 客户计划: every plan with its account, tier, period, status, health, next
// review and overdue actions; plans due for review first (the order the Rust side gives),
// filterable by status and sortable by any column; "New plan" makes one from a template.
import { h, mount } from '../components/dom.js';
import { t, formatDate, formatNumber } from '../i18n/index.js';
import * as api from '../api.js';
import { buildForm } from '../components/form.js';
import { openDialog } from '../components/dialog.js';
import { toast } from '../components/toast.js';
import { tierChip } from '../labels.js';
import { openPlansExport } from './plan-export.js';
import { vocab } from '../vocabulary.js';

/** @typedef {import('../api.js').PlanRow} PlanRow */


/** @type {{status: string, sort: string|null, descending: boolean}} Kept while the app runs. */
const view = { status: '', sort: null, descending: false };

/** The part of a plan's health each reason belongs to. */
const PART = /** @type {Record<string, string>} */ ({
  sections: 'sections', objectives: 'objectives', no_objectives: 'objectives', actions: 'actions',
  review: 'review', review_overdue: 'review', no_review_date: 'review', stakeholders: 'stakeholders',
});

/**
 * A plan's health, part by part: name, what stands, points and the most the part gives.
 * @param {import('../api.js').Health} health
 */
export function healthParts(health) {
  return health.reasons.map((r) => {
    const part = PART[r.code] ?? r.code;
    const key = r.code === 'objectives' && r.not_started ? 'health.objectives_not_started' : `health.${r.code}`;
    return {
      part,
      name: t(`health.part.${part}`),
      detail: t(key, /** @type {Record<string, string|number>} */ ({ ...r, next: r.next ? formatDate(r.next) : '' })),
      points: r.points ?? 0,
      max: vocab().health_points[part] ?? 0,
    };
  });
}

/** @param {import('../api.js').Health} health */
export function healthChip(health) {
  const why = healthParts(health).map((p) => t('common.label_value', { label: p.name, value: p.detail })).join(' · ');
  return h('span', { class: `chip health-${health.level}`, title: why, 'data-health': health.level },
    `${health.score} · ${t(`health.level.${health.level}`)}`);
}

/** @type {Array<{key: string, value: (r: PlanRow) => string|number, cell: (r: PlanRow) => Node|string|null}>} */
const COLUMNS = [
  { key: 'account', value: (r) => r.account_name, cell: (r) => h('span', { title: r.name }, h('span', { class: 'strong' }, r.account_name)) },
  { key: 'tier', value: (r) => r.tier ?? 'Z', cell: (r) => (r.tier ? tierChip(r.tier) : null) },
  { key: 'period', value: (r) => r.period, cell: (r) => r.period },
  { key: 'status', value: (r) => vocab().plan_statuses.indexOf(r.status), cell: (r) => h('span', { class: `chip status-${r.status}` }, t(`plan.status.${r.status}`)) },
  // A closed plan is no longer run: its health would only alarm.
  { key: 'health', value: (r) => (r.status === 'closed' ? -1 : r.health.score), cell: (r) => (r.status === 'closed' ? null : healthChip(r.health)) },
  { key: 'next_review', value: (r) => r.next_review ?? '9999', cell: (r) => r.next_review
    ? h('span', { class: r.review_overdue ? 'overdue' : null, title: r.review_overdue ? t('plans.review_overdue') : null }, formatDate(r.next_review))
    : null },
  { key: 'overdue_actions', value: (r) => r.overdue_actions, cell: (r) => r.overdue_actions
    ? h('span', { class: 'overdue num' }, formatNumber(r.overdue_actions)) : h('span', { class: 'muted num' }, '0') },
];

/** @param {HTMLElement} el */
export async function render(el) {
  const rows = await api.plans(null);
  const tbody = h('tbody');
  const headRow = h('tr');
  const status = /** @type {HTMLSelectElement} */ (h('select', { 'aria-label': t('plans.filter_status'), 'data-filter': 'status' },
    h('option', { value: '' }, t('common.label_value', { label: t('plans.filter_status'), value: t('common.all') })),
    vocab().plan_statuses.map((s) => h('option', { value: s }, t('common.label_value', { label: t('plans.filter_status'), value: t(`plan.status.${s}`) })))));
  status.value = view.status;
  status.addEventListener('change', () => { view.status = status.value; draw(); });
  const count = h('span', { class: 'muted', 'data-testid': 'plan-count' });

  function draw() {
    let shown = rows.filter((r) => !view.status || r.status === view.status);
    const col = COLUMNS.find((c) => c.key === view.sort);
    if (col) {
      shown = [...shown].sort((a, b) => {
        const x = col.value(a), y = col.value(b);
        const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return view.descending ? -c : c;
      });
    }
    mount(headRow, COLUMNS.map((c) => {
      const active = view.sort === c.key;
      return h('th', { scope: 'col', class: c.key === 'overdue_actions' ? 'num' : null, 'aria-sort': active ? (view.descending ? 'descending' : 'ascending') : 'none' },
        h('button', { class: 'th-sort', 'data-sort': c.key, onclick: () => {
          view.descending = active ? !view.descending : false;
          view.sort = c.key;
          draw();
        } }, t(`plans.col.${c.key}`), h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (view.descending ? ' ↓' : ' ↑') : '')));
    }));
    mount(tbody, shown.length ? shown.map(row)
      : h('tr', null, h('td', { colspan: COLUMNS.length, class: 'muted center' }, rows.length ? t('plans.none_match') : t('plans.none'))));
    count.textContent = t('plans.count', { n: formatNumber(shown.length) });
  }

  mount(el,
    h('header', { class: 'page-head' },
      h('h1', null, t('plans.title')),
      h('span', { class: 'head-actions' },
        // The plans shown (the status filter applies), all ticked in the dialog to begin with.
        h('button', { class: 'btn', 'data-action': 'export-plans', disabled: !rows.length,
          onclick: () => openPlansExport(rows.filter((r) => !view.status || r.status === view.status)) }, t('plan_export.open_many')),
        h('button', { class: 'btn btn-primary', 'data-action': 'new-plan', onclick: () => openNewPlan(null, () => render(el)) }, `+ ${t('plans.new')}`))),
    h('div', { class: 'toolbar' }, status, count),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-testid': 'plans-table' }, h('thead', null, headRow), tbody)));
  draw();
}

/** @param {PlanRow} r */
function row(r) {
  const open = () => { location.hash = `#/accounts/${r.account_id}`; };
  return h('tr', { tabindex: 0, 'data-id': r.id, 'data-status': r.status, class: 'row-link', onclick: open,
    onkeydown: (/** @type {KeyboardEvent} */ e) => { if (e.key === 'Enter') open(); } },
  COLUMNS.map((c) => h('td', { class: `cell-${c.key.replace('_', '-')}${c.key === 'overdue_actions' ? ' num' : ''}` }, c.cell(r) ?? h('span', { class: 'muted' }, t('common.none')))));
}

/** The default period of a new plan: this year, or next year from October (planning season). */
function thisYear() {
  const now = new Date();
  const y = now.getFullYear() + (now.getMonth() >= 9 ? 1 : 0);
  return { period: `FY${y}`, start_date: `${y}-01-01`, end_date: `${y}-12-31` };
}

/**
 * The new-plan dialog: which account (A and B accounts first, by revenue), the period, and the
 * template (auto picks by tier). `accountId` preselects one.
 * @param {?string} accountId @param {() => void} done
 */
export async function openNewPlan(accountId, done) {
  const page = await api.accountRows({ limit: 0, label_sort: 'rev12', descending: true });
  const accounts = page.items;
  const fields = /** @type {import('../components/form.js').FieldSpec[]} */ ([
    { name: 'account_id', type: 'select', required: true, full: true,
      options: () => accounts.map((a) => ({ value: a.id, label: a.labels ? `${a.name} · ${a.labels.tier.tier}` : a.name })) },
    { name: 'period', type: 'text', required: true },
    { name: 'template', type: 'select', required: true, options: () => vocab().templates.map((v) => ({ value: v, label: t(`plan.template.${v}`) })) },
    { name: 'start_date', type: 'date', required: true },
    { name: 'end_date', type: 'date', required: true },
    { name: 'plan_title', type: 'text', full: true, hint: 'plans.title_hint' },
  ]);
  const values = { ...thisYear(), template: 'auto', account_id: accountId ?? accounts[0]?.id ?? '' };
  const d = openDialog({
    title: t('plans.new'),
    wide: true,
    body: buildForm({
      fields, values, submitLabel: t('plans.create'),
      onCancel: () => d.close(),
      onSubmit: async (v) => {
        const account = accounts.find((a) => a.id === v.account_id);
        const input = {
          title: v.plan_title || `${account?.name ?? ''} ${v.period ?? ''}`.trim(),
          period: v.period ?? '', start_date: v.start_date ?? '', end_date: v.end_date ?? '',
          owner: account?.owner ?? null,
        };
        try {
          await api.createPlan(v.account_id, { input, template: v.template });
        } catch (e) {
          // The plan's title is shown as plan_title here.
          const err = /** @type {any} */ (e);
          if (Array.isArray(err?.details)) err.details = err.details.map((/** @type {any} */ x) => ({ ...x, field: x.field === 'title' ? 'plan_title' : x.field }));
          throw err;
        }
        d.close();
        toast(t('plans.created'), 'ok', { undo: true });
        done();
      },
    }),
  });
}
