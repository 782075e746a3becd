// @ts-check
// Applying the user's settings to the window: language, theme, currency.
import { setLanguage, setCurrency, systemLanguage } from './i18n/index.js';

const media = window.matchMedia('(prefers-color-scheme: dark)');
let theme = 'system';

function paintTheme() {
  const dark = theme === 'dark' || (theme === 'system' && media.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}
media.addEventListener('change', paintTheme);

/** @param {import('./api.js').Settings} s */
export async function applySettings(s) {
  theme = s.theme || 'system';
  paintTheme();
  setCurrency(s.currency || 'CNY');
  await setLanguage(/** @type {any} */ (s.language) || systemLanguage());
}
