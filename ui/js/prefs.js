// @ts-check
// Applying the user's settings to the window: language, theme, currency.
import { setLanguage, setCurrency, systemLanguage } from './i18n/index.js';
import { clearToasts } from './components/toast.js';

const media = window.matchMedia('(prefers-color-scheme: dark)');
let theme = 'system';

function paintTheme() {
  const dark = theme === 'dark' || (theme === 'system' && media.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}
media.addEventListener('change', paintTheme);

// The language and theme are kept on this laptop too, so an encrypted book's unlock screen,
// shown before its settings can be read, speaks the user's language in the user's theme.
const REMEMBERED = 'keyplan.look';

/** @param {import('./api.js').Settings} s */
export async function applySettings(s) {
  theme = s.theme || 'system';
  paintTheme();
  setCurrency(s.currency || 'CNY');
  const language = /** @type {any} */ (s.language) || systemLanguage();
  localStorage.setItem(REMEMBERED, JSON.stringify({ theme, language }));
  // A message said in the other language does not stay on screen after the switch.
  if (language !== document.documentElement.lang) clearToasts();
  await setLanguage(language);
}

/** The look last applied on this laptop (the system's before any). */
export async function applyRemembered() {
  /** @type {{theme?: string, language?: string}} */
  let look = {};
  try { look = JSON.parse(localStorage.getItem(REMEMBERED) || '{}'); } catch { look = {}; }
  theme = look.theme || 'system';
  paintTheme();
  await setLanguage(/** @type {any} */ (look.language === 'zh-CN' ? 'zh-CN' : look.language === 'en' ? 'en' : systemLanguage()));
}
