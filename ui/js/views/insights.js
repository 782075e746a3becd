// @ts-check
// An account's analysis: each label with the numbers that decided it, the manual tier and
// stage (each with a reason, kept in history), the stage's playbook, the churn-risk indicators
// with their evidence, and where the account breaks its tier's service strategy.
import { h, mount } from '../components/dom.js';
import { t, formatDate, formatDateTime, formatMoney, formatNumber } from '../i18n/index.js';
import * as api from '../api.js';
import { buildForm } from '../components/form.js';
import { openDialog } from '../components/dialog.js';
import { toast } from '../components/toast.js';
import { vocab } from '../vocabulary.js';
import {
  tierChip, quadrantChip, rfmChip, stageChip, riskChip, tierWhy, quadrantWhy, rfmWhy, stageWhy, indicatorList, pct,
} from '../labels.js';


/** @param {string} id @returns {HTMLElement} */
export function insightsPanel(id) {
  const el = h('div', { class: 'insights', 'data-testid': 'insights' }, h('p', { class: 'muted' }, t('common.loading')));
  Promise.all([api.accountInsights(id), api.analyticsSettings()])
    .then(([ins, settings]) => draw(el, ins, settings))
    .catch((e) => mount(el, h('p', { class: 'form-error' }, e.message)));
  return el;
}

/**
 * "Add to plan": the playbook step becomes an action of the account's current plan (the latest
 * one not closed), due in 30 days; without a plan it says to make one first.
 * @param {string} accountId @param {string} title
 */
function addToPlan(accountId, title) {
  const btn = h('button', { class: 'btn btn-small btn-ghost', 'data-action': 'add-to-plan', onclick: async () => {
    const plans = (await api.plans(accountId)).filter((p) => p.status !== 'closed');
    if (!plans.length) { toast(t('insights.no_plan_yet'), 'error'); return; }
    const due = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
    try {
      await api.addPlanItem('action', plans[0].id, { title, due_date: due });
      btn.setAttribute('disabled', '');
      btn.textContent = t('insights.added_to_plan');
      toast(t('insights.added_to_plan'));
    } catch (e) { toast(/** @type {any} */ (e).message, 'error'); }
  } }, t('insights.add_to_plan'));
  return btn;
}

/** @param {HTMLElement} el @param {import('../api.js').AccountInsights} ins @param {import('../api.js').AnalyticsSettings} settings */
function draw(el, ins, settings) {
  const a = ins.analysis;
  const redraw = (/** @type {import('../api.js').AccountInsights} */ next) => draw(el, next, settings);
  const m = a.metrics;
  mount(el,
    h('div', { class: 'grid-2' },
      card('tier', t('insights.tier'), [tierChip(a.tier.tier), h('span', { class: 'muted' }, t('insights.rank', { rank: a.tier.rank, n: formatNumber(ins.accounts_in_portfolio), share: pct(a.tier.share_bp) }))],
        h('p', { 'data-testid': 'tier-why' }, tierWhy(a.tier, settings.metric, a.scorecard.potential_value !== null)),
        h('details', { class: 'health-how small' }, h('summary', null, t('insights.tier_how')),
          h('p', { class: 'muted' }, t('insights.tier_rule', { metric: t(`analytics.metric.${settings.metric}`), a: pct(settings.tiers.a_bp), b: pct(settings.tiers.b_bp) }))),
        strategy(ins),
        h('div', { class: 'form-actions left' },
          h('button', { class: 'btn', 'data-action': 'override-tier', onclick: () => overrideDialog('tier', a.id, vocab().tiers, a.tier.tier, redraw) }, t('insights.override_tier')),
          ins.overrides.tier ? h('button', { class: 'btn btn-ghost', 'data-action': 'clear-tier', onclick: async () => redraw(await api.setTierOverride(a.id, null, null)) }, t('insights.clear_override')) : null),
        history(ins.tier_history, (v) => v, 'tier-history')),
      card('stage', t('insights.stage'), [stageChip(a.stage.stage), a.stage.stage !== a.stage.suggested ? h('span', { class: 'muted' }, t('insights.suggested', { stage: t(`stage.${a.stage.suggested}`) })) : null],
        h('p', null, stageWhy(a.stage.reason)),
        h('h3', { class: 'sub-title' }, t('insights.playbook')),
        h('ul', { class: 'playbook', 'data-testid': 'playbook' }, ins.playbook.map((/** @type {string} */ k) => h('li', null, t(k), ' ', addToPlan(a.id, t(k))))),
        h('div', { class: 'form-actions left' },
          h('button', { class: 'btn', 'data-action': 'confirm-stage', onclick: async () => { redraw(await api.confirmStage(a.id)); toast(t('insights.confirmed')); } }, t('insights.confirm_stage')),
          h('button', { class: 'btn', 'data-action': 'override-stage', onclick: () => overrideDialog('stage', a.id, vocab().stages, a.stage.stage, redraw) }, t('insights.override_stage')),
          ins.overrides.stage ? h('button', { class: 'btn btn-ghost', onclick: async () => redraw(await api.setStageOverride(a.id, null, null)) }, t('insights.clear_override')) : null,
          h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: ins.overrides.marked_lost, onchange: async (/** @type {Event} */ e) => {
            redraw(await api.setMarkedLost(a.id, /** @type {HTMLInputElement} */ (e.target).checked));
          } }), ' ', t('insights.marked_lost'))),
        history(ins.stage_history, (v) => t(`stage.${v}`), 'stage-history'))),
    h('div', { class: 'grid-2' },
      card('risk', t('insights.risk'), [riskChip(a.risk.level, a.risk.score)],
        h('p', { class: 'muted small' }, t('insights.risk_rule')),
        indicatorList(a.risk.indicators),
        ins.open_alert ? h('p', { class: 'muted small' }, t('insights.alert_open', { date: formatDate(ins.open_alert.raised_on) })) : null),
      card('value', t('insights.value'), [quadrantChip(a.scorecard.quadrant), rfmChip(a.rfm)],
        h('p', null, quadrantWhy(a.scorecard)),
        a.scorecard.potential_value === null ? h('p', { class: 'notice' }, t('insights.rate_potential')) : null,
        h('p', null, rfmWhy(a.rfm, m)),
        h('dl', { class: 'kvs' },
          kv(t('metric.rev12'), formatMoney(m.rev12, { compact: true })),
          kv(t('metric.prev12'), formatMoney(m.prev12, { compact: true })),
          kv(t('metric.profit12'), formatMoney(m.profit12, { compact: true })),
          kv(t('metric.frequency'), formatNumber(m.frequency)),
          kv(t('metric.recency'), m.recency_days === null ? t('common.none') : t('metric.days', { n: m.recency_days })),
          kv(t('metric.first_purchase'), m.first_purchase ? formatDate(m.first_purchase) : t('common.none'))))));
}

/** @param {string} id @param {string} title @param {Array<Node|null>} chips @param {...(Node|null)} body */
function card(id, title, chips, ...body) {
  return h('section', { class: 'card', 'data-card': id },
    h('h2', { class: 'card-title' }, title, h('span', { class: 'chips' }, chips)), body);
}

/** @param {string} k @param {string} v */
const kv = (k, v) => h('div', { class: 'kv' }, h('dt', null, k), h('dd', null, v));

/** The tier's service strategy, and where this account breaks it. @param {import('../api.js').AccountInsights} ins */
function strategy(ins) {
  const s = ins.strategy;
  const c = ins.analysis.compliance;
  const items = [
    t('strategy.cadence', { days: c.cadence_days }),
    t(`strategy.plan.${s.plan}`),
    s.dedicated_manager ? t('strategy.dedicated_manager') : null,
    s.quarterly_review ? t('strategy.quarterly_review') : null,
    s.executive_sponsor ? t('strategy.executive_sponsor') : null,
  ].filter(Boolean);
  const breaches = [
    c.contact_overdue_days !== null ? t('strategy.overdue', { days: c.contact_overdue_days, cadence: c.cadence_days }) : null,
    c.never_contacted ? t('strategy.never_contacted') : null,
    c.plan_missing ? t('strategy.plan_missing') : null,
  ].filter(Boolean);
  return h('div', { class: 'strategy' },
    h('p', { class: 'muted small' }, `${t('strategy.title')}: ${items.join(' · ')}`),
    breaches.map((b) => h('p', { class: 'breach', 'data-testid': 'breach' }, `⚠ ${b}`)));
}

/** @param {import('../api.js').Change[]} rows @param {(v: string) => string} show @param {string} testid */
function history(rows, show, testid) {
  if (!rows.length) return null;
  return h('details', { class: 'history', 'data-testid': testid, open: true },
    h('summary', null, t('insights.history', { n: rows.length })),
    h('ul', null, rows.slice(0, 20).map((r) => h('li', null,
      h('span', { class: 'muted small' }, formatDateTime(r.at)), ' ',
      r.from === null ? show(r.to) : `${show(r.from)} → ${show(r.to)}`, ' ',
      h('span', { class: 'muted small' }, t(`cause.${r.cause}`), r.reason ? ` — ${r.reason}` : '')))));
}

/**
 * Sets a tier or stage by hand; the reason is required.
 * @param {'tier'|'stage'} what @param {string} id @param {string[]} values @param {string} current @param {(ins: import('../api.js').AccountInsights) => void} done
 */
function overrideDialog(what, id, values, current, done) {
  const form = buildForm({
    fields: [
      { name: what, type: 'select', required: true, options: () => values.map((v) => ({ value: v, label: what === 'stage' ? t(`stage.${v}`) : v })) },
      { name: 'reason', type: 'text', required: true, full: true, hint: 'insights.reason_hint' },
    ],
    values: { [what]: current },
    onCancel: () => dlg.close(),
    onSubmit: async (v) => {
      const ins = what === 'tier' ? await api.setTierOverride(id, v.tier, v.reason ?? '') : await api.setStageOverride(id, v.stage, v.reason ?? '');
      dlg.close();
      toast(t('common.saved'), 'ok', { undo: true });
      done(ins);
    },
  });
  const dlg = openDialog({ title: t(what === 'tier' ? 'insights.override_tier' : 'insights.override_stage'), body: h('div', { class: 'dialog-body' }, form) });
}
