// @ts-check
// Boot and routing. Routes are hashes (#/accounts/ID/contacts) so Back and Forward work and a
// reload returns to the same place.
import * as api from './api.js';
import { t, onLanguageChange } from './i18n/index.js';
import { h, mount } from './components/dom.js';
import { icon } from './components/icons.js';
import { applySettings, applyRemembered } from './prefs.js';
import { showUnlock, armAutoLock } from './views/lock.js';
import { toast, clearOlderThan } from './components/toast.js';
import * as portfolio from './views/portfolio.js';
import * as accounts from './views/accounts.js';
import * as account from './views/account.js';
import * as settings from './views/settings.js';
import * as plans from './views/plans.js';
import * as actions from './views/actions.js';
import * as sync from './views/sync.js';
import { acceptDrops } from './views/bundle.js';
import { openAccountForm } from './views/account-form.js';
import { armUndo } from './undo.js';
import { openPalette } from './views/palette.js';
import { loadVocabulary } from './vocabulary.js';

const NAV = [
  ['portfolio', '#/portfolio'],
  ['accounts', '#/accounts'],
  ['plans', '#/plans'],
  ['actions', '#/actions'],
  ['sync', '#/sync'],
  ['settings', '#/settings'],
];

/** @type {import('./api.js').StartupInfo} */
let info;
const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const nav = /** @type {HTMLElement} */ (document.getElementById('nav'));

function drawNav() {
  const current = location.hash.split('/')[1] || 'portfolio';
  mount(nav,
    h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'K'), h('span', null, t('app.name'))),
    h('ul', null, NAV.map(([name, href]) => h('li', null,
      h('a', { href, 'data-nav': name, class: current === name ? 'active' : null, 'aria-current': current === name ? 'page' : null },
        h('span', { class: 'nav-icon', 'aria-hidden': 'true' }, icon(name)), t(`nav.${name}`))))),
    h('div', { class: 'nav-foot muted small' }, `${t('nav.search_hint')} · Ctrl+K`));
  sync.badgeAgain();
}

async function route() {
  // A message belongs to the page it was said on, unless it led here a moment ago.
  clearOlderThan(300);
  drawNav();
  const [, section = 'portfolio', id, tab, sub] = location.hash.split('/');
  try {
    if (section === 'accounts' && id) await account.render(main, id, tab, sub);
    else if (section === 'accounts') await accounts.render(main);
    else if (section === 'settings') await settings.render(main, info);
    else if (section === 'plans') await plans.render(main);
    else if (section === 'actions') await actions.render(main);
    else if (section === 'sync') await sync.render(main);
    else await portfolio.render(main);
  } catch (e) {
    const err = /** @type {any} */ (e);
    mount(main, h('div', { class: 'card error-card', role: 'alert' }, h('h2', null, t('common.error')), h('p', null, err?.message || String(e))));
  }
  main.focus({ preventScroll: true });
}

function startupError() {
  mount(main, h('section', { class: 'card error-card', role: 'alert', 'data-testid': 'startup-error' },
    h('h1', null, t('startup.error_title')),
    h('p', { class: 'mono' }, info.error || ''),
    h('p', null, t('startup.error_hint'))));
}

document.addEventListener('keydown', (e) => {
  if (document.querySelector('dialog[open]')) return; // the dialog owns the keyboard
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k' && !info.error) {
    e.preventDefault();
    openPalette({ encrypted: info.encrypted, refresh: () => route() });
  } else if (e.key === '/' && !typing) {
    e.preventDefault();
    if (!accounts.focusSearch()) location.hash = '#/accounts';
  } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'n' && !info.error) {
    e.preventDefault();
    openAccountForm(null);
  }
});

/**
 * Where an error happened, from its stack: the kind of error and file:line frames, never its
 * message (which may quote what the user typed). @param {any} err
 */
function place(err) {
  const frames = String(err?.stack ?? '').match(/[\w-]+\.js:\d+:\d+/g) ?? [];
  return `${err?.name ?? 'Error'} at ${frames.slice(0, 8).join(' < ') || 'unknown'}`;
}

window.addEventListener('error', (e) => {
  api.recordWindowError(place(e.error ?? { name: 'Error', stack: `${e.filename}:${e.lineno}:${e.colno}` })).catch(() => {});
});

window.addEventListener('unhandledrejection', (e) => {
  // Locked meanwhile (by the idle timer, say): the unlock screen, then the view again.
  if (e.reason?.kind === 'locked') showUnlock().then(() => route());
  else toast(e.reason?.message || t('common.error'), 'error');
  // A failure of the window's own code (not an answer from Keyplan) goes to the local log.
  if (e.reason instanceof Error) api.recordWindowError(place(e.reason)).catch(() => {});
});

async function boot() {
  // The three reads are independent: asked together, they cost one round trip, not three. The
  // settings cannot be read when the database did not open; the startup error says why.
  /** @type {any} */
  let unread = null;
  let [startup, , settings] = await Promise.all([
    api.appInfo(),
    loadVocabulary(),
    api.getSettings().catch((e) => { unread = e; return null; }),
  ]);
  if (startup.locked) {
    // An encrypted book opens on its unlock screen, in the look last used on this laptop.
    await applyRemembered();
    startup = await showUnlock(startup.keyring_error);
    unread = null;
    settings = await api.getSettings().catch((e) => { unread = e; return null; });
  }
  info = startup;
  await applySettings(info.error || !settings ? { language: null, theme: 'system', currency: 'CNY' } : settings);
  // An open database whose settings cannot be read still opens, on the defaults, and says so.
  if (!info.error && unread) toast(unread.message || t('common.error'), 'error');
  if (info.error) {
    drawNav();
    startupError();
    return;
  }
  onLanguageChange(() => route());
  window.addEventListener('hashchange', route);
  armUndo(() => route());
  acceptDrops(() => { sync.refreshBadge(); route(); });
  await route();
  armAutoLock(info.encrypted);
  sync.watchStatus(() => route());
  document.body.dataset.ready = 'true';
  // For the start-up measurement (tests/measure.rs): when the first view had its data.
  performance.mark('keyplan-ready');
}

boot();
