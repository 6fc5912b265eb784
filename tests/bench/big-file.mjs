// Big-file benchmark (not part of scripts/test.sh): a CSV of about 1 GB, made inside the page
// as a Blob (tests/e2e/big-csv.js), read in blocks by the worker's helpers and scored.
// Prints the time, the row count, the engine's memory (wasm linear memory), the page's peak
// JS heap, the peak resident memory of all of Chromium's processes (the Blob itself is held in
// memory too, where a user's file would be on disk), and how long sorting the table takes.
//
//   scripts/serve.sh &                       # or any static server of www/
//   E2E_BASE_URL=http://127.0.0.1:8080/ node tests/bench/big-file.mjs [MB] [NOTE_BYTES]
//
// MB defaults to 1000; NOTE_BYTES (default 90, rows of about 180 bytes like a CRM export)
// widens every row by a note column no rule reads.
import { readFileSync, readdirSync } from 'node:fs';
import { launch, openReady } from '../e2e/helpers.js';
import { pickBigCsv, watchHeap } from '../e2e/big-csv.js';

const mb = Number(process.argv[2] ?? 1000);
const noteBytes = Number(process.argv[3] ?? 90);
const MB = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;

/** Resident memory of `root` and every process below it (Linux /proc), in bytes. */
function treeRss(root) {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* the process ended meanwhile */ }
  }
  let total = 0;
  for (const pid of parent.keys()) {
    let p = pid;
    while (p && p !== root) p = parent.get(p);
    if (p !== root || pid === root) continue;
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += rss ? Number(rss[1]) * 1024 : 0;
    } catch { /* ended */ }
  }
  return total;
}

const browser = await launch(['--enable-precise-memory-info']);
try {
  const { page } = await openReady(browser);
  const idle = treeRss(process.pid);
  const made = await page.evaluate(pickBigCsv, { bytes: mb * 1e6, noteBytes });
  await page.locator('#mapping-section:not([hidden])').waitFor();
  let peakRss = treeRss(process.pid);
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, treeRss(process.pid)); }, 250);
  await page.evaluate(watchHeap);
  const started = Date.now();
  await page.locator('#score').click();
  await page.locator('#score-status:not([data-state="loading"])').waitFor({ timeout: 1_800_000 });
  const wall = Date.now() - started;
  const status = await page.locator('#score-status').textContent();
  // The engine's memory once it also holds the table's cells (they come after the scores).
  const cells = page.locator('#score-status[data-cells-ms][data-table-ms]');
  await cells.waitFor({ timeout: 600_000 });
  const cellsMs = Number(await cells.getAttribute('data-cells-ms'));
  const tableMs = Number(await page.locator('#score-status').getAttribute('data-table-ms'));
  clearInterval(sampler);
  const engine = Number(await page.locator('#score-status').getAttribute('data-engine-bytes'));
  const heap = await page.evaluate(() => globalThis.stopHeapWatch());
  const worker = Number(/scored in ([\d,]+) ms/.exec(status)?.[1].replace(/,/g, ''));
  const counted = Number(/^([\d,]+) leads scored/.exec(status)?.[1].replace(/,/g, ''));
  console.log(`file: ${made.rows.toLocaleString('en')} rows, ${MB(made.bytes)} (${(made.bytes / made.rows).toFixed(0)} bytes a row)`);
  console.log(`status: ${status}`);
  console.log(`rows counted: ${counted === made.rows ? 'exact' : `WRONG (${counted})`}`);
  console.log(`time: worker ${worker} ms (${Math.round(made.rows / worker * 1000).toLocaleString('en')} rows/s, ` +
    `${(made.bytes / 1e6 / worker * 1000).toFixed(0)} MB/s); page ready after ${wall} ms, ` +
    `table shown after ${tableMs} ms, every cell in after ${cellsMs} ms`);
  console.log(`memory: engine (wasm) ${MB(engine)} = ${(engine / made.rows).toFixed(0)} bytes a row; ` +
    `page JS heap peak ${MB(heap)}; Chromium resident peak ${MB(peakRss)} (idle ${MB(idle)})`);

  // Sorting the whole table, until its first page is shown in the new order.
  for (const [title, direction] of [['Score', 'ascending'], ['Fit', 'descending'], ['Band', 'ascending'],
    ['Last Name', 'ascending'], ['Last Name', 'descending'], ['Email', 'ascending']]) {
    const t0 = Date.now();
    await page.locator('#leads th button', { hasText: title }).first().click();
    await page.locator(`#leads th[aria-sort="${direction}"]`, { hasText: title }).waitFor({ timeout: 120_000 });
    await page.locator('#table-status', { hasText: / of [\d,]+ leads$/ }).waitFor({ timeout: 120_000 });
    console.log(`sort by ${title} ${direction === 'ascending' ? '↑' : '↓'}: ${Date.now() - t0} ms`);
  }

  // Searching the shown cells, until the count of matching leads is shown (the page waits
  // 200 ms after the last key before it asks the worker).
  for (const query of ['corp7', 'zzzz']) {
    const before = await page.locator('#table-status').textContent();
    const t0 = Date.now();
    await page.locator('#search').fill(query);
    await page.waitForFunction((text) => document.getElementById('table-status').textContent !== text,
      before, { timeout: 120_000 });
    const status = await page.locator('#table-status').textContent();
    console.log(`search "${query}": ${Date.now() - t0} ms, 200 of them the typing pause (${status})`);
  }
} finally {
  await browser.close();
}
