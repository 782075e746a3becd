// @ts-check
// The Portfolio dashboard: KPI tiles, tier distribution and the Pareto curve, the value
// quadrant, lifecycle counts and the alerts list — for all accounts or one saved segment.
import { h, mount } from '../components/dom.js';
import { t, formatMoney, formatNumber, formatDate, formatPercent } from '../i18n/index.js';
import * as api from '../api.js';
import { emptyPortfolio } from '../components/empty.js';
import { asTable, bars, pareto, scatter } from '../components/charts.js';
import { toast } from '../components/toast.js';
import { riskChip, indicatorList, pct } from '../labels.js';
import { vocab } from '../vocabulary.js';
import { openSegmentForm } from './segment-form.js';
import { showPlanMissing } from './accounts.js';

/** The chosen segment, kept while the app runs. @type {?string} */
let segmentId = null;
/** The KPI tiles' period in days, kept while the app runs. */
let kpiDays = 365;
const KPI_PERIODS = [30, 90, 180, 365, 730];

/** @param {HTMLElement} el */
export async function render(el) {
  const [segments, settings] = await Promise.all([api.listSegments(), api.analyticsSettings()]);
  if (segmentId && !segments.some((s) => s.id === segmentId)) segmentId = null;
  const d = await api.dashboard(segmentId, kpiDays);
  if (d.accounts === 0 && !segmentId) {
    const first = await api.listAccounts({ limit: 1 });
    if (first.total === 0) {
      mount(el, h('header', { class: 'page-head' }, h('h1', null, t('portfolio.title'))), emptyPortfolio(() => render(el)));
      return;
    }
  }
  const rerender = () => render(el);
  const picker = /** @type {HTMLSelectElement} */ (h('select', { id: 'segment-picker', 'aria-label': t('segment.pick') },
    h('option', { value: '' }, t('segment.all')),
    segments.map((s) => h('option', { value: s.id }, s.name))));
  picker.value = segmentId || '';
  picker.addEventListener('change', () => { segmentId = picker.value || null; rerender(); });
  const period = /** @type {HTMLSelectElement} */ (h('select', { id: 'kpi-period', 'aria-label': t('portfolio.kpi_period') },
    KPI_PERIODS.map((n) => h('option', { value: String(n) }, t('portfolio.last_days', { n })))));
  period.value = String(kpiDays);
  period.addEventListener('change', () => { kpiDays = Number(period.value); rerender(); });

  const k = d.kpis;
  const ratio = (/** @type {?number} */ v) => formatPercent(v);
  mount(el,
    h('header', { class: 'page-head' },
      h('div', null,
        h('h1', null, t('portfolio.title')),
        h('span', { class: 'muted' }, t('portfolio.as_of', { date: formatDate(d.as_of) }))),
      h('div', { class: 'head-actions' },
        picker,
        h('button', { class: 'btn', 'data-action': 'new-segment', onclick: () => openSegmentForm(null, (s) => { segmentId = s?.id ?? null; rerender(); }) }, `+ ${t('segment.new')}`),
        d.segment ? h('button', { class: 'btn btn-ghost', 'data-action': 'edit-segment', onclick: () => openSegmentForm(d.segment, rerender) }, t('common.edit')) : null)),
    d.key_accounts.outside ? h('div', { class: 'notice', 'data-testid': 'key-account-warning' },
      t('portfolio.key_account_warning', { count: d.key_accounts.a_count, min: d.key_accounts.min, max: d.key_accounts.max })) : null,
    // What the period control governs sits under it; the book's size and revenue are its own.
    h('section', { class: 'tiles' },
      tile(t('portfolio.accounts'), formatNumber(d.accounts), d.segment ? d.segment.name : null, 'tile-accounts'),
      tile(t('portfolio.revenue_12m'), formatMoney(d.rev12, { compact: true }), null, 'tile-revenue')),
    h('div', { class: 'kpi-head' }, h('h2', { class: 'card-title', id: 'kpi-title' }, t('portfolio.kpis')), period),
    h('section', { class: 'tiles', 'aria-labelledby': 'kpi-title' },
      tile(t('kpi.retention'), ratio(k.retention_rate), t('kpi.churn_is', { churn: ratio(k.churn_rate) }), 'tile-retention'),
      tile(t('kpi.nps'), k.nps === null ? t('common.none') : k.nps.toFixed(0), t('kpi.responses', { n: formatNumber(k.nps_responses) }), 'tile-nps'),
      tile(t('kpi.clv'), k.clv === null ? t('common.none') : formatMoney(k.clv, { compact: true }),
        k.expected_lifetime_years === null ? null : t('kpi.lifetime', { years: k.expected_lifetime_years.toFixed(1) }), 'tile-clv'),
      tile(t('kpi.cadence'), ratio(k.cadence_compliance), t('kpi.overdue', { n: d.contact_overdue }), 'tile-cadence'),
      linkTile(t('kpi.plan_coverage'), ratio(k.plan_coverage), t('kpi.plan_missing', { a: formatNumber(d.plan_missing_a), n: formatNumber(d.plan_missing) }), 'tile-plans', showPlanMissing),
      tile(t('kpi.referral'), ratio(k.referral_rate), null, 'tile-referral'),
      tile(t('kpi.resolution_title'), k.avg_resolution_days === null ? t('common.none') : t('kpi.days', { days: formatNumber(Number(k.avg_resolution_days.toFixed(1))) }),
        null, 'tile-resolution')),
    h('div', { class: 'grid-2' },
      h('section', { class: 'card', 'data-testid': 'tier-card' },
        h('h2', { class: 'card-title' }, t('portfolio.tiers')),
        bars(d.tiers.map((/** @type {import('../api.js').TierSlice} */ s) => ({
          label: t('portfolio.tier_n', { tier: s.tier, n: formatNumber(s.count) }), value: s.rev12,
          display: `${formatMoney(s.rev12, { compact: true })} · ${pct(s.share_bp)}`, tone: `tier-${s.tier}`, testid: `tier-${s.tier}`,
        })), t('portfolio.tiers')),
        h('h3', { class: 'sub-title' }, t('portfolio.pareto')),
        pareto(d.pareto, {
          a: settings.tiers.a_bp, b: settings.tiers.b_bp, aLabel: `A ${pct(settings.tiers.a_bp)}`, bLabel: `B ${pct(settings.tiers.b_bp)}`,
          label: (n, bp) => t('portfolio.pareto_point', { n: formatNumber(n), share: pct(bp) }),
          name: t('portfolio.pareto'),
        }),
        asTable(t('portfolio.pareto'), [t('chart.accounts'), t('chart.cumulative_share')],
          () => d.pareto.filter(([n]) => n > 0).map(([n, bp]) => [formatNumber(n), pct(bp)]))),
      h('section', { class: 'card', 'data-testid': 'quadrant-card' },
        h('h2', { class: 'card-title' }, t('portfolio.quadrants')),
        scatter(d.scatter, {
          split: settings.scorecard.split, xLabel: t('analytics.cv'), yLabel: t('analytics.pv'),
          quadrantLabel: (q) => t(`quadrant.${q}`), tierLabel: (tier) => t('portfolio.tier_legend', { tier }), sizeNote: t('portfolio.dot_size'),
          onOpen: (id) => { location.hash = `#/accounts/${id}/insights`; },
          name: t('portfolio.quadrants'),
        }),
        asTable(t('portfolio.quadrants'), [t('chart.account'), t('analytics.cv'), t('analytics.pv'), t('chart.quadrant'), t('chart.tier')],
          () => d.scatter.map((p) => [p.name, p.cv.toFixed(0), p.pv.toFixed(0), t(`quadrant.${p.quadrant}`), p.tier])),
        d.unrated ? h('p', { class: 'muted small' }, t('portfolio.unrated', { n: formatNumber(d.unrated) })) : null)),
    h('div', { class: 'grid-2' },
      h('section', { class: 'card', 'data-testid': 'stage-card' },
        h('h2', { class: 'card-title' }, t('portfolio.stages')),
        bars(d.stages.map((/** @type {{label: string, count: number}} */ s) => ({ label: t(`stage.${s.label}`), value: s.count, display: formatNumber(s.count), tone: `stage-${s.label}` })), t('portfolio.stages'))),
      alertsCard(d, rerender)),
    crossTab(d.industry_by_tier));
}

/** Counts and revenue share per industry × tier. @param {Array<{row: string, col: string, count: number, share_bp: number}>} cells */
function crossTab(cells) {
  const rows = [...new Set(cells.map((c) => c.row))];
  const cell = (/** @type {string} */ row, /** @type {string} */ col) => cells.find((c) => c.row === row && c.col === col);
  return h('section', { class: 'card', 'data-testid': 'cross-tab' },
    h('h2', { class: 'card-title' }, t('portfolio.industry_by_tier')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('field.industry')),
        vocab().tiers.map((tier) => h('th', { scope: 'col', class: 'num' }, tier)))),
      h('tbody', null, rows.map((row) => h('tr', null,
        h('td', null, row || t('common.none')),
        vocab().tiers.map((tier) => {
          const c = cell(row, tier);
          return h('td', { class: 'num' }, c ? `${formatNumber(c.count)} · ${pct(c.share_bp)}` : h('span', { class: 'muted' }, '—'));
        })))))));
}

/** @param {import('../api.js').Dashboard} d @param {() => void} rerender */
function alertsCard(d, rerender) {
  const list = d.alerts.slice(0, 12);
  return h('section', { class: 'card', 'data-testid': 'alerts-card' },
    h('h2', { class: 'card-title' }, t('alerts.title'), h('span', { class: 'tab-count' }, formatNumber(d.alerts.length))),
    list.length === 0 ? h('p', { class: 'muted' }, t('alerts.none')) : h('ul', { class: 'alerts' }, list.map((/** @type {import('../api.js').AlertView} */ a) => {
      const details = h('div', { class: 'alert-why', hidden: true }, indicatorList(a.indicators_now));
      return h('li', { class: 'alert', 'data-alert': a.id },
        h('div', { class: 'alert-head' },
          riskChip(a.current_level, a.current_score),
          h('a', { href: `#/accounts/${a.account_id}/insights` }, a.account_name),
          h('span', { class: 'muted small' }, formatDate(a.raised_on)),
          h('span', { class: 'alert-actions' },
            h('button', { class: 'btn btn-small btn-ghost', 'aria-expanded': 'false', onclick: (/** @type {Event} */ e) => {
              details.hidden = !details.hidden;
              /** @type {HTMLElement} */ (e.currentTarget).setAttribute('aria-expanded', String(!details.hidden));
            } }, t('why.title')),
            h('button', { class: 'btn btn-small', 'data-action': 'ack-alert', onclick: async () => {
              await api.acknowledgeAlert(a.id);
              toast(t('alerts.acknowledged'));
              rerender();
            } }, t('alerts.ack')),
            snoozeButton(a.id, rerender))),
        h('div', { class: 'muted small' }, a.indicators_now.filter((i) => i.fired).map((i) => t(`indicator.${i.indicator}`)).join(' · ')),
        details);
    })),
    d.hidden_alerts ? h('p', { class: 'muted small' }, t('alerts.hidden', { n: d.hidden_alerts })) : null,
    d.alerts.length > list.length ? h('p', { class: 'muted small' }, t('alerts.more', { n: d.alerts.length - list.length })) : null);
}

/** A tile that opens a list when clicked (or Enter). @param {string} label @param {string} value @param {?string} sub @param {string} id @param {() => void} open */
function linkTile(label, value, sub, id, open) {
  const el = tile(label, value, sub, id);
  el.classList.add('tile-link');
  el.setAttribute('role', 'button');
  el.setAttribute('tabindex', '0');
  el.addEventListener('click', open);
  el.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
  return el;
}

/** @param {string} label @param {string} value @param {?string} sub @param {string} id */
function tile(label, value, sub, id) {
  return h('div', { class: 'tile', 'data-testid': id },
    h('div', { class: 'tile-label' }, label),
    h('div', { class: 'tile-value' }, value),
    sub ? h('div', { class: 'tile-sub' }, sub) : null);
}

/**
 * "Snooze 7 days" for an alert: hidden until a week from today, said in a toast.
 * @param {string} id @param {() => void} rerender
 */
export function snoozeButton(id, rerender) {
  return h('button', { class: 'btn btn-small btn-ghost', 'data-action': 'snooze-alert', onclick: async () => {
    const until = new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 10);
    await api.snoozeAlert(id, until);
    toast(t('alerts.snoozed', { date: formatDate(until) }));
    rerender();
  } }, t('alerts.snooze_week'));
}
