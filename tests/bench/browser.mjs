// Browser benchmark (not part of scripts/test.sh): score a generated CRM-style CSV in the
// served page's worker, in real Chromium, and print the times the page reports.
//
//   scripts/serve.sh &                       # or any static server of www/
//   E2E_BASE_URL=http://127.0.0.1:8080/ node tests/bench/browser.mjs [ROWS]   # default 1,000,000
//
// The file is made by scripts/gen_sample.py (fixed seed) into /tmp and handed to the page's
// file input by path, as a user picking it would.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch, openApp } from '../e2e/helpers.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const file = `/tmp/leadscore-bench-${rows}.csv`;
if (!existsSync(file)) {
  const gen = fileURLToPath(new URL('../../scripts/gen_sample.py', import.meta.url));
  execFileSync('python3', [gen, '--rows', String(rows), '--out', file], { stdio: 'inherit' });
}
const mb = statSync(file).size / 1e6;

const browser = await launch();
try {
  const { page } = await openApp(browser);
  await page.locator('#status[data-state="valid"]').waitFor();
  await page.locator('#as-of').fill('2026-11-20');
  await page.locator('#as-of').dispatchEvent('change');
  await page.locator('#status[data-state="valid"]').waitFor();
  await page.locator('#file-input').setInputFiles(file);
  await page.locator('#mapping-section:not([hidden])').waitFor();
  for (const run of [1, 2, 3]) {
    const started = Date.now();
    await page.locator('#score').click();
    await page.locator('#score-status:not([data-state="loading"])').waitFor({ timeout: 600_000 });
    const status = await page.locator('#score-status').textContent();
    const worker = Number(/scored in ([\d,]+) ms/.exec(status)?.[1].replace(/,/g, ''));
    console.log(`run ${run}: ${rows.toLocaleString('en')} rows, ${mb.toFixed(1)} MB: worker ${worker} ms ` +
      `(${Math.round(rows / worker * 1000).toLocaleString('en')} rows/s, ${(mb / worker * 1000).toFixed(0)} MB/s), ` +
      `page ready after ${Date.now() - started} ms`);
  }
} finally {
  await browser.close();
}
