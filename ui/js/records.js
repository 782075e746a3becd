// @ts-check
// What each kind of record looks like in the UI: its form fields, in tab order. The allowed
// values are the Rust side's vocabulary (./vocabulary.js); their labels come from the i18n files.
import { t } from './i18n/index.js';
import { vocab, scaleValues } from './vocabulary.js';

/**
 * Options for a closed list, read when the form opens. @param {string} prefix i18n group
 * @param {() => Array<string|number>} values
 */
const choices = (prefix, values) => () => values().map((v) => ({ value: String(v), label: t(`${prefix}.${v}`) }));
const ratings = () => scaleValues(vocab().rating).map((n) => ({ value: String(n), label: String(n) }));
/** Neutral first, then positive, then negative: the order people pick them in. */
const sentiments = () => scaleValues(vocab().sentiment).sort((a, b) => Math.abs(a) - Math.abs(b) || b - a);

/** @returns {import('./components/form.js').FieldSpec[]} */
export function accountFields() {
  const rating = (/** @type {string} */ name) => ({ name, type: /** @type {const} */ ('select'), options: ratings, blank: 'common.not_rated' });
  return [
    { name: 'name', type: 'text', required: true, full: true },
    { name: 'industry', type: 'text' },
    { name: 'size_band', type: 'select', options: choices('size_band', () => vocab().size_bands) },
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
        { name: 'role', type: 'select', options: choices('role', () => vocab().roles) },
        { name: 'attitude', type: 'select', options: choices('attitude', () => scaleValues(vocab().attitude)) },
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
        { name: 'kind', type: 'select', required: true, options: choices('kind', () => vocab().interaction_kinds) },
        { name: 'severity', type: 'select', options: choices('severity', () => vocab().severities), showIf: isComplaint },
        { name: 'resolved_on', type: 'date', showIf: isComplaint },
        { name: 'sentiment', type: 'select', required: true, options: choices('sentiment', sentiments) },
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
        { name: 'kind', type: 'select', required: true, options: choices('opp_kind', () => vocab().opportunity_kinds) },
        { name: 'status', type: 'select', required: true, options: choices('status', () => vocab().opportunity_statuses) },
        { name: 'estimated_value', type: 'amount' },
        { name: 'probability', type: 'int' },
        { name: 'expected_close', type: 'date' },
        { name: 'plan_id', type: 'select', blank: 'opportunity.no_plan', options: () => detail.plans.map((p) => ({ value: p.id, label: `${p.period} · ${p.title}` })) },
      ],
    },
  };
}

/** Today as YYYY-MM-DD in local time (the default date of a new record). */
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
