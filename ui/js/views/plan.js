// @ts-check
// The account page's Plan tab: the account's plan with every section as the Rust side computes
// it — health and its parts, objectives' progress against time gone, the stakeholder map
// (influence × attitude, with each target) and its gaps, actions, risks, resources, reviews and
// what moved since the last one — the moves the plan can make next, and a form per section to
// add objectives, stakeholders, actions, goals and risks.
import { h, mount } from '../components/dom.js';
import { t, shown, formatDate, formatMoney, formatNumber } from '../i18n/index.js';
import * as api from '../api.js';
import { buildForm } from '../components/form.js';
import { openDialog, confirmDelete } from '../components/dialog.js';
import { toast } from '../components/toast.js';
import { healthParts, openNewPlan } from './plans.js';
import { vocab, scaleValues } from '../vocabulary.js';
import { orgChart } from '../components/orgchart.js';
import { asTable } from '../components/charts.js';
import { openPlanExport } from './plan-export.js';

/** @typedef {import('../api.js').PlanView} PlanView */

/** @param {string} accountId @param {string} [first] the plan to show first (else the newest) @returns {HTMLElement} */
export function planPanel(accountId, first) {
  const el = h('div', { class: 'plan', 'data-testid': 'plan-panel' }, h('p', { class: 'muted' }, t('common.loading')));
  const load = async (/** @type {?string} */ chosen) => {
    const rows = await api.plans(accountId);
    if (!rows.length) {
      mount(el, h('div', { class: 'card empty-plan' },
        h('p', null, t('plan.none')),
        h('button', { class: 'btn btn-primary', 'data-action': 'new-plan', onclick: () => openNewPlan(accountId, () => load(null)) }, `+ ${t('plans.new')}`)));
      return;
    }
    const id = chosen && rows.some((r) => r.id === chosen) ? chosen : rows[0].id;
    const v = await api.plan(id);
    const picker = rows.length > 1 ? /** @type {HTMLSelectElement} */ (h('select', { 'aria-label': t('plan.choose'), 'data-action': 'choose-plan',
      onchange: (/** @type {Event} */ e) => load(/** @type {HTMLSelectElement} */ (e.target).value) },
    // The chosen plan's status is its chip; the others' say theirs here.
    rows.map((r) => h('option', { value: r.id, selected: r.id === id }, r.id === id ? r.period : `${r.period} · ${t(`plan.status.${r.status}`)}`)))) : null;
    mount(el, draw(v, () => load(id), picker, load));
  };
  load(first ?? null).catch((e) => mount(el, h('p', { class: 'error' }, e?.message || String(e))));
  return el;
}

/** @typedef {import('../components/form.js').FieldSpec} FieldSpec */
/** @typedef {(kind: import('../api.js').PlanItemKind, item: any) => HTMLElement} Edit */

const ratings = () => scaleValues(vocab().rating).map((n) => ({ value: String(n), label: String(n) }));
/** "Share with the customer": whether a customer-safe export may show the item. @type {FieldSpec} */
const SHARE = { name: 'share_with_customer', type: 'select', required: true, options: () => [
  { value: 'false', label: t('plan.share.internal') }, { value: 'true', label: t('plan.share.customer') }] };
const shared = (/** @type {any} */ x) => x.share_with_customer === 'true';
/** @param {string} prefix @param {Array<string|number>} values */
const opts = (prefix, values) => () => values.map((x) => ({ value: String(x), label: t(`${prefix}.${x}`) }));

/**
 * The form of each kind of item, and how its values become the input the Rust side takes.
 * @param {PlanView} v
 * @returns {Record<string, {fields: FieldSpec[], input: (x: Record<string, any>) => Record<string, unknown>,
 *   values: (item: any) => Record<string, any>, keep: (item: any) => Record<string, unknown>}>}
 */
function itemForms(v) {
  const contacts = () => /** @type {any[]} */ (v.stakeholders).map((s) => ({ value: s.contact.id, label: s.contact.name }));
  const num = (/** @type {any} */ x) => (x === '' || x === undefined ? null : x);
  return {
    objective: {
      fields: [
        { name: 'title', type: 'text', required: true, full: true },
        { name: 'measure', type: 'select', blank: 'plan.typed', options: opts('measure', vocab().measure_kinds) },
        { name: 'product_line', type: 'text', showIf: (x) => x.measure === 'revenue' || x.measure === 'profit' },
        { name: 'baseline', type: 'number' },
        { name: 'target', type: 'number', required: true },
        { name: 'current', type: 'number', showIf: (x) => !x.measure },
        { name: 'unit', type: 'text' },
        { name: 'due_date', type: 'date' },
        SHARE,
      ],
      input: (x) => ({ share_with_customer: shared(x), title: x.title, measure: x.measure || null, product_line: x.product_line || null, baseline: num(x.baseline) ?? 0,
        target: num(x.target), current: num(x.current), unit: x.unit || null, due_date: x.due_date || null }),
      values: (o) => ({ share_with_customer: String(o.share_with_customer), title: shown(o.title), measure: o.measure?.kind ?? null, product_line: o.measure?.product_line ?? null, baseline: o.baseline,
        target: o.target, current: o.current, unit: o.unit, due_date: o.due_date }),
      keep: (o) => ({ status: o.status, metric: o.metric, interaction_kind: o.measure?.interaction_kind ?? null, share_with_customer: o.share_with_customer }),
    },
    action: {
      fields: [
        { name: 'title', type: 'text', required: true, full: true },
        { name: 'owner', type: 'text' },
        { name: 'due_date', type: 'date' },
        { name: 'contact_id', type: 'select', options: contacts },
        SHARE,
      ],
      input: (x) => ({ share_with_customer: shared(x), title: x.title, owner: x.owner || null, due_date: x.due_date || null, contact_id: x.contact_id || null }),
      values: (a) => ({ share_with_customer: String(a.share_with_customer), title: shown(a.title), owner: a.owner, due_date: a.due_date, contact_id: a.contact_id }),
      keep: (a) => ({ status: a.status, objective_id: a.objective_id, done_on: a.done_on, share_with_customer: a.share_with_customer }),
    },
    goal: {
      fields: [
        { name: 'text', type: 'textarea', required: true, full: true },
        { name: 'kind', type: 'select', required: true, options: opts('goal_kind', vocab().goal_kinds) },
        { name: 'source_contact_id', type: 'select', options: contacts },
        SHARE,
      ],
      input: (x) => ({ share_with_customer: shared(x), text: x.text, kind: x.kind, source_contact_id: x.source_contact_id || null }),
      values: (g) => ({ share_with_customer: String(g.share_with_customer), text: shown(g.text), kind: g.kind, source_contact_id: g.source_contact_id }),
      keep: (g) => ({ source_date: g.source_date, confirmed: g.confirmed, share_with_customer: g.share_with_customer }),
    },
    stakeholder: {
      fields: [
        { name: 'contact_id', type: 'select', required: true, options: contacts },
        { name: 'target_attitude', type: 'select', options: opts('attitude', scaleValues(vocab().attitude)) },
        { name: 'target_strength', type: 'select', options: ratings },
        { name: 'owner', type: 'text' },
        { name: 'strategy', type: 'textarea', full: true },
      ],
      input: (x) => ({ contact_id: x.contact_id || null, target_attitude: x.target_attitude === null || x.target_attitude === '' ? null : Number(x.target_attitude),
        target_strength: x.target_strength ? Number(x.target_strength) : null, owner: x.owner || null, strategy: x.strategy || null }),
      values: (e) => ({ contact_id: e.contact_id, target_attitude: e.target_attitude === null ? null : String(e.target_attitude),
        target_strength: e.target_strength === null ? null : String(e.target_strength), owner: e.owner, strategy: e.strategy }),
      keep: () => ({}),
    },
    value_proposition: {
      fields: [
        { name: 'statement', type: 'textarea', required: true, full: true },
        { name: 'benefit', type: 'text', full: true, hint: 'plan.benefit_hint' },
        { name: 'objective_id', type: 'select', options: () => /** @type {any[]} */ (v.objectives).map((o) => ({ value: o.id, label: shown(o.title) })) },
        SHARE,
      ],
      input: (x) => ({ share_with_customer: shared(x), statement: x.statement, benefit: x.benefit || null, objective_id: x.objective_id || null }),
      values: (p) => ({ share_with_customer: String(p.share_with_customer), statement: p.statement, benefit: p.benefit, objective_id: p.objective_id }),
      keep: (p) => ({ share_with_customer: p.share_with_customer }),
    },
    resource: {
      fields: [
        { name: 'team', type: 'text', required: true },
        { name: 'ask', type: 'text', required: true, full: true },
        { name: 'status', type: 'select', required: true, options: opts('resource_status', vocab().resource_statuses) },
      ],
      input: (x) => ({ team: x.team, ask: x.ask, status: x.status }),
      values: (r) => ({ team: r.team, ask: r.ask, status: r.status }),
      keep: () => ({}),
    },
    risk: {
      fields: [
        { name: 'description', type: 'textarea', required: true, full: true },
        { name: 'likelihood', type: 'select', required: true, options: ratings },
        { name: 'impact', type: 'select', required: true, options: ratings },
        { name: 'mitigation', type: 'textarea', full: true },
        { name: 'owner', type: 'text' },
      ],
      input: (x) => ({ description: x.description, likelihood: x.likelihood ? Number(x.likelihood) : null, impact: x.impact ? Number(x.impact) : null,
        mitigation: x.mitigation || null, owner: x.owner || null }),
      values: (r) => ({ description: r.description, likelihood: String(r.likelihood), impact: String(r.impact), mitigation: r.mitigation, owner: r.owner }),
      keep: (r) => ({ status: r.status }),
    },
  };
}

/** A section's "+ add" button, opening that kind's form. @param {PlanView} v @param {import('../api.js').PlanItemKind} kind @param {() => void} reload */
function addButton(v, kind, reload) {
  return h('button', { class: 'btn btn-small', 'data-action': `add-plan-${kind}`, onclick: () => {
    const form = itemForms(v)[kind];
    const d = openDialog({
      title: t(`plan.add.${kind}`),
      wide: true,
      body: buildForm({
        fields: form.fields,
        values: kind === 'objective' ? { baseline: 0, share_with_customer: 'false' } : { share_with_customer: 'false' },
        onCancel: () => d.close(),
        onSubmit: async (values) => {
          await api.addPlanItem(kind, v.id, form.input(values));
          d.close();
          toast(t('common.saved'), 'ok', { undo: true });
          reload();
        },
      }),
    });
  } }, `+ ${t('common.add')}`);
}

/**
 * An item's edit button: the kind's form with the item's values, what the form does not show
 * kept as it is, and Remove.
 * @param {PlanView} v @param {import('../api.js').PlanItemKind} kind @param {any} item @param {() => void} reload
 */
function editButton(v, kind, item, reload) {
  return h('button', { class: 'icon-btn', 'data-action': `edit-plan-${kind}`, 'aria-label': t('common.edit'), title: t('common.edit'), onclick: () => {
    const form = itemForms(v)[kind];
    const remove = h('button', { class: 'btn btn-danger-ghost', type: 'button', 'data-action': `remove-plan-${kind}`, onclick: async () => {
      if (!(await confirmDelete(t('delete.record')))) return;
      await api.removePlanItem(item.id);
      d.close();
      toast(t('common.deleted'), 'ok', { undo: true });
      reload();
    } }, t('common.delete'));
    const d = openDialog({
      title: t(`plan.edit.${kind}`),
      wide: true,
      body: h('div', { class: 'dialog-body' }, buildForm({
        fields: form.fields,
        values: form.values(item),
        onCancel: () => d.close(),
        onSubmit: async (values) => {
          await api.updatePlanItem(kind, item.id, { ...form.keep(item), ...form.input(values) });
          d.close();
          toast(t('common.saved'), 'ok', { undo: true });
          reload();
        },
      }), remove),
    });
  } }, '✎');
}

/** A team member's role as shown: a template's role (a code) in the user's language, a role the
 * user typed as typed. @param {string} role */
const roleLabel = (role) => (vocab().team_roles.includes(role) ? t(`template.role.${role}`) : role);
/** The role a line of the team form names: a template role's label (or code) becomes its code.
 * @param {string} text */
const roleCode = (text) => vocab().team_roles.find((r) => r === text || t(`template.role.${r}`) === text) ?? text;

/** @param {string} titleKey @param {?HTMLElement} button */
const sectionHead = (titleKey, button) => h('div', { class: 'card-title' }, h('h3', null, t(titleKey)), button);

/**
 * @param {PlanView} v @param {() => void} reload @param {?HTMLElement} picker
 * @param {(id: string) => void} open shows another of the account's plans (a new one)
 */
function draw(v, reload, picker, open) {
  const add = (/** @type {import('../api.js').PlanItemKind} */ kind) => addButton(v, kind, reload);
  /** @type {Edit} */
  const edit = (kind, item) => editButton(v, kind, item, reload);
  return h('div', { class: 'plan-body' },
    header(v, reload, picker, open),
    h('div', { class: 'plan-grid' },
      objectives(v, add('objective'), edit),
      stakeholderMap(v, add('stakeholder'), edit)),
    orgCard(v),
    actions(v, reload, add('action'), edit),
    h('div', { class: 'plan-grid' }, goals(v, add('goal'), edit), values(v, add('value_proposition'), edit)),
    opportunities(v, reload),
    h('div', { class: 'plan-grid' }, risks(v, add('risk'), edit), resources(v, add('resource'), edit)),
    reviews(v, reload));
}

/** A plan's input as it is now, for a change of one field. @param {PlanView} v */
function inputOf(v) {
  return { title: v.title, period: v.period, start_date: v.start_date, end_date: v.end_date, owner: v.owner, team: v.team,
    status: v.status, cadence: v.cadence, next_review: v.next_review, outcome: v.outcome, allow_overlap: v.allow_overlap };
}

/** @param {PlanView} v @param {() => void} reload @param {?HTMLElement} picker @param {(id: string) => void} open */
function header(v, reload, picker, open) {
  const move = async (/** @type {string} */ to) => {
    let outcome = v.outcome;
    if (to === 'closed') {
      outcome = await askOutcome();
      if (outcome === null) return;
    }
    try {
      await api.updatePlan(v.id, { ...inputOf(v), status: /** @type {any} */ (to), outcome });
      toast(t('common.saved'), 'ok', { undo: true });
      reload();
    } catch (e) { toast(/** @type {any} */ (e).message, 'error'); }
  };
  const team = v.team.map((m) => t('common.label_value', { label: roleLabel(m.role), value: m.name || t('plan.not_assigned') })).join(' · ');
  /** @param {string} key @param {string} value */
  const fact = (key, value) => h('div', { class: 'plan-fact' }, h('dt', null, t(`plan.fact.${key}`)), h('dd', null, value));
  // The status is the chip; the next move the plan can make is the one primary button.
  const [next, ...otherMoves] = v.moves;
  const moveButton = (/** @type {string} */ to, /** @type {string} */ cls) =>
    h('button', { class: cls, 'data-action': `plan-${to}`, onclick: () => move(to) }, t(`plan.move.${v.status}.${to}`));
  return h('section', { class: 'card plan-head', 'data-testid': 'plan-head' },
    h('div', { class: 'plan-title' },
      h('h2', null, v.title),
      h('span', { class: `chip status-${v.status}`, 'data-testid': 'plan-status' }, t(`plan.status.${v.status}`)),
      picker),
    h('div', { class: 'plan-head-body' },
      h('dl', { class: 'plan-facts' },
        fact('period', `${v.period} · ${formatDate(v.start_date)} – ${formatDate(v.end_date)}`),
        fact('template', t(`plan.template.${v.template}`)),
        fact('next_review', v.next_review ? formatDate(v.next_review) : t('common.none')),
        team ? fact('team', team) : null),
      healthMeter(v.health)),
    h('div', { class: 'plan-moves' },
      next ? moveButton(next, 'btn btn-primary') : null,
      otherMoves.map((to) => moveButton(to, 'btn')),
      h('button', { class: 'btn btn-ghost', 'data-action': 'edit-plan', onclick: () => editPlan(v, reload) }, t('plan.edit_plan')),
      h('button', { class: 'btn btn-ghost', 'data-action': 'roll-forward', onclick: () => rollForward(v, open) }, t('plan.roll_forward')),
      h('button', { class: 'btn btn-ghost', 'data-action': 'export-plan', onclick: () => openPlanExport(v) }, t('plan_export.open'))));
}

/** "46%" but "3 sites": a percent sign joins its number, a word unit follows a space. @param {string} n @param {?string} unit */
const withUnit = (n, unit) => (!unit ? n : unit === '%' ? `${n}%` : `${n} ${unit}`);

/** A part's bar, filled through the CSSOM (the CSP allows no style attributes). @param {number} share 0..1 */
function partFill(share) {
  const fill = h('span');
  fill.style.width = `${Math.round(Math.max(0, Math.min(1, share)) * 100)}%`;
  return fill;
}

/** The score with a bar per part, and the rule behind it a click away. @param {import('../api.js').Health} health */
function healthMeter(health) {
  const level = t(`health.level.${health.level}`);
  const vb = vocab();
  return h('section', { class: `health-meter health-${health.level}`, 'aria-label': t('health.title') },
    h('div', { class: 'health-total' },
      h('span', { class: 'health-score', 'aria-label': t('health.meter', { score: health.score, level }) }, String(health.score)),
      h('span', { class: 'muted', 'aria-hidden': 'true' }, '/100'),
      h('span', { class: `chip health-${health.level}`, 'data-health': health.level }, level)),
    h('ul', { class: 'health-parts', 'data-testid': 'health-parts' }, healthParts(health).map((p) =>
      h('li', { 'data-part': p.part },
        h('span', { class: 'hp-name' }, p.name),
        h('span', { class: 'hp-bar', 'aria-hidden': 'true' }, partFill(p.max ? p.points / p.max : 0)),
        h('span', { class: 'hp-points' }, t('health.points', { points: p.points, max: p.max })),
        h('span', { class: 'hp-detail muted' }, p.detail)))),
    h('details', { class: 'health-how small' },
      h('summary', null, t('health.how')),
      h('p', { class: 'muted' }, t('health.formula', {
        ...vb.health_points, gap: vb.health_points_per_gap, green: vb.health_green_min, amber: vb.health_amber_min,
      }))));
}

/** The plan's own fields: title, period, dates, owner, review cadence and date, the team (one
 * "role: name" a line; a role with no name is a slot to fill). @param {PlanView} v @param {() => void} reload */
function editPlan(v, reload) {
  const d = openDialog({
    title: t('plan.edit_plan'),
    wide: true,
    body: buildForm({
      fields: [
        { name: 'plan_title', type: 'text', required: true, full: true },
        { name: 'period', type: 'text', required: true },
        { name: 'owner', type: 'text' },
        { name: 'start_date', type: 'date', required: true },
        { name: 'end_date', type: 'date', required: true },
        { name: 'cadence', type: 'select', required: true, options: opts('cadence', vocab().cadences) },
        { name: 'next_review', type: 'date' },
        { name: 'team', type: 'textarea', full: true, hint: 'plan.team_hint' },
      ],
      values: { ...inputOf(v), plan_title: v.title, team: v.team.map((m) => t('common.label_value', { label: roleLabel(m.role), value: m.name })).join('\n') },
      onCancel: () => d.close(),
      onSubmit: async (x) => {
        const team = String(x.team || '').split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
          // Either colon: the Chinese catalogue writes the full-width one.
          const at = line.search(/[:：]/);
          return at < 0 ? { role: roleCode(line), name: '' } : { role: roleCode(line.slice(0, at).trim()), name: line.slice(at + 1).trim() };
        });
        try {
          await api.updatePlan(v.id, { ...inputOf(v), title: x.plan_title, period: x.period, owner: x.owner || null, start_date: x.start_date,
            end_date: x.end_date, cadence: x.cadence, next_review: x.next_review || null, team });
        } catch (e) {
          const err = /** @type {any} */ (e);
          if (Array.isArray(err?.details)) err.details = err.details.map((/** @type {any} */ f) => ({ ...f, field: f.field === 'title' ? 'plan_title' : f.field?.startsWith('team') ? 'team' : f.field }));
          throw err;
        }
        d.close();
        toast(t('common.saved'), 'ok', { undo: true });
        reload();
      },
    }),
  });
}

/** Next period's plan from this one: open objectives, open actions and stakeholders carried;
 * the new plan is shown. @param {PlanView} v @param {(id: string) => void} open */
function rollForward(v, open) {
  const d = openDialog({
    title: t('plan.roll_forward'),
    body: buildForm({
      fields: [
        { name: 'period', type: 'text', required: true },
        { name: 'start_date', type: 'date', required: true },
        { name: 'end_date', type: 'date', required: true },
      ],
      values: v.next_period,
      submitLabel: t('plans.create'),
      onCancel: () => d.close(),
      onSubmit: async (x) => {
        const title = v.title.includes(v.period) ? v.title.replace(v.period, x.period) : `${v.account_name} ${x.period}`;
        const made = await api.createPlan(v.account_id, { input: { title, period: x.period, start_date: x.start_date, end_date: x.end_date, owner: v.owner, team: v.team }, roll_forward: v.id });
        d.close();
        toast(t('plans.created'));
        open(made.id);
      },
    }),
  });
}

/** Asks for the outcome a closing plan needs; resolves null if cancelled. @returns {Promise<?string>} */
function askOutcome() {
  return new Promise((resolve) => {
    let answered = false;
    const d = openDialog({
      title: t('plan.close_title'),
      onClose: () => { if (!answered) resolve(null); },
      body: buildForm({
        fields: [{ name: 'outcome', type: 'textarea', required: true, full: true }],
        onCancel: () => d.close(),
        onSubmit: async (values) => { answered = true; resolve(values.outcome || ''); d.close(); },
      }),
    });
  });
}

/** @param {any} o an ObjectiveView */
function progressBar(o) {
  const p = o.progress.progress;
  const share = p === null || p === undefined ? 0 : Math.max(0, Math.min(1, p));
  const time = Math.max(0, Math.min(1, o.progress.elapsed));
  const fill = h('span', { class: 'bar-fill' });
  const now = h('span', { class: 'bar-time' });
  // Through the CSSOM: the CSP allows no inline style attributes.
  fill.style.width = `${(share * 100).toFixed(1)}%`;
  now.style.left = `${(time * 100).toFixed(1)}%`;
  const r = o.progress.reason;
  const show = figure(o);
  // Under where it started: "-50% of the way" says nothing one can use.
  const why = (r.progress ?? 0) < 0
    ? t('track.why.below_baseline', { current: show(o.value), baseline: show(o.baseline) })
    : t(`track.why.${r.code}`, { ...r, progress: Math.round((r.progress ?? 0) * 100), elapsed: Math.round((r.elapsed ?? 0) * 100),
      due: r.due ? formatDate(r.due) : '', start: r.start ? formatDate(r.start) : '' });
  return h('div', { class: `bar track-${o.progress.track}`, title: why }, fill, now);
}

/** How an objective's figures read: money as money, a unit after its number. @param {any} o */
function figure(o) {
  const money = o.measure && vocab().money_measures.includes(o.measure.kind);
  return (/** @type {?number} */ x) => (x === null || x === undefined ? t('common.none') : money ? formatMoney(Math.round(x * 100), { compact: true }) : withUnit(formatNumber(x), o.unit));
}

/** @param {any} o */
function valueText(o) {
  const show = figure(o);
  return `${show(o.value)} / ${show(o.target)}`;
}

/** @param {PlanView} v @param {HTMLElement} addBtn @param {Edit} edit */
function objectives(v, addBtn, edit) {
  const list = /** @type {any[]} */ (v.objectives);
  return h('section', { class: 'card', 'data-testid': 'plan-objectives' },
    sectionHead('plan.section.objectives', addBtn),
    list.length ? h('ul', { class: 'objective-list' }, list.map((o) => h('li', { 'data-track': o.progress.track },
      h('div', { class: 'objective-line' },
        h('span', { class: 'strong' }, shown(o.title)),
        o.measure ? h('span', { class: 'chip' }, t(`measure.${o.measure.kind}`)) : null,
        h('span', { class: `chip track-chip track-${o.progress.track}` }, t(`track.${o.progress.track}`)),
        edit('objective', o)),
      progressBar(o),
      h('div', { class: 'muted small' }, valueText(o))))) : h('p', { class: 'muted' }, t('plan.empty')));
}

/** The influence × attitude grid: each mapped contact a bubble (size = strength), an arrow to
 * the attitude this plan aims for. @param {PlanView} v */
function stakeholderMap(v, /** @type {HTMLElement} */ addBtn, /** @type {Edit} */ edit) {
  const people = /** @type {any[]} */ (v.stakeholders).filter((s) => s.contact.attitude !== null && s.contact.influence !== null);
  const att = vocab().attitude, inf = vocab().rating;
  const W = 320, H = 236, pad = 28;
  const x = (/** @type {number} */ a) => pad + ((a - att.min) / (att.max - att.min)) * (W - 2 * pad);
  const y = (/** @type {number} */ i) => H - pad - ((i - inf.min) / (inf.max - inf.min)) * (H - 2 * pad);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'stakeholder-grid');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('plan.map_label'));
  const add = (/** @type {string} */ tag, /** @type {Record<string, string|number>} */ attrs, /** @type {string} */ text = '') => {
    const e = document.createElementNS(ns, tag);
    for (const [k, val] of Object.entries(attrs)) e.setAttribute(k, String(val));
    if (text) e.textContent = text;
    svg.appendChild(e);
    return e;
  };
  add('line', { x1: x(0), y1: pad / 2, x2: x(0), y2: H - pad, class: 'axis' });
  add('line', { x1: pad, y1: y(3), x2: W - pad / 2, y2: y(3), class: 'axis' });
  for (const a of scaleValues(att)) add('text', { x: x(a), y: H - 14, class: 'tick' }, a > 0 ? `+${a}` : a < 0 ? `−${-a}` : '0');
  add('text', { x: 6, y: pad / 2 + 4, class: 'tick start' }, t('plan.influence'));
  add('text', { x: W / 2, y: H - 2, class: 'tick' }, t('field.attitude'));
  // People in one cell sit side by side, their names in rows above and below in turn, so no two
  // names of a cell overlap; names are drawn last, over every bubble and arrow.
  const cellWidth = (W - 2 * pad) / (att.max - att.min);
  /** @type {Map<string, any[]>} */
  const cells = new Map();
  for (const s of people) {
    const key = `${s.contact.attitude}/${s.contact.influence}`;
    cells.set(key, [...(cells.get(key) ?? []), s]);
  }
  /** @type {Array<{x: number, y: number, name: string}>} */
  const labels = [];
  for (const group of cells.values()) {
    // Far enough apart for the largest bubble (r 15), within the cell while it has room.
    const step = Math.min(30, Math.max(cellWidth / group.length, 24));
    group.forEach((s, k) => {
      const c = s.contact;
      const r = 5 + (c.relationship_strength ?? 1) * 2;
      const cx = x(c.attitude) + (k - (group.length - 1) / 2) * step, cy = y(c.influence);
      const target = s.entry?.target_attitude;
      if (target !== null && target !== undefined && target !== c.attitude) {
        add('line', { x1: cx, y1: cy, x2: x(target), y2: cy, class: 'target-arrow', 'marker-end': 'url(#arrow)' });
      }
      const dot = add('circle', { cx, cy, r, class: `bubble role-${c.role ?? 'none'}`, 'data-contact': c.id });
      const tip = document.createElementNS(ns, 'title');
      tip.textContent = `${c.name}${c.role ? ` · ${t(`role.${c.role}`)}` : ''}`;
      dot.appendChild(tip);
      const row = Math.floor(k / 2);
      labels.push({ x: cx, y: k % 2 ? cy + r + 11 + row * 11 : cy - r - 3 - row * 11, name: c.name });
    });
  }
  for (const l of labels) add('text', { x: l.x, y: l.y, class: 'bubble-label' }, l.name);
  const defs = document.createElementNS(ns, 'defs');
  defs.innerHTML = '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker>';
  svg.prepend(defs);
  return h('section', { class: 'card', 'data-testid': 'stakeholder-map' },
    sectionHead('plan.section.stakeholders', addBtn),
    svg,
    h('p', { class: 'muted small map-legend' }, t('plan.legend.map_window')),
    asTable(t('plan.map_label'), [t('field.name'), t('field.role'), t('field.attitude'), t('chart.target_attitude'), t('field.influence'), t('field.relationship_strength')],
      () => people.map((p) => {
        const c = p.contact;
        const target = p.entry?.target_attitude;
        return [c.name, c.role ? t(`role.${c.role}`) : '—', t(`attitude.${c.attitude}`),
          target !== null && target !== undefined ? t(`attitude.${target}`) : '—', String(c.influence), String(c.relationship_strength ?? '—')];
      })),
    h('ul', { class: 'mapped small', 'data-testid': 'mapped' }, /** @type {any[]} */ (v.stakeholders).filter((s) => s.entry).map((s) => h('li', null,
      h('span', { class: 'strong' }, s.contact.name),
      s.entry.target_attitude !== null ? ` · ${t('plan.target')} ${t(`attitude.${s.entry.target_attitude}`)}` : '',
      s.entry.owner ? ` · ${s.entry.owner}` : '',
      ' ', edit('stakeholder', s.entry)))),
    v.gaps.length ? h('ul', { class: 'gaps small', 'data-testid': 'gaps' }, v.gaps.map((g) => h('li', null, '⚠ ', t(`gap.${g.code}`, gapParams(g)))))
      : h('p', { class: 'muted small' }, t('plan.no_gaps')));
}

/** The same people as an org chart, coloured by attitude, key players (influence 4+) marked. @param {PlanView} v */
function orgCard(v) {
  const contacts = /** @type {any[]} */ (v.stakeholders).map((s) => s.contact);
  const label = (/** @type {any} */ c) => [c.role ? t(`role.${c.role}`) : '', (c.influence ?? 0) >= 4 ? `★ ${t('plan.key_player')}` : ''].filter(Boolean).join(' · ');
  return h('section', { class: 'card', 'data-testid': 'plan-org-chart' },
    h('h3', null, t('plan.org_chart')),
    contacts.length ? orgChart(contacts, label) : h('p', { class: 'muted' }, t('plan.empty')));
}

/** @param {any} g */
function gapParams(g) {
  return { ...g, role: g.role ? t(`role.${g.role}`) : '', days: g.days ?? t('plan.never') };
}

/** @param {PlanView} v @param {() => void} reload @param {HTMLElement} addBtn @param {Edit} edit */
function actions(v, reload, addBtn, edit) {
  const list = v.actions;
  return h('section', { class: 'card', 'data-testid': 'plan-actions' },
    sectionHead('plan.section.actions', addBtn),
    list.length ? h('ul', { class: 'action-list' }, list.map((a) => {
      const done = a.status === 'done';
      const box = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', checked: done, 'aria-label': t('actions.mark_done', { title: a.title }),
        onchange: async () => { await api.setActionDone(a.id, box.checked); reload(); } }));
      return h('li', { class: done ? 'is-done' : a.overdue ? 'overdue-item' : null },
        box, ' ', h('span', null, shown(a.title)),
        a.due_date ? h('span', { class: a.overdue ? 'overdue small' : 'muted small' }, ` · ${formatDate(a.due_date)}`) : null,
        ' ', edit('action', a));
    })) : h('p', { class: 'muted' }, t('plan.empty')));
}

/** @param {PlanView} v @param {HTMLElement} addBtn @param {Edit} edit */
function goals(v, addBtn, edit) {
  const list = /** @type {any[]} */ (v.goals);
  return h('section', { class: 'card', 'data-testid': 'plan-goals' },
    sectionHead('plan.section.goals', addBtn),
    list.length ? h('ul', null, list.map((g) => h('li', null, shown(g.text),
      g.confirmed ? h('span', { class: 'chip' }, t('plan.confirmed')) : null,
      g.stale ? h('span', { class: 'chip overdue' }, t('plan.stale')) : null, ' ', edit('goal', g)))) : h('p', { class: 'muted' }, t('plan.empty')));
}

/** @param {PlanView} v @param {HTMLElement} addBtn @param {Edit} edit */
function risks(v, addBtn, edit) {
  const list = /** @type {any[]} */ (v.risks);
  return h('section', { class: 'card', 'data-testid': 'plan-risks' },
    sectionHead('plan.section.risks', addBtn),
    list.length ? h('ul', null, list.map((r) => h('li', null, `${r.description} · ${r.likelihood}×${r.impact}`, ' ', edit('risk', r)))) : h('p', { class: 'muted' }, t('plan.empty')));
}

/**
 * The account's opportunities this plan counts: those linked to it and those in no plan yet,
 * each with a button to link or unlink it, and the open pipeline's total and weighted value.
 * @param {PlanView} v @param {() => void} reload
 */
function opportunities(v, reload) {
  const toggle = (/** @type {import('../api.js').Opportunity} */ o) => {
    const linked = o.plan_id === v.id;
    return h('button', { class: linked ? 'btn btn-small' : 'btn btn-small btn-primary', 'data-testid': 'opp-link', 'aria-pressed': String(linked),
      onclick: async () => {
        try {
          await api.linkOpportunity(o.id, linked ? null : v.id);
          reload();
        } catch (e) { toast(/** @type {any} */ (e).message, 'error'); }
      } }, t(linked ? 'plan.opp_unlink' : 'plan.opp_link'));
  };
  return h('section', { class: 'card', 'data-testid': 'plan-opportunities' },
    sectionHead('plan.section.opportunities', null),
    v.opportunities.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null, ['title', 'estimated_value', 'probability', 'expected_close', 'status', 'plan_id']
        .map((k) => h('th', { class: k === 'estimated_value' || k === 'probability' ? 'num' : null }, t(`field.${k}`))))),
      h('tbody', null, v.opportunities.map((o) => h('tr', { 'data-id': o.id },
        h('td', { class: 'wrap' }, shown(o.title)),
        h('td', { class: 'num' }, formatMoney(o.estimated_value, { compact: true })),
        h('td', { class: 'num' }, `${o.probability}%`),
        h('td', null, formatDate(o.expected_close)),
        h('td', null, h('span', { class: `badge badge-${o.status}` }, t(`status.${o.status}`))),
        h('td', null, toggle(o)))))))
      : h('p', { class: 'muted' }, t('plan.empty')),
    h('p', { class: 'muted small' }, t('plan.pipeline', { n: v.pipeline.open, total: formatMoney(v.pipeline.total, { compact: true }), weighted: formatMoney(v.pipeline.weighted, { compact: true }) })));
}

/** @param {PlanView} v @param {HTMLElement} addBtn @param {Edit} edit */
function values(v, addBtn, edit) {
  const list = /** @type {any[]} */ (v.value_propositions);
  return h('section', { class: 'card', 'data-testid': 'plan-values' },
    sectionHead('plan.section.values', addBtn),
    list.length ? h('ul', null, list.map((p) => h('li', null, p.statement, p.benefit ? h('span', { class: 'chip' }, p.benefit) : null, ' ', edit('value_proposition', p))))
      : h('p', { class: 'muted' }, t('plan.empty')));
}

/** @param {PlanView} v @param {HTMLElement} addBtn @param {Edit} edit */
function resources(v, addBtn, edit) {
  const list = /** @type {any[]} */ (v.resources);
  return h('section', { class: 'card', 'data-testid': 'plan-resources' },
    sectionHead('plan.section.resources', addBtn),
    list.length ? h('ul', null, list.map((r) => h('li', null, h('span', { class: 'strong' }, r.team), ` · ${r.ask} · ${t(`resource_status.${r.status}`)}`, ' ', edit('resource', r))))
      : h('p', { class: 'muted' }, t('plan.empty')));
}

/** @param {PlanView} v @param {() => void} reload */
function reviews(v, reload) {
  const list = /** @type {any[]} */ (v.reviews);
  const compareBox = h('div', { class: 'compare', 'data-testid': 'review-compare' });
  if (list.length >= 2) {
    api.compareReviews(list[1].id, list[0].id).then((c) => mount(compareBox,
      h('h4', null, t('plan.since', { date: formatDate(c.from), to: formatDate(c.to) })),
      h('p', { class: 'muted small' }, t('plan.marks')),
      h('ul', { class: 'small' },
        c.objectives.map((o) => h('li', { 'data-move': o.progress }, `${vocab().move_marks[o.progress] ?? ''} ${shown(o.title)}`)),
        c.stakeholders.map((s) => h('li', { 'data-move': s.attitude }, `${vocab().move_marks[s.attitude] ?? ''} ${s.name}`)))))
      .catch(() => {});
  }
  const start = () => {
    const d = openDialog({
      title: t('plan.start_review'),
      body: buildForm({
        fields: [
          { name: 'date', type: 'date', required: true },
          { name: 'rating', type: 'select', options: () => scaleValues(vocab().rating).map((n) => ({ value: String(n), label: String(n) })) },
          { name: 'notes', type: 'textarea', full: true },
        ],
        values: { date: new Date().toISOString().slice(0, 10), rating: list[0]?.rating ? String(list[0].rating) : '' },
        onCancel: () => d.close(),
        onSubmit: async (values) => {
          await api.holdReview(v.id, { date: values.date, rating: values.rating ? Number(values.rating) : null, notes: values.notes });
          d.close();
          toast(t('common.saved'), 'ok', { undo: true });
          reload();
        },
      }),
    });
  };
  return h('section', { class: 'card', 'data-testid': 'plan-reviews' },
    h('div', { class: 'card-title' }, h('h3', null, t('plan.section.reviews')),
      h('button', { class: 'btn', 'data-action': 'start-review', onclick: start }, t('plan.start_review'))),
    list.length ? h('ul', null, list.map((r) => h('li', { 'data-id': r.id }, `${formatDate(r.date)}${r.rating ? ` · ${r.rating}/5` : ''}${r.notes ? ` · ${r.notes}` : ''}`, ' ',
      h('button', { class: 'btn btn-small btn-ghost', 'data-action': 'review-minutes', onclick: () => openPlanExport(v, r) }, t('plan.minutes'))))) : h('p', { class: 'muted' }, t('plan.no_reviews')),
    compareBox);
}
