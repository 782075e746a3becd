// @ts-check
// The ONLY module that talks to the Rust side. Every call returns a Promise; a failure rejects
// with a CommandError, whose `kind` the views branch on and whose `details` name the fields.

/**
 * Every kind of CommandError (src-tauri/src/error.rs, whose tests hold this list to Rust's).
 * `rejected`: an import's rows are wrong and `details` holds them (RowError); `cancelled`: the
 * user stopped it; `unprintable`: no installed font shows some of a document's characters; all
 * three wrote nothing. `not_found`: `details` holds the kind and id asked for. `incomplete`: part
 * of it failed and the rest was done. `locked`: the book is encrypted and was not unlocked (a
 * wrong passphrase or recovery key, a missing key file); nothing was opened or changed.
 * @typedef {'not_found'|'invalid'|'conflict'|'storage'|'io'|'internal'|'rejected'|'cancelled'|'unprintable'|'incomplete'|'locked'} ErrorKind
 * @typedef {{field: string, code: string, message: string, min?: number, max?: number, other?: string,
 *   allowed?: string[], name?: string, reason?: string}} FieldError
 * @typedef {{kind: ErrorKind, message: string, details: Array<FieldError|RowError>}} CommandError
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
 *   probability: number, expected_close: ?string, status: string, plan_id: ?string}} Opportunity
 * @typedef {{revenue: number, profit: number, last_interaction: ?string}} AccountTotals
 * @typedef {{account: Account, contacts: Contact[], interactions: Interaction[], transactions: Transaction[],
 *   surveys: Survey[], opportunities: Opportunity[], plans: Array<{id: string, title: string, period: string}>,
 *   totals: AccountTotals}} AccountDetail
 * @typedef {{items: Account[], total: number, offset: number}} AccountPage
 * @typedef {{search?: ?string, industry?: ?string, size_band?: ?string, region?: ?string, owner?: ?string,
 *   tag?: ?string, sort?: ?string, descending?: boolean, offset?: number, limit?: number}} AccountQuery
 * @typedef {{industries: string[], regions: string[], owners: string[], tags: string[]}} AccountFacets
 * @typedef {{language: ?string, theme: string, currency: string, user_name?: string, sync_folder?: ?string}} Settings
 * @typedef {{db_path: ?string, schema_version: ?number, instance_id: ?string, app_version: string, error: ?string,
 *   encrypted: boolean, locked: boolean, keyring: boolean, keyring_error: ?string}} StartupInfo
 * @typedef {{recovery_key: string, backups_encrypted: string[], backups_removed: string[], backups_failed: ?string,
 *   imports_removed: string[]}} EncryptResult
 * @typedef {{min: number, max: number}} Scale
 * @typedef {{size_bands: string[], roles: string[], interaction_kinds: string[], severities: string[],
 *   opportunity_kinds: string[], opportunity_statuses: string[], currencies: string[], tiers: Tier[],
 *   tier_metrics: TierMetric[], quadrants: Quadrant[], stages: Stage[], rfm_segments: string[],
 *   risk_levels: RiskLevel[], risk_indicators: string[], plan_levels: PlanLevel[], nps_buckets: string[],
 *   plan_statuses: PlanStatus[], team_roles: string[], cadences: string[], templates: string[], goal_kinds: string[],
 *   measure_kinds: string[], money_measures: string[], objective_statuses: string[],
 *   action_statuses: string[], risk_statuses: string[], resource_statuses: string[],
 *   move_marks: Record<string, string>, health_points: Record<string, number>, health_points_per_gap: number,
 *   health_green_min: number, health_amber_min: number, languages: string[], plan_formats: string[],
 *   doc_languages: string[], audiences: string[], papers: string[], rating: Scale, attitude: Scale, sentiment: Scale, nps: Scale, probability: Scale,
 *   promoter_min: number, passive_min: number, year_min: number, year_max: number}} Vocabulary
 */

// The analytics results (crates/domain/src/analytics, crates/app/src/analytics), as serde writes them.
/**
 * @typedef {'A'|'B'|'C'} Tier
 * @typedef {'revenue'|'profit'|'value'} TierMetric
 * @typedef {'strategic_partner'|'growth'|'profit'|'basic'|'unrated'} Quadrant
 * @typedef {'prospect'|'onboarding'|'growth'|'mature'|'decline'|'churned'|'win_back'} Stage
 * @typedef {'low'|'medium'|'high'} RiskLevel
 * @typedef {'full'|'light'|'none'} PlanLevel
 * @typedef {{rev12: number, profit12: number, prev12: number, frequency: number, recency_days: ?number,
 *   rev90: number, prev90: number, days_since_interaction: ?number, complaints90: number,
 *   complaints_prev90: number, latest_nps: ?number, previous_nps: ?number, first_purchase: ?string}} Metrics
 * @typedef {{code: 'share', share_before_bp: number, threshold_bp: number, below: boolean}
 *   | {code: 'non_positive'} | {code: 'override', reason: string}} TierReason
 * @typedef {{tier: Tier, computed: Tier, rank: number, share_bp: number, reason: TierReason, metric_value: number}} TierView
 * @typedef {{rev12_percentile: number, profit12_percentile: number, current_value: number,
 *   potential_value: ?number, value_score: ?number, quadrant: Quadrant}} Scorecard
 * @typedef {{r: number, f: number, m: number, segment: string}} Rfm
 * @typedef {{code: 'set_by_hand', reason: string} | {code: 'marked_lost'}
 *   | {code: 'no_purchase_in_a_year', last_purchase: string} | {code: 'high_risk'}
 *   | {code: 'revenue_down', rev12: number, prev12: number} | {code: 'no_purchase_yet'}
 *   | {code: 'first_purchase', first_purchase: string, days_ago: number}} StageReason
 * @typedef {{stage: Stage, suggested: Stage, reason: StageReason, suggested_reason: StageReason}} StageView
 * @typedef {{code: 'days_since_contact', days: number, cadence: number} | {code: 'no_interaction_recorded'}
 *   | {code: 'revenue_change', rev90: number, prev90: number} | {code: 'no_revenue_before'}
 *   | {code: 'renewal', renewal_date: string, days_past: number}
 *   | {code: 'renewal_due', renewal_date: string, days_until: number}
 *   | {code: 'renewal_recorded', renewal_date: string} | {code: 'no_renewal_date'}
 *   | {code: 'complaints', last90: number, prev90: number}
 *   | {code: 'nps', latest: number, previous: ?number} | {code: 'no_survey'}} Evidence
 * @typedef {{indicator: string, fired: boolean, weight: number, evidence: Evidence}} IndicatorResult
 * @typedef {{score: number, level: RiskLevel, indicators: IndicatorResult[]}} Risk
 * @typedef {{cadence_days: number, contact_overdue_days: ?number, never_contacted: boolean,
 *   plan: PlanLevel, plan_missing: boolean}} Compliance
 * @typedef {{id: string, name: string, tier: TierView, scorecard: Scorecard, rfm: Rfm, stage: StageView,
 *   risk: Risk, compliance: Compliance, metrics: Metrics}} AccountAnalysis
 * @typedef {{a_count: number, min: number, max: number, outside: boolean}} KeyAccountCheck
 * @typedef {{accounts: number, customers_at_start: number, customers_at_end: number, new_customers: number,
 *   retention_rate: ?number, churn_rate: ?number, nps: ?number, nps_responses: number, clv: ?number,
 *   expected_lifetime_years: ?number, revenue: number, revenue_share_by_tier: [number, number, number],
 *   referral_rate: ?number, avg_resolution_days: ?number, plan_coverage: ?number,
 *   cadence_compliance: ?number}} Kpis
 * @typedef {Kpis & {id: string, name: string, group: string, from: string, to: string}} KpiGroup
 * @typedef {{metric: 'rev12'|'profit12'|'prev12'|'frequency'|'recency_days'|'value_score'|'risk_score',
 *   min?: ?number, max?: ?number}} MetricRange
 * @typedef {{industry?: string[], size_band?: string[], region?: string[], owner?: string[], tag?: string[],
 *   tier?: Tier[], quadrant?: Quadrant[], stage?: Stage[], rfm_segment?: string[], risk_level?: RiskLevel[],
 *   ranges?: MetricRange[]}} SegmentRule
 * @typedef {{id: string, name: string, rule: SegmentRule}} Segment
 * @typedef {{row: string, col: string, count: number, rev12: number, share_bp: number}} GroupCell
 * @typedef {{id: string, account_id: string, raised_on: string, level: RiskLevel, score: number,
 *   indicators: string[], acknowledged_at: ?string, snoozed_until: ?string, closed_on: ?string}} Alert
 * @typedef {Alert & {account_name: string, current_score: number, current_level: RiskLevel,
 *   indicators_now: IndicatorResult[], hidden: boolean}} AlertView
 * @typedef {{tier: Tier, count: number, rev12: number, share_bp: number}} TierSlice
 * @typedef {{id: string, name: string, cv: number, pv: number, quadrant: Quadrant, tier: Tier}} ScatterPoint
 * @typedef {{as_of: string, segment: ?Segment, accounts: number, rev12: number, key_accounts: KeyAccountCheck,
 *   tiers: TierSlice[], pareto: Array<[number, number]>, scatter: ScatterPoint[], unrated: number,
 *   stages: Array<{label: string, count: number}>, alerts: AlertView[], hidden_alerts: number,
 *   kpi_from: string, kpis: Kpis, contact_overdue: number, plan_missing: number, plan_missing_a: number,
 *   industry_by_tier: GroupCell[]}} Dashboard
 * @typedef {Account & {labels: ?AccountAnalysis}} AccountRow
 * @typedef {{items: AccountRow[], total: number, offset: number}} AccountRowPage
 * @typedef {AccountQuery & {segment?: ?string, tier?: ?Tier, quadrant?: ?Quadrant, stage?: ?Stage,
 *   rfm_segment?: ?string, risk_level?: ?RiskLevel, label_sort?: ?string, plan_missing?: boolean}} TableQuery
 * @typedef {{dedicated_manager: boolean, quarterly_review: boolean, executive_sponsor: boolean, plan: PlanLevel}} TierStrategy
 * @typedef {{date: string, at: string, from: ?string, to: string, cause: string, reason: ?string}} Change
 * @typedef {{tier: ?[Tier, string], stage: ?[Stage, string], marked_lost: boolean}} Overrides
 * @typedef {{as_of: string, analysis: AccountAnalysis, overrides: Overrides, strategy: TierStrategy,
 *   tier_history: Change[], stage_history: Change[], playbook: string[], open_alert: ?Alert,
 *   accounts_in_portfolio: number}} AccountInsights
 * @typedef {{cadence_days: [number, number, number], revenue_drop_pct: number, renewal_grace_days: number,
 *   complaint_rise_pct: number, complaint_min: number, nps_drop: number, detractor_max: number,
 *   weights: [number, number, number, number, number]}} RiskSettings
 * @typedef {{metric: TierMetric, tiers: {a_bp: number, b_bp: number}, key_accounts_min: number,
 *   key_accounts_max: number, strategies: [TierStrategy, TierStrategy, TierStrategy],
 *   scorecard: {cv_weight: number, pv_weight: number, split: number}, risk: RiskSettings,
 *   alert_level: RiskLevel, clv_cap_years: number}} AnalyticsSettings
 */


// Account plans (crates/domain/src/plan, crates/app/src/plans), as serde writes them.
/**
 * @typedef {'draft'|'active'|'under_review'|'closed'} PlanStatus
 * @typedef {'green'|'amber'|'red'} HealthLevel
 * @typedef {{code: string, points?: number, filled?: number, expected?: number, on_track?: number,
 *   total?: number, not_started?: number, overdue?: number, open?: number, next?: string, days?: number, gaps?: number}} HealthReason
 * @typedef {{score: number, level: HealthLevel, reasons: HealthReason[]}} Health
 * @typedef {{name: string, role: string}} TeamMember
 * @typedef {{id: string, name: string, account_id: string, account_name: string, tier: ?Tier, period: string,
 *   status: PlanStatus, health: Health, next_review: ?string, review_overdue: boolean, overdue_actions: number}} PlanRow
 * @typedef {Meta & {plan_id: string, title: string, owner: ?string, due_date: ?string,
 *   status: 'open'|'in_progress'|'done'|'cancelled', objective_id: ?string, contact_id: ?string, done_on: ?string,
 *   share_with_customer: boolean}} PlanAction
 * @typedef {PlanAction & {plan_title: string, account_id: string, account_name: string, overdue: boolean,
 *   due_this_week: boolean}} ActionRow
 * @typedef {{title: string, period: string, start_date: string, end_date: string, owner?: ?string,
 *   team?: TeamMember[], status?: PlanStatus, cadence?: string, next_review?: ?string, outcome?: ?string,
 *   allow_overlap?: boolean}} PlanInput
 * @typedef {Meta & {account_id: string, title: string, period: string, start_date: string, end_date: string,
 *   owner: ?string, team: TeamMember[], status: PlanStatus, cadence: string, template: 'full'|'light'|'blank',
 *   next_review: ?string, outcome: ?string, allow_overlap: boolean, previous_plan_id: ?string,
 *   name: string, account_name: string, tier: ?Tier, health: Health, as_of: string,
 *   goals: Array<Record<string, unknown>>, objectives: Array<Record<string, unknown>>,
 *   value_propositions: Array<Record<string, unknown>>, stakeholders: Array<Record<string, unknown>>,
 *   gaps: Array<{code: string}>, opportunities: Opportunity[],
 *   pipeline: {open: number, total: number, weighted: number},
 *   actions: Array<PlanAction & {overdue: boolean}>, risks: Array<Record<string, unknown>>,
 *   resources: Array<Record<string, unknown>>, reviews: Array<Record<string, unknown>>,
 *   moves: PlanStatus[], next_period: {period: string, start_date: string, end_date: string}}} PlanView
 */

/**
 * The part of Tauri's global API Keyplan uses (withGlobalTauri; no npm package is shipped).
 * @typedef {{core: {invoke: (cmd: string, args?: unknown, options?: {headers: Record<string, string>}) => Promise<unknown>}}} TauriGlobal
 */

/** @returns {TauriGlobal | undefined} */
const tauriGlobal = () => /** @type {{__TAURI__?: TauriGlobal}} */ (/** @type {unknown} */ (window)).__TAURI__;

/**
 * Calls one command. What it resolves to is what the command returns, as each export below
 * declares it (the Rust DTO its JSDoc mirrors).
 * @template T
 * @param {string} cmd @param {Record<string, unknown>} [args] @returns {Promise<T>}
 */
function call(cmd, args) {
  const tauri = tauriGlobal();
  if (!tauri) return Promise.reject({ kind: 'internal', message: 'not running inside Keyplan', details: [] });
  return /** @type {Promise<T>} */ (tauri.core.invoke(cmd, args)).catch((/** @type {unknown} */ e) => {
    // Commands reject with a CommandError; Tauri refuses an argument it cannot decode, before
    // the command runs, with a sentence ("invalid args `input` for command `x`: …"), which
    // becomes an `invalid` one naming the argument; anything else is `internal`.
    if (e && typeof e === 'object' && 'kind' in e) throw e;
    const text = String(e);
    const arg = /^invalid args `(\w+)`/.exec(text);
    if (arg) throw { kind: 'invalid', message: text, details: [{ field: arg[1], code: 'unreadable', message: text }] };
    throw { kind: 'internal', message: text, details: [] };
  });
}

/** @returns {Promise<StartupInfo>} */
export const appInfo = () => call('app_info');
/** @returns {Promise<Vocabulary>} */
export const vocabulary = () => call('vocabulary');
/** @param {{passphrase?: string, recoveryKey?: string}} secret @returns {Promise<StartupInfo>} */
export const unlock = (secret) => call('unlock', secret);
/** @returns {Promise<StartupInfo>} */
export const lock = () => call('lock');
/** Lets the system's keyring unlock the book at start, or stops it. @param {boolean} on @returns {Promise<StartupInfo>} */
export const setKeyring = (on) => call('set_keyring', { on });
/** @param {string} passphrase @returns {Promise<EncryptResult>} */
export const encryptBook = (passphrase) => call('encrypt_book', { passphrase });
/** @param {string} passphrase @returns {Promise<void>} */
export const changePassphrase = (passphrase) => call('change_passphrase', { passphrase });
/** @returns {Promise<string>} */
export const newRecoveryKey = () => call('new_recovery_key');
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
 * The kinds of record kept under an account, and their create / update / delete commands.
 * @typedef {'contact'|'interaction'|'transaction'|'survey'|'opportunity'} AccountRecordKind
 * @typedef {Contact|Interaction|Transaction|Survey|Opportunity} AccountRecord
 * @typedef {{create: (accountId: string, input: object) => Promise<AccountRecord>,
 *   update: (id: string, input: object) => Promise<AccountRecord>, remove: (id: string) => Promise<void>}} RecordCalls
 */
/** @param {string} create @param {string} update @param {string} remove @returns {RecordCalls} */
const recordCalls = (create, update, remove) => ({
  create: (accountId, input) => call(create, { accountId, input }),
  update: (id, input) => call(update, { id, input }),
  remove: (id) => call(remove, { id }),
});
/** @type {Record<AccountRecordKind, RecordCalls>} */
export const records = {
  contact: recordCalls('create_contact', 'update_contact', 'delete_contact'),
  interaction: recordCalls('create_interaction', 'update_interaction', 'delete_interaction'),
  transaction: recordCalls('create_transaction', 'update_transaction', 'delete_transaction'),
  survey: recordCalls('create_survey', 'update_survey', 'delete_survey'),
  opportunity: recordCalls('create_opportunity', 'update_opportunity', 'delete_opportunity'),
};

// Portfolio analytics (tiers, quadrants, RFM, stages, risk), computed as of today.
/** @param {?string} segment @param {number} [kpiDays] KPIs over this many days before today (default 365) @returns {Promise<Dashboard>} */
export const dashboard = (segment, kpiDays) => call('dashboard', { segment, kpiDays });
/** @param {TableQuery} query @returns {Promise<AccountRowPage>} */
export const accountRows = (query) => call('account_rows', { query });
/** @param {string} id @returns {Promise<AccountInsights>} */
export const accountInsights = (id) => call('account_insights', { id });
/** @param {string} id @param {?Tier} tier @param {?string} reason @returns {Promise<AccountInsights>} */
export const setTierOverride = (id, tier, reason) => call('set_tier_override', { id, tier, reason });
/** @param {string} id @param {?Stage} stage @param {?string} reason @returns {Promise<AccountInsights>} */
export const setStageOverride = (id, stage, reason) => call('set_stage_override', { id, stage, reason });
/** @param {string} id @returns {Promise<AccountInsights>} */
export const confirmStage = (id) => call('confirm_stage', { id });
/** @param {string} id @param {boolean} lost @returns {Promise<AccountInsights>} */
export const setMarkedLost = (id, lost) => call('set_marked_lost', { id, lost });
/** @param {boolean} includeHidden @returns {Promise<AlertView[]>} */
export const alerts = (includeHidden) => call('alerts', { includeHidden });
/** @param {string} id */
export const acknowledgeAlert = (id) => call('acknowledge_alert', { id });
/** @param {string} id @param {?string} until */
export const snoozeAlert = (id, until) => call('snooze_alert', { id, until });
/** @returns {Promise<Segment[]>} */
export const listSegments = () => call('list_segments');
/** @param {{name: string, rule: SegmentRule}} input @returns {Promise<Segment>} */
export const createSegment = (input) => call('create_segment', { input });
/** @param {string} id @param {{name: string, rule: SegmentRule}} input @returns {Promise<Segment>} */
export const updateSegment = (id, input) => call('update_segment', { id, input });
/** @param {string} id */
export const deleteSegment = (id) => call('delete_segment', { id });
/** @param {?string} from @returns {Promise<KpiGroup[]>} */
export const kpis = (from) => call('kpis', { from });
/** @returns {Promise<AnalyticsSettings>} */
export const analyticsSettings = () => call('analytics_settings');
/** @param {AnalyticsSettings} settings @returns {Promise<AnalyticsSettings>} */
export const saveAnalyticsSettings = (settings) => call('save_analytics_settings', { settings });
/** @returns {Promise<AnalyticsSettings>} */
export const resetAnalyticsSettings = () => call('reset_analytics_settings');

/**
 * @typedef {'accounts'|'contacts'|'transactions'|'interactions'|'surveys'} ImportKind
 * @typedef {{kind: ImportKind, path: string, encoding?: string, sheet?: string, map?: Array<[string, string]>,
 *   date_format?: string, on_duplicate?: 'update'|'skip'|'error', skip_invalid?: boolean, dry_run?: boolean}} ImportArgs
 * @typedef {{format: 'csv', delimiter: string, encoding: string, guessed_encoding: boolean} | {format: 'workbook', sheet: string, sheets: string[]}} Layout
 * @typedef {{layout: Layout, headers: string[], fields: Array<{field: string, required: boolean, column: ?string}>,
 *   rows: string[][], date_orders: Array<{column: string, order: string}>, problem: ?string}} ImportPreview
 * @typedef {{row: number, line: number, column: string, value: string, code: string, message: string,
 *   problem?: FieldError, first_row?: number, min?: number, max?: number}} RowError
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
  const tauri = tauriGlobal();
  if (!tauri) throw { kind: 'internal', message: 'not running inside Keyplan', details: [] };
  const bytes = new Uint8Array(await file.arrayBuffer());
  return /** @type {Promise<string>} */ (tauri.core.invoke('import_stage', bytes, { headers: { 'x-file-name': encodeURIComponent(file.name) } }));
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
 * @param {'csv'|'xlsx'} format @param {string[]} columns @param {TableQuery} query @param {string} language
 * @returns {Promise<string>}
 */
export const exportPortfolio = (format, columns, query, language) => call('export_portfolio', { format, columns, query, language });
/** @returns {Promise<BackupFile[]>} */
export const listBackups = () => call('list_backups');
/** @returns {Promise<BackupFile>} */
export const backupNow = () => call('backup_now');
/** @param {string} path */
export const restoreBackup = (path) => call('restore_backup', { path });

/** @param {?string} [account] @returns {Promise<PlanRow[]>} */
export const plans = (account) => call('plans', { account: account ?? null });
/** @param {string} id @returns {Promise<PlanView>} */
export const plan = (id) => call('plan', { id });
/**
 * @param {string} accountId @param {{input: PlanInput, template?: string, roll_forward?: ?string}} request
 * @returns {Promise<PlanView>}
 */
export const createPlan = (accountId, request) => call('create_plan', { accountId, request });
/** @param {string} id @param {PlanInput} input @returns {Promise<PlanView>} */
export const updatePlan = (id, input) => call('update_plan', { id, input });
/** @param {string} id */
export const deletePlan = (id) => call('delete_plan', { id });
/**
 * @typedef {{kind: 'action'|'review'|'renewal'|'alert', id: string, name: string, title: string,
 *   account: string, account_id: string, plan_id: ?string, due: string, overdue: boolean}} TodayItem
 */
/**
 * @typedef {{keyplan: string, schema: number, sqlite: string, os: string, arch: string,
 *   book_bytes: number, encrypted: boolean, records: Record<string, number>}} About
 */
/** @returns {Promise<About>} */
export const about = () => call('about', {});
/** Writes the diagnostics zip into the downloads folder. @returns {Promise<string>} its path */
export const exportDiagnostics = () => call('export_diagnostics', {});
/** Logs where in the window's code an error happened (no message). @param {string} place */
export const recordWindowError = (place) => call('record_window_error', { place });
/** @typedef {{items: TodayItem[], put_off: number}} TodayList */
/** What is due, less what was put off. @returns {Promise<TodayList>} */
export const today = () => call('today', {});
/**
 * Snoozes a thing due, or (how null) is done with it until it is due again.
 * @param {TodayItem['kind']} kind @param {string} id @param {?('hour'|'tomorrow'|'next_week')} how @returns {Promise<TodayList>}
 */
export const putOffReminder = (kind, id, how) => call('put_off_reminder', { kind, id, how });
/**
 * @typedef {{notify: boolean, show_names: boolean, actions: boolean, reviews: boolean, renewals: boolean, alerts: boolean,
 *   review_lead_days: number, renewal_lead_days_a: number, renewal_lead_days_b: number, renewal_lead_days_c: number,
 *   quiet_from: ?string, quiet_until: ?string}} ReminderSettings
 * @typedef {{settings: ReminderSettings, start_at_login: boolean}} Reminders
 */
/** @returns {Promise<Reminders>} */
export const reminderSettings = () => call('reminder_settings', {});
/** @param {ReminderSettings} settings @param {boolean} startAtLogin @returns {Promise<Reminders>} */
export const saveReminderSettings = (settings, startAtLogin) => call('save_reminder_settings', { settings, startAtLogin });
/** @param {?string} dueBefore @param {boolean} overdue @returns {Promise<ActionRow[]>} */
export const actions = (dueBefore, overdue) => call('actions', { dueBefore, overdue });
/** @typedef {{format: string, language?: string, audience?: string, paper?: string, review?: ?string, remind?: string}} PlanExportRequest */
/**
 * Writes the plan's export into the downloads folder. @param {string} id
 * @param {PlanExportRequest} request
 * @returns {Promise<string>} the path written
 */
export const exportPlan = (id, request) => call('export_plan', { id, request });
/**
 * Asks where to save (the system's save dialog, titled `title`) and writes the export there.
 * @param {string} id @param {PlanExportRequest} request @param {string} title
 * @returns {Promise<?string>} the path written, null if the user cancelled
 */
export const savePlanExport = (id, request, title) => call('save_plan_export', { id, request, title });
/**
 * Several plans into Downloads: one file each, or one combined PDF.
 * @param {string[]} ids @param {PlanExportRequest} request @param {boolean} combined
 * @returns {Promise<string[]>} the paths written
 */
export const exportPlans = (ids, request, combined) => call('export_plans', { ids, request, combined });
/**
 * The first page of the plan's PDF as SVG, and its page count.
 * @param {string} id @param {PlanExportRequest} request
 * @returns {Promise<{svg: string, pages: number}>}
 */
export const planPdfPreview = (id, request) => call('plan_pdf_preview', { id, request });
/**
 * What the customer-safe export of these plans leaves out, summed.
 * @param {string[]} ids @returns {Promise<Array<{section: string, count: number}>>}
 */
export const planLeftOut = (ids) => call('plan_left_out', { ids });
/** Shows the folder of a file just exported. @param {string} path @returns {Promise<void>} */
export const openExportFolder = (path) => call('open_export_folder', { path });
/** @param {string} id an opportunity @param {?string} planId null: in no plan @returns {Promise<Opportunity>} */
export const linkOpportunity = (id, planId) => call('link_opportunity', { id, planId });
/** @param {string} id @param {boolean} done @returns {Promise<PlanAction>} */
export const setActionDone = (id, done) => call('set_action_done', { id, done });
/** @param {string} planId @param {{date: string, rating?: ?number, notes?: ?string, attendees?: string[], decisions?: ?string}} input @returns {Promise<PlanView>} */
export const holdReview = (planId, input) => call('hold_review', { planId, input });
/**
 * @param {string} a @param {string} b
 * @returns {Promise<{from: string, to: string, health: string,
 *   objectives: Array<{objective_id: string, title: string, before: ?number, after: ?number, progress: string}>,
 *   stakeholders: Array<{contact_id: string, name: string, attitude: string, influence: string, strength: string}>}>}
 */
export const compareReviews = (a, b) => call('compare_reviews', { a, b });
/**
 * Adds, changes or removes an item of a plan; each resolves to the plan as it now is.
 * @typedef {'goal'|'objective'|'value_proposition'|'stakeholder'|'action'|'risk'|'resource'} PlanItemKind
 */
/** @param {PlanItemKind} kind @param {string} planId @param {Record<string, unknown>} input @returns {Promise<PlanView>} */
export const addPlanItem = (kind, planId, input) => call('add_plan_item', { planId, item: { kind, input } });
/** @param {PlanItemKind} kind @param {string} id @param {Record<string, unknown>} input @returns {Promise<PlanView>} */
export const updatePlanItem = (kind, id, input) => call('update_plan_item', { id, item: { kind, input } });
/** Removes a plan's item of any kind (its kind is found by its id). @param {string} id @returns {Promise<PlanView>} */
export const removePlanItem = (id) => call('remove_plan_item', { id });

// Sharing between laptops: .keyplan bundles, the conflicts list, the sync folder.
/**
 * @typedef {{all?: boolean, accounts?: string[], plans?: string[], with_transactions?: boolean}} BundleScope
 * @typedef {{path: string, records: number, conflicts: number, size_bytes: number, as_of: ?string,
 *   encryption: 'none'|'keys'|'passphrase', recipients: number}} WrittenBundle
 * @typedef {{mode: 'plain'} | {mode: 'keys', to: string[]} | {mode: 'passphrase', passphrase: string}} Encrypt who can open a bundle, said outright
 * @typedef {{name: string, key: string}} TeamKey a colleague's public sharing key
 * @typedef {{key: string, members: TeamKey[]}} TeamKeys this laptop's key, and the team's
 * @typedef {{kind: string, created: number, updated: number, deleted: number}} KindCounts
 * @typedef {{kind: string, record_id: string, field: string, stamp: string, ahead_minutes: number}} HeldChange
 * @typedef {{file: string, dry_run: boolean, from_user: string, from_instance: ?string, as_of: ?string,
 *   created: number, updated: number, unchanged: number, deleted: number, conflicts: number,
 *   by_kind: KindCounts[], held: HeldChange[], backup: ?string}} MergeSummary
 * @typedef {{record_id: string, kind: string, record: string, account: ?string, field: string,
 *   lost_value: unknown, lost_stamp: string, lost_by: string, lost_here: boolean, lost_at: string,
 *   current_value: unknown, won_by: string, won_here: boolean, won_at: string, deleted: boolean,
 *   settled: ?('kept'|'dismissed')}} ConflictView
 * @typedef {{folder: string, merged: MergeSummary[], unchanged_files: number,
 *   problems: Array<{file: string, error: string}>, own_file: string, written: boolean, write_error: ?string,
 *   created: number, updated: number, deleted: number, conflicts: number, held: number}} FolderSync
 * @typedef {{folder: ?string, last_at: ?string, last: ?FolderSync, error: ?string, changes: number,
 *   open_conflicts: number, locked: boolean}} SyncStatus
 */
/** Writes a bundle into the downloads folder. @param {BundleScope} scope @param {Encrypt} encrypt @returns {Promise<WrittenBundle>} */
export const exportBundle = (scope, encrypt) => call('export_bundle', { scope, encrypt });
/** Asks where, then writes; null when cancelled. @param {BundleScope} scope @param {Encrypt} encrypt @param {string} title @returns {Promise<?WrittenBundle>} */
export const saveBundle = (scope, encrypt, title) => call('save_bundle', { scope, encrypt, title });
/** What merging a staged bundle would do; one encrypted with a passphrase needs it. @param {string} path @param {string} [passphrase] @returns {Promise<MergeSummary>} */
export const bundlePreview = (path, passphrase) => call('bundle_preview', { path, passphrase });
/** @param {string} path @param {string} [passphrase] @returns {Promise<MergeSummary>} */
export const bundleMerge = (path, passphrase) => call('bundle_merge', { path, passphrase });
/** This laptop's public sharing key and the team's keys. @returns {Promise<TeamKeys>} */
export const team = () => call('team');
/** @param {string} name @param {string} key @returns {Promise<TeamKey[]>} */
export const teamAdd = (name, key) => call('team_add', { name, key });
/** @param {string} name @returns {Promise<TeamKey[]>} */
export const teamRemove = (name) => call('team_remove', { name });
/** @param {boolean} all settled ones too @returns {Promise<ConflictView[]>} */
export const conflicts = (all) => call('conflicts', { all });
/** Keeps the value that lost, or dismisses it; resolves to the open conflicts left. @param {ConflictView} c @param {boolean} keep @returns {Promise<ConflictView[]>} */
export const settleConflict = (c, keep) => call('settle_conflict', { recordId: c.record_id, field: c.field, lostStamp: c.lost_stamp, keep });
/** @returns {Promise<SyncStatus>} */
export const syncStatus = () => call('sync_status');
/** @returns {Promise<FolderSync>} */
export const syncNow = () => call('sync_now');
/** Asks for the sync folder in the system's dialog and sets it; null when cancelled. @param {string} title @returns {Promise<?Settings>} */
export const chooseSyncFolder = (title) => call('choose_sync_folder', { title });

// Undo and redo (crates/app/src/undo.rs).
/**
 * @typedef {'create'|'edit'|'delete'|'status'|'label'|'link'} UndoAction
 * @typedef {{action: UndoAction, kind: string, id: string, name: ?string}} UndoStep
 * @typedef {{undo: ?UndoStep, redo: ?UndoStep}} UndoState
 * @typedef {{step: UndoStep, state: UndoState}} Undone
 */
/** Takes back the last edit; null when there is none. @returns {Promise<?Undone>} */
export const undo = () => call('undo');
/** Does again the last edit undone; null when there is none. @returns {Promise<?Undone>} */
export const redo = () => call('redo');
