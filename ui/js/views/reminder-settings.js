// @ts-check
// Settings → Reminders: desktop notifications on or off and for which things, how far ahead a
// review or renewal is due (the Today list follows), quiet hours, and starting Keyplan at login
// so the reminders come on a day it is never opened. Saved together or not at all; a wrong
// value is named at its field.
import { h, mount } from '../components/dom.js';
import { t } from '../i18n/index.js';
import * as api from '../api.js';
import { buildForm } from '../components/form.js';
import { toast } from '../components/toast.js';

const SWITCHES = /** @type {const} */ (['notify', 'show_names', 'actions', 'reviews', 'renewals', 'alerts', 'start_at_login']);
const DAYS = /** @type {const} */ (['review_lead_days', 'renewal_lead_days_a', 'renewal_lead_days_b', 'renewal_lead_days_c']);

/** @param {string} name @param {any} type @param {any} [extra] */
const f = (name, type, extra = {}) => ({ name, type, ...extra });
const onOff = () => [{ value: 'true', label: t('settings.reminders.on') }, { value: 'false', label: t('settings.reminders.off') }];

/** @param {HTMLElement} el */
export async function reminderSettingsCard(el) {
  const { settings, start_at_login } = await api.reminderSettings();
  /** @type {Record<string, any>} */
  const values = { ...settings, start_at_login };
  for (const k of SWITCHES) values[k] = String(values[k]);
  values.quiet_from = settings.quiet_from ?? '';
  values.quiet_until = settings.quiet_until ?? '';
  const fields = [
    f('notify', 'select', { required: true, options: onOff, hint: 'settings.reminders.notify_hint' }),
    f('start_at_login', 'select', { required: true, options: onOff, hint: 'settings.reminders.login_hint' }),
    f('show_names', 'select', { required: true, options: onOff, hint: 'settings.reminders.names_hint', full: true }),
    f('actions', 'select', { required: true, options: onOff }),
    f('reviews', 'select', { required: true, options: onOff }),
    f('renewals', 'select', { required: true, options: onOff }),
    f('alerts', 'select', { required: true, options: onOff }),
    ...DAYS.map((name) => f(name, 'int', { required: true })),
    f('quiet_from', 'text', { hint: 'settings.reminders.quiet_hint' }),
    f('quiet_until', 'text'),
  ];
  const form = buildForm({
    fields: /** @type {any} */ (fields), values, submitLabel: t('common.save'),
    onCancel: () => reminderSettingsCard(el),
    onSubmit: async (v) => {
      /** @type {any} */
      const next = { ...settings };
      for (const k of SWITCHES) if (k !== 'start_at_login') next[k] = v[k] === 'true';
      for (const k of DAYS) next[k] = v[k] ?? 0;
      next.quiet_from = (v.quiet_from ?? '').trim() || null;
      next.quiet_until = (v.quiet_until ?? '').trim() || null;
      await api.saveReminderSettings(next, v.start_at_login === 'true');
      toast(t('common.saved'));
      reminderSettingsCard(el);
    },
  });
  form.setAttribute('data-testid', 'reminder-settings');
  mount(el,
    h('h2', { class: 'card-title' }, t('settings.reminders.title')),
    h('p', { class: 'muted small' }, t('settings.reminders.intro')),
    form);
}
