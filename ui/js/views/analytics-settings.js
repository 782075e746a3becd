// @ts-check
// Settings for every threshold and weight of the analytics, with "restore defaults". Saved all
// together or not at all; an impossible value is named at its field.
import { h, mount } from '../components/dom.js';
import { t } from '../i18n/index.js';
import * as api from '../api.js';
import { buildForm } from '../components/form.js';
import { toast } from '../components/toast.js';
import { vocab } from '../vocabulary.js';


/** Settings (as stored) → the form's flat values (percent where people think in percent). @param {import('../api.js').AnalyticsSettings} s */
function toForm(s) {
  /** @type {Record<string, any>} */
  const v = {
    metric: s.metric, 'tiers.a_bp': s.tiers.a_bp / 100, 'tiers.b_bp': s.tiers.b_bp / 100,
    key_accounts_min: s.key_accounts_min, key_accounts_max: s.key_accounts_max,
    'scorecard.cv_weight': Math.round(s.scorecard.cv_weight * 100), 'scorecard.split': s.scorecard.split,
    'risk.revenue_drop_pct': s.risk.revenue_drop_pct, 'risk.renewal_grace_days': s.risk.renewal_grace_days,
    'risk.complaint_rise_pct': s.risk.complaint_rise_pct, 'risk.complaint_min': s.risk.complaint_min,
    'risk.nps_drop': s.risk.nps_drop, 'risk.detractor_max': s.risk.detractor_max,
    alert_level: s.alert_level, clv_cap_years: s.clv_cap_years,
  };
  vocab().tiers.forEach((tier, i) => {
    v[`risk.cadence_days.${i}`] = s.risk.cadence_days[i];
    v[`strategies.${i}.plan`] = s.strategies[i].plan;
  });
  vocab().risk_indicators.forEach((_, i) => { v[`risk.weights.${i}`] = s.risk.weights[i]; });
  return v;
}

/** The form's values → settings, keeping what the form does not show. @param {import('../api.js').AnalyticsSettings} base @param {Record<string, any>} v */
function fromForm(base, v) {
  const s = structuredClone(base);
  s.metric = v.metric;
  s.tiers = { a_bp: Math.round((v['tiers.a_bp'] ?? 0) * 100), b_bp: Math.round((v['tiers.b_bp'] ?? 0) * 100) };
  s.key_accounts_min = v.key_accounts_min ?? 0;
  s.key_accounts_max = v.key_accounts_max ?? 0;
  const cv = (v['scorecard.cv_weight'] ?? 0) / 100;
  s.scorecard = { cv_weight: cv, pv_weight: Math.round((1 - cv) * 100) / 100, split: v['scorecard.split'] ?? 0 };
  for (const k of /** @type {const} */ (['revenue_drop_pct', 'renewal_grace_days', 'complaint_rise_pct', 'complaint_min', 'nps_drop', 'detractor_max'])) {
    s.risk[k] = v[`risk.${k}`] ?? 0;
  }
  s.risk.cadence_days = /** @type {[number, number, number]} */ (vocab().tiers.map((_, i) => v[`risk.cadence_days.${i}`] ?? 0));
  s.risk.weights = /** @type {[number, number, number, number, number]} */ (vocab().risk_indicators.map((_, i) => v[`risk.weights.${i}`] ?? 0));
  vocab().tiers.forEach((_, i) => { s.strategies[i].plan = v[`strategies.${i}.plan`]; });
  s.alert_level = v.alert_level;
  s.clv_cap_years = v.clv_cap_years ?? 0;
  return s;
}

/** @param {string} name @param {any} type @param {any} [extra] */
const f = (name, type, extra = {}) => ({ name, type, required: true, ...extra });
/** @param {string[]} values @param {(v: string) => string} label */
const choices = (values, label) => () => values.map((v) => ({ value: v, label: label(v) }));

/** @param {HTMLElement} el */
export async function analyticsSettingsCard(el) {
  const s = await api.analyticsSettings();
  const fields = [
    f('metric', 'select', { options: choices(['revenue', 'profit', 'value'], (v) => t(`analytics.metric.${v}`)) }),
    f('tiers.a_bp', 'number', { errorScale: 100 }), f('tiers.b_bp', 'number', { errorScale: 100 }),
    f('key_accounts_min', 'int'), f('key_accounts_max', 'int'),
    ...vocab().tiers.map((_, i) => f(`risk.cadence_days.${i}`, 'int')),
    ...vocab().tiers.map((_, i) => f(`strategies.${i}.plan`, 'select', { options: choices(vocab().plan_levels, (v) => t(`strategy.plan.${v}`)) })),
    f('scorecard.cv_weight', 'int', { hint: 'settings.analytics.cv_hint' }), f('scorecard.split', 'number'),
    f('risk.revenue_drop_pct', 'int'), f('risk.renewal_grace_days', 'int'), f('risk.complaint_rise_pct', 'int'),
    f('risk.complaint_min', 'int'), f('risk.nps_drop', 'int'), f('risk.detractor_max', 'int'),
    ...vocab().risk_indicators.map((_, i) => f(`risk.weights.${i}`, 'int')),
    f('alert_level', 'select', { options: choices(vocab().risk_levels, (v) => t(`risk.${v}`)) }),
    f('clv_cap_years', 'int'),
  ];
  const form = buildForm({
    fields: /** @type {any} */ (fields), values: toForm(s), submitLabel: t('common.save'),
    onCancel: () => analyticsSettingsCard(el),
    onSubmit: async (v) => {
      await api.saveAnalyticsSettings(fromForm(s, v));
      toast(t('common.saved'));
      analyticsSettingsCard(el);
    },
  });
  form.setAttribute('data-testid', 'analytics-settings');
  mount(el,
    h('h2', { class: 'card-title' }, t('settings.analytics.title')),
    h('p', { class: 'muted small' }, t('settings.analytics.intro')),
    form,
    h('div', { class: 'form-actions left' },
      h('button', { class: 'btn btn-ghost', 'data-action': 'restore-defaults', onclick: async () => {
        await api.resetAnalyticsSettings();
        toast(t('settings.analytics.restored'));
        analyticsSettingsCard(el);
      } }, t('settings.analytics.restore'))));
}
