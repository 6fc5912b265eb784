// Shared by the browser end-to-end tests: launch the system Chromium through playwright-core
// and open the served app while recording every request the page makes.
//
// The app must already be served; scripts/test.sh builds www/pkg, starts
// `python3 -m http.server` on a free port and sets E2E_BASE_URL.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const WWW = fileURLToPath(new URL('../../www/', import.meta.url));

// `npx playwright install` cannot download browsers here: use Debian's chromium.
const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox', // CI runs as root, where Chromium's sandbox refuses to start
  '--disable-gpu',
  '--disable-background-networking', // no update checks, safe-browsing lists, ...
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function baseUrl() {
  const url = process.env.E2E_BASE_URL;
  if (!url) {
    throw new Error('E2E_BASE_URL is not set: run scripts/test.sh, or serve www/ and set it');
  }
  return url.endsWith('/') ? url : `${url}/`;
}

/** `extraArgs`: more Chromium switches (benchmarks ask for precise memory figures). */
export function launch(extraArgs = []) {
  return chromium.launch({ executablePath: EXECUTABLE, args: [...ARGS, ...extraArgs], headless: true });
}

/**
 * Open the app in a fresh context. `requests` collects every URL the page asks for (to
 * check the privacy promise), `errors` every uncaught exception and console error.
 * `fallbacks` maps a www/-relative path to a fixture file served in its place when the real
 * file is not in this tree (yet). `path` is a www/-relative page (default: the app) and
 * `hash` is appended to the URL (e.g. `#model=...`). `routes` maps a www/-relative path to a
 * function that gets the served file's text and returns what to serve instead (a string or
 * bytes), for the page and its workers alike.
 */
export async function openApp(browser, {
  fallbacks = {}, contextOptions = {}, path = '', hash = '', routes = {},
} = {}) {
  const context = await browser.newContext(contextOptions);
  for (const [path, change] of Object.entries(routes)) {
    await context.route(new URL(path, baseUrl()).href, async (route) => {
      const response = await route.fetch();
      route.fulfill({ response, body: change(await response.text()) });
    });
  }
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  const served = {};
  for (const [path, fixture] of Object.entries(fallbacks)) {
    if (existsSync(WWW + path)) continue;
    const body = readFileSync(fileURLToPath(new URL(`fixtures/${fixture}`, import.meta.url)));
    served[path] = fixture;
    await page.route(new URL(path, baseUrl()).href, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body }),
    );
  }
  await page.goto(baseUrl() + path + hash);
  return { context, page, requests, errors, served };
}

/** Open the app (see openApp) and wait until its built-in model is valid as of a fixed date. */
export async function openReady(browser, options) {
  const app = await openApp(browser, options);
  const { page } = app;
  await page.locator('#status[data-state="valid"]').waitFor();
  await page.locator('#as-of').fill('2026-11-20');
  await page.locator('#as-of').dispatchEvent('change');
  await page.locator('#status[data-state="valid"]').waitFor();
  return app;
}

/** Requests that did not go to the page's own origin (data: and blob: URLs stay local). */
export function foreignRequests(requests) {
  const origin = new URL(baseUrl()).origin;
  return requests.filter((url) => {
    const u = new URL(url);
    return u.protocol !== 'data:' && u.protocol !== 'blob:' && u.origin !== origin;
  });
}

/** Requests that carry data out: anything but GET, or with a body. */
export function recordBodies(page) {
  const bodies = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET' || r.postData()) bodies.push(`${r.method()} ${r.url()}`);
  });
  return bodies;
}

/** Wait until a status element leaves the loading state; its [state, text]. */
export async function settled(page, selector) {
  await page.locator(`${selector}:not([data-state="loading"])`).waitFor();
  const status = page.locator(selector);
  return [await status.getAttribute('data-state'), await status.textContent()];
}

/** Parse CSV text (RFC 4180: quotes, doubled quotes, newlines in quotes) into rows. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** The cells of the ranked table's column `title` on the page shown. */
export async function columnTexts(page, title) {
  return page.locator('#leads').evaluate((table, name) => {
    const k = [...table.tHead.rows[0].cells]
      .findIndex((th) => th.textContent.replace(/[↑↓]/g, '').trim() === name);
    if (k < 0) throw new Error(`the table has no column '${name}'`);
    return [...table.tBodies[0].rows].map((r) => r.cells[k].textContent);
  }, title);
}
