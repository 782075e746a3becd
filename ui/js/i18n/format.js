// @ts-check
// The formatting rules the window shares with the documents Keyplan writes (crates/formats):
// pure functions of a language, held to the same cases by tests/ui/format.test.mjs and the
// Rust tests (tests/ui/format-cases.json).

/**
 * A day (YYYY-MM-DD) in the language's medium style: "Jan 5, 2027", "2027年1月5日".
 * @param {string} lang @param {string} iso
 */
export function dateIn(lang, iso) {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const day = new Date(y, m - 1, d);
  // Years before 100 would be read as 19xx by the constructor.
  day.setFullYear(y);
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(day);
}

/**
 * What the language writes before an amount of `code`: "CN¥" in English, "¥" in Chinese.
 * @param {string} lang @param {string} code
 */
export function currencySymbol(lang, code) {
  const parts = new Intl.NumberFormat(lang, { style: 'currency', currency: code }).formatToParts(1);
  const at = parts.findIndex((p) => p.type === 'integer');
  return parts.slice(0, at).map((p) => p.value).join('');
}
