// @ts-check
// Keyplan's closed lists and scales as the Rust side defines them (crates/domain/src/
// vocabulary.rs), loaded once at start: every picker and filter offers exactly the values the
// validators accept, in the same order. Their labels come from the i18n catalogues.
import * as api from './api.js';

/** @type {import('./api.js').Vocabulary | null} */
let loaded = null;

/** Loads the vocabulary (once per window; it never changes while the app runs). */
export async function loadVocabulary() {
  loaded = await api.vocabulary();
  return loaded;
}

/** @returns {import('./api.js').Vocabulary} */
export function vocab() {
  if (!loaded) throw new Error('the vocabulary is read before it was loaded');
  return loaded;
}

/** The whole numbers of a scale, lowest first. @param {import('./api.js').Scale} s */
export function scaleValues(s) {
  return Array.from({ length: s.max - s.min + 1 }, (_, i) => s.min + i);
}

/** An NPS answer's bucket, by the vocabulary's bounds. @param {number} score @returns {'promoter'|'passive'|'detractor'} */
export function npsBucket(score) {
  const v = vocab();
  return score >= v.promoter_min ? 'promoter' : score >= v.passive_min ? 'passive' : 'detractor';
}
