// The web app end to end, in real Chromium: a file in, columns mapped, scored in the worker,
// explored, explained and exported; bad files, hostile cells, cancel, sharing, accessibility.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import {
  columnTexts, foreignRequests, launch, openApp, openReady, parseCsv, recordBodies, settled,
} from './helpers.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ready = (options) => openReady(browser, options);

async function loadSample(page) {
  await page.locator('#load-sample').click();
  await page.locator('#mapping-section:not([hidden])').waitFor();
  assert.deepEqual(await settled(page, '#file-status').then(([s]) => s), 'valid');
}

async function scoreNow(page) {
  await page.locator('#score').click();
  return settled(page, '#score-status');
}

test('sample: remap a column, score in the worker, filter, receipt, export CSV', async (t) => {
  const { context, page, requests, errors } = await ready();
  t.after(() => context.close());
  const bodies = recordBodies(page);
  await loadSample(page);

  // The suggested mapping picked the HubSpot header; unmap a field and see the warning.
  assert.equal(await page.locator('#map-employees option:checked').textContent(), '8: Number of Employees');
  await page.locator('#map-country').selectOption('');
  await page.locator('#unmapped').waitFor();
  assert.match(await page.locator('#unmapped').textContent(), /country/);
  // ... and remap it to its column again.
  await page.locator('#map-country').selectOption({ label: '10: Country/Region' });
  assert.doesNotMatch(await page.locator('#unmapped').textContent(), /\bcountry\b/);

  const [state, text] = await scoreNow(page);
  assert.equal(state, 'valid', text);
  assert.match(text, /^5,000 leads scored in [\d,]+ ms/);
  t.diagnostic(text);

  const counts = await page.locator('#band-counts tbody tr').evaluateAll((rows) =>
    rows.map((r) => [r.cells[0].textContent, Number(r.cells[1].textContent.replace(/,/g, ''))]));
  assert.deepEqual(counts.map(([band]) => band), ['SQL', 'MQL', 'Nurture', 'Cold']);
  assert.equal(counts.reduce((sum, [, n]) => sum + n, 0), 5000);
  assert.match(await page.locator('#summary').textContent(), /qualified/);
  assert.ok(await page.locator('#histogram rect').count() > 0);
  assert.ok(await page.locator('#matrix tbody tr').count() > 0);

  // Ranked by score, 25 per page.
  const scores = (await columnTexts(page, 'Score')).map(Number);
  assert.equal(scores.length, 25);
  assert.deepEqual([...scores].sort((a, b) => b - a), scores);
  await page.locator('#sort-score').click();
  await page.locator('#leads th[aria-sort="ascending"]').waitFor();

  // Filter: SQL only.
  await page.locator('#filter-band').selectOption({ label: 'SQL' });
  await page.locator('#table-status', { hasText: `${counts[0][1].toLocaleString('en')} of 5,000` }).waitFor();
  const bands = await columnTexts(page, 'Band');
  assert.ok(bands.length > 0 && bands.every((b) => b === 'SQL'), bands.join());
  await page.locator('#next-page').click();
  await page.locator('#page-info', { hasText: 'Page 2' }).waitFor();

  // Receipt of the first lead shown.
  await page.locator('#leads tbody tr button').first().click();
  const dialog = page.locator('#receipt');
  await dialog.waitFor();
  assert.match(await page.locator('#receipt-body').textContent(), /Rules that fired/);
  assert.ok(await page.locator('#receipt-body table').first().locator('tbody tr').count() > 0);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  // Export CSV (HubSpot names) and read it back.
  await page.locator('#export-layout').selectOption('hubspot');
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  assert.equal(file.suggestedFilename(), 'leads-scored-hubspot.csv');
  const rows = parseCsv(readFileSync(await file.path(), 'utf8'));
  const header = rows[0];
  assert.ok(header.includes('Lead Score') && header.includes('Lead Band'), header.join());
  assert.equal(rows.length, 5001);
  const scoreAt = header.indexOf('Lead Score');
  assert.ok(rows.slice(1).every((r) => Number.isFinite(Number(r[scoreAt]))));

  // Export XLSX, then score that workbook: the whole-file path (calamine) in the worker.
  await page.locator('#export-layout').selectOption('standard');
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('#export-xlsx').click()]);
  assert.equal(xlsx.suggestedFilename(), 'leads-scored.xlsx');
  const workbook = readFileSync(await xlsx.path());
  assert.equal(workbook.subarray(0, 2).toString(), 'PK');
  await page.locator('#file-input').setInputFiles({ name: 'scored.xlsx', mimeType: 'application/octet-stream', buffer: workbook });
  await page.locator('#file-status', { hasText: 'scored.xlsx (XLSX, sheet Scored leads' }).waitFor();
  const [wbState, wbText] = await scoreNow(page);
  assert.equal(wbState, 'valid', wbText);
  assert.match(wbText, /^5,000 leads scored/);
  await page.locator('#leads tbody tr button').first().click();
  await page.locator('#receipt-body', { hasText: 'lead_score' }).waitFor();
  await page.locator('#receipt-close').click();

  assert.deepEqual(foreignRequests(requests), [], 'requests outside the page origin');
  assert.deepEqual(bodies, [], 'requests that could carry data');
  assert.deepEqual(errors, []);
});

test('a hostile cell is shown as text; no script runs', async (t) => {
  const { context, page, errors } = await ready();
  t.after(() => context.close());
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await loadSample(page);
  await scoreNow(page);
  await page.locator('#search').fill('onerror');
  await page.locator('#table-status', { hasText: '1 of 5,000' }).waitFor();
  const cells = await page.locator('#leads tbody td').allTextContents();
  assert.ok(cells.includes('<img src=x onerror=alert(1)>'), cells.join(' | '));
  assert.equal(await page.locator('#leads img').count(), 0);
  await page.locator('#leads tbody tr button').first().click();
  await page.locator('#receipt-body', { hasText: '<img src=x onerror=alert(1)>' }).waitFor();
  assert.equal(await page.locator('#receipt img').count(), 0);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
});

test('a malformed file: odd rows and unreadable cells are listed with row, line and column', async (t) => {
  const { context, page, errors } = await ready();
  t.after(() => context.close());
  const csv = 'Email,Job Title,Number of Employees\n' +
    'ada@example.com,VP Sales,120\n' +
    'bob@example.com,CEO,lots\n' +
    'cy@example.com,CTO,40,extra,cells\n';
  await page.locator('#file-input').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('#mapping-section:not([hidden])').waitFor();
  const [state, text] = await scoreNow(page);
  assert.equal(state, 'valid', text);
  await page.locator('#issues:not([hidden])').waitFor();
  await page.locator('#issues summary').click();
  const issues = await page.locator('#issue-list li').allTextContents();
  assert.ok(issues.some((i) => /^row 2 \(line 3\), column 3 'Number of Employees'/.test(i)), issues.join('\n'));
  assert.ok(issues.some((i) => /^row 3 \(line 4\): 5 cells, but the header has 3/.test(i)), issues.join('\n'));
  assert.match(await page.locator('#issues-summary').textContent(), /broken\.csv/);

  // A file that is not a workbook at all: an error, and the page still works.
  await page.locator('#file-input').setInputFiles({ name: 'bad.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\x03\x04garbage') });
  const [badState, badText] = await settled(page, '#file-status');
  assert.equal(badState, 'error');
  assert.match(badText, /^bad\.xlsx: /);
  await loadSample(page);
  assert.equal((await scoreNow(page))[0], 'valid');
  assert.deepEqual(errors, []);
});

test('a long job can be cancelled and the page stays usable', async (t) => {
  const { context, page, errors } = await ready();
  t.after(() => context.close());
  // Long enough that Cancel lands mid-run on a quiet machine too: scoring on 2 cores runs at
  // ~2M rows/s, and 1,500,000 rows (~0.7 s) finished before Cancel could be clicked once.
  const rows = 3_000_000;
  const count = rows.toLocaleString('en');
  const lines = ['Email,Job Title,Number of Employees,Last Activity Date,Demo Requested'];
  for (let i = 0; i < rows; i++) lines.push(`u${i}@corp${i % 97}.com,VP Sales,${i % 5000},2026-10-01,${i % 3 ? 'false' : 'true'}`);
  const buffer = Buffer.from(lines.join('\n'));
  // Playwright takes buffers up to 50 MB; a larger file goes by path.
  const dir = mkdtempSync(join(tmpdir(), 'leadscore-cancel-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'big.csv');
  writeFileSync(path, buffer);
  await page.locator('#file-input').setInputFiles(path);
  await page.locator('#mapping-section:not([hidden])').waitFor();
  await page.locator('#score').click();
  await page.locator('#score-status', { hasText: 'rows…' }).waitFor();
  assert.ok(await page.locator('#progress').evaluate((p) => p.value > 0));
  await page.locator('#cancel').click();
  const [state, text] = await settled(page, '#score-status');
  assert.equal(text, 'Scoring cancelled.');
  assert.equal(state, 'invalid');

  // The fresh worker knows the model and the file again: score the whole file now.
  const started = Date.now();
  const [again, message] = await scoreNow(page);
  assert.equal(again, 'valid', message);
  assert.ok(message.startsWith(`${count} leads scored`), message);
  t.diagnostic(`${message} (${Date.now() - started} ms in the page, ${(buffer.length / 1e6).toFixed(1)} MB)`);
  await page.locator('#search').fill('u123456@');
  await page.locator('#table-status', { hasText: `1 of ${count} leads` }).waitFor();
  assert.match(await page.locator('#leads tbody tr').first().textContent(), /u123456@corp/);

  // Cancel an export midway: the fresh worker scores the file again, so the table, search
  // and receipts carry on, and a next export runs.
  await page.locator('#export-csv').click();
  await page.locator('#export-status', { hasText: new RegExp(`^Exporting CSV: [\\d,]+ of ${count} rows…$`) }).waitFor();
  assert.ok(await page.locator('#export-progress').evaluate((p) => p.value > 0 && p.value < 1));
  await page.locator('#cancel-export').click();
  const [exportState, exportText] = await settled(page, '#export-status');
  assert.equal(exportState, 'invalid');
  assert.equal(exportText, 'Export cancelled.');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'export-csv');
  await page.locator('#search').fill('u222222@');
  await page.locator('#leads tbody tr', { hasText: 'u222222@corp' }).waitFor();
  assert.equal(await page.locator('#table-status').textContent(), `1 of ${count} leads`);
  await page.locator('#leads tbody tr button').first().click();
  await page.locator('#receipt-body', { hasText: 'u222222@corp' }).waitFor();
  await page.locator('#receipt-close').click();
  assert.deepEqual(errors, []);
});

test('a model shared by link loads from the fragment; the model downloads', async (t) => {
  const model = JSON.parse(readFileSync(new URL('../../www/models/calculator.json', import.meta.url), 'utf8'));
  model.name = 'Shared über model';
  const json = JSON.stringify(model);
  const hash = `#model=${Buffer.from(json).toString('base64url')}`;
  const { context, page, errors } = await openApp(browser, { hash });
  t.after(() => context.close());
  await page.locator('#status[data-state="valid"]', { hasText: 'Shared über model' }).waitFor();
  await page.locator('#share-model').click();
  const link = await page.locator('#share-link').inputValue();
  assert.ok(link.endsWith(hash), link);
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator('#download-model').click()]);
  assert.deepEqual(JSON.parse(readFileSync(await file.path(), 'utf8')), model);
  assert.deepEqual(errors, []);
});

test('no serious or critical accessibility violations (axe-core)', async (t) => {
  // axe is injected as an inline script: only this test's context bypasses the page's CSP.
  const { context, page } = await ready({ contextOptions: { bypassCSP: true } });
  t.after(() => context.close());
  await loadSample(page);
  await scoreNow(page);
  await page.locator('#leads tbody tr button').first().click();
  await page.locator('#receipt').waitFor();
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () =>
    (await globalThis.axe.run(document)).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`));
  assert.deepEqual(violations, []);
});

test('after the first visit the app works offline (service worker)', async (t) => {
  // Every module of the page is in the service worker's list.
  const sw = readFileSync(new URL('../../www/sw.js', import.meta.url), 'utf8');
  for (const dir of ['js', 'widget', 'demo']) {
    for (const entry of readdirSync(new URL(`../../www/${dir}/`, import.meta.url), { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      assert.ok(sw.includes(`'${dir}/${entry.name}'`), `www/sw.js does not cache ${dir}/${entry.name}`);
    }
  }
  const { context, page, errors } = await ready();
  t.after(() => context.close());
  await page.evaluate(() => navigator.serviceWorker.ready);
  assert.ok(await page.evaluate(async () => Boolean(await caches.match('pkg/leadscore_bg.wasm'))));
  await context.setOffline(true);
  await page.reload();
  await page.locator('#status[data-state="valid"]').waitFor();
  await loadSample(page);
  const [state, text] = await scoreNow(page);
  assert.equal(state, 'valid', text);
  // The chat widget's demo, never visited online, opens from the cache too.
  await page.goto(new URL('demo/chat.html', page.url()).href);
  await page.locator('#inline-chat').locator('.composer button').first().waitFor();
  assert.deepEqual(errors, []);
});

test('an engine error is a message, and the page carries on', async (t) => {
  const { context, page, errors } = await ready();
  t.after(() => context.close());
  // The built-in model compares dates: without an as-of date the worker refuses to compile it.
  await page.locator('#as-of').fill('');
  await page.locator('#as-of').dispatchEvent('change');
  const [state, text] = await settled(page, '#status');
  assert.equal(state, 'error');
  assert.match(text, /as_of/);
  await page.locator('#as-of').fill('2026-11-20');
  await page.locator('#as-of').dispatchEvent('change');
  await page.locator('#status[data-state="valid"]').waitFor();
  await loadSample(page);
  assert.equal((await scoreNow(page))[0], 'valid');
  assert.deepEqual(errors, []);
});

test('a browser without WebAssembly SIMD is told so, not told to build the engine', async (t) => {
  const { context, page } = await openApp(browser, { contextOptions: { serviceWorkers: 'block' } });
  t.after(() => context.close());
  // The probe compiles here, and only because of its SIMD instructions: with their prefix
  // byte (0xfd) made unknown, as a browser without SIMD reads them, it does not.
  const probe = await page.evaluate(async () => {
    const { SIMD_PROBE, hasWasmSimd } = await import('./js/wasm-support.js');
    const withoutSimd = SIMD_PROBE.map((b) => (b === 0xfd ? 0xff : b));
    return { here: hasWasmSimd(), withoutSimd: WebAssembly.validate(withoutSimd) };
  });
  assert.deepEqual(probe, { here: true, withoutSimd: false });

  // Now play such a browser: the probe fails, and so does compiling the engine.
  const { context: old, page: oldPage } = await openApp(browser, {
    contextOptions: { serviceWorkers: 'block' },
    routes: {
      'js/wasm-support.js': (body) => body.replace('WebAssembly.validate(SIMD_PROBE)', 'false'),
      'pkg/leadscore_bg.wasm': () => Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff]),
    },
  });
  t.after(() => old.close());
  const [state, text] = await settled(oldPage, '#status');
  assert.equal(state, 'error');
  assert.match(text, /cannot run WebAssembly SIMD.*Safari 16\.4/);
  assert.doesNotMatch(text, /scripts\/serve\.sh/);
});
