// @ts-check
// Three small charts in hand-drawn SVG: bars, the Pareto curve and the value-quadrant scatter.
// A charting library would be larger than all three together; SVG here follows the theme's CSS
// variables, scales with the window, and each mark carries a <title> the system shows on hover.
// All text goes in as text nodes.

import { h, s } from './dom.js';
import { t } from '../i18n/index.js';

/** @param {string} text */
const title = (text) => s('title', {}, text);

/**
 * A chart's data as a table, for a screen reader or anyone who would rather read the numbers
 * (WCAG 1.1.1): a closed disclosure under the chart whose rows are made when it is first opened,
 * so a chart of ten thousand accounts costs nothing until asked.
 * @param {string} caption @param {string[]} headers @param {() => Array<Array<string|number>>} rows
 */
export function asTable(caption, headers, rows) {
  const body = h('tbody');
  const table = h('table', { class: 'table chart-table' },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', null, h('tr', null, headers.map((x) => h('th', { scope: 'col' }, x)))),
    body);
  const details = /** @type {HTMLDetailsElement} */ (h('details', { class: 'chart-alt', 'data-testid': 'chart-table' },
    h('summary', null, h('span', { class: 'chart-alt-label' }, t('chart.as_table')), h('span', { class: 'sr-only' }, `: ${caption}`)),
    // It scrolls: the keyboard must be able to reach it to scroll it.
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption }, table)));
  details.addEventListener('toggle', () => {
    const label = details.querySelector('.chart-alt-label');
    if (label) label.textContent = t(details.open ? 'chart.hide_table' : 'chart.as_table');
    if (details.open && !body.firstChild) {
      body.replaceChildren(...rows().map((r) => h('tr', null, r.map((c) => h('td', null, String(c))))));
    }
  });
  return details;
}

/**
 * Horizontal bars, one per item, labelled and valued.
 * @param {Array<{label: string, value: number, display: string, tone?: string, testid?: string}>} items
 * @param {string} name what the chart shows, for a screen reader
 */
export function bars(items, name) {
  const max = Math.max(1, ...items.map((i) => i.value));
  const rowH = 26;
  const height = items.length * rowH + 4;
  const svg = s('svg', { viewBox: `0 0 400 ${height}`, class: 'chart chart-bars', role: 'img', 'aria-label': name });
  items.forEach((it, i) => {
    const y = i * rowH + 4;
    // Nothing is drawn for nothing: a sliver would read as a little.
    const w = it.value > 0 ? Math.max(2, (it.value / max) * 150) : 0;
    svg.appendChild(s('g', { 'data-testid': it.testid || '' },
      title(`${it.label}: ${it.display}`),
      s('text', { x: 0, y: y + 14, class: 'chart-label' }, it.label),
      s('rect', { x: 90, y, width: w, height: 18, rx: 3, class: `bar ${it.tone || ''}` }),
      s('text', { x: 96 + w, y: y + 14, class: 'chart-value' }, it.display)));
  });
  return svg;
}

/**
 * Cumulative share (0-10000 basis points) against accounts, with the A and B thresholds.
 * @param {Array<[number, number]>} points (accounts so far, share bp), from (0, 0)
 * @param {{a: number, b: number, label: (accounts: number, bp: number) => string, aLabel: string, bLabel: string, name: string}} opts
 */
export function pareto(points, opts) {
  const W = 420, H = 220, L = 36, B = 22, T = 8, R = 8;
  const n = Math.max(1, points[points.length - 1]?.[0] || 1);
  const x = (/** @type {number} */ k) => L + (k / n) * (W - L - R);
  const y = (/** @type {number} */ bp) => T + (1 - bp / 10000) * (H - T - B);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart chart-pareto', role: 'img', 'aria-label': opts.name });
  for (const bp of [0, 5000, 10000]) {
    svg.appendChild(s('line', { x1: L, x2: W - R, y1: y(bp), y2: y(bp), class: 'grid' }));
    svg.appendChild(s('text', { x: L - 4, y: y(bp) + 4, class: 'chart-axis', 'text-anchor': 'end' }, `${bp / 100}%`));
  }
  // Each threshold's label sits where the curve is not: above its line at the left, where the
  // curve is still below it, unless the curve crosses it there (a very concentrated book) —
  // then below its line at the right, where the curve is already above it.
  const crossing = (/** @type {number} */ bp) => {
    const at = points.find(([, share]) => share >= bp);
    return at ? x(at[0]) : W - R;
  };
  for (const [bp, label] of [[opts.a, opts.aLabel], [opts.b, opts.bLabel]]) {
    svg.appendChild(s('line', { x1: L, x2: W - R, y1: y(+bp), y2: y(+bp), class: 'threshold' }));
    const room = crossing(+bp) - L > 70;
    svg.appendChild(s('text', room
      ? { x: L + 4, y: y(+bp) - 3, class: 'chart-axis threshold-label', 'text-anchor': 'start' }
      : { x: W - R - 2, y: y(+bp) + 11, class: 'chart-axis threshold-label', 'text-anchor': 'end' }, String(label)));
  }
  const d = points.map(([k, bp], i) => `${i ? 'L' : 'M'}${x(k).toFixed(1)},${y(bp).toFixed(1)}`).join('');
  svg.appendChild(s('path', { d, class: 'curve' }));
  // Invisible wide hit targets so hovering anywhere near the curve names the point.
  const step = Math.max(1, Math.floor(points.length / 40));
  points.filter((_, i) => i % step === 0 || i === points.length - 1).forEach(([k, bp]) => {
    svg.appendChild(s('circle', { cx: x(k), cy: y(bp), r: 6, class: 'hit' }, title(opts.label(k, bp))));
  });
  svg.appendChild(s('text', { x: W - R, y: H - 4, class: 'chart-axis', 'text-anchor': 'end' }, String(n)));
  svg.appendChild(s('text', { x: L, y: H - 4, class: 'chart-axis' }, '0'));
  return svg;
}

/**
 * Current value × potential value, split at `split` on both axes; click opens the account.
 * @param {Array<{id: string, name: string, cv: number, pv: number, quadrant: string, tier: string}>} points
 * @param {{split: number, xLabel: string, yLabel: string, quadrantLabel: (q: string) => string, tierLabel: (tier: string) => string, sizeNote: string, onOpen: (id: string) => void, name: string}} opts
 */
export function scatter(points, opts) {
  // The quadrant names sit outside the plot (above it for the top two, below for the bottom
  // two), so no dot covers them; a dot is kept whole inside the frame; a legend says what the
  // colour and size of a dot mean.
  const W = 420, H = 300, L = 34, T = 20, R = 8, B = 62;
  const r = (/** @type {string} */ tier) => (tier === 'A' ? 4.5 : 3);
  const clamp = (/** @type {number} */ v, /** @type {number} */ pad) => Math.max(pad, Math.min(100 - pad, v));
  const x = (/** @type {number} */ v) => L + (v / 100) * (W - L - R);
  const y = (/** @type {number} */ v) => T + (1 - v / 100) * (H - T - B);
  // 4.5 px of the plot's width (and height) in value units: how far a dot keeps from the edge.
  const padX = (4.5 / (W - L - R)) * 100, padY = (4.5 / (H - T - B)) * 100;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart chart-scatter', role: 'img', 'aria-label': opts.name });
  svg.appendChild(s('rect', { x: L, y: T, width: W - L - R, height: H - T - B, class: 'plot' }));
  svg.appendChild(s('line', { x1: x(opts.split), x2: x(opts.split), y1: T, y2: H - B, class: 'threshold' }));
  svg.appendChild(s('line', { x1: L, x2: W - R, y1: y(opts.split), y2: y(opts.split), class: 'threshold' }));
  const corners = [['growth', L, T - 6, 'start'], ['strategic_partner', W - R, T - 6, 'end'],
    ['basic', L, H - B + 13, 'start'], ['profit', W - R, H - B + 13, 'end']];
  for (const [q, cx, cy, anchor] of corners) {
    svg.appendChild(s('text', { x: cx, y: cy, class: 'chart-axis quadrant-label', 'text-anchor': String(anchor) }, opts.quadrantLabel(String(q))));
  }
  // One tab stop for all the dots (a book has hundreds): the arrow keys move between them,
  // ←/→ in order of current value and ↑/↓ of potential, Home/End to the ends, Enter opens.
  const byX = points.map((_, i) => i).sort((a, b) => points[a].cv - points[b].cv || points[a].pv - points[b].pv);
  const byY = points.map((_, i) => i).sort((a, b) => points[a].pv - points[b].pv || points[a].cv - points[b].cv);
  /** @type {SVGElement[]} */
  const dots = [];
  // The dot that takes focus is drawn last, so no neighbour covers its focus ring.
  const moveTo = (/** @type {number} */ from, /** @type {number} */ to) => {
    dots[from].setAttribute('tabindex', '-1');
    dots[to].setAttribute('tabindex', '0');
    svg.appendChild(dots[to]);
    dots[to].focus();
  };
  /** @param {number} i @param {KeyboardEvent} e */
  const onKey = (i, e) => {
    if (e.key === 'Enter') { opts.onOpen(points[i].id); return; }
    const order = e.key === 'ArrowUp' || e.key === 'ArrowDown' ? byY : byX;
    const at = order.indexOf(i);
    const step = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 }[e.key];
    let to = -1;
    if (step !== undefined) to = order[Math.min(order.length - 1, Math.max(0, at + step))];
    else if (e.key === 'Home') to = byX[0];
    else if (e.key === 'End') to = byX[byX.length - 1];
    if (to < 0) return;
    e.preventDefault();
    if (to !== i) moveTo(i, to);
  };
  points.forEach((p, i) => {
    const dot = s('circle', {
      cx: x(clamp(p.cv, padX)).toFixed(1), cy: y(clamp(p.pv, padY)).toFixed(1), r: r(p.tier),
      class: `dot tier-${p.tier}`, tabindex: i === byX[0] ? 0 : -1, 'data-id': p.id,
      onclick: () => opts.onOpen(p.id),
      onkeydown: (/** @type {KeyboardEvent} */ e) => onKey(i, e),
    }, title(`${p.name} — ${opts.xLabel} ${p.cv.toFixed(0)}, ${opts.yLabel} ${p.pv.toFixed(0)}`));
    dots.push(dot);
    svg.appendChild(dot);
  });
  if (dots.length) svg.appendChild(dots[byX[0]]);
  svg.appendChild(s('text', { x: (L + W - R) / 2, y: H - B + 28, class: 'chart-axis', 'text-anchor': 'middle' }, opts.xLabel));
  svg.appendChild(s('text', { x: 10, y: (T + H - B) / 2, class: 'chart-axis', 'text-anchor': 'middle', transform: `rotate(-90 10 ${(T + H - B) / 2})` }, opts.yLabel));
  // The legend: one dot per tier, as drawn.
  let lx = L;
  for (const tier of ['A', 'B', 'C']) {
    const label = opts.tierLabel(tier);
    svg.appendChild(s('circle', { cx: lx + 5, cy: H - 8, r: r(tier), class: `dot legend-dot tier-${tier}` }));
    svg.appendChild(s('text', { x: lx + 13, y: H - 4, class: 'chart-axis' }, label));
    lx += 22 + label.length * 6;
  }
  svg.appendChild(s('text', { x: W - R, y: H - 4, class: 'chart-axis', 'text-anchor': 'end' }, opts.sizeNote));
  return svg;
}
