// Learning from history in the page, end to end in real Chromium: pick the outcome and the
// values that mean won, leave out leaky columns, train in the worker, read the charts, apply
// the learned points, score with them and see a lead's probability in its receipt, compare
// models, cancel a run; and an accessibility audit of the section.
//
// The fixture is tests/e2e/fixtures/history.csv (make_history.py next to it: 500 leads with a
// known model behind the outcome, plus an id, a call duration and a stage that leak it).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { foreignRequests, launch, openReady, recordBodies, settled } from './helpers.js';

const HISTORY = fileURLToPath(new URL('fixtures/history.csv', import.meta.url));
const B2B = fileURLToPath(new URL('../../www/models/b2b-saas.json', import.meta.url));
const LEAKS = ['Lead ID', 'Call Duration', 'Stage'];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ready = (options) => openReady(browser, options);

/** Open a history file in step 1 and let the Train section read it. */
async function openHistory(page, file) {
  await page.locator('#file-input').setInputFiles(file);
  await page.locator('#mapping-section:not([hidden])').waitFor();
  await page.locator('#train-read:not([disabled])').click();
  const [state, text] = await settled(page, '#train-status');
  assert.equal(state, 'valid', text);
  return text;
}

/** Checkbox states of a list: label text -> checked. */
function boxes(page, list) {
  return page.locator(`#${list} .check`).evaluateAll((items) => Object.fromEntries(items.map((item) => [
    item.querySelector('label span').textContent, item.querySelector('input').checked,
  ])));
}

async function trainNow(page) {
  await page.locator('#train-run').click();
  return settled(page, '#train-status');
}

async function compareNow(page, a, b) {
  await page.locator('#compare-a').selectOption(a);
  await page.locator('#compare-b').selectOption(b);
  await page.locator('#compare-run').click();
  return settled(page, '#compare-status');
}

test('train on won/lost history, apply the points, score with them, compare models', async (t) => {
  const { context, page, requests, errors } = await ready();
  t.after(() => context.close());
  const bodies = recordBodies(page);
  assert.equal(await page.locator('#train-form').isHidden(), true);
  const read = await openHistory(page, HISTORY);
  assert.match(read, /^500 past leads in history\.csv/);

  // The outcome column is suggested by its name; pick another, then the right one again.
  assert.equal(await page.locator('#train-outcome').inputValue(), 'Outcome');
  await page.locator('#train-outcome').selectOption('Stage');
  await page.locator('#train-status[data-state="valid"]').waitFor();
  await page.locator('#train-value-list label', { hasText: 'Closed Won' }).waitFor();
  assert.deepEqual(await boxes(page, 'train-value-list'), { 'Closed Lost': false, 'Closed Won': true });
  await page.locator('#train-outcome').selectOption('Outcome');
  await page.locator('#train-value-list label', { hasText: 'Won' }).first().waitFor();
  await page.locator('#train-status[data-state="valid"]').waitFor();
  assert.deepEqual(await boxes(page, 'train-value-list'), { Lost: false, Won: true });

  // Leakage guard: the id, the call duration and the stage are ticked, each with its reason.
  const columns = await boxes(page, 'train-column-list');
  assert.deepEqual(Object.keys(columns), ['Lead ID', 'Industry', 'Employees', 'Demo Requested', 'Country',
    'Email Opens', 'Call Duration', 'Stage']);
  for (const [name, left] of Object.entries(columns)) assert.equal(left, LEAKS.includes(name), name);
  const reasons = await page.locator('#train-column-list .leak').allTextContents();
  assert.equal(reasons.length, 3);
  assert.match(reasons[0], /identifier/);
  assert.match(reasons[1], /duration is measured during the contact/);
  assert.match(reasons[2], /deal's progress/);
  const described = await page.locator('#train-column-list input[data-column="Stage"]').getAttribute('aria-describedby');
  assert.match(await page.locator(`#${described}`).textContent(), /Suspected leak/);
  // ... and leave Country out too.
  await page.locator('#train-column-list label', { hasText: 'Country' }).click();
  assert.equal((await boxes(page, 'train-column-list')).Country, true);

  // Train in the worker.
  const [state, text] = await trainNow(page);
  assert.equal(state, 'valid', text);
  t.diagnostic(text);
  const auc = Number(/cross-validated ROC AUC (0\.\d+)/.exec(text)?.[1]);
  assert.ok(auc > 0.7 && auc < 0.95, text);
  assert.match(await page.locator('#train-summary').textContent(), /ROC AUC 0\.\d{3} ± 0\.\d{3} over 5 folds/);
  assert.equal(await page.locator('#chart-folds rect').count(), 5);
  assert.equal(await page.locator('#chart-lift rect').count(), 10);
  assert.match(await page.locator('#chart-lift svg').getAttribute('aria-label'), /^Lift by decile\. .*best tenth converts/);
  assert.equal(await page.locator('#chart-calibration circle').count(), 10);
  assert.equal(await page.locator('#chart-threshold .series path').count(), 4);
  assert.match(await page.locator('#chart-threshold .marker').textContent(), /recommended 0\.\d\d/);
  // Each chart's numbers are there as a table too.
  assert.equal(await page.locator('#chart-lift details table tbody tr').count(), 10);
  const recommended = await page.locator('#chart-threshold details tbody tr', { hasText: '(recommended)' }).count();
  assert.equal(recommended, 1);
  // Factors: demo and size push up; the left-out columns are nowhere.
  const positive = await page.locator('#train-positive tbody th').allTextContents();
  const negative = await page.locator('#train-negative tbody th').allTextContents();
  assert.ok(positive.includes('Demo Requested=true'), positive.join());
  assert.ok(positive.includes('Employees'), positive.join());
  assert.ok(negative.length > 0);
  for (const name of [...positive, ...negative]) {
    assert.ok(!/^(Country|Stage|Call Duration|Lead ID)/.test(name), `${name} was left out`);
  }
  const bands = await page.locator('#train-bands tbody th').allTextContents();
  assert.deepEqual(bands.slice(0, 1), ['Hot']);

  // Compare the active (built-in) model with the learned one on the same leads.
  assert.equal(await page.locator('#compare-b').inputValue(), 'trained');
  const [cState, cText] = await compareNow(page, 'current', 'trained');
  assert.equal(cState, 'valid', cText);
  assert.match(cText, /^Compared on 500 leads/);
  const table = await page.locator('#compare-table tr').evaluateAll((rows) =>
    rows.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.deepEqual(table[0], ['Measure', 'Model A', 'Model B']);
  assert.deepEqual(table[1], ['Model', 'B2B SaaS', 'Learned scorecard']);
  const aucs = table.find((r) => r[0] === 'ROC AUC');
  assert.ok(Number(aucs[2]) > Number(aucs[1]), `the learned model ranks better: ${aucs}`);
  assert.match(await page.locator('#compare-verdict').textContent(),
    /^ROC AUC A − B = −0\.\d{3} \(95% confidence interval −?0\.\d{3} to [+−]0\.\d{3}, DeLong's paired test, p = \d\.\d{3}\).* fitted on these same leads, so its numbers here are optimistic/);
  assert.equal(await page.locator('#chart-gains .series').count(), 3);

  // Apply the suggested points: the scorecard becomes the active model.
  await page.locator('#train-apply').click();
  await page.locator('#train-apply-status[data-state="valid"]', { hasText: 'now the active model' }).waitFor();
  assert.match(await page.locator('#status').textContent(), /^Learned scorecard \(learned scorecard\): valid/);
  const model = JSON.parse(await page.locator('#model-json').inputValue());
  assert.deepEqual(model.probability, { pdo: 20, base_score: 100, base_odds: 1 });
  assert.deepEqual(Object.keys(model.fields), ['Industry', 'Employees', 'Demo Requested', 'Email Opens']);

  // Score the file with it; a receipt shows the lead's probability and top factors.
  await page.locator('#mapping-section:not([hidden])').waitFor();
  assert.equal(await page.locator('#map-Industry option:checked').textContent(), '2: Industry');
  await page.locator('#score').click();
  const [sState, sText] = await settled(page, '#score-status');
  assert.equal(sState, 'valid', sText);
  assert.match(sText, /^500 leads scored/);
  await page.locator('#leads tbody tr button').first().click();
  await page.locator('#receipt').waitFor();
  const probability = await page.locator('#receipt-probability').textContent();
  const p = Number(/Predicted probability of converting: (\d+\.\d)%/.exec(probability)?.[1]);
  assert.ok(p > 50 && p < 100, probability);
  const factors = await page.locator('#receipt-factors tbody tr').evaluateAll((rows) =>
    rows.map((r) => Math.abs(Number(r.cells[1].textContent))));
  assert.ok(factors.length > 0 && factors.length <= 5);
  assert.ok(factors.every((f) => f > 0), 'rules without effect are not factors');
  assert.deepEqual(factors, [...factors].sort((a, b) => b - a), 'strongest first');
  await page.keyboard.press('Escape');
  // The lowest-scored lead: a low probability, and what holds it back.
  await page.locator('#sort-score').click();
  await page.locator('#leads th[aria-sort="ascending"]').waitFor();
  await page.locator('#leads tbody tr button').first().click();
  await page.locator('#receipt').waitFor();
  const low = await page.locator('#receipt-probability').textContent();
  assert.ok(Number(/(\d+\.\d)%/.exec(low)?.[1]) < 20, low);
  const points = await page.locator('#receipt-factors tbody tr').evaluateAll((rows) =>
    rows.map((r) => Number(r.cells[1].textContent)));
  assert.ok(points.some((x) => x < 0), `a negative factor: ${points}`);
  await page.keyboard.press('Escape');

  // Compare again: the active model is now the scorecard; B a model loaded from a file.
  await page.locator('#compare-b').selectOption('other');
  await page.locator('#compare-other:not([hidden])').waitFor();
  await page.locator('#compare-file').setInputFiles(B2B);
  await page.locator('#compare-status', { hasText: 'Loaded b2b-saas.json' }).waitFor();
  const [oState, oText] = await compareNow(page, 'current', 'other');
  assert.equal(oState, 'valid', oText);
  const names = await page.locator('#compare-table tbody tr').first().locator('td').allTextContents();
  assert.deepEqual(names, ['Learned scorecard', 'B2B SaaS']);
  // ... and one model evaluated alone.
  const [eState, eText] = await compareNow(page, 'builtin:models/b2b-saas.json', 'none');
  assert.equal(eState, 'valid', eText);
  assert.match(eText, /^B2B SaaS: ROC AUC 0\.\d{3} on 500 leads/);
  assert.match(await page.locator('#compare-verdict').textContent(), /^Conversion per band: SQL/);

  assert.deepEqual(foreignRequests(requests), [], 'requests outside the page origin');
  assert.deepEqual(bodies, [], 'requests that could carry data');
  assert.deepEqual(errors, []);
});

test('a training run can be cancelled, and the page trains again', async (t) => {
  const { context, page, errors } = await ready();
  t.after(() => context.close());
  // Big and wide enough that five folds take seconds in the worker: 12 numbers with a noisy
  // signal (the Hessian costs columns² per row), from a seeded generator.
  let seed = 7;
  const random = () => { // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const width = 12;
  const lines = [`Region,${Array.from({ length: width }, (_, k) => `x${k}`).join(',')},Won`];
  for (let i = 0; i < 200_000; i++) {
    const xs = Array.from({ length: width }, () => Math.floor(random() * 1000));
    const z = xs.reduce((sum, x, k) => sum + (k % 2 ? 1 : -1) * (x - 500) / (300 * (k + 1)), 0) + random() * 2 - 1;
    lines.push(`${['north', 'south', 'east', 'west'][i % 4]},${xs.join(',')},${z > 0 ? 'yes' : 'no'}`);
  }
  await page.locator('#file-input').setInputFiles({ name: 'big-history.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.locator('#mapping-section:not([hidden])').waitFor();
  await page.locator('#train-read').click();
  await page.locator('#train-status[data-state="valid"]').waitFor();
  assert.equal(await page.locator('#train-outcome').inputValue(), 'Won');
  await page.locator('#train-run').click();
  // Any state after "Training…": the first fold started (or, to say why not, an answer).
  await page.locator('#train-status', { hasText: /Cross-validating|Trained|Could not/ }).waitFor();
  assert.match(await page.locator('#train-status').textContent(), /^Cross-validating: fold \d of 5…$/);
  await page.locator('#train-cancel').click();
  const [state, text] = await settled(page, '#train-status');
  assert.equal(text, 'Training cancelled.');
  assert.equal(state, 'invalid');
  assert.equal(await page.locator('#train-cancel').isDisabled(), true);
  assert.equal(await page.locator('#train-results').isHidden(), true);

  // The fresh worker carries on: the small history trains.
  await openHistory(page, HISTORY);
  const [again, message] = await trainNow(page);
  assert.equal(again, 'valid', message);
  assert.equal(await page.locator('#chart-lift rect').count(), 10);
  assert.deepEqual(errors, []);
});

test('the Train section has no serious or critical accessibility violations (axe-core)', async (t) => {
  // axe is injected as an inline script: only this test's context bypasses the page's CSP.
  const { context, page } = await ready({ contextOptions: { bypassCSP: true } });
  t.after(() => context.close());
  await openHistory(page, HISTORY);
  assert.equal((await trainNow(page))[0], 'valid');
  assert.equal((await compareNow(page, 'current', 'trained'))[0], 'valid');
  for (const details of await page.locator('#train details').all()) await details.evaluate((d) => { d.open = true; });
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () =>
    (await globalThis.axe.run(document.getElementById('train'))).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`));
  assert.deepEqual(violations, []);
});
