// A big CSV scores in blocks: made in the page (150 MB, tests/e2e/big-csv.js), read a block
// at a time by the worker's helpers, every row counted, and the engine's memory well below
// the file's size (the file is never held whole). tests/bench/big-file.mjs runs the same at 1 GB and
// prints the figures.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { columnTexts, launch, openReady, settled } from './helpers.js';
import { pickBigCsv, watchHeap } from './big-csv.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a 150 MB CSV made in the page scores with bounded memory and an exact row count', async (t) => {
  const { context, page, errors } = await openReady(browser);
  t.after(() => context.close());
  // Wide rows (a 600-byte note no rule reads): what the engine keeps per row is small, so
  // holding the file would show as memory near its size.
  const made = await page.evaluate(pickBigCsv, { bytes: 150e6, noteBytes: 600 });
  await page.locator('#mapping-section:not([hidden])').waitFor();
  await page.evaluate(watchHeap);
  // Every text the status shows while scoring (it may show progress only briefly).
  await page.evaluate(() => {
    const status = document.getElementById('score-status');
    globalThis.statusTexts = [];
    new MutationObserver(() => globalThis.statusTexts.push(status.textContent))
      .observe(status, { childList: true, characterData: true, subtree: true });
  });
  await page.locator('#score').click();
  const [state, text] = await settled(page, '#score-status');
  const shown = await page.evaluate(() => globalThis.statusTexts);
  assert.ok(shown.some((s) => / [\d,]+ rows…$/.test(s)), `no progress shown: ${shown.join(' | ')}`);
  assert.equal(state, 'valid', text);
  assert.match(text, new RegExp(`^${made.rows.toLocaleString('en')} leads scored in `));
  // What the engine holds once the table's cells are in too (they come after the scores).
  await page.locator('#score-status[data-cells-ms]').waitFor();
  const engine = Number(await page.locator('#score-status').getAttribute('data-engine-bytes'));
  const heap = await page.evaluate(() => globalThis.stopHeapWatch());
  t.diagnostic(`${made.rows} rows, ${(made.bytes / 1e6).toFixed(0)} MB: ${text}; ` +
    `engine memory ${(engine / 1e6).toFixed(0)} MB, page JS heap peak ${(heap / 1e6).toFixed(0)} MB`);
  assert.ok(engine < made.bytes / 2, `engine memory ${engine} for a file of ${made.bytes} bytes`);
  assert.ok(heap < made.bytes / 4, `page heap ${heap} for a file of ${made.bytes} bytes`);

  // The table works at this size: sorted by a text column (ranks from the worker), searched.
  await page.locator('#leads th button', { hasText: 'Last Name' }).click();
  await page.locator('#leads th[aria-sort="ascending"]', { hasText: 'Last Name' }).waitFor();
  assert.deepEqual([...new Set(await columnTexts(page, 'Last Name'))], ['Last0']);
  await page.locator('#search').fill('u1234@corp70.example');
  await page.locator('#leads tbody tr', { hasText: 'u1234@corp70.example' }).first().waitFor();
  assert.match(await page.locator('#table-status').textContent(), new RegExp(` of ${made.rows.toLocaleString('en')} leads$`));
  assert.deepEqual(errors, []);
});
