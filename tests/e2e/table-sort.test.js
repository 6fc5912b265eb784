// Sorting the ranked table by any shown column, with the mouse or the keyboard, checked
// against the sample file read here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { columnTexts, launch, openReady, parseCsv, settled } from './helpers.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SAMPLE = parseCsv(readFileSync(new URL('../../www/samples/leads.csv', import.meta.url), 'utf8'))
  .filter((r) => r.length > 1);

/**
 * Data row numbers (1-based) ordered by the text of `column` as the page sorts text: case
 * ignored, ties in file order, empty cells last in both directions.
 */
function expectedRows(column, descending) {
  const k = SAMPLE[0].indexOf(column);
  const rows = SAMPLE.slice(1).map((r, i) => ({ row: i + 1, key: r[k].trim().toLowerCase() }));
  const present = rows.filter((r) => r.key !== '');
  const sign = descending ? -1 : 1;
  present.sort((a, b) => (a.key < b.key ? -sign : a.key > b.key ? sign : a.row - b.row));
  return [...present, ...rows.filter((r) => r.key === '')].map((r) => String(r.row));
}

async function scoredSample() {
  const app = await openReady(browser);
  const { page } = app;
  await page.locator('#load-sample').click();
  await page.locator('#mapping-section:not([hidden])').waitFor();
  await page.locator('#score').click();
  const [state, text] = await settled(page, '#score-status');
  assert.equal(state, 'valid', text);
  return app;
}

const sortedBy = (page, title, direction) =>
  page.locator(`#leads th[aria-sort="${direction}"]`, { hasText: title }).waitFor();

test('sort by a text column: A to Z, then Z to A, empty cells last', async (t) => {
  const { context, page, errors } = await scoredSample();
  t.after(() => context.close());
  assert.equal(await page.locator('#leads th[aria-sort]').count(), 1, 'sorted by score at first');
  await sortedBy(page, 'Score', 'descending');

  await page.locator('#leads th button', { hasText: 'Last Name' }).click();
  await sortedBy(page, 'Last Name', 'ascending');
  await page.locator('#table-status', { hasText: '5,000 of 5,000 leads' }).waitFor();
  assert.deepEqual(await columnTexts(page, 'Row'), expectedRows('Last Name', false).slice(0, 25));
  await page.locator('#next-page').click();
  await page.locator('#page-info', { hasText: 'Page 2' }).waitFor();
  assert.deepEqual(await columnTexts(page, 'Row'), expectedRows('Last Name', false).slice(25, 50));

  await page.locator('#leads th button', { hasText: 'Last Name' }).click();
  await sortedBy(page, 'Last Name', 'descending');
  await page.locator('#page-info', { hasText: 'Page 1 of' }).waitFor();
  assert.deepEqual(await columnTexts(page, 'Row'), expectedRows('Last Name', true).slice(0, 25));
  assert.equal(await page.locator('#leads th[aria-sort]').count(), 1);
  assert.deepEqual(errors, []);
});

test('sort by score measures and labels; a filter keeps the order; the keyboard works', async (t) => {
  const { context, page, errors } = await scoredSample();
  t.after(() => context.close());
  const numbers = async (title) => (await columnTexts(page, title)).map(Number);
  const isNonIncreasing = (xs) => xs.every((x, i) => i === 0 || xs[i - 1] >= x);

  // Fit: largest first on the first click.
  await page.locator('#sort-fit').click();
  await sortedBy(page, 'Fit', 'descending');
  const fit = await numbers('Fit');
  assert.ok(isNonIncreasing(fit), fit.join());
  await page.locator('#next-page').click();
  await page.locator('#page-info', { hasText: 'Page 2' }).waitFor();
  assert.ok((await numbers('Fit'))[0] <= fit.at(-1));

  // Band: the best band first, then the other way round.
  await page.locator('#sort-band').click();
  await sortedBy(page, 'Band', 'ascending');
  assert.deepEqual([...new Set(await columnTexts(page, 'Band'))], ['SQL']);
  await page.locator('#sort-band').click();
  await sortedBy(page, 'Band', 'descending');
  assert.deepEqual([...new Set(await columnTexts(page, 'Band'))], ['Cold']);

  // With a filter on grade A the order holds among the rows kept.
  await page.locator('#filter-grade').selectOption({ label: 'A' });
  await page.locator('#table-status', { hasText: /^[\d,]+ of 5,000 leads$/ }).waitFor();
  assert.deepEqual([...new Set(await columnTexts(page, 'Grade'))], ['A']);
  const bands = await columnTexts(page, 'Band');
  const rank = ['Cold', 'Nurture', 'MQL', 'SQL'];
  assert.ok(bands.every((b, i) => i === 0 || rank.indexOf(bands[i - 1]) <= rank.indexOf(b)), bands.join());
  await page.locator('#filter-grade').selectOption({ label: 'All' });

  // Keyboard: the header buttons take Enter and Space, and keep the focus.
  await page.locator('#sort-grade').focus();
  await page.keyboard.press('Enter');
  await sortedBy(page, 'Grade', 'ascending');
  assert.deepEqual([...new Set(await columnTexts(page, 'Grade'))], ['A']);
  await page.keyboard.press('Space');
  await sortedBy(page, 'Grade', 'descending');
  const grades = await columnTexts(page, 'Grade');
  assert.ok(grades.every((g, i) => i === 0 || grades[i - 1] >= g), grades.join());
  assert.equal(await page.evaluate(() => document.activeElement.id), 'sort-grade');

  // Score, low to high; the rank column stays the place by score.
  await page.locator('#sort-score').click();
  await page.locator('#sort-score').click();
  await sortedBy(page, 'Score', 'ascending');
  const scores = await numbers('Score');
  assert.ok(isNonIncreasing([...scores].reverse()), scores.join());
  const ranks = (await columnTexts(page, 'Rank')).map((r) => Number(r.replace(/,/g, '')));
  assert.ok(ranks.every((r, i) => scores.every((s, j) => !(scores[i] < s) || r > ranks[j])), ranks.join());
  assert.ok(ranks[0] > 4000, `the lowest scores rank last by score (${ranks[0]})`);
  assert.deepEqual(errors, []);
});
