// @ts-check
// One account's page: overview, contacts (with the org chart), interactions (a timeline),
// transactions, surveys and opportunities — each with add, edit and delete.
import { h, mount } from '../components/dom.js';
import { t, has, formatDate, formatMoney, formatNumber } from '../i18n/index.js';
import { openShare } from './bundle.js';
import * as api from '../api.js';
import { buildForm } from '../components/form.js';
import { openDialog, confirmDelete } from '../components/dialog.js';
import { toast } from '../components/toast.js';
import { recordKinds, today } from '../records.js';
import { openAccountForm } from './account-form.js';
import { orgChart } from '../components/orgchart.js';
import { insightsPanel } from './insights.js';
import { planPanel } from './plan.js';
import { npsBucket } from '../vocabulary.js';

const TABS = ['overview', 'insights', 'plan', 'contacts', 'interactions', 'transactions', 'surveys', 'opportunities'];
/** tab → the record kind it adds */
/** @type {Record<string, import('../api.js').AccountRecordKind>} */
const KIND_OF_TAB = { contacts: 'contact', interactions: 'interaction', transactions: 'transaction', surveys: 'survey', opportunities: 'opportunity' };

/**
 * @param {HTMLElement} el @param {string} id @param {string} [tab]
 * @param {string} [sub] on the plan tab, the plan to show (else the newest)
 */
export async function render(el, id, tab = 'overview', sub) {
  if (!TABS.includes(tab)) tab = 'overview';
  let detail;
  try {
    detail = await api.accountDetail(id);
  } catch (e) {
    if (/** @type {any} */ (e).kind === 'not_found') { location.hash = '#/accounts'; return; }
    throw e;
  }
  const a = detail.account;
  const reload = () => render(el, id, tab);

  const counts = {
    contacts: detail.contacts.length, interactions: detail.interactions.length,
    transactions: detail.transactions.length, surveys: detail.surveys.length, opportunities: detail.opportunities.length,
  };
  const tabBar = h('div', { class: 'tabs', role: 'tablist' }, TABS.map((name) => h('a', {
    role: 'tab', href: `#/accounts/${id}/${name}`, 'aria-selected': String(name === tab), 'data-tab': name,
    class: name === tab ? 'tab active' : 'tab',
  }, t(`account.tab.${name}`), name in counts ? h('span', { class: 'tab-count' }, formatNumber(counts[/** @type {keyof typeof counts} */ (name)])) : null)));

  const kind = KIND_OF_TAB[/** @type {keyof typeof KIND_OF_TAB} */ (tab)];
  const addBtn = kind ? h('button', { class: 'btn btn-primary', 'data-action': `add-${kind}`,
    onclick: () => openRecordForm(detail, kind, null, reload) }, `+ ${t(`${kind}.new`)}`) : null;

  mount(el,
    h('nav', { class: 'crumbs' }, h('a', { href: '#/accounts' }, `‹ ${t('account.back')}`)),
    h('header', { class: 'page-head' },
      h('div', null,
        h('h1', { 'data-testid': 'account-name' }, a.name),
        h('div', { class: 'chips' },
          a.industry ? h('span', { class: 'chip' }, a.industry) : null,
          a.size_band ? h('span', { class: 'chip' }, t(`size_band.${a.size_band}`)) : null,
          a.region ? h('span', { class: 'chip' }, a.region) : null,
          a.owner ? h('span', { class: 'chip chip-owner' }, a.owner) : null,
          a.tags.map((tag) => h('span', { class: 'chip chip-tag' }, tag)))),
      h('div', { class: 'head-actions' },
        h('button', { class: 'btn', 'data-action': 'share-account', onclick: () => openShare({ accounts: [a.id] }, a.name) }, t('sync.share')),
        h('button', { class: 'btn', 'data-action': 'edit-account', onclick: () => openAccountForm(a, reload) }, t('common.edit')),
        h('button', { class: 'btn btn-danger-ghost', 'data-action': 'delete-account', onclick: async () => {
          if (!(await confirmDelete(t('account.delete_confirm', { name: a.name })))) return;
          await api.deleteAccount(a.id);
          toast(t('common.deleted'), 'ok', { undo: true });
          location.hash = '#/accounts';
        } }, t('common.delete')))),
    tabBar,
    h('section', { class: 'tab-panel', role: 'tabpanel', 'data-panel': tab },
      addBtn ? h('div', { class: 'panel-actions' }, addBtn) : null,
      panel(detail, tab, reload, sub)));
}

/** @param {import('../api.js').AccountDetail} d @param {string} tab @param {() => void} reload @param {string} [sub] */
function panel(d, tab, reload, sub) {
  switch (tab) {
    case 'insights': return insightsPanel(d.account.id);
    case 'plan': return planPanel(d.account.id, sub);
    case 'contacts': return contactsPanel(d, reload);
    case 'interactions': return timeline(d, reload);
    case 'transactions': return transactionsPanel(d, reload);
    case 'surveys': return table(d, 'survey', d.surveys, reload, [
      ['date', (r) => formatDate(r.date)],
      ['contact_id', (r) => contactName(d, r.contact_id)],
      ['nps', (r) => h('span', { class: `nps nps-${npsBucket(r.nps)}` }, String(r.nps))],
      ['csat', (r) => (r.csat ?? null)],
      ['comment', (r) => r.comment, 'wrap'],
    ]);
    case 'opportunities': return table(d, 'opportunity', d.opportunities, reload, [
      ['title', (r) => r.title, 'wrap'],
      ['kind', (r) => t(`opp_kind.${r.kind}`)],
      ['estimated_value', (r) => formatMoney(r.estimated_value), 'num'],
      ['probability', (r) => `${r.probability}%`, 'num'],
      ['expected_close', (r) => formatDate(r.expected_close)],
      ['status', (r) => h('span', { class: `badge badge-${r.status}` }, t(`status.${r.status}`))],
      ['plan_id', (r) => d.plans.find((p) => p.id === r.plan_id)?.period ?? null],
    ]);
    default: return overview(d);
  }
}

/** @param {import('../api.js').AccountDetail} d */
function overview(d) {
  const a = d.account;
  const field = (/** @type {string} */ name, /** @type {any} */ value) =>
    h('div', { class: 'kv' }, h('dt', null, t(`field.${name}`)), h('dd', null, value ?? h('span', { class: 'muted' }, t('common.none'))));
  const rating = (/** @type {?number} */ v) => (v ? h('span', { class: 'stars', 'aria-label': `${v}/5` }, '●'.repeat(v) + '○'.repeat(5 - v)) : h('span', { class: 'muted' }, t('common.not_rated')));
  return h('div', { class: 'grid-2' },
    h('section', { class: 'card' },
      h('h2', { class: 'card-title' }, t('account.details')),
      h('dl', { class: 'kvs' },
        field('relationship_start', a.relationship_start && formatDate(a.relationship_start)),
        field('renewal_date', a.renewal_date && formatDate(a.renewal_date)),
        field('notes', a.notes))),
    h('section', { class: 'card' },
      h('h2', { class: 'card-title' }, t('account.potential')),
      h('dl', { class: 'kvs' },
        ['industry_influence', 'innovation_synergy', 'growth_potential', 'strategic_fit'].map((k) =>
          field(k, rating(/** @type {any} */ (a)[k]))))),
    h('section', { class: 'card' },
      h('h2', { class: 'card-title' }, t('account.records')),
      h('dl', { class: 'kvs' },
        h('div', { class: 'kv' }, h('dt', null, t('account.revenue_total')), h('dd', null, formatMoney(d.totals.revenue))),
        h('div', { class: 'kv' }, h('dt', null, t('account.last_interaction')),
          h('dd', null, formatDate(d.totals.last_interaction))))));
}

/** @param {import('../api.js').AccountDetail} d @param {?string} id */
function contactName(d, id) {
  return id ? d.contacts.find((c) => c.id === id)?.name ?? null : null;
}

/** @param {import('../api.js').AccountDetail} d @param {() => void} reload */
function contactsPanel(d, reload) {
  if (!d.contacts.length) return h('p', { class: 'muted empty-inline' }, t('contact.none'));
  return h('div', null,
    table(d, 'contact', d.contacts, reload, [
      ['name', (r) => r.name],
      ['title', (r) => r.title],
      ['role', (r) => (r.role ? t(`role.${r.role}`) : null)],
      ['attitude', (r) => (r.attitude === null ? null : h('span', { class: `attitude att${r.attitude}` }, t(`attitude.${r.attitude}`)))],
      ['influence', (r) => r.influence, 'num'],
      ['reports_to', (r) => contactName(d, r.reports_to)],
      // A long address is cut with an ellipsis and shown whole on hover.
      ['email', (r) => (r.email || r.phone ? h('div', { class: 'two-line' }, r.email ? h('div', { class: 'ellipsis', title: r.email }, r.email) : null, r.phone ? h('div', { class: 'muted small' }, r.phone) : null) : null), 'cell-email'],
    ]),
    h('section', { class: 'card' },
      h('h2', { class: 'card-title' }, t('contact.org_chart')),
      orgChart(d.contacts, (c) => (c.role && has(`role.${c.role}`) ? t(`role.${c.role}`) : ''))));
}

/** @param {import('../api.js').AccountDetail} d @param {() => void} reload */
function transactionsPanel(d, reload) {
  if (!d.transactions.length) return h('p', { class: 'muted empty-inline' }, t('transaction.none'));
  return h('div', null,
    h('p', { class: 'muted summary-line' }, t('transaction.total', { count: formatNumber(d.transactions.length), revenue: formatMoney(d.totals.revenue), profit: d.transactions.some((/** @type {any} */ r) => r.profit !== null) ? formatMoney(d.totals.profit) : t('common.none') })),
    table(d, 'transaction', d.transactions, reload, [
      ['date', (r) => formatDate(r.date)],
      ['product_line', (r) => r.product_line],
      ['quantity', (r) => (r.quantity === null ? null : formatNumber(r.quantity)), 'num'],
      ['revenue', (r) => formatMoney(r.revenue), 'num'],
      ['profit', (r) => (r.profit === null ? null : formatMoney(r.profit)), 'num'],
    ]));
}

/** @param {import('../api.js').AccountDetail} d @param {() => void} reload */
function timeline(d, reload) {
  if (!d.interactions.length) return h('p', { class: 'muted empty-inline' }, t('interaction.none'));
  return h('ol', { class: 'timeline', 'data-testid': 'timeline' }, d.interactions.map((r) => h('li', { class: `tl-item tl-${r.kind}`, 'data-id': r.id },
    h('div', { class: 'tl-dot', 'aria-hidden': 'true' }),
    h('div', { class: 'tl-body' },
      h('div', { class: 'tl-head' },
        h('span', { class: `badge badge-kind badge-${r.kind}` }, t(`kind.${r.kind}`)),
        h('time', { datetime: r.date }, formatDate(r.date)),
        r.sentiment !== 0 ? h('span', { class: r.sentiment > 0 ? 'pos' : 'neg' }, t(`sentiment.${r.sentiment}`)) : null,
        r.kind === 'complaint' ? h('span', { class: `badge badge-sev-${r.severity}` }, t(`severity.${r.severity}`)) : null,
        r.kind === 'complaint' ? h('span', { class: 'muted small' }, r.resolved_on ? t('interaction.resolved', { date: formatDate(r.resolved_on) }) : t('interaction.unresolved')) : null,
        rowActions(d, 'interaction', r, reload)),
      r.summary ? h('p', null, r.summary) : null,
      r.next_step ? h('p', { class: 'muted small' }, `→ ${r.next_step}`) : null,
      r.contact_ids.length ? h('div', { class: 'chips' }, r.contact_ids.map((c) => h('span', { class: 'chip' }, contactName(d, c) ?? '?'))) : null))));
}

/**
 * A table of records with edit and delete on each row.
 * @param {import('../api.js').AccountDetail} d
 * @param {import('../api.js').AccountRecordKind} kind
 * @param {any[]} rows
 * @param {() => void} reload
 * @param {Array<[string, (r: any) => any, string?]>} cols
 */
function table(d, kind, rows, reload, cols) {
  if (!rows.length) return h('p', { class: 'muted empty-inline' }, t(`${kind}.none`));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-testid': `${kind}-table` },
    h('thead', null, h('tr', null, cols.map(([name, , cls]) => h('th', { scope: 'col', class: cls }, t(`field.${name}`))), h('th', { class: 'actions-col' }, h('span', { class: 'sr-only' }, t('common.actions'))))),
    h('tbody', null, rows.map((r) => h('tr', { 'data-id': r.id },
      cols.map(([, cell, cls]) => {
        const v = cell(r);
        return h('td', { class: cls }, v === null || v === undefined || v === '' ? h('span', { class: 'muted' }, t('common.none')) : v);
      }),
      h('td', { class: 'actions-col' }, rowActions(d, kind, r, reload)))))));
}

/** @param {import('../api.js').AccountDetail} d @param {import('../api.js').AccountRecordKind} kind @param {any} r @param {() => void} reload */
function rowActions(d, kind, r, reload) {
  return h('span', { class: 'row-actions' },
    h('button', { class: 'btn btn-small btn-ghost', 'data-action': `edit-${kind}`, onclick: () => openRecordForm(d, kind, r, reload) }, t('common.edit')),
    h('button', { class: 'btn btn-small btn-danger-ghost', 'data-action': `delete-${kind}`, onclick: async () => {
      if (!(await confirmDelete(t('delete.record')))) return;
      try {
        await api.records[kind].remove(r.id);
        toast(t('common.deleted'), 'ok', { undo: true });
        reload();
      } catch (e) {
        toast(/** @type {any} */ (e).message, 'error');
      }
    } }, t('common.delete')));
}

/** @param {import('../api.js').AccountDetail} d @param {import('../api.js').AccountRecordKind} kind @param {any} record null to add @param {() => void} reload */
function openRecordForm(d, kind, record, reload) {
  const { fields } = recordKinds(d, record)[kind];
  const defaults = { date: today(), sentiment: 0, kind: kind === 'interaction' ? 'visit' : 'new', status: 'open' };
  const values = record ? { ...record } : defaults;
  const dlg = openDialog({
    title: t(`${kind}.${record ? 'edit' : 'new'}`),
    wide: kind !== 'transaction',
    body: buildForm({
      fields,
      values,
      onCancel: () => dlg.close(),
      onSubmit: async (input) => {
        if (record) await api.records[kind].update(record.id, input);
        else await api.records[kind].create(d.account.id, input);
        dlg.close();
        toast(t('common.saved'), 'ok', { undo: true });
        reload();
      },
    }),
  });
}
