// The portfolio at a glance.
import { h, mount } from '../components/dom.js';
import { t, formatMoney, formatNumber, formatChange, formatDate, formatDateTime } from '../i18n/index.js';
import * as api from '../api.js';
import { emptyPortfolio } from '../components/empty.js';

/** @param {HTMLElement} el */
export async function render(el) {
  const ov = await api.portfolioOverview();
  if (ov.accounts === 0) {
    mount(el, h('header', { class: 'page-head' }, h('h1', null, t('portfolio.title'))), emptyPortfolio(() => render(el)));
    return;
  }
  const recent = await api.listAccounts({ sort: 'updated_at', descending: true, limit: 8 });
  const change = ov.revenue_prev_12m > 0 ? (ov.revenue_12m - ov.revenue_prev_12m) / ov.revenue_prev_12m : null;
  mount(el,
    h('header', { class: 'page-head' },
      h('h1', null, t('portfolio.title')),
      h('span', { class: 'muted' }, t('portfolio.as_of', { date: formatDate(ov.as_of) }))),
    h('section', { class: 'tiles' },
      tile(t('portfolio.accounts'), formatNumber(ov.accounts), null, 'tile-accounts'),
      tile(t('portfolio.revenue_12m'), formatMoney(ov.revenue_12m, { compact: true }),
        change === null ? null : t('portfolio.vs_prev', { change: formatChange(change) }), 'tile-revenue', change),
      tile(t('portfolio.pipeline'), formatMoney(ov.open_pipeline, { compact: true }), null, 'tile-pipeline')),
    h('section', { class: 'card' },
      h('h2', { class: 'card-title' }, t('portfolio.recent')),
      h('ul', { class: 'link-list' }, recent.items.map((a) => h('li', null,
        h('a', { href: `#/accounts/${a.id}` }, a.name),
        h('span', { class: 'muted' }, [a.industry, a.region].filter(Boolean).join(' · ')),
        h('span', { class: 'muted small' }, formatDateTime(a.updated_at)))))));
}

/** @param {string} label @param {string} value @param {?string} sub @param {string} id @param {?number} [trend] */
function tile(label, value, sub, id, trend = null) {
  const tone = trend === null ? '' : trend >= 0 ? 'up' : 'down';
  return h('div', { class: 'tile', 'data-testid': id },
    h('div', { class: 'tile-label' }, label),
    h('div', { class: 'tile-value' }, value),
    sub ? h('div', { class: `tile-sub ${tone}` }, sub) : null);
}
