// The ONLY module that talks to the Rust side. Every call returns a Promise; a failure rejects
// with a CommandError, whose `kind` the views branch on and whose `details` name the fields.

/**
 * @typedef {'not_found'|'invalid'|'conflict'|'storage'|'io'|'internal'} ErrorKind
 * @typedef {{field: string, code: string, message: string, min?: number, max?: number, other?: string, allowed?: string[]}} FieldError
 * @typedef {{kind: ErrorKind, message: string, details: FieldError[]}} CommandError
 * @typedef {{id: string, created_at: string, updated_at: string}} Meta
 * @typedef {Meta & {name: string, industry: ?string, size_band: ?string, region: ?string, owner: ?string,
 *   tags: string[], relationship_start: ?string, renewal_date: ?string, industry_influence: ?number,
 *   innovation_synergy: ?number, growth_potential: ?number, strategic_fit: ?number, notes: ?string}} Account
 * @typedef {Meta & {account_id: string, name: string, title: ?string, email: ?string, phone: ?string,
 *   role: ?string, attitude: ?number, influence: ?number, relationship_strength: ?number,
 *   reports_to: ?string, last_contacted: ?string, notes: ?string}} Contact
 * @typedef {Meta & {account_id: string, date: string, kind: string, summary: ?string, sentiment: number,
 *   next_step: ?string, contact_ids: string[], severity: ?string, resolved_on: ?string}} Interaction
 * @typedef {Meta & {account_id: string, date: string, revenue: number, profit: ?number,
 *   product_line: ?string, quantity: ?number}} Transaction
 * @typedef {Meta & {account_id: string, contact_id: ?string, date: string, nps: number, csat: ?number, comment: ?string}} Survey
 * @typedef {Meta & {account_id: string, title: string, kind: string, estimated_value: number,
 *   probability: number, expected_close: ?string, status: string}} Opportunity
 * @typedef {{revenue: number, profit: number, last_interaction: ?string}} AccountTotals
 * @typedef {{account: Account, contacts: Contact[], interactions: Interaction[], transactions: Transaction[],
 *   surveys: Survey[], opportunities: Opportunity[], totals: AccountTotals}} AccountDetail
 * @typedef {{items: Account[], total: number, offset: number}} AccountPage
 * @typedef {{search?: string, industry?: string, size_band?: string, region?: string, owner?: string,
 *   tag?: string, sort?: string, descending?: boolean, offset?: number, limit?: number}} AccountQuery
 * @typedef {{industries: string[], regions: string[], owners: string[], tags: string[]}} AccountFacets
 * @typedef {{language: ?string, theme: string, currency: string}} Settings
 * @typedef {{db_path: ?string, schema_version: ?number, app_version: string, error: ?string}} StartupInfo
 */

/** @param {string} cmd @param {Record<string, unknown>} [args] */
function call(cmd, args) {
  const tauri = /** @type {any} */ (window).__TAURI__;
  if (!tauri) return Promise.reject({ kind: 'internal', message: 'not running inside Keyplan', details: [] });
  return tauri.core.invoke(cmd, args).catch((/** @type {unknown} */ e) => {
    // Commands reject with a CommandError; anything else (a bad argument) becomes one.
    if (e && typeof e === 'object' && 'kind' in e) throw e;
    throw { kind: 'internal', message: String(e), details: [] };
  });
}

/** @returns {Promise<StartupInfo>} */
export const appInfo = () => call('app_info');
/** @returns {Promise<Settings>} */
export const getSettings = () => call('get_settings');
/** @param {Partial<Settings>} patch @returns {Promise<Settings>} */
export const updateSettings = (patch) => call('update_settings', { patch });
/** @param {string} language */
export const loadDemo = (language) => call('load_demo', { language });

/** @param {AccountQuery} query @returns {Promise<AccountPage>} */
export const listAccounts = (query) => call('list_accounts', { query });
/** @returns {Promise<AccountFacets>} */
export const accountFacets = () => call('account_facets');
/** @param {string} id @returns {Promise<AccountDetail>} */
export const accountDetail = (id) => call('account_detail', { id });
/** @param {object} input @returns {Promise<Account>} */
export const createAccount = (input) => call('create_account', { input });
/** @param {string} id @param {object} input @returns {Promise<Account>} */
export const updateAccount = (id, input) => call('update_account', { id, input });
/** @param {string} id */
export const deleteAccount = (id) => call('delete_account', { id });

/**
 * Create / update / delete for each kind of record kept under an account.
 * @type {Record<string, {create: (accountId: string, input: object) => Promise<any>,
 *   update: (id: string, input: object) => Promise<any>, remove: (id: string) => Promise<void>}>}
 */
export const records = Object.fromEntries(
  ['contact', 'interaction', 'transaction', 'survey', 'opportunity'].map((kind) => [
    kind,
    {
      create: (accountId, input) => call(`create_${kind}`, { accountId, input }),
      update: (id, input) => call(`update_${kind}`, { id, input }),
      remove: (id) => call(`delete_${kind}`, { id }),
    },
  ]),
);

// Portfolio analytics (tiers, quadrants, RFM, stages, risk), computed as of today.
/** @param {?string} segment @param {number} [kpiDays] KPIs over this many days before today (default 365) @returns {Promise<any>} */
export const dashboard = (segment, kpiDays) => call('dashboard', { segment, kpiDays });
/** @param {AccountQuery & Record<string, any>} query @returns {Promise<{items: any[], total: number, offset: number}>} */
export const accountRows = (query) => call('account_rows', { query });
/** @param {string} id @returns {Promise<any>} */
export const accountInsights = (id) => call('account_insights', { id });
/** @param {string} id @param {?string} tier @param {?string} reason */
export const setTierOverride = (id, tier, reason) => call('set_tier_override', { id, tier, reason });
/** @param {string} id @param {?string} stage @param {?string} reason */
export const setStageOverride = (id, stage, reason) => call('set_stage_override', { id, stage, reason });
/** @param {string} id */
export const confirmStage = (id) => call('confirm_stage', { id });
/** @param {string} id @param {boolean} lost */
export const setMarkedLost = (id, lost) => call('set_marked_lost', { id, lost });
/** @param {boolean} includeHidden @returns {Promise<any[]>} */
export const alerts = (includeHidden) => call('alerts', { includeHidden });
/** @param {string} id */
export const acknowledgeAlert = (id) => call('acknowledge_alert', { id });
/** @param {string} id @param {?string} until */
export const snoozeAlert = (id, until) => call('snooze_alert', { id, until });
/** @returns {Promise<Array<{id: string, name: string, rule: Record<string, any>}>>} */
export const listSegments = () => call('list_segments');
/** @param {{name: string, rule: object}} input */
export const createSegment = (input) => call('create_segment', { input });
/** @param {string} id @param {{name: string, rule: object}} input */
export const updateSegment = (id, input) => call('update_segment', { id, input });
/** @param {string} id */
export const deleteSegment = (id) => call('delete_segment', { id });
/** @param {?string} from @returns {Promise<any[]>} */
export const kpis = (from) => call('kpis', { from });
/** @returns {Promise<any>} */
export const analyticsSettings = () => call('analytics_settings');
/** @param {object} settings @returns {Promise<any>} */
export const saveAnalyticsSettings = (settings) => call('save_analytics_settings', { settings });
/** @returns {Promise<any>} */
export const resetAnalyticsSettings = () => call('reset_analytics_settings');

/**
 * @typedef {'accounts'|'contacts'|'transactions'|'interactions'|'surveys'} ImportKind
 * @typedef {{kind: ImportKind, path: string, encoding?: string, sheet?: string, map?: Array<[string, string]>,
 *   date_format?: string, on_duplicate?: 'update'|'skip'|'error', skip_invalid?: boolean, dry_run?: boolean}} ImportArgs
 * @typedef {{format: 'csv', delimiter: string, encoding: string, guessed_encoding: boolean} | {format: 'workbook', sheet: string, sheets: string[]}} Layout
 * @typedef {{layout: Layout, headers: string[], fields: Array<{field: string, required: boolean, column: ?string}>,
 *   rows: string[][], date_orders: Array<{column: string, order: string}>, problem: ?string}} ImportPreview
 * @typedef {{row: number, line: number, column: string, value: string, code: string, message: string}} RowError
 * @typedef {{kind: string, file: string, rows_read: number, created: number, updated: number, skipped: number,
 *   already_imported: number, rejected: number, accounts_created: number, accounts_matched: number,
 *   rejected_file: ?string, backup: ?string, problems: RowError[]}} ImportSummary
 * @typedef {{stage: string, rows: number, fraction: number}} ImportProgress
 * @typedef {{path: string, taken_at: string, reason: string, bytes: number}} BackupFile
 */

/**
 * Hands a picked file's bytes to Keyplan (the web view has no path); resolves to where it is kept.
 * @param {File} file @returns {Promise<string>}
 */
export async function importStage(file) {
  const tauri = /** @type {any} */ (window).__TAURI__;
  const bytes = new Uint8Array(await file.arrayBuffer());
  return tauri.core.invoke('import_stage', bytes, { headers: { 'x-file-name': encodeURIComponent(file.name) } });
}
/** @param {ImportArgs} args @returns {Promise<ImportPreview>} */
export const importPreview = (args) => call('import_preview', { args });
/** @param {ImportArgs} args @returns {Promise<ImportSummary>} */
export const importRun = (args) => call('import_run', { args });
/** @returns {Promise<?ImportProgress>} */
export const importStatus = () => call('import_status');
export const importCancel = () => call('import_cancel');
/**
 * Exports the accounts the table query selects, with these columns; resolves to the file written.
 * @param {'csv'|'xlsx'} format @param {string[]} columns @param {Record<string, unknown>} query @param {string} language
 * @returns {Promise<string>}
 */
export const exportPortfolio = (format, columns, query, language) => call('export_portfolio', { format, columns, query, language });
/** @returns {Promise<BackupFile[]>} */
export const listBackups = () => call('list_backups');
/** @returns {Promise<BackupFile>} */
export const backupNow = () => call('backup_now');
/** @param {string} path */
export const restoreBackup = (path) => call('restore_backup', { path });
