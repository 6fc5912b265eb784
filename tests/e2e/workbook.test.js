// Workbooks in the page: the sheet picker of a multi-sheet XLSX or ODS, and cancelling the
// read of a big workbook (read whole, so it is the long step before any scoring).
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { columnTexts, launch, openReady, parseCsv, settled } from './helpers.js';
import { xlsx } from './xlsx.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ready = () => openReady(browser);

const HEADER = ['Email', 'Job Title', 'Number of Employees'];
const LEADS = [
  ['ada@acme.example', 'VP Sales', 250],
  ['bob@beta.example', 'Intern', 12],
  ['cy@gamma.example', 'Chief Revenue Officer', 1200],
];

test('a workbook with several sheets: the first with data is read, another can be picked', async (t) => {
  const { context, page, errors } = await ready();
  t.after(() => context.close());
  const buffer = xlsx([
    { name: 'Empty', rows: [] },
    { name: 'Summary', rows: [['Note'], ['Exported from the CRM on 2026-11-01']] },
    { name: 'Leads', rows: [HEADER, ...LEADS] },
  ]);
  await page.locator('#file-input').setInputFiles({ name: 'crm.xlsx', mimeType: 'application/octet-stream', buffer });
  const [state, text] = await settled(page, '#file-status');
  assert.equal(state, 'valid', text);
  assert.match(text, /^crm\.xlsx \(XLSX, sheet Summary, /);
  assert.equal(await page.locator('#sheet-row').isVisible(), true);
  assert.deepEqual(await page.locator('#sheet-select option').allTextContents(), ['Empty', 'Summary', 'Leads']);
  assert.equal(await page.locator('#sheet-select').inputValue(), 'Summary');

  // An empty sheet is an error next to the file; the picker stays to choose another.
  await page.locator('#sheet-select').selectOption('Empty');
  const [emptyState, emptyText] = await settled(page, '#file-status');
  assert.equal(emptyState, 'error');
  assert.match(emptyText, /sheet 'Empty' is empty/);
  assert.equal(await page.locator('#mapping-section').isHidden(), true);
  assert.equal(await page.locator('#sheet-row').isVisible(), true);

  await page.locator('#sheet-select').selectOption('Leads');
  await page.locator('#file-status[data-state="valid"]', { hasText: 'sheet Leads' }).waitFor();
  assert.equal(await page.locator('#map-employees option:checked').textContent(), '3: Number of Employees');
  await page.locator('#score').click();
  const [scored, message] = await settled(page, '#score-status');
  assert.equal(scored, 'valid', message);
  assert.match(message, /^3 leads scored/);
  assert.deepEqual((await columnTexts(page, 'Email')).sort(), LEADS.map((r) => r[0]).sort());

  // The export is the chosen sheet with its scores.
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  const rows = parseCsv(readFileSync(await file.path(), 'utf8'));
  assert.deepEqual(rows[0].slice(0, 3), HEADER);
  assert.deepEqual(rows.slice(1).map((r) => r[0]), LEADS.map((r) => r[0]));
  assert.deepEqual(errors, []);
});

test('an ODS workbook whose first sheet is empty opens at its leads sheet', async (t) => {
  const { context, page, errors } = await ready();
  t.after(() => context.close());
  const buffer = readFileSync(new URL('../fixtures/leads.ods', import.meta.url));
  await page.locator('#file-input').setInputFiles({ name: 'leads.ods', mimeType: 'application/octet-stream', buffer });
  await page.locator('#file-status[data-state="valid"]', { hasText: 'leads.ods (ODS, sheet Leads' }).waitFor();
  assert.deepEqual(await page.locator('#sheet-select option').allTextContents(), ['Notes', 'Leads']);
  assert.equal(await page.locator('#sheet-select').inputValue(), 'Leads');
  // A CSV file has no sheets: the picker goes away.
  await page.locator('#load-sample').click();
  await page.locator('#file-status[data-state="valid"]', { hasText: 'leads.csv (CSV' }).waitFor();
  assert.equal(await page.locator('#sheet-row').isHidden(), true);
  assert.deepEqual(errors, []);
});

test('reading a big workbook can be cancelled, and the page stays usable', async (t) => {
  const { context, page, errors } = await ready();
  t.after(() => context.close());
  const rows = [HEADER];
  for (let i = 0; i < 300_000; i++) rows.push([`u${i}@corp${i % 97}.example`, 'VP Sales', i % 5000]);
  const path = join(tmpdir(), `leadscore-big-${process.pid}.xlsx`);
  writeFileSync(path, xlsx([{ name: 'Leads', rows }]));
  t.after(() => rmSync(path, { force: true }));

  await page.locator('#file-input').setInputFiles(path);
  await page.locator('#file-status[data-state="loading"]', { hasText: 'Reading' }).waitFor();
  await page.locator('#cancel-read').click(); // enabled only while the worker reads
  const [state, text] = await settled(page, '#file-status');
  assert.equal(state, 'invalid');
  assert.match(text, /^Reading leadscore-big-\d+\.xlsx cancelled\.$/);
  assert.equal(await page.locator('#mapping-section').isHidden(), true);
  assert.equal(await page.locator('#cancel-read').isHidden(), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'file-input');

  // The fresh worker does not read the cancelled file again; the sample scores.
  await page.locator('#load-sample').click();
  await page.locator('#file-status[data-state="valid"]', { hasText: 'leads.csv' }).waitFor();
  await page.locator('#score').click();
  const [scored, message] = await settled(page, '#score-status');
  assert.equal(scored, 'valid', message);
  assert.match(message, /^5,000 leads scored/);
  assert.deepEqual(errors, []);
});
