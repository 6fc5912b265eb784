// Browser benchmark (not part of scripts/test.sh): train on the UCI Bank Marketing file
// (41,188 rows) in the served page's worker, in real Chromium, through the page's Train
// section as a user would, and print the times the page reports and the cross-validated AUC.
//
//   scripts/serve.sh &                       # or any static server of www/
//   E2E_BASE_URL=http://127.0.0.1:8080/ node tests/bench/train.mjs [path/to/bank-additional-full.csv]
//
// The file defaults to $LEADSCORE_BANK, else ../shared/data/ next to the repository; without
// it the benchmark says so and exits. Two settings: the page's defaults (its leakage guard
// leaves `duration` out) and every column (duration ticked back in), three runs each.
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch, openReady } from '../e2e/helpers.js';

const file = process.argv[2] ?? process.env.LEADSCORE_BANK ??
  fileURLToPath(new URL('../../../shared/data/bank-additional-full.csv', import.meta.url));
if (!existsSync(file)) {
  console.log(`train benchmark skipped: ${file} not found (pass its path or set LEADSCORE_BANK)`);
  process.exit(0);
}
const mb = statSync(file).size / 1e6;
const number = (text) => Number(text.replace(/,/g, ''));

const browser = await launch();
try {
  const { page } = await openReady(browser);
  await page.locator('#file-input').setInputFiles(file);
  await page.locator('#mapping-section:not([hidden])').waitFor();
  let started = Date.now();
  await page.locator('#train-read').click();
  await page.locator('#train-status:not([data-state="loading"])').waitFor({ timeout: 600_000 });
  const read = await page.locator('#train-status').textContent();
  console.log(`${file} (${mb.toFixed(1)} MB): read and profiled in ${Date.now() - started} ms: ${read}`);
  const outcome = await page.locator('#train-outcome').inputValue();
  const left = await page.locator('#train-column-list input:checked').evaluateAll((boxes) =>
    boxes.map((b) => b.dataset.column));
  console.log(`outcome column '${outcome}'; left out by the leakage guard: ${left.join(', ') || 'none'}`);

  for (const [setting, untick] of [['page defaults', []], ['every column', left]]) {
    for (const column of untick) await page.locator(`#train-column-list input[data-column="${column}"]`).uncheck();
    for (const run of [1, 2, 3]) {
      started = Date.now();
      await page.locator('#train-run').click();
      await page.locator('#train-status:not([data-state="loading"])').waitFor({ timeout: 600_000 });
      const status = await page.locator('#train-status').textContent();
      const shown = Date.now() - started;
      const ms = /in ([\d,]+) ms/.exec(status)?.[1];
      const summary = await page.locator('#train-summary').textContent();
      const auc = /ROC AUC (\S+ ± \S+)/.exec(summary)?.[1];
      const features = /(\d+) features/.exec(summary)?.[1];
      if (!ms) throw new Error(`training failed: ${status}`);
      console.log(`${setting}, run ${run}: trained in ${number(ms).toLocaleString('en')} ms in the worker ` +
        `(5-fold CV + final fit + scorecard, ${features} features), shown after ${shown} ms; ` +
        `cross-validated ROC AUC ${auc}`);
    }
  }
} finally {
  await browser.close();
}
