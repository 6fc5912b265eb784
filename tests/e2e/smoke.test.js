// Browser smoke test of the served app: the wasm loads, the built-in model validates, an
// edit with a mistake is reported at its JSON path, and nothing leaves the page's origin.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { WWW, foreignRequests, launch, openApp } from './helpers.js';

const DEFAULT_MODEL = 'models/b2b-saas.json';
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the built-in model loads and validates; an unknown key is located', async (t) => {
  const { context, page, requests, errors, served } = await openApp(browser, {
    fallbacks: { [DEFAULT_MODEL]: 'model.json' },
  });
  t.after(() => context.close());
  if (served[DEFAULT_MODEL]) t.diagnostic(`${DEFAULT_MODEL} not in this tree: used fixtures/model.json`);

  const status = page.locator('#status');
  await page.locator('#status:not([data-state="loading"])').waitFor();
  assert.equal(await status.getAttribute('data-state'), 'valid', await status.textContent());
  assert.notEqual(await page.locator('#version').textContent(), '');

  const model = JSON.parse(await page.locator('#model-json').inputValue());
  assert.match(await status.textContent(), new RegExp(escape(model.name)));

  // A typo'd key in the first rule: expect the problem at that rule's path.
  model.groups[0].rules[0].pionts = 5;
  // Compact on purpose: Playwright's fill() of a long multi-line text takes seconds.
  await page.locator('#model-json').fill(JSON.stringify(model));
  await page.locator('#validate').click();

  await page.locator('#status[data-state="invalid"]').waitFor();
  const problem = page.locator('#problems li', { hasText: 'groups[0].rules[0].pionts' });
  await problem.waitFor();
  assert.match(await problem.locator('.message').textContent(), /unknown key 'pionts'/);

  assert.deepEqual(foreignRequests(requests), [], 'requests outside the page origin');
  assert.deepEqual(errors, []);
});

test('every built-in model in www/models validates', async (t) => {
  const { context, page, errors } = await openApp(browser);
  t.after(() => context.close());
  await page.locator('#status:not([data-state="loading"])').waitFor();
  const paths = await page.locator('#model-select option').evaluateAll((os) => os.map((o) => o.value));
  for (const path of paths) {
    if (!existsSync(WWW + path)) {
      t.diagnostic(`${path} not in this tree yet: skipped`);
      continue;
    }
    await page.locator('#model-select').selectOption(path);
    await page.locator('#status:not([data-state="loading"])').waitFor();
    const status = page.locator('#status');
    const problems = await page.locator('#problems li').allTextContents();
    assert.equal(await status.getAttribute('data-state'), 'valid', `${path}: ${problems.join('\n')}`);
  }
  assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
});

test('the built-in sample scores in the page, and no lead data leaves it', async (t) => {
  if (!existsSync(WWW + 'samples/leads.csv')) {
    t.skip('samples/leads.csv not in this tree');
    return;
  }
  const { context, page, requests, errors } = await openApp(browser);
  t.after(() => context.close());
  const bodies = [];
  page.on('request', (r) => { if (r.method() !== 'GET' || r.postData()) bodies.push(r.url()); });
  await page.locator('#status[data-state="valid"]').waitFor();
  await page.locator('#as-of').fill('2026-11-20');
  await page.locator('#score-sample').click();
  const status = page.locator('#score-status');
  await page.locator('#score-status:not([data-state="loading"])').waitFor();
  assert.equal(await status.getAttribute('data-state'), 'valid', await status.textContent());
  assert.match(await status.textContent(), /^5,000 leads scored/);

  const counts = await page.locator('#band-counts tbody tr').evaluateAll((rows) =>
    rows.map((r) => [r.cells[0].textContent, Number(r.cells[1].textContent.replace(/,/g, ''))]));
  assert.deepEqual(counts.map(([band]) => band), ['SQL', 'MQL', 'Nurture', 'Cold']);
  assert.equal(counts.reduce((sum, [, n]) => sum + n, 0), 5000);
  assert.ok(counts[0][1] > 0, 'some leads are SQL');

  const top = await page.locator('#top-leads tbody tr').evaluateAll((rows) =>
    rows.map((r) => Number(r.cells[1].textContent)));
  assert.equal(top.length, 10);
  assert.deepEqual([...top].sort((a, b) => b - a), top, 'top leads are ranked');

  // The only requests are the page's own static files, and none carries a body.
  assert.deepEqual(foreignRequests(requests), [], 'requests outside the page origin');
  assert.deepEqual(bodies, [], 'requests that could carry data');
  assert.deepEqual(errors, []);
});

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
