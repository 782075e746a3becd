// @ts-check
// The navigation's symbols, drawn as SVG in the text's colour. As characters (◔ ☰ ▤ ✓ ⇄ ⚙)
// they came from whichever installed font had them — the large CJK fallback font, loaded at
// start-up just for six glyphs — and looked different on every system.

import { s } from './dom.js';

/** Stroked paths on a 16×16 grid, one list per symbol. @type {Record<string, string[]>} */
const PATHS = {
  // A pie with a slice taken out: the portfolio's share.
  portfolio: ['M8 2.5a5.5 5.5 0 1 0 5.5 5.5H8z', 'M10 1v5h5a5 5 0 0 0-5-5z'],
  // A list.
  accounts: ['M5.5 4h8', 'M5.5 8h8', 'M5.5 12h8', 'M2.5 4h.5', 'M2.5 8h.5', 'M2.5 12h.5'],
  // A page with lines: a plan.
  plans: ['M3.5 1.5h6l3 3v10h-9z', 'M9.5 1.5v3h3', 'M5.5 8h5', 'M5.5 11h5'],
  // A tick.
  actions: ['M2.5 8.5l3.5 3.5 7.5-8'],
  // Two arrows, each way: exchange with colleagues.
  sync: ['M2.5 5.5h10', 'M10 3l2.5 2.5L10 8', 'M13.5 10.5h-10', 'M6 8l-2.5 2.5L6 13'],
  // Three sliders: settings.
  settings: ['M2 4h12', 'M2 8h12', 'M2 12h12', 'M5 2.5v3', 'M10.5 6.5v3', 'M7 10.5v3'],
};

/**
 * The symbol `name`, decorative (the link beside it says what it is).
 * @param {string} name
 * @returns {SVGElement}
 */
export function icon(name) {
  return s('svg', { viewBox: '0 0 16 16', width: 16, height: 16, 'aria-hidden': 'true', focusable: 'false', class: 'icon' },
    ...(PATHS[name] || []).map((d) => s('path', { d })));
}
