// @ts-check
// The accounts table: search, filter, sort by any column, 50 rows a page, with each account's
// computed labels (tier, quadrant, RFM, stage, risk) as columns. Field filters, sorts and paging
// happen in SQLite; label filters and sorts over the cached analysis, so 10,000 accounts cost
// about the same as 100.
import { h, mount } from '../components/dom.js';
import { t, formatDate, formatNumber, formatMoney } from '../i18n/index.js';
import { tierChip, quadrantChip, rfmChip, stageChip, riskChip, tierWhy, quadrantWhy, stageWhy } from '../labels.js';
import * as api from '../api.js';
import { emptyPortfolio } from '../components/empty.js';
import { openAccountForm } from './account-form.js';
import { vocab } from '../vocabulary.js';
import { openImportDialog } from './import.js';
import { toast, fileName } from '../components/toast.js';

const PAGE = 50;
const COLUMNS = [
  { key: 'name', cell: (/** @type {import('../api.js').AccountRow} */ a) => h('span', { title: a.name }, a.name) },
  { key: 'tier', label: true, cell: (/** @type {import('../api.js').AccountRow} */ a) => a.labels && h('span', { title: tierWhy(a.labels.tier, metric) }, tierChip(a.labels.tier.tier)) },
  { key: 'quadrant', label: true, cell: (/** @type {import('../api.js').AccountRow} */ a) => a.labels && h('span', { title: quadrantWhy(a.labels.scorecard) }, quadrantChip(a.labels.scorecard.quadrant)) },
  { key: 'rfm', label: true, cell: (/** @type {import('../api.js').AccountRow} */ a) => a.labels && rfmChip(a.labels.rfm) },
  { key: 'stage', label: true, cell: (/** @type {import('../api.js').AccountRow} */ a) => a.labels && h('span', { title: stageWhy(a.labels.stage.reason) }, stageChip(a.labels.stage.stage)) },
  { key: 'risk', label: true, cell: (/** @type {import('../api.js').AccountRow} */ a) => a.labels && riskChip(a.labels.risk.level, a.labels.risk.score) },
  { key: 'rev12', label: true, num: true, cell: (/** @type {import('../api.js').AccountRow} */ a) => a.labels && formatMoney(a.labels.metrics.rev12, { compact: true }) },
  { key: 'industry', cell: (/** @type {import('../api.js').AccountRow} */ a) => a.industry },
  { key: 'size_band', cell: (/** @type {import('../api.js').AccountRow} */ a) => (a.size_band ? t(`size_band.${a.size_band}`) : null) },
  { key: 'region', cell: (/** @type {import('../api.js').AccountRow} */ a) => a.region },
  { key: 'owner', cell: (/** @type {import('../api.js').AccountRow} */ a) => a.owner },
  { key: 'tags', sortable: false, cell: (/** @type {import('../api.js').AccountRow} */ a) => a.tags.map((/** @type {string} */ tag) => h('span', { class: 'chip' }, tag)) },
  { key: 'renewal_date', cell: (/** @type {import('../api.js').AccountRow} */ a) => (a.renewal_date ? formatDate(a.renewal_date) : null) },
];
const FILTERS = /** @type {const} */ (['segment', 'tier', 'stage', 'risk_level', 'industry', 'size_band', 'region', 'owner', 'tag']);
/** The metric tiers rank by, for the tier column's explanation. */
let metric = 'revenue';

/** Kept while the app runs, so going back to the table keeps its filters, sort and page. */
/** @type {import('../api.js').TableQuery & Record<string, any>} */
const query = { search: '', sort: 'name', descending: false, offset: 0, limit: PAGE };

/** @param {HTMLElement} el */
export async function render(el) {
  const [facets, first, segments, settings] = await Promise.all([
    api.accountFacets(), api.listAccounts({ limit: 1 }), api.listSegments(), api.analyticsSettings()]);
  metric = settings.metric;
  if (first.total === 0) {
    mount(el, h('header', { class: 'page-head' }, h('h1', null, t('accounts.title'))), emptyPortfolio(() => render(el)));
    return;
  }
  const tbody = h('tbody');
  const countEl = h('span', { class: 'muted', 'data-testid': 'account-count' });
  const prev = h('button', { class: 'btn btn-small', 'aria-label': t('accounts.prev'), onclick: () => page(-1) }, '‹');
  const next = h('button', { class: 'btn btn-small', 'aria-label': t('accounts.next'), onclick: () => page(1) }, '›');
  const headRow = h('tr');
  const search = /** @type {HTMLInputElement} */ (h('input', {
    id: 'account-search', type: 'search', class: 'search', placeholder: t('accounts.search'),
    'aria-label': t('accounts.search'), value: query.search || '', autocomplete: 'off',
  }));
  let timer = 0;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => { query.search = search.value; query.offset = 0; load(); }, 120);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') /** @type {HTMLElement|null} */ (tbody.querySelector('tr[data-id]'))?.focus();
  });

  const facetValues = {
    industry: facets.industries, region: facets.regions, owner: facets.owners, tag: facets.tags,
    size_band: vocab().size_bands, tier: vocab().tiers, risk_level: vocab().risk_levels,
    stage: vocab().stages,
    segment: segments.map((sg) => sg.id),
  };
  /** @type {Record<string, (v: string) => string>} */
  const optionLabel = {
    size_band: (v) => t(`size_band.${v}`), stage: (v) => t(`stage.${v}`), risk_level: (v) => t(`risk.${v}`),
    segment: (v) => segments.find((sg) => sg.id === v)?.name || v,
  };
  const selects = FILTERS.map((f) => {
    const sel = /** @type {HTMLSelectElement} */ (h('select', { 'aria-label': t(`accounts.filter.${f}`), 'data-filter': f },
      h('option', { value: '' }, t('common.label_value', { label: t(`accounts.filter.${f}`), value: t('common.all') })),
      // Every option names its filter, so a chosen one still says what it filters ("Size: Large").
      facetValues[f].map((v) => h('option', { value: v }, t('common.label_value', { label: t(`accounts.filter.${f}`), value: optionLabel[f] ? optionLabel[f](v) : v })))));
    sel.value = query[f] || '';
    sel.addEventListener('change', () => { /** @type {Record<string, ?string>} */ (query)[f] = sel.value || null; query.offset = 0; load(); });
    return sel;
  });
  const planChip = query.plan_missing ? h('button', { class: 'chip chip-tag', 'data-filter': 'plan_missing', 'aria-label': t('accounts.plan_missing_clear'),
    onclick: () => { query.plan_missing = false; query.offset = 0; planChip?.remove(); load(); } }, `${t('accounts.plan_missing')} ×`) : null;
  const clear = h('button', { class: 'btn btn-ghost btn-small', onclick: () => {
    query.plan_missing = false;
    planChip?.remove();
    FILTERS.forEach((f) => { query[f] = null; });
    query.search = '';
    search.value = '';
    selects.forEach((s) => { s.value = ''; });
    query.offset = 0;
    load();
  } }, t('accounts.clear_filters'));

  function drawHead() {
    mount(headRow, COLUMNS.map((c) => {
      const active = c.label ? query.label_sort === c.key : !query.label_sort && query.sort === c.key;
      const label = t(`field.${c.key}`);
      if (c.sortable === false) return h('th', { scope: 'col' }, label);
      return h('th', { scope: 'col', class: c.num ? 'num' : null, 'aria-sort': active ? (query.descending ? 'descending' : 'ascending') : 'none' },
        h('button', { class: 'th-sort', 'data-sort': c.key, onclick: () => {
          query.descending = active ? !query.descending : false;
          if (c.label) query.label_sort = c.key;
          else { query.label_sort = null; query.sort = c.key; }
          query.offset = 0;
          load();
        } }, label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (query.descending ? ' ↓' : ' ↑') : '')));
    }));
  }

  /** @param {number} dir */
  function page(dir) {
    query.offset = Math.max(0, (query.offset || 0) + dir * PAGE);
    load();
  }

  let seq = 0;
  async function load() {
    const mine = ++seq;
    const res = await api.accountRows(query);
    if (mine !== seq) return; // a newer request (typing) has superseded this one
    drawHead();
    if (res.total > 0 && res.offset >= res.total) { query.offset = Math.floor((res.total - 1) / PAGE) * PAGE; load(); return; }
    mount(tbody, res.items.length ? res.items.map((a) => row(a)) :
      h('tr', null, h('td', { colspan: COLUMNS.length, class: 'muted center' }, t('accounts.none_match'))));
    const from = res.total ? res.offset + 1 : 0;
    countEl.textContent = t('accounts.count', { from: formatNumber(from), to: formatNumber(res.offset + res.items.length), total: formatNumber(res.total) });
    prev.toggleAttribute('disabled', res.offset === 0);
    next.toggleAttribute('disabled', res.offset + res.items.length >= res.total);
  }

  mount(el,
    h('header', { class: 'page-head' },
      h('h1', null, t('accounts.title')),
      h('span', { class: 'head-actions' },
        h('button', { class: 'btn', 'data-action': 'import', onclick: () => openImportDialog(() => load()) }, t('import.open')),
        h('button', { class: 'btn', 'data-action': 'export-csv', onclick: () => exportView('csv') }, t('export.csv')),
        h('button', { class: 'btn', 'data-action': 'export-xlsx', onclick: () => exportView('xlsx') }, t('export.xlsx')),
        h('button', { class: 'btn btn-primary', 'data-action': 'add-account', onclick: () => openAccountForm(null) }, `+ ${t('accounts.add')}`))),
    h('div', { class: 'toolbar' }, search, selects, planChip, clear),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-testid': 'accounts-table' }, h('thead', null, headRow), tbody)),
    h('footer', { class: 'pager' }, countEl, h('span', { class: 'pager-buttons' }, prev, next)));
  await load();
}

/** Exports exactly this view: the filtered, sorted rows (every page) and the table's columns. */
async function exportView(/** @type {'csv'|'xlsx'} */ format) {
  try {
    const path = await api.exportPortfolio(format, COLUMNS.map((c) => c.key), { ...query, offset: 0, limit: 0 }, document.documentElement.lang || 'en');
    toast(t('export.done', { file: fileName(path) }), 'ok', { file: path });
  } catch (e) {
    toast(/** @type {any} */ (e).message, 'error');
  }
}

/** @param {import('../api.js').AccountRow} a */
function row(a) {
  const open = () => { location.hash = `#/accounts/${a.id}`; };
  return h('tr', { tabindex: 0, 'data-id': a.id, class: 'row-link', onclick: open,
    onkeydown: (/** @type {KeyboardEvent} */ e) => { if (e.key === 'Enter') open(); } },
  COLUMNS.map((c) => {
    const v = c.cell(a);
    return h('td', { class: `cell-${c.key.replace('_', '-')}${c.num ? ' num' : ''}` }, v === null || v === undefined || v === '' ? h('span', { class: 'muted' }, t('common.none')) : v);
  }));
}

/** Opens the table on the accounts short of the plan their tier asks for (the dashboard's tile). */
export function showPlanMissing() {
  query.plan_missing = true;
  query.offset = 0;
  location.hash = '#/accounts';
}

/** Focuses the search box (the global shortcut). */
export function focusSearch() {
  const s = /** @type {HTMLInputElement|null} */ (document.getElementById('account-search'));
  s?.focus();
  s?.select();
  return Boolean(s);
}
