// @ts-check
// The add / edit account dialog, opened from the accounts table, the empty state and the
// account page.
import { t } from '../i18n/index.js';
import * as api from '../api.js';
import { buildForm } from '../components/form.js';
import { openDialog } from '../components/dialog.js';
import { toast } from '../components/toast.js';
import { accountFields } from '../records.js';

/**
 * @param {import('../api.js').Account|null} account null to create one
 * @param {(a: import('../api.js').Account) => void} [onSaved] default: open the account's page
 */
export function openAccountForm(account, onSaved) {
  const d = openDialog({
    title: t(account ? 'account.edit' : 'account.new'),
    wide: true,
    body: buildForm({
      fields: accountFields(),
      values: account ?? {},
      onCancel: () => d.close(),
      onSubmit: async (values) => {
        const saved = account ? await api.updateAccount(account.id, values) : await api.createAccount(values);
        d.close();
        toast(t('common.saved'), 'ok', { undo: true });
        if (onSaved) onSaved(saved);
        else location.hash = `#/accounts/${saved.id}`;
      },
    }),
  });
}
