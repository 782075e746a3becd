// @ts-check
// Settings: language (applied at once, remembered in the database), appearance, base currency,
// and where the data lives.
import { h, mount } from '../components/dom.js';
import { t } from '../i18n/index.js';
import * as api from '../api.js';
import { applySettings } from '../prefs.js';
import { toast, fileName } from '../components/toast.js';
import { vocab } from '../vocabulary.js';
import { analyticsSettingsCard } from './analytics-settings.js';
import { reminderSettingsCard } from './reminder-settings.js';
import { backupsCard, size } from './backups.js';
import { syncSettingsCard } from './sync-settings.js';
import { securityCard } from './security-settings.js';
import { teamCard } from './team-settings.js';

/** @type {Record<string, string>} */
const AUTONYMS = { en: 'English', 'zh-CN': '简体中文' };

/** @param {HTMLElement} el @param {import('../api.js').StartupInfo} info */
export async function render(el, info) {
  const [s, about] = await Promise.all([api.getSettings(), api.about().catch(() => null)]);
  const analytics = h('section', { class: 'card', 'data-testid': 'analytics-card' });
  const backups = h('section', { class: 'card', 'data-testid': 'backups-card' });
  const sharing = h('section', { class: 'card', 'data-testid': 'sharing-card' });
  syncSettingsCard(sharing, s);
  const team = h('section', { class: 'card', 'data-testid': 'team-card' });
  const security = h('section', { class: 'card', 'data-testid': 'security-card' });
  const reminders = h('section', { class: 'card', 'data-testid': 'reminders-card' });
  const drawSecurity = () => securityCard(security, info, drawSecurity);
  drawSecurity();
  /** @param {string} name @param {Array<[string, string]>} options @param {string} value @param {string} [hint] */
  const select = (name, options, value, hint) => {
    const sel = /** @type {HTMLSelectElement} */ (h('select', { id: `set-${name}`, name },
      options.map(([v, label]) => h('option', { value: v }, label))));
    sel.value = value;
    sel.addEventListener('change', async () => {
      try {
        const saved = await api.updateSettings({ [name]: sel.value });
        await applySettings(saved); // re-renders the window in the new language
        // A new language or theme shows itself; only the other choices say they were kept.
        if (name !== 'language' && name !== 'theme') toast(t('common.saved'));
      } catch (e) {
        toast(/** @type {any} */ (e).message, 'error');
      }
    });
    return h('div', { class: 'field' }, h('label', { for: `set-${name}` }, t(`settings.${name}`)), sel,
      hint ? h('div', { class: 'field-hint' }, hint) : null);
  };
  mount(el,
    h('header', { class: 'page-head' }, h('h1', null, t('settings.title'))),
    h('section', { class: 'card settings' },
      // Each language named in itself (as a language menu does), the list from the vocabulary.
      select('language', vocab().languages.map((l) => [l, AUTONYMS[l] ?? l]), document.documentElement.lang || 'en'),
      select('theme', ['system', 'light', 'dark'].map((v) => [v, t(`settings.theme.${v}`)]), s.theme),
      select('currency', vocab().currencies.map((c) => [c, c]), s.currency, t('settings.currency_hint'))),
    h('section', { class: 'card' },
      h('h2', { class: 'card-title' }, t('settings.data')),
      h('dl', { class: 'kvs' },
        h('div', { class: 'kv' }, h('dt', null, t('settings.db_path')), h('dd', { class: 'mono', 'data-testid': 'db-path' }, info.db_path || '')),
        h('div', { class: 'kv' }, h('dt', null, t('settings.schema')), h('dd', null, String(info.schema_version ?? ''))),
        h('div', { class: 'kv' }, h('dt', null, t('settings.instance')), h('dd', { class: 'mono', 'data-testid': 'instance-id' }, info.instance_id || '')),
        h('div', { class: 'kv' }, h('dt', null, t('settings.version')), h('dd', null, info.app_version)),
        about ? h('div', { class: 'kv' }, h('dt', null, t('settings.sqlite')), h('dd', null, about.sqlite)) : null,
        about ? h('div', { class: 'kv' }, h('dt', null, t('settings.book_size')), h('dd', { 'data-testid': 'book-size' }, size(about.book_bytes))) : null),
      h('div', { class: 'form-actions' },
        h('button', { class: 'btn', 'data-action': 'export-diagnostics', onclick: async () => {
          try {
            const path = await api.exportDiagnostics();
            toast(t('settings.diagnostics_done', { file: fileName(path) }), 'ok', { file: path });
          } catch (e) {
            toast(/** @type {any} */ (e).message, 'error');
          }
        } }, t('settings.export_diagnostics'))),
      h('p', { class: 'muted small' }, t('settings.diagnostics_hint'))),
    reminders,
    security,
    sharing,
    team,
    backups,
    analytics);
  await Promise.all([backupsCard(backups), analyticsSettingsCard(analytics), reminderSettingsCard(reminders),
    teamCard(team, { encrypted: info.encrypted, syncFolder: s.sync_folder ?? null })]);
}
