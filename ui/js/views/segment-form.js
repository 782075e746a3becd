// @ts-check
// Saving a segment 细分: a name and a rule over account fields, computed labels and a rev12 range.
// Within a field any ticked value matches; across fields all must.
import { h } from '../components/dom.js';
import { t } from '../i18n/index.js';
import * as api from '../api.js';
import { buildForm } from '../components/form.js';
import { openDialog, confirmDelete } from '../components/dialog.js';
import { toast } from '../components/toast.js';
import { vocab } from '../vocabulary.js';

/** @param {string[]} values @param {(v: string) => string} [label] */
const opts = (values, label = (v) => v) => () => values.map((v) => ({ value: v, label: label(v) }));

/**
 * @param {?import('../api.js').Segment} segment
 * @param {(s: ?import('../api.js').Segment) => void} onSaved the saved segment, or null once deleted
 */
export async function openSegmentForm(segment, onSaved) {
  const facets = await api.accountFacets();
  const rule = segment?.rule || {};
  const range = (rule.ranges || []).find((r) => r.metric === 'rev12') || { min: null, max: null };
  const major = (/** @type {?number} */ v) => (v === null || v === undefined ? null : v / 100);
  const fields = /** @type {import('../components/form.js').FieldSpec[]} */ ([
    { name: 'segment_name', type: 'text', required: true, full: true },
    { name: 'tier', type: 'multi', options: opts(vocab().tiers) },
    { name: 'risk_level', type: 'multi', options: opts(vocab().risk_levels, (v) => t(`risk.${v}`)) },
    { name: 'quadrant', type: 'multi', full: true, options: opts(vocab().quadrants, (v) => t(`quadrant.${v}`)) },
    { name: 'stage', type: 'multi', full: true, options: opts(vocab().stages, (v) => t(`stage.${v}`)) },
    { name: 'industry', type: 'multi', full: true, options: opts(facets.industries) },
    { name: 'region', type: 'multi', full: true, options: opts(facets.regions) },
    { name: 'owner', type: 'multi', options: opts(facets.owners) },
    { name: 'size_band', type: 'multi', options: opts(vocab().size_bands, (v) => t(`size_band.${v}`)) },
    { name: 'rev12_min', type: 'number' },
    { name: 'rev12_max', type: 'number' },
  ]);
  const values = {
    segment_name: segment?.name ?? '', tier: rule.tier, risk_level: rule.risk_level, quadrant: rule.quadrant,
    stage: rule.stage, industry: rule.industry, region: rule.region, owner: rule.owner, size_band: rule.size_band,
    rev12_min: major(range.min ?? null), rev12_max: major(range.max ?? null),
  };
  const form = buildForm({
    fields, values,
    onCancel: () => dlg.close(),
    onSubmit: async (v) => {
      /** @type {import('../api.js').MetricRange[]} */
      const ranges = v.rev12_min === null && v.rev12_max === null ? [] : [{
        metric: 'rev12',
        min: v.rev12_min === null ? null : Math.round(v.rev12_min * 100),
        max: v.rev12_max === null ? null : Math.round(v.rev12_max * 100),
      }];
      const input = {
        name: v.segment_name,
        rule: {
          tier: v.tier, risk_level: v.risk_level, quadrant: v.quadrant, stage: v.stage, industry: v.industry,
          region: v.region, owner: v.owner, size_band: v.size_band, ranges,
        },
      };
      try {
        const saved = segment ? await api.updateSegment(segment.id, input) : await api.createSegment(input);
        dlg.close();
        toast(t('common.saved'));
        onSaved(saved);
      } catch (e) {
        // The rule's errors name rule fields; show them at the inputs that hold them.
        const rename = { name: 'segment_name', 'rule.ranges.0.min': 'rev12_min', 'rule.ranges.0.max': 'rev12_max' };
        const err = /** @type {any} */ (e);
        if (Array.isArray(err?.details)) err.details = err.details.map((/** @type {any} */ d) => ({ ...d, field: rename[/** @type {keyof typeof rename} */ (d.field)] || d.field }));
        throw err;
      }
    },
  });
  const remove = segment ? h('button', { class: 'btn btn-danger-ghost', type: 'button', 'data-action': 'delete-segment', onclick: async () => {
    if (!(await confirmDelete(t('segment.delete_confirm', { name: segment.name })))) return;
    await api.deleteSegment(segment.id);
    dlg.close();
    onSaved(null);
  } }, t('common.delete')) : null;
  const dlg = openDialog({ title: t(segment ? 'segment.edit' : 'segment.new'), body: h('div', { class: 'dialog-body' }, form, remove), wide: true });
}
