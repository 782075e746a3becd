// @ts-check
// The UI's two languages. Strings live in en.json and zh-CN.json (same keys; a test checks).
// Dates, numbers and money are formatted with Intl for the chosen locale.

import { dateIn } from './format.js';

/** @typedef {'en' | 'zh-CN'} Language */

/** @type {Record<string, string>} */
let strings = {};
/** @type {Record<string, string>} */
let fallback = {};
/** The Chinese catalogue, kept whichever language is shown (see `everyLanguage`). @type {Record<string, string>} */
let chinese = {};
/** @type {Language} */
let language = 'en';
/** Texts Keyplan generated (template and playbook items) in either language → their key. */
let generatedKeys = new Map();
const GENERATED = /^(template|playbook)\./;
let currency = 'CNY';
const listeners = new Set();

/** @param {string} lang @returns {Promise<Record<string,string>>} */
async function load(lang) {
  const res = await fetch(`js/i18n/${lang}.json`);
  if (!res.ok) throw new Error(`missing language file ${lang}`);
  return res.json();
}

/** The language the system prefers, as one Keyplan speaks. @returns {Language} */
export function systemLanguage() {
  return (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** @param {Language} lang */
export async function setLanguage(lang) {
  // English is every string's fallback; both files are fetched at once (Chinese always: a text
  // generated in one language is shown in the other, see `shown`).
  const [en, zh] = await Promise.all([
    Object.keys(fallback).length ? fallback : load('en'),
    generatedKeys.size ? null : load('zh-CN'),
  ]);
  fallback = en;
  if (zh) {
    chinese = zh;
    generatedKeys = collectGenerated([en, zh]);
  }
  strings = lang === 'en' ? fallback : (zh ?? await load(lang));
  language = lang;
  document.documentElement.lang = lang;
  listeners.forEach((fn) => fn(lang));
}

/** @param {Record<string, string>[]} catalogues */
function collectGenerated(catalogues) {
  const keys = new Map();
  for (const cat of catalogues) {
    for (const [key, text] of Object.entries(cat)) if (GENERATED.test(key)) keys.set(text, key);
  }
  return keys;
}

/**
 * A title or text as the window shows it: one Keyplan generated from a template or playbook, and
 * the user never changed, reads in the language shown now; anything the user wrote (or edited,
 * even a generated one) is theirs and shown exactly as typed.
 * @param {string|null|undefined} text
 */
export function shown(text) {
  const key = text ? generatedKeys.get(text) : undefined;
  return key ? t(key) : (text ?? '');
}

/**
 * A string in every language Keyplan speaks (placeholders left as they are): what the command
 * palette matches typing against, so a command is found by its name in either language.
 * @param {string} key
 */
export function everyLanguage(key) {
  return [fallback[key], chinese[key]].filter((s) => typeof s === 'string');
}

/** @returns {Language} */
export function currentLanguage() {
  return language;
}

/** @param {(lang: Language) => void} fn */
export function onLanguageChange(fn) {
  listeners.add(fn);
}

/** @param {string} code */
export function setCurrency(code) {
  currency = code;
}

/**
 * Looks a string up and fills its {placeholders}. `{name:one|other}` picks the word that goes
 * with the number in `name`: `one` when it reads exactly 1 ("1 day", but "1.0 days"), `other`
 * otherwise. Languages without plural forms (Chinese) simply do not use it.
 * @param {string} key
 * @param {Record<string, string|number>} [params]
 */
export function t(key, params = {}) {
  const s = strings[key] ?? fallback[key] ?? key;
  return s
    .replace(/\{(\w+):([^|{}]*)\|([^{}]*)\}/g, (whole, k, one, other) =>
      k in params ? (String(params[k]) === '1' ? one : other) : whole)
    .replace(/\{(\w+)\}/g, (_, k) => (k in params ? String(params[k]) : `{${k}}`));
}

/** Whether a key exists (used for labels of values that may not be translated). @param {string} key */
export function has(key) {
  return key in strings || key in fallback;
}

/** @param {string|null|undefined} iso YYYY-MM-DD */
export function formatDate(iso) {
  if (!iso) return t('common.none');
  return dateIn(language, iso);
}

/** @param {string|null|undefined} ts RFC 3339 timestamp */
export function formatDateTime(ts) {
  if (!ts) return t('common.none');
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ts));
}

/**
 * Money, one way everywhere: exact (to the cent, grouped) or, with `compact`, a summary to one
 * decimal (CN¥56.4M, ¥5,642.5万). Zero is CN¥0 / ¥0 in both. The documents Keyplan writes
 * follow the same rules (crates/formats/src/plan/text.rs).
 * @param {number|null|undefined} minor amount in minor units
 */
export function formatMoney(minor, { compact = false } = {}) {
  if (minor === null || minor === undefined) return t('common.none');
  /** @type {Intl.NumberFormatOptions} */
  const opts = { style: 'currency', currency, useGrouping: true };
  if (compact || minor === 0) Object.assign(opts, { notation: 'compact', maximumFractionDigits: 1, minimumFractionDigits: 0 });
  return new Intl.NumberFormat(language, opts).format(minor / 100);
}

/** @param {number|null|undefined} n */
export function formatNumber(n) {
  if (n === null || n === undefined) return t('common.none');
  return new Intl.NumberFormat(language).format(n);
}

/**
 * A share as a percentage, one way everywhere: up to one decimal, none when whole ("80%",
 * "62.4%"), in the language's style.
 * @param {number|null|undefined} ratio e.g. 0.624
 */
export function formatPercent(ratio) {
  if (ratio === null || ratio === undefined) return t('common.none');
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

/** @param {number} ratio e.g. 0.123 → "+12.3%" */
export function formatChange(ratio) {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(ratio);
}
