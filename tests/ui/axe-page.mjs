// Runs axe-core's WCAG 2.0–2.2 A and AA rules over an HTML file in Debian's headless Chromium
// (puppeteer-core drives it; nothing is downloaded) and prints the serious and critical
// violations as JSON: [] when there are none. The file's own Content-Security-Policy forbids
// every script, so axe is let in past it for the check only.
//
//   node tests/ui/axe-page.mjs FILE.html
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const file = process.argv[2];
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  await page.setBypassCSP(true);
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.addScriptTag({ content: axe });
  const found = await page.evaluate(async () => {
    // @ts-ignore axe is the script just added
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations
      .filter((/** @type {any} */ v) => v.impact === 'serious' || v.impact === 'critical')
      .map((/** @type {any} */ v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((/** @type {any} */ n) => n.target.join(' ')).join(' | ')}`);
  });
  process.stdout.write(JSON.stringify(found));
} finally {
  await browser.close();
}
