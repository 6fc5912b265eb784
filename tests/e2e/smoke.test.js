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

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
