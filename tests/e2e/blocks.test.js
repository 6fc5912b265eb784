// A CSV large enough to be scored on every core (worker.js BLOCKS_FROM, js/block-pool.js):
// the page's counts must be the ones the native CLI gets on one thread for the same file,
// model and date, and the page must say it used several cores; also when many of the
// worker's cuts fall inside quoted cells that span lines.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { columnTexts, launch, openReady, parseCsv, settled } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = process.env.LEADSCORE_BIN ?? join(ROOT, 'target/debug/leadscore');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The sample export repeated to about 12 MB (one header), with a few broken rows mixed in. */
function bigSample() {
  const sample = readFileSync(join(ROOT, 'www/samples/leads.csv'), 'utf8');
  const newline = sample.indexOf('\n') + 1;
  const header = sample.slice(0, newline);
  const body = sample.slice(newline);
  const parts = [header];
  for (let i = 0; i < 12; i++) {
    parts.push(body);
    parts.push(`${i},Short,Row\r\n`); // fewer cells than the header
    parts.push(`${i},"Quoted\r\nNewline",x,y@z.example,CEO,Acme,Software,lots,,Germany\r\n`);
  }
  return parts.join('');
}

/**
 * The sample export with a Notes column whose quoted cells span lines (CRLF), repeated to
 * about 10 MB: most newlines are inside quotes, so most of the worker's blind cuts fall
 * inside a cell and must be found and joined.
 */
function quotedNotesSample() {
  const sample = readFileSync(join(ROOT, 'www/samples/leads.csv'), 'utf8');
  const [header, ...lines] = sample.split(/\r?\n/).filter((l) => l !== '');
  const noted = lines.map((line, i) =>
    `${line},"Called twice\r\nasked for ""pricing""\r\nfollow up in ${i % 30} days\r\n\r\nsee deck"\r\n`);
  const parts = [`${header},Notes\r\n`];
  for (let i = 0; i < 8; i++) parts.push(...noted);
  return parts.join('');
}

/**
 * The sample export with a 12 KB note on every row, to about 10 MB: the 4 KB the worker reads
 * at a cut mostly holds no line end, so it must read on to find one.
 */
function longRowsSample() {
  const sample = readFileSync(join(ROOT, 'www/samples/leads.csv'), 'utf8');
  const [header, ...lines] = sample.split(/\r?\n/).filter((l) => l !== '');
  const note = 'Long call notes without a line break. '.repeat(320);
  const rows = lines.slice(0, 850).map((line, i) => `${line},"${note}${i}"\n`);
  return [`${header},Notes\n`, ...rows].join('');
}

for (const [name, make, recut] of [
  ['a large CSV', bigSample, false],
  ['a large CSV whose quoted cells span lines', quotedNotesSample, true],
  ['a large CSV of rows longer than what is read at a cut', longRowsSample, false],
]) {
  test(`${name} scored on every core counts what the CLI counts on one thread`, async (t) => {
    if (!existsSync(CLI)) {
      t.skip(`no CLI at ${CLI} (cargo build --bin leadscore, or set LEADSCORE_BIN)`);
      return;
    }
    const path = join(tmpdir(), 'leadscore-e2e-blocks.csv');
    writeFileSync(path, make());

    const { context, page, errors } = await openReady(browser);
    t.after(() => context.close());
    await page.locator('#file-input').setInputFiles(path);
    await page.locator('#mapping-section:not([hidden])').waitFor();
    await page.locator('#score').click();
    const [state, text] = await settled(page, '#score-status');
    assert.equal(state, 'valid', text);
    const status = page.locator('#score-status');
    const helpers = Number(await status.getAttribute('data-helpers'));
    assert.ok(helpers >= 2, `scored by ${helpers} helper workers: ${text}`);
    assert.match(text, / on \d+ cores /);
    const recuts = Number(await status.getAttribute('data-recut'));
    if (recut) assert.ok(recuts > 0, 'no cut fell inside a quoted cell');
    const bands = await page.locator('#band-counts tbody tr').evaluateAll((rows) =>
      rows.map((r) => [r.cells[0].textContent, Number(r.cells[1].textContent.replace(/,/g, ''))]));
    const summary = await page.locator('#summary').textContent();

    const scoredPath = join(tmpdir(), 'leadscore-e2e-blocks-out.csv');
    // The CLI on one thread: "scored N rows (U unreadable) in T s; SQL a, MQL b, ...; handoff h".
    const run = spawnSync(CLI, ['score', '-m', join(ROOT, 'www/models/b2b-saas.json'),
      '--as-of', '2026-11-20', '--threads', '1', '-o', scoredPath, path],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(run.status, 0, run.stderr.slice(-2000));
    const last = run.stderr.trim().split('\n').at(-1);
    const match = /^scored (\d+) rows \(\d+ unreadable\) in [\d.]+ s; (.*); handoff (\d+)$/.exec(last);
    assert.ok(match, last);
    const cliBands = match[2].split(', ').map((b) => {
      const at = b.lastIndexOf(' ');
      return [b.slice(0, at), Number(b.slice(at + 1))];
    });
    t.diagnostic(`${text}; ${recuts} blocks joined after a cut inside quotes | CLI: ${last}`);
    assert.deepEqual(bands, cliBands);
    assert.match(summary, new RegExp(`^${Number(match[1]).toLocaleString('en')} leads scored`));
    assert.match(summary, new RegExp(`; ${Number(match[3]).toLocaleString('en')} go to sales now\\.$`));

    // The table's cells (read after the scores, block by block): a search finds the rows of
    // every block that hold the sample's XSS company, each under its own row number.
    // Row numbers from the CLI's scored file (its rows in file order, quoted as the csv
    // crate writes them: the samples split into lines hold stray quotes read either way).
    const records = parseCsv(readFileSync(scoredPath, 'utf8')).filter((r) => r.length > 1).slice(1);
    // The first page, shown as soon as the scores are out (its rows read again from the file
    // while the helpers still read the display cells), holds each row's own cells.
    const header = parseCsv(readFileSync(scoredPath, 'utf8'))[0];
    const at = (title) => header.indexOf(title);
    const firstRows = await columnTexts(page, 'Row');
    assert.equal(firstRows.length, 25);
    for (const title of ['Email', 'Company Name']) {
      assert.deepEqual(await columnTexts(page, title), firstRows.map((r) => records[Number(r) - 1][at(title)]), title);
    }
    const company = '<img src=x onerror=alert(1)>';
    const expected = records.flatMap((r, i) => (r.includes(company) ? [String(i + 1)] : []));
    await page.locator('#search').fill('onerror');
    await page.locator('#table-status', { hasText: `${expected.length} of ` }).waitFor();
    assert.deepEqual(await columnTexts(page, 'Row'), expected.slice(0, 25));
    const companies = await columnTexts(page, 'Company Name');
    assert.deepEqual(companies, expected.slice(0, 25).map(() => company));
    assert.deepEqual(errors, []);
  });
}
