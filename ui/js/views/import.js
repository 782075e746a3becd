// @ts-check
// The import dialog: pick a file, see its first rows with the columns Keyplan will take (and
// change any of them), the encoding and the date order it found, then import with a progress
// bar and a Cancel that writes nothing. Refused rows are listed by row, column and value.
import { h, mount } from '../components/dom.js';
import { t, has, formatNumber } from '../i18n/index.js';
import * as api from '../api.js';
import { openDialog } from '../components/dialog.js';
import { toast, fileName } from '../components/toast.js';
import { errorText } from '../components/form.js';
import { takeBackButton } from './backups.js';

/**
 * Why a cell was refused, in the UI's language; the server's English sentence if the code is new.
 * @param {any} r a RowError: {code, …params, problem?, message}
 */
function reasonText(r) {
  const english = r.message.split(': ').slice(1).join(': ') || r.message;
  return errorText(r.code === 'invalid' ? { ...r.problem, message: english } : { ...r, message: english });
}

const KINDS = ['transactions', 'accounts', 'contacts', 'interactions', 'surveys'];
const ENCODINGS = ['', 'utf-8', 'gb18030', 'utf-16le', 'big5', 'windows-1252', 'shift_jis'];
const DATE_FORMATS = ['', '%Y-%m-%d', '%d/%m/%Y', '%m/%d/%Y', '%d.%m.%Y'];

/** @param {string} id @param {string} label @param {HTMLElement} control */
const field = (id, label, control) => h('div', { class: 'field' }, h('label', { for: id }, label), control);

/** @param {string} id @param {Array<[string, string]>} options @param {string} value */
function select(id, options, value) {
  const s = /** @type {HTMLSelectElement} */ (h('select', { id }, options.map(([v, l]) => h('option', { value: v }, l))));
  s.value = value;
  return s;
}

/** Opens the dialog; `done` runs after a successful import. @param {() => void} done */
export function openImportDialog(done) {
  /** @type {string|null} */
  let path = null;
  /** @type {Array<[string, string]>} */
  let map = [];
  const kind = select('imp-kind', KINDS.map((k) => [k, t(`import.kind.${k}`)]), 'transactions');
  // The browser's own file button speaks the system's language, not Keyplan's: it is hidden, and
  // a button of ours opens it and says which file was chosen.
  const file = /** @type {HTMLInputElement} */ (h('input', { id: 'imp-file', type: 'file', accept: '.csv,.txt,.tsv,.xlsx,.xls,.ods', class: 'sr-only', tabindex: -1 }));
  const chosen = h('span', { class: 'file-chosen muted', 'data-testid': 'import-file-name' }, t('import.no_file'));
  const picker = h('div', { class: 'file-pick' },
    h('button', { type: 'button', class: 'btn', 'data-action': 'choose-file', onclick: () => file.click() }, t('import.choose_file')), chosen, file);
  const encoding = select('imp-encoding', ENCODINGS.map((e) => [e, e || t('import.detect')]), '');
  const dateFormat = select('imp-date', DATE_FORMATS.map((f) => [f, f || t('import.detect')]), '');
  const policy = select('imp-dup', ['error', 'skip', 'update'].map((p) => [p, t(`import.dup.${p}`)]), 'error');
  const skip = /** @type {HTMLInputElement} */ (h('input', { id: 'imp-skip', type: 'checkbox' }));
  const preview = h('div', { class: 'import-preview', 'data-testid': 'import-preview' });
  const status = h('div', { class: 'import-status', 'data-testid': 'import-status', 'aria-live': 'polite' });
  const go = /** @type {HTMLButtonElement} */ (h('button', { class: 'btn btn-primary', type: 'button', disabled: true, 'data-action': 'run-import', onclick: () => run() }, t('import.run')));
  const cancel = h('button', { class: 'btn', type: 'button', hidden: true, 'data-action': 'cancel-import', onclick: () => api.importCancel() }, t('common.cancel'));

  /** @returns {import('../api.js').ImportArgs} */
  const args = () => ({
    kind: /** @type {any} */ (kind.value), path: path || '', encoding: encoding.value, map,
    date_format: dateFormat.value, on_duplicate: /** @type {any} */ (policy.value), skip_invalid: skip.checked,
  });

  async function refresh() {
    if (!path) return;
    try {
      const p = await api.importPreview(args());
      showPreview(p);
      go.disabled = Boolean(p.problem);
    } catch (e) {
      go.disabled = true;
      mount(preview, h('p', { class: 'error' }, /** @type {any} */ (e).message));
    }
  }

  /** @param {import('../api.js').ImportPreview} p */
  function showPreview(p) {
    const how = p.layout.format === 'csv'
      ? t('import.read_csv', { delimiter: p.layout.delimiter === '\t' ? 'Tab' : p.layout.delimiter, encoding: p.layout.guessed_encoding ? t('common.aside', { text: p.layout.encoding, aside: t('import.detected') }) : p.layout.encoding })
      : t('import.read_sheet', { sheet: p.layout.sheet });
    const mapping = h('table', { class: 'table table-compact', 'data-testid': 'import-mapping' },
      h('thead', null, h('tr', null, h('th', null, t('import.field')), h('th', null, t('import.column')))),
      h('tbody', null, p.fields.map((f) => {
        const s = select(`map-${f.field}`, [['', t('common.none')], ...p.headers.map((hd) => /** @type {[string, string]} */ ([hd, hd]))], f.column || '');
        s.addEventListener('change', () => {
          map = map.filter(([k]) => k !== f.field);
          if (s.value) map.push([f.field, s.value]);
          refresh();
        });
        // The field's name on screen; its snake_case key (what `keyplan import --map` takes) on hover.
        const name = has(`field.${f.field}`) ? t(`field.${f.field}`) : f.field;
        return h('tr', null, h('td', { title: f.field }, name, f.required ? h('span', { class: 'required' }, ' *') : null), h('td', null, s));
      })));
    const rows = h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact' },
      h('thead', null, h('tr', null, p.headers.map((hd) => h('th', null, hd)))),
      h('tbody', null, p.rows.map((r) => h('tr', null, r.map((c) => h('td', null, c)))))));
    mount(preview,
      h('p', { class: 'muted' }, how),
      p.date_orders.map((d) => h('p', { class: 'muted' }, t(`import.order.${d.order}`, { column: d.column }))),
      p.problem ? h('p', { class: 'error', 'data-testid': 'import-problem' }, p.problem) : null,
      h('div', { class: 'import-grid' }, h('div', { class: 'table-wrap' }, mapping), rows));
  }

  async function run() {
    go.disabled = true;
    cancel.hidden = false;
    const started = performance.now();
    const bar = h('progress', { max: 1, value: 0 });
    const text = h('span', { class: 'muted' });
    mount(status, bar, text);
    const timer = window.setInterval(async () => {
      const p = await api.importStatus().catch(() => null);
      if (!p) return;
      bar.setAttribute('value', String(p.fraction));
      const secs = Math.max((performance.now() - started) / 1000, 0.001);
      text.textContent = ` ${t(`import.stage.${p.stage}`)} · ${formatNumber(p.rows)} · ${formatNumber(Math.round(p.rows / secs))} ${t('import.rows_per_s')}`;
    }, 200);
    try {
      const s = await api.importRun(args());
      showSummary(s);
      done();
    } catch (e) {
      showError(/** @type {any} */ (e));
      go.disabled = false;
    } finally {
      window.clearInterval(timer);
      cancel.hidden = true;
    }
  }

  /** @param {import('../api.js').ImportSummary} s */
  function showSummary(s) {
    mount(status, h('div', { class: 'import-done', 'data-testid': 'import-summary' },
      h('p', null, t('import.summary', { created: formatNumber(s.created), updated: formatNumber(s.updated), skipped: formatNumber(s.skipped), already: formatNumber(s.already_imported), rejected: formatNumber(s.rejected) })),
      s.kind === 'transactions' ? h('p', null, t('import.accounts', { created: formatNumber(s.accounts_created), matched: formatNumber(s.accounts_matched) })) : null,
      s.rejected_file ? h('p', { title: s.rejected_file }, t('import.rejected_file', { path: fileName(s.rejected_file) })) : null,
      s.backup ? h('div', { class: 'form-actions left' }, takeBackButton(s.backup, t('import.take_back'), done)) : null));
    toast(t('import.done'));
  }

  /** @param {import('../api.js').CommandError} e */
  function showError(e) {
    if (e.kind === 'cancelled') {
      mount(status, h('p', { class: 'muted' }, t('import.cancelled')));
      return;
    }
    const rows = /** @type {any[]} */ (e.details || []);
    mount(status, h('div', { 'data-testid': 'import-errors' },
      h('p', { class: 'error' }, e.kind === 'rejected' ? t('import.rejected') : e.message),
      rows.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact' },
        h('thead', null, h('tr', null, ['row', 'column', 'value', 'reason'].map((k) => h('th', { class: k === 'row' ? 'num' : null }, t(`import.err.${k}`))))),
        h('tbody', null, rows.map((r) => h('tr', null, h('td', { class: 'num' }, formatNumber(r.row)), h('td', null, r.column), h('td', { class: 'mono' }, r.value), h('td', null, reasonText(r))))))) : null));
    status.scrollIntoView({ block: 'nearest' });
  }

  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    chosen.textContent = f.name;
    chosen.classList.remove('muted');
    map = [];
    mount(preview, h('p', { class: 'muted' }, t('common.loading')));
    try {
      path = await api.importStage(f);
      await refresh();
    } catch (e) {
      mount(preview, h('p', { class: 'error' }, /** @type {any} */ (e).message || String(e)));
    }
  });
  for (const c of [kind, encoding, dateFormat]) c.addEventListener('change', () => { if (c === kind) map = []; refresh(); });
  for (const c of [policy, skip]) c.addEventListener('change', () => { status.textContent = ''; });

  openDialog({
    title: t('import.title'),
    wide: true,
    className: 'dialog-import',
    // One scroll area, the buttons under it always in sight.
    body: h('div', { class: 'dialog-frame' }, h('div', { class: 'dialog-body import-dialog' },
      h('div', { class: 'form-grid' },
        field('imp-kind', t('import.kind'), kind),
        h('div', { class: 'field' }, h('span', { class: 'field-label', id: 'imp-file-label' }, t('import.file')), picker),
        field('imp-encoding', t('import.encoding'), encoding),
        field('imp-date', t('import.date_format'), dateFormat),
        field('imp-dup', t('import.on_duplicate'), policy),
        h('div', { class: 'field field-check' }, skip, h('label', { for: 'imp-skip' }, t('import.skip_invalid')))),
      preview, status),
    h('footer', { class: 'form-actions dialog-foot' }, cancel, go)),
  });
}
