// What each kind of record looks like in the UI: its form fields, in tab order. The allowed
// values mirror the Rust enums (crates/domain); their labels come from the i18n files.
import { t } from './i18n/index.js';

/** @param {string} prefix @param {string[]} values */
const choices = (prefix, values) => () => values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
const ratings = () => [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }));

export const SIZE_BANDS = ['micro', 'small', 'medium', 'large', 'enterprise'];
export const ROLES = ['decision_maker', 'economic_buyer', 'technical_evaluator', 'user', 'influencer', 'gatekeeper', 'champion'];
export const INTERACTION_KINDS = ['visit', 'call', 'email', 'meeting', 'event', 'training', 'complaint', 'referral'];
export const SEVERITIES = ['low', 'medium', 'high', 'critical'];
export const OPP_KINDS = ['new', 'cross_sell', 'upsell', 'renewal'];
export const OPP_STATUSES = ['open', 'won', 'lost'];
export const CURRENCIES = ['CNY', 'USD', 'EUR', 'GBP', 'HKD', 'SGD', 'AUD', 'CAD', 'CHF', 'TWD'];

/** @returns {import('./components/form.js').FieldSpec[]} */
export function accountFields() {
  const rating = (/** @type {string} */ name) => ({ name, type: /** @type {const} */ ('select'), options: ratings, blank: 'common.not_rated' });
  return [
    { name: 'name', type: 'text', required: true, full: true },
    { name: 'industry', type: 'text' },
    { name: 'size_band', type: 'select', options: choices('size_band', SIZE_BANDS) },
    { name: 'region', type: 'text' },
    { name: 'owner', type: 'text' },
    { name: 'tags', type: 'tags', hint: 'field.tags_hint', full: true },
    { name: 'relationship_start', type: 'date' },
    { name: 'renewal_date', type: 'date' },
    rating('industry_influence'),
    rating('innovation_synergy'),
    rating('growth_potential'),
    rating('strategic_fit'),
    { name: 'notes', type: 'textarea', full: true },
  ];
}

/**
 * The per-account record kinds: their API name, form, and i18n keys.
 * @param {import('./api.js').AccountDetail} detail the account being edited (its contacts fill pickers)
 * @param {?{id: string}} [editing] the record being edited: a contact cannot report to itself
 * @returns {Record<string, {fields: import('./components/form.js').FieldSpec[]}>}
 */
export function recordKinds(detail, editing = null) {
  const contactOptions = (/** @type {string|undefined} */ except) => () =>
    detail.contacts.filter((c) => c.id !== except).map((c) => ({ value: c.id, label: c.title ? `${c.name} · ${c.title}` : c.name }));
  const isComplaint = (/** @type {Record<string, any>} */ v) => v.kind === 'complaint';
  return {
    contact: {
      fields: [
        { name: 'name', type: 'text', required: true },
        { name: 'title', type: 'text' },
        { name: 'email', type: 'email' },
        { name: 'phone', type: 'text' },
        { name: 'role', type: 'select', options: choices('role', ROLES) },
        { name: 'attitude', type: 'select', options: choices('attitude', ['-2', '-1', '0', '1', '2']) },
        { name: 'influence', type: 'select', options: ratings },
        { name: 'relationship_strength', type: 'select', options: ratings },
        { name: 'reports_to', type: 'select', options: contactOptions(editing?.id) },
        { name: 'last_contacted', type: 'date' },
        { name: 'notes', type: 'textarea', full: true },
      ],
    },
    interaction: {
      fields: [
        { name: 'date', type: 'date', required: true },
        { name: 'kind', type: 'select', required: true, options: choices('kind', INTERACTION_KINDS) },
        { name: 'severity', type: 'select', options: choices('severity', SEVERITIES), showIf: isComplaint },
        { name: 'resolved_on', type: 'date', showIf: isComplaint },
        { name: 'sentiment', type: 'select', required: true, options: choices('sentiment', ['0', '1', '-1']) },
        { name: 'summary', type: 'textarea', full: true },
        { name: 'next_step', type: 'text', full: true },
        { name: 'contact_ids', type: 'multi', options: contactOptions(undefined), full: true },
      ],
    },
    transaction: {
      fields: [
        { name: 'date', type: 'date', required: true },
        { name: 'revenue', type: 'amount', required: true },
        { name: 'profit', type: 'amount' },
        { name: 'product_line', type: 'text' },
        { name: 'quantity', type: 'number' },
      ],
    },
    survey: {
      fields: [
        { name: 'date', type: 'date', required: true },
        { name: 'contact_id', type: 'select', options: contactOptions(undefined) },
        { name: 'nps', type: 'int', required: true },
        { name: 'csat', type: 'select', options: ratings },
        { name: 'comment', type: 'textarea', full: true },
      ],
    },
    opportunity: {
      fields: [
        { name: 'title', type: 'text', required: true, full: true },
        { name: 'kind', type: 'select', required: true, options: choices('opp_kind', OPP_KINDS) },
        { name: 'status', type: 'select', required: true, options: choices('status', OPP_STATUSES) },
        { name: 'estimated_value', type: 'amount' },
        { name: 'probability', type: 'int' },
        { name: 'expected_close', type: 'date' },
      ],
    },
  };
}

/** Today as YYYY-MM-DD in local time (the default date of a new record). */
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
