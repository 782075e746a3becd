// @ts-check
// The plan's Export… dialog: format, language and audience; for the customer, exactly what the
// file will leave out, before anything is written; then where it went, with "open folder".
import { h, mount } from '../components/dom.js';
import { t, formatDate } from '../i18n/index.js';
import * as api from '../api.js';
import { buildForm } from '../components/form.js';
import { openDialog } from '../components/dialog.js';

const FORMATS = ['pdf', 'html', 'md', 'ics', 'ics_todo'];
const PAPERS = ['a4', 'letter'];
const LANGUAGES = ['en', 'zh-CN', 'both'];
const AUDIENCES = ['internal', 'customer'];

/** @param {string} prefix @param {string[]} values */
const options = (prefix, values) => () => values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));

/**
 * @param {import('../api.js').PlanView} v
 * @param {?{id: string, date: string}} [review] export this review's minutes instead of the plan
 */
export function openPlanExport(v, review = null) {
  const leftOutBox = h('div', { class: 'left-out', 'data-testid': 'export-left-out', 'aria-live': 'polite' });
  const result = h('div', { class: 'export-result', 'data-testid': 'export-result', 'aria-live': 'polite' });
  /** @type {?Promise<Array<{section: string, count: number}>>} */
  let leftOut = null;
  const showLeftOut = async (/** @type {string} */ audience) => {
    if (audience !== 'customer') { mount(leftOutBox); return; }
    if (review) { mount(leftOutBox, h('p', null, t('plan_export.minutes_left_out'))); return; }
    leftOut ??= api.planLeftOut(v.id);
    const list = await leftOut;
    mount(leftOutBox,
      h('p', { class: 'strong' }, t('plan_export.left_out')),
      list.length ? h('ul', null, list.map((x) => h('li', { 'data-section': x.section },
        x.section === 'health' ? t('plan_export.section.health') : `${t(`plan_export.section.${x.section}`)} (${x.count})`)))
        : h('p', { class: 'muted' }, t('plan_export.nothing_left_out')));
  };
  const form = buildForm({
    fields: [
      { name: 'format', type: 'select', required: true, options: options('plan_export.format', FORMATS) },
      { name: 'language', type: 'select', required: true, options: options('plan_export.language', LANGUAGES) },
      { name: 'audience', type: 'select', required: true, options: options('plan_export.audience', AUDIENCES) },
      { name: 'paper', type: 'select', required: true, options: options('plan_export.paper', PAPERS), showIf: (x) => x.format === 'pdf' },
    ],
    values: { format: 'pdf', paper: 'a4', language: document.documentElement.lang === 'zh-CN' ? 'zh-CN' : 'en', audience: 'internal' },
    submitLabel: t('plan_export.write'),
    onCancel: () => d.close(),
    onSubmit: async (x) => {
      const path = await api.exportPlan(v.id, { format: x.format, language: x.language, audience: x.audience, paper: x.paper ?? 'a4', review: review?.id ?? null });
      mount(result,
        h('p', null, t('plan_export.written'), ' ', h('code', { 'data-testid': 'export-path' }, path)),
        h('button', { class: 'btn', type: 'button', 'data-action': 'open-folder', onclick: async () => {
          try { await api.openExportFolder(path); } catch (e) { mount(result, h('p', { class: 'form-error' }, /** @type {any} */ (e).message)); }
        } }, t('plan_export.open_folder')));
    },
  });
  form.addEventListener('change', (ev) => {
    const target = /** @type {HTMLSelectElement} */ (ev.target);
    if (target.id === 'f-audience') showLeftOut(target.value);
    mount(result);
  });
  // Above the buttons: what will be left out is read before Export is pressed.
  form.querySelector('.form-actions')?.before(leftOutBox, result);
  const title = review ? t('plan_export.minutes_title', { date: formatDate(review.date) }) : t('plan_export.title');
  const d = openDialog({ title, wide: true, body: h('div', { class: 'plan-export' }, form) });
}
