// @ts-check
// The Export… dialogs. One plan (the plan tab; a review's minutes): format, language, audience,
// paper, a preview of the PDF's first page, then Export to Downloads or Save as… anywhere.
// Several plans (the Plans page): which ones, one file each or one combined PDF. Both list what
// the customer's version leaves out before anything is written, then where it went, with
// "Open folder".
import { h, mount } from '../components/dom.js';
import { t, formatDate, formatNumber } from '../i18n/index.js';
import * as api from '../api.js';
import { fileName } from '../components/toast.js';
import { buildForm } from '../components/form.js';
import { openDialog } from '../components/dialog.js';
import { vocab } from '../vocabulary.js';

/** @param {string} prefix @param {() => string[]} values */
const options = (prefix, values) => () => values().map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));

// The lists come from the vocabulary (the export's own choices in Rust), in its order.
/** @type {import('../components/form.js').FieldSpec[]} */
const FIELDS = [
  { name: 'format', type: 'select', required: true, options: options('plan_export.format', () => vocab().plan_formats) },
  { name: 'language', type: 'select', required: true, options: options('plan_export.language', () => vocab().doc_languages) },
  { name: 'audience', type: 'select', required: true, options: options('plan_export.audience', () => vocab().audiences) },
  { name: 'paper', type: 'select', required: true, options: options('plan_export.paper', () => vocab().papers), showIf: (x) => x.format === 'pdf' },
  // Calendars: a reminder at 9:00 this many days before each action and review.
  { name: 'remind', type: 'select', required: true, options: options('plan_export.remind', () => ['none', '0', '1', '2', '7']), showIf: (x) => String(x.format).startsWith('ics') },
];

const DEFAULTS = () => ({ format: 'pdf', paper: 'a4', remind: '1', language: document.documentElement.lang === 'zh-CN' ? 'zh-CN' : 'en', audience: 'internal' });

/** @param {Record<string, any>} x @param {?string} review @returns {import('../api.js').PlanExportRequest} */
const request = (x, review) => ({ format: x.format, language: x.language, audience: x.audience, paper: x.paper ?? 'a4', review, remind: x.remind ?? '1' });

/** @param {Array<{section: string, count: number}>} list @param {string} heading */
function leftOutList(list, heading) {
  return [
    h('p', { class: 'strong' }, heading),
    list.length ? h('ul', null, list.map((x) => h('li', { 'data-section': x.section },
      x.section === 'health' ? t('plan_export.section.health') : t('common.aside', { text: t(`plan_export.section.${x.section}`), aside: formatNumber(x.count) }))))
      : h('p', { class: 'muted' }, t('plan_export.nothing_left_out')),
  ];
}

/** Where the files went, and a button that shows the folder. @param {HTMLElement} box @param {string[]} paths */
function showWritten(box, paths) {
  const first = paths[0] ?? '';
  const where = paths.length === 1 ? first : first.replace(/[/\\][^/\\]*$/, '');
  mount(box,
    h('p', null, paths.length === 1 ? t('plan_export.written') : t('plan_export.written_many', { n: formatNumber(paths.length) }),
      ' ', h('span', { class: 'strong', 'data-testid': 'export-path', 'data-path': where, title: where }, fileName(where))),
    paths.length > 1 ? h('ul', { class: 'export-files' }, paths.map((p) => h('li', null, p.slice(where.length + 1)))) : null,
    h('button', { class: 'btn', type: 'button', 'data-action': 'open-folder', onclick: async () => {
      try { await api.openExportFolder(first); } catch (e) { mount(box, h('p', { class: 'form-error' }, /** @type {any} */ (e).message)); }
    } }, t('common.show_in_folder')));
}

/**
 * The dialog's frame: the form, the left-out box and the result box above its buttons.
 * @param {{title: string, fields: import('../components/form.js').FieldSpec[], values: Record<string, any>,
 *   onSubmit: (x: Record<string, any>, result: HTMLElement) => Promise<void>,
 *   leftOut: (x: Record<string, any>, form: HTMLFormElement) => Promise<Node[]>, side?: HTMLElement,
 *   onChange?: (x: Record<string, any>) => void, extra?: (form: HTMLFormElement, result: HTMLElement) => Node}} spec
 */
function exportDialog(spec) {
  const leftOutBox = h('div', { class: 'left-out', 'data-testid': 'export-left-out', 'aria-live': 'polite' });
  const result = h('div', { class: 'export-result', 'data-testid': 'export-result', 'aria-live': 'polite' });
  const form = /** @type {HTMLFormElement} */ (buildForm({
    fields: spec.fields,
    values: spec.values,
    submitLabel: t('plan_export.write'),
    onCancel: () => d.close(),
    onSubmit: (x) => spec.onSubmit(x, result),
  }));
  const values = () => Object.fromEntries(spec.fields.map((f) => {
    const el = /** @type {HTMLSelectElement|null} */ (form.querySelector(`#f-${f.name}`));
    return [f.name, el && 'value' in el ? el.value : null];
  }));
  let asked = 0;
  const refresh = async () => {
    const x = values();
    mount(result);
    spec.onChange?.(x);
    if (x.audience !== 'customer') { mount(leftOutBox); return; }
    const mine = ++asked;
    const nodes = await spec.leftOut(x, form);
    if (mine === asked) mount(leftOutBox, ...nodes);
  };
  form.addEventListener('change', refresh);
  // Above the buttons: what will be left out is read before Export is pressed.
  form.querySelector('.form-actions')?.before(leftOutBox, result);
  if (spec.extra) form.querySelector('[data-action="save"]')?.before(spec.extra(form, result));
  const body = h('div', { class: spec.side ? 'plan-export with-preview' : 'plan-export' }, form, spec.side ?? null);
  const d = openDialog({ title: spec.title, wide: true, body, className: spec.side ? 'dialog-export' : '' });
  refresh();
  return d;
}

/**
 * One plan, or (with `review`) that review's minutes.
 * @param {import('../api.js').PlanView} v
 * @param {?{id: string, date: string}} [review]
 */
export function openPlanExport(v, review = null) {
  /** @type {?Promise<Array<{section: string, count: number}>>} */
  let leftOut = null;
  const preview = h('figure', { class: 'pdf-preview', 'data-testid': 'pdf-preview', 'aria-live': 'polite' });
  let shown = '';
  const drawPreview = async (/** @type {Record<string, any>} */ x) => {
    const req = request(x, review?.id ?? null);
    const key = JSON.stringify(req);
    // Only a PDF has pages to preview; without it the form takes the whole width.
    preview.parentElement?.classList.toggle('with-preview', x.format === 'pdf');
    if (x.format !== 'pdf') { shown = ''; preview.hidden = true; return; }
    preview.hidden = false;
    if (key === shown) return;
    shown = key;
    preview.classList.add('loading');
    try {
      const p = await api.planPdfPreview(v.id, req);
      if (shown !== key) return;
      const img = h('img', { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(p.svg)}`, alt: t('plan_export.preview') });
      mount(preview, img, h('figcaption', { class: 'muted' }, `${t('plan_export.preview')} · ${t('plan_export.pages', { n: formatNumber(p.pages) })}`));
    } catch (e) {
      mount(preview, h('p', { class: 'form-error' }, /** @type {any} */ (e).message));
    } finally {
      preview.classList.remove('loading');
    }
  };
  exportDialog({
    title: review ? t('plan_export.minutes_title', { date: formatDate(review.date) }) : t('plan_export.title'),
    fields: FIELDS,
    values: DEFAULTS(),
    side: preview,
    onChange: drawPreview,
    leftOut: async () => {
      if (review) return [h('p', null, t('plan_export.minutes_left_out'))];
      leftOut ??= api.planLeftOut([v.id]);
      return leftOutList(await leftOut, t('plan_export.left_out'));
    },
    onSubmit: async (x, result) => showWritten(result, [await api.exportPlan(v.id, request(x, review?.id ?? null))]),
    // Save as…: the system's save dialog, for a place other than Downloads.
    extra: (form, result) => h('button', { class: 'btn', type: 'button', 'data-action': 'save-as', onclick: async () => {
      const x = Object.fromEntries(new FormData(form));
      try {
        const path = await api.savePlanExport(v.id, request(x, review?.id ?? null), t('plan_export.save_title'));
        if (path) showWritten(result, [path]);
      } catch (e) {
        mount(result, h('p', { class: 'form-error' }, /** @type {any} */ (e).message));
      }
    } }, t('plan_export.choose')),
  });
}

/**
 * Several plans at once, from the Plans page: those given, all ticked to begin with.
 * @param {import('../api.js').PlanRow[]} rows
 */
export function openPlansExport(rows) {
  const ids = rows.map((r) => r.id);
  /** @type {import('../components/form.js').FieldSpec[]} */
  const fields = [
    { name: 'plans', type: 'multi', required: true, full: true,
      options: () => rows.map((r) => ({ value: r.id, label: `${r.account_name} · ${r.period} · ${t(`plan.status.${r.status}`)}` })) },
    ...FIELDS,
    { name: 'combined', type: 'select', required: true, options: options('plan_export.combined', () => ['each', 'one']), showIf: (x) => x.format === 'pdf' },
  ];
  const chosen = (/** @type {HTMLElement} */ form) => [...form.querySelectorAll('[data-field="plans"] input:checked')]
    .map((i) => /** @type {HTMLInputElement} */ (i).value);
  const d = exportDialog({
    title: t('plan_export.many_title'),
    fields,
    values: { ...DEFAULTS(), plans: ids, combined: 'each' },
    leftOut: async (_, form) => {
      const picked = chosen(form);
      if (!picked.length) return [];
      return leftOutList(await api.planLeftOut(picked), t('plan_export.left_out_many', { n: formatNumber(picked.length) }));
    },
    onSubmit: async (x, result) => showWritten(result,
      await api.exportPlans(x.plans, request(x, null), x.format === 'pdf' && x.combined === 'one')),
  });
  d.element.querySelector('[data-field="plans"] .checks')?.classList.add('scroll-list');
}
