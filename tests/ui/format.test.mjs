// The window's dates and currency symbols against the cases the documents are held to
// (format-cases.json; the Rust side reads the same file), so a plan reads alike on screen and
// on paper. Run with `node --test tests/ui/` (scripts/test.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dateIn, currencySymbol } from '../../ui/js/i18n/format.js';

const cases = JSON.parse(readFileSync(new URL('./format-cases.json', import.meta.url), 'utf8'));

test('dates read as the documents write them', () => {
  for (const [iso, lang, expected] of cases.dates) assert.equal(dateIn(lang, iso), expected, `${iso} in ${lang}`);
});

test('currency symbols are the documents\' symbols', () => {
  for (const [code, lang, expected] of cases.symbols) assert.equal(currencySymbol(lang, code), expected, `${code} in ${lang}`);
});
