// @ts-check
// Computed labels (tier, quadrant, RFM, stage, risk) as chips, and the sentence that explains
// each one, in the UI's language, from the numbers the Rust side sends with it.
import { h } from './components/dom.js';
import { t, formatMoney, formatDate, formatNumber, formatPercent } from './i18n/index.js';

/** @param {number} bp basis points */
export const pct = (bp) => formatPercent(bp / 10000);

/** @param {string} tier */
export const tierChip = (tier) => h('span', { class: `label tier tier-${tier}`, 'data-label': 'tier' }, tier);
/** @param {string} q */
export const quadrantChip = (q) => h('span', { class: `label quadrant q-${q}` }, t(`quadrant.${q}`));
/** @param {string} stage */
export const stageChip = (stage) => h('span', { class: `label stage stage-${stage}` }, t(`stage.${stage}`));
/** @param {string} level @param {number} [score] */
export const riskChip = (level, score) => h('span', { class: `label risk risk-${level}` },
  score === undefined ? t(`risk.${level}`) : `${t(`risk.${level}`)} ${Math.round(score)}`);
/** @param {{r: number, f: number, m: number, segment: string}} rfm */
export const rfmChip = (rfm) => h('span', { class: `label rfm rfm-${rfm.segment}`, title: `R${rfm.r} F${rfm.f} M${rfm.m}` },
  t(`rfm.${rfm.segment}`));

/** @param {string} metric revenue | profit | value */
const metricName = (metric) => t(`analytics.metric.${metric}`);

/**
 * "A: cumulative revenue share before it 62.40% < 80.00%"
 * @param {import('./api.js').TierView} tier @param {string} metric @param {boolean} rated
 */
export function tierWhy(tier, metric, rated = true) {
  const r = tier.reason;
  if (r.code === 'override') return t('why.tier.override', { tier: tier.tier, computed: tier.computed, reason: r.reason });
  if (r.code === 'non_positive') {
    return metric === 'value' && !rated ? t('why.tier.unrated', { tier: tier.tier }) : t('why.tier.non_positive', { tier: tier.tier, metric: metricName(metric) });
  }
  // The first account has no one above it: say what makes it first instead of "0%".
  if (r.below && r.share_before_bp === 0) return t('why.tier.first', { tier: tier.tier, metric: metricName(metric) });
  return t(r.below ? 'why.tier.below' : 'why.tier.above', {
    tier: tier.tier, metric: metricName(metric), before: pct(r.share_before_bp), threshold: pct(r.threshold_bp),
  });
}

/** @param {import('./api.js').Scorecard} sc */
export function quadrantWhy(sc) {
  // One decimal where there is one: "100", "62.5".
  const n = (/** @type {number} */ v) => formatNumber(Math.round(v * 10) / 10);
  if (sc.potential_value === null) return t('why.quadrant.unrated', { cv: n(sc.current_value) });
  return t('why.quadrant.rated', {
    cv: n(sc.current_value), pv: n(sc.potential_value), score: n(sc.value_score ?? 0),
    rev: n(sc.rev12_percentile), profit: n(sc.profit12_percentile),
  });
}

/** @param {import('./api.js').Rfm} rfm @param {import('./api.js').Metrics} m */
export function rfmWhy(rfm, m) {
  if (rfm.segment === 'no_recent_purchase') return t('why.rfm.none');
  return t('why.rfm.scores', { r: rfm.r, f: rfm.f, m: rfm.m, days: m.recency_days ?? 0, freq: m.frequency, rev: formatMoney(m.rev12, { compact: true }) });
}

/** @param {import('./api.js').StageReason} reason */
export function stageWhy(reason) {
  switch (reason.code) {
    case 'set_by_hand': return t('why.stage.set_by_hand', { reason: reason.reason });
    case 'no_purchase_in_a_year': return t('why.stage.no_purchase_in_a_year', { date: formatDate(reason.last_purchase) });
    case 'revenue_down': return t('why.stage.revenue_down', { rev: formatMoney(reason.rev12, { compact: true }), prev: formatMoney(reason.prev12, { compact: true }) });
    case 'first_purchase': return t('why.stage.first_purchase', { date: formatDate(reason.first_purchase), days: formatNumber(reason.days_ago) });
    default: return t(`why.stage.${reason.code}`);
  }
}

/** One risk indicator's evidence, e.g. "134 days since the last contact (cadence 30)". @param {import('./api.js').Evidence} e */
export function evidence(e) {
  switch (e.code) {
    case 'days_since_contact': return t('evidence.days_since_contact', { days: e.days, cadence: e.cadence });
    case 'revenue_change': return t('evidence.revenue_change', { rev: formatMoney(e.rev90, { compact: true }), prev: formatMoney(e.prev90, { compact: true }) });
    case 'renewal': return t('evidence.renewal', { date: formatDate(e.renewal_date), days: e.days_past });
    case 'renewal_due': return t('evidence.renewal_due', { date: formatDate(e.renewal_date), days: e.days_until });
    case 'renewal_recorded': return t('evidence.renewal_recorded', { date: formatDate(e.renewal_date) });
    case 'complaints': return t('evidence.complaints', { last: e.last90, prev: e.prev90 });
    case 'nps': return e.previous === null ? t('evidence.nps_one', { latest: e.latest }) : t('evidence.nps', { latest: e.latest, previous: e.previous });
    default: return t(`evidence.${e.code}`);
  }
}

/** The risk indicators as a list: fired ones marked, each with its evidence. @param {import('./api.js').IndicatorResult[]} indicators */
export function indicatorList(indicators) {
  return h('ul', { class: 'indicators' }, indicators.map((i) => h('li', { class: i.fired ? 'fired' : 'quiet', 'data-indicator': i.indicator },
    h('span', { class: 'ind-mark', 'aria-hidden': 'true' }, i.fired ? '●' : '○'),
    h('span', { class: 'ind-name' }, t(`indicator.${i.indicator}`)),
    h('span', { class: 'muted small' }, ` ${evidence(i.evidence)} · ${t('indicator.weight', { w: i.weight })}`))));
}
