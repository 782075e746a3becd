// @ts-check
// The empty portfolio: offer to add an account, import a spreadsheet or load the demo.
import { h } from './dom.js';
import { t, currentLanguage, formatNumber } from '../i18n/index.js';
import * as api from '../api.js';
import { toast } from './toast.js';
import { openAccountForm } from '../views/account-form.js';
import { openImportDialog } from '../views/import.js';

/** @param {() => void} onLoaded */
export function emptyPortfolio(onLoaded) {
  const demoBtn = h('button', { class: 'btn', 'data-action': 'load-demo', onclick: loadDemo }, t('empty.demo'));
  async function loadDemo() {
    demoBtn.setAttribute('disabled', '');
    demoBtn.textContent = t('empty.demo_loading');
    try {
      const s = await api.loadDemo(currentLanguage());
      toast(t('empty.demo_done', { accounts: formatNumber(s.accounts), transactions: formatNumber(s.transactions) }));
      onLoaded();
    } catch (e) {
      toast(/** @type {any} */ (e).message || t('common.error'), 'error');
      demoBtn.removeAttribute('disabled');
      demoBtn.textContent = t('empty.demo');
    }
  }
  return h('section', { class: 'empty', 'data-testid': 'empty-state' },
    h('div', { class: 'empty-mark', 'aria-hidden': 'true' }, '◎'),
    h('h2', null, t('empty.title')),
    h('p', null, t('empty.body')),
    h('div', { class: 'empty-actions' },
      h('button', { class: 'btn btn-primary', 'data-action': 'add-account', onclick: () => openAccountForm(null) }, t('empty.add')),
      h('button', { class: 'btn', 'data-action': 'import', onclick: () => openImportDialog(onLoaded) }, t('import.open')),
      demoBtn));
}
