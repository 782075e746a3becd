// @ts-check
// The command palette (Ctrl+K): accounts, plans and commands, found by typing a few letters of
// their name in either language ("today", "今日", "imp", "导入"). Arrow keys move, Enter goes,
// Escape closes and gives focus back to where it was. One list box with an active option that
// the text box points at (aria-activedescendant), so a screen reader follows the choice.
import * as api from '../api.js';
import { t, everyLanguage, shown, currentLanguage } from '../i18n/index.js';
import { h } from '../components/dom.js';
import { openDialog } from '../components/dialog.js';
import { toast } from '../components/toast.js';
import { applySettings } from '../prefs.js';
import { openAccountForm } from './account-form.js';
import { openNewPlan } from './plans.js';
import { openImportDialog } from './import.js';
import { lockNow } from './lock.js';
import { undoLast, redoLast } from '../undo.js';

/**
 * @typedef {{id: string, group: 'command'|'account'|'plan', label: string, detail?: string,
 *   keys?: string, words: string[], run: () => void}} Choice
 */

/** How many accounts and plans are listed for what was typed (commands are few). */
const SHOWN = 6;

/** @param {string} s */
const fold = (s) => s.toLocaleLowerCase().normalize('NFKC');

/**
 * How well `words` answer `typed`: 3 a word starts with it, 2 one holds it, 1 every typed
 * word is in one of them, 0 not at all.
 * @param {string[]} words @param {string} typed
 */
function score(words, typed) {
  if (!typed) return 1;
  const folded = words.map(fold);
  if (folded.some((w) => w.startsWith(typed))) return 3;
  if (folded.some((w) => w.includes(typed))) return 2;
  const parts = typed.split(/\s+/).filter(Boolean);
  return parts.length > 1 && parts.every((p) => folded.some((w) => w.includes(p))) ? 1 : 0;
}

/**
 * The commands, each named in both languages.
 * @param {{encrypted: boolean, refresh: () => void}} ctx
 * @returns {Choice[]}
 */
function commands({ encrypted, refresh }) {
  /** @param {string} id @param {string} key @param {() => void} run @param {string} [keys] @returns {Choice} */
  const cmd = (id, key, run, keys) => ({ id: `cmd-${id}`, group: 'command', label: t(key), words: [...everyLanguage(key), id.replace(/_/g, ' ')], run, keys });
  /** A page of the window, "Go to Accounts". @param {string} id @param {string} page @param {string} hash @returns {Choice} */
  const page = (id, page, hash) => {
    const choice = cmd(id, page, go(hash));
    return { ...choice, label: t('palette.go', { page: t(page) }), words: [...choice.words, ...everyLanguage('palette.go').map((g) => g.replace('{page}', '').trim())] };
  };
  /** @param {string} hash */
  const go = (hash) => () => {
    if (location.hash === hash) refresh();
    else location.hash = hash;
  };
  const list = [
    cmd('today', 'palette.today', go('#/actions')),
    cmd('new_account', 'palette.new_account', () => openAccountForm(null), 'Ctrl+N'),
    cmd('new_plan', 'palette.new_plan', () => openNewPlan(null, refresh)),
    cmd('import', 'palette.import', () => openImportDialog(refresh)),
    page('portfolio', 'nav.portfolio', '#/portfolio'),
    page('accounts', 'nav.accounts', '#/accounts'),
    page('plans', 'nav.plans', '#/plans'),
    page('actions', 'nav.actions', '#/actions'),
    page('sync', 'nav.sync', '#/sync'),
    page('settings', 'nav.settings', '#/settings'),
    cmd('language', 'palette.language', async () => {
      try {
        const saved = await api.updateSettings({ language: currentLanguage() === 'en' ? 'zh-CN' : 'en' });
        await applySettings(saved);
      } catch (e) { toast(/** @type {any} */ (e).message, 'error'); }
    }),
    cmd('undo', 'undo.undo', () => undoLast(), 'Ctrl+Z'),
    cmd('redo', 'undo.redo', () => redoLast(), 'Ctrl+Shift+Z'),
  ];
  if (encrypted) list.push(cmd('lock', 'palette.lock', () => { lockNow().then(refresh); }));
  return list;
}

let open = false;

/**
 * Opens the palette.
 * @param {{encrypted: boolean, refresh: () => void}} ctx
 */
export function openPalette(ctx) {
  if (open) return;
  open = true;
  const cmds = commands(ctx);
  /** @type {import('../api.js').PlanRow[]} */
  let plans = [];
  /** @type {Choice[]} */
  let shownChoices = [];
  let active = 0;
  let asked = 0;

  const input = /** @type {HTMLInputElement} */ (h('input', {
    type: 'text', id: 'palette-input', class: 'palette-input', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
    'aria-expanded': 'true', 'aria-controls': 'palette-list', 'aria-autocomplete': 'list',
    'aria-label': t('palette.label'), placeholder: t('palette.placeholder'),
  }));
  const list = h('ul', { id: 'palette-list', class: 'palette-list', role: 'listbox', 'aria-label': t('palette.results') });
  const empty = h('p', { class: 'muted palette-empty', role: 'status', 'aria-live': 'polite' });

  /** @param {number} i */
  function activate(i) {
    if (!shownChoices.length) {
      input.removeAttribute('aria-activedescendant');
      return;
    }
    active = (i + shownChoices.length) % shownChoices.length;
    list.querySelectorAll('[role=option]').forEach((el, n) => el.setAttribute('aria-selected', String(n === active)));
    const el = list.querySelector(`#palette-opt-${active}`);
    if (el) {
      input.setAttribute('aria-activedescendant', el.id);
      el.scrollIntoView({ block: 'nearest' });
    }
  }

  /** @param {Choice[]} choices */
  function draw(choices) {
    shownChoices = choices;
    const groups = /** @type {const} */ (['command', 'account', 'plan']);
    let n = 0;
    list.replaceChildren(...groups.flatMap((g) => {
      const mine = choices.filter((c) => c.group === g);
      if (!mine.length) return [];
      // A labelled group of options (the listbox's own structure), its heading beside it.
      return [h('li', { role: 'presentation' },
        h('div', { id: `palette-group-${g}`, class: 'palette-group' }, t(`palette.group.${g}`)),
        h('ul', { role: 'group', 'aria-labelledby': `palette-group-${g}`, class: 'palette-sublist' },
          mine.map((c) => {
            const i = n++;
            return h('li', { role: 'option', id: `palette-opt-${i}`, class: 'palette-option', 'data-choice': c.id, 'aria-selected': 'false',
              onmousedown: (/** @type {Event} */ e) => e.preventDefault(), onclick: () => choose(i) },
            h('span', { class: 'palette-label' }, c.label),
            c.detail ? h('span', { class: 'muted small palette-detail' }, c.detail) : null,
            c.keys ? h('kbd', { class: 'palette-keys' }, c.keys) : null);
          })))];
    }));
    // The choices are put back in the order drawn, so the active index matches what is seen.
    shownChoices = groups.flatMap((g) => choices.filter((c) => c.group === g));
    empty.textContent = choices.length ? t('palette.count', { n: choices.length }) : t('palette.none');
    activate(0);
  }

  async function update() {
    const typed = fold(input.value.trim());
    const mine = ++asked;
    const rank = (/** @type {Choice[]} */ cs) => cs.map((c) => ({ c, s: score(c.words, typed) })).filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s).map((x) => x.c);
    const found = rank(cmds).slice(0, typed ? SHOWN : cmds.length);
    const planChoices = typed ? rank(plans.map(planChoice)).slice(0, SHOWN) : [];
    draw([...found, ...planChoices]);
    if (!typed) return;
    try {
      const page = await api.listAccounts({ search: input.value.trim(), limit: SHOWN });
      if (mine !== asked) return; // a later keystroke asked again
      draw([...found, ...page.items.map(accountChoice), ...planChoices]);
    } catch { /* the commands and plans stay */ }
  }

  /** @param {import('../api.js').Account} a @returns {Choice} */
  function accountChoice(a) {
    return { id: `account-${a.id}`, group: 'account', label: a.name, detail: [a.industry, a.region].filter(Boolean).join(' · '), words: [a.name],
      run: () => { location.hash = `#/accounts/${a.id}`; } };
  }

  /** @param {import('../api.js').PlanRow} p @returns {Choice} */
  function planChoice(p) {
    return { id: `plan-${p.id}`, group: 'plan', label: shown(p.name), detail: `${p.account_name} · ${p.period}`,
      words: [...new Set([p.name, shown(p.name), p.account_name, p.period])],
      run: () => { location.hash = `#/accounts/${p.account_id}/plan/${p.id}`; } };
  }

  /** @param {number} i */
  function choose(i) {
    const c = shownChoices[i];
    if (!c) return;
    d.close();
    c.run();
  }

  input.addEventListener('input', () => { update(); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); activate(active + 1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); activate(active - 1); }
    else if (e.key === 'Home' && e.ctrlKey) { e.preventDefault(); activate(0); }
    else if (e.key === 'End' && e.ctrlKey) { e.preventDefault(); activate(shownChoices.length - 1); }
    else if (e.key === 'Enter') { e.preventDefault(); choose(active); }
  });

  const d = openDialog({
    title: t('palette.title'),
    className: 'palette',
    body: h('div', { class: 'dialog-body palette-body', 'data-testid': 'palette' }, input, empty, list,
      h('p', { class: 'muted small palette-help' }, t('palette.help'))),
    onClose: () => { open = false; },
  });
  input.focus();
  update();
  api.plans(null).then((rows) => { plans = rows; if (input.value.trim()) update(); }).catch(() => {});
}
