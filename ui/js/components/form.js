// @ts-check
// Forms built from field specs: labelled inputs in tab order, Enter submits, and every error the
// Rust side reports is shown at the field it names, in the user's language.
import { h } from './dom.js';
import { t } from '../i18n/index.js';
import { clearToasts } from './toast.js';

/**
 * @typedef {{value: string, label: string}} Option
 * @typedef {{
 *   name: string,
 *   type: 'text'|'textarea'|'date'|'select'|'int'|'number'|'amount'|'tags'|'email'|'multi',
 *   required?: boolean, full?: boolean, hint?: string,
 *   options?: () => Option[], blank?: string,
 *   showIf?: (values: Record<string, any>) => boolean,
 *   errorScale?: number,
 * }} FieldSpec
 * `errorScale`: the field shows the stored value divided by this (basis points as percent), so
 * a range error's bounds, which the Rust side reports in stored units, are divided by it too.
 */

/** Minor units → the decimal text a person edits ("1234.50"), with integer maths only. @param {number} minor */
export function minorToText(minor) {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Translates one field error from the Rust side. @param {import('../api.js').FieldError} e */
export function errorText(e) {
  const key = `errors.${e.code}`;
  const params = { ...e };
  if (e.other) params.other = t(`field.${e.other}`);
  const s = t(key, /** @type {any} */ (params));
  return s === key ? e.message : s;
}

/**
 * @param {{fields: FieldSpec[], values?: Record<string, any>, submitLabel?: string,
 *   onSubmit: (values: Record<string, any>) => Promise<void>, onCancel?: () => void}} opts
 */
export function buildForm({ fields, values = {}, submitLabel, onSubmit, onCancel }) {
  const formError = h('div', { class: 'form-error', role: 'alert', hidden: true });
  /** @type {Map<string, {spec: FieldSpec, wrap: HTMLElement, input: HTMLElement, error: HTMLElement}>} */
  const controls = new Map();

  for (const spec of fields) {
    const id = `f-${spec.name}`;
    const errId = `${id}-error`;
    const input = control(spec, id, values[spec.name]);
    input.setAttribute('aria-describedby', errId);
    const error = h('div', { class: 'field-error', id: errId, 'data-error-for': spec.name });
    const label = h('label', { for: id }, t(`field.${spec.name}`), spec.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null);
    const wrap = h('div', { class: spec.full ? 'field field-full' : 'field', 'data-field': spec.name },
      label, input, spec.hint ? h('div', { class: 'field-hint' }, t(spec.hint)) : null, error);
    controls.set(spec.name, { spec, wrap, input, error });
  }

  const saveBtn = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'save' }, submitLabel || t('common.save'));
  const form = /** @type {HTMLFormElement} */ (h('form', { class: 'form', novalidate: true },
    formError,
    h('div', { class: 'form-grid' }, [...controls.values()].map((c) => c.wrap)),
    h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'btn', onclick: () => onCancel?.() }, t('common.cancel')),
      saveBtn)));

  const refreshVisibility = () => {
    const v = read();
    for (const c of controls.values()) c.wrap.hidden = c.spec.showIf ? !c.spec.showIf(v) : false;
  };
  form.addEventListener('change', refreshVisibility);
  refreshVisibility();

  function read() {
    /** @type {Record<string, any>} */
    const out = {};
    for (const [name, c] of controls) {
      if (c.wrap.hidden) { out[name] = c.spec.type === 'multi' || c.spec.type === 'tags' ? [] : null; continue; }
      out[name] = readValue(c.spec, c.input);
    }
    return out;
  }

  function clearErrors() {
    formError.hidden = true;
    for (const c of controls.values()) {
      c.error.textContent = '';
      c.input.removeAttribute('aria-invalid');
      c.wrap.classList.remove('has-error');
    }
  }

  /** @param {any} err a CommandError */
  function showError(err) {
    // A message from before ("Saved") must not stand beside the error.
    clearToasts();
    const details = err?.kind === 'invalid' && Array.isArray(err.details) ? err.details : [];
    let firstBad = null;
    const unplaced = [];
    for (const d of details) {
      const c = controls.get(d.field);
      if (c && !c.wrap.hidden) {
        const scale = c.spec.errorScale;
        c.error.textContent = errorText(scale && d.min !== undefined && d.max !== undefined ? { ...d, min: d.min / scale, max: d.max / scale } : d);
        c.input.setAttribute('aria-invalid', 'true');
        c.wrap.classList.add('has-error');
        firstBad ??= c.input;
      } else {
        unplaced.push(d.message);
      }
    }
    if (!details.length || unplaced.length) {
      formError.textContent = details.length ? unplaced.join('; ') : (err?.message || t('common.error'));
      formError.hidden = false;
    }
    // Centre it before focusing: focus() alone scrolls it just into view, which at the bottom
    // edge is behind the form's sticky Save bar.
    const bad = /** @type {HTMLElement|null} */ (firstBad);
    bad?.scrollIntoView({ block: 'center' });
    bad?.focus({ preventScroll: true });
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors();
    const values = read();
    const typeErrors = Object.entries(values).filter(([, v]) => v === NOT_A_NUMBER)
      .map(([field]) => ({ field, code: 'not_a_number', message: `${field}: is not a number` }));
    if (typeErrors.length) {
      showError({ kind: 'invalid', message: '', details: typeErrors });
      return;
    }
    saveBtn.setAttribute('disabled', '');
    try {
      await onSubmit(values);
    } catch (err) {
      showError(err);
    } finally {
      saveBtn.removeAttribute('disabled');
    }
  });
  return form;
}

/** @param {FieldSpec} spec @param {string} id @param {any} value */
function control(spec, id, value) {
  const base = { id, name: spec.name };
  switch (spec.type) {
    case 'textarea':
      return h('textarea', { ...base, rows: 3 }, value ?? '');
    case 'select': {
      const opts = spec.options ? spec.options() : [];
      const sel = h('select', base,
        spec.required ? null : h('option', { value: '' }, spec.blank ? t(spec.blank) : t('common.none')),
        opts.map((o) => h('option', { value: o.value }, o.label)));
      /** @type {HTMLSelectElement} */ (sel).value = value === null || value === undefined ? (spec.required && opts[0] ? opts[0].value : '') : String(value);
      return sel;
    }
    case 'multi': {
      const chosen = new Set(value || []);
      const opts = spec.options ? spec.options() : [];
      return h('div', { ...base, class: 'checks', role: 'group', tabindex: -1 },
        opts.length ? opts.map((o) => h('label', { class: 'check' },
          h('input', { type: 'checkbox', value: o.value, checked: chosen.has(o.value) }), ' ', o.label)) : t('common.none'));
    }
    case 'tags':
      return h('input', { ...base, type: 'text', value: (value || []).join(', '), autocomplete: 'off' });
    case 'amount':
      return h('input', { ...base, type: 'text', inputmode: 'decimal', value: typeof value === 'number' ? minorToText(value) : (value ?? ''), autocomplete: 'off' });
    case 'int':
    case 'number':
      return h('input', { ...base, type: 'text', inputmode: spec.type === 'int' ? 'numeric' : 'decimal', value: value ?? '', autocomplete: 'off' });
    case 'date':
      return h('input', { ...base, type: 'text', placeholder: 'YYYY-MM-DD', value: value ?? '', autocomplete: 'off', maxlength: 10 });
    default:
      return h('input', { ...base, type: spec.type === 'email' ? 'email' : 'text', value: value ?? '', autocomplete: 'off' });
  }
}

/** A number field holding text: JSON cannot carry it to a numeric field, so it is named here. */
const NOT_A_NUMBER = Symbol('not a number');

/**
 * What the Rust input types expect: text as typed, numbers as numbers (or, when not numbers,
 * passed through so the Rust side names the field), blanks as null.
 * @param {FieldSpec} spec @param {HTMLElement} input
 */
function readValue(spec, input) {
  if (spec.type === 'multi') {
    return [...input.querySelectorAll('input:checked')].map((i) => /** @type {HTMLInputElement} */ (i).value);
  }
  const raw = /** @type {HTMLInputElement} */ (input).value.trim();
  switch (spec.type) {
    case 'tags':
      return raw.split(/[,，;；]/).map((s) => s.trim()).filter(Boolean);
    case 'int': {
      if (raw === '') return null;
      return /^[-+]?\d+$/.test(raw) ? Number(raw) : NOT_A_NUMBER;
    }
    case 'number': {
      if (raw === '') return null;
      const n = Number(raw.replace(/,/g, ''));
      return Number.isFinite(n) ? n : NOT_A_NUMBER;
    }
    case 'select':
      if (raw === '') return null;
      return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    case 'date':
    case 'text':
    case 'email':
    case 'textarea':
    case 'amount':
      return spec.required ? raw : (raw === '' ? null : raw);
    default:
      return raw;
  }
}
