// The model editor in the page: the rules form (points, switches, deletes, additions,
// thresholds) kept in sync with the JSON text, problems placed next to the rule they name,
// and models loaded from a file picked or dropped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { columnTexts, launch, openReady, settled } from './helpers.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ready = (options) => openReady(browser, options);

/** A small model with keys the form does not show (they must survive every edit). */
const MODEL = {
  schema: 'leadscore/1',
  name: 'Form test',
  description: 'Keys the form does not show: description, version, aliases, stages, conversation.',
  version: '7',
  fields: {
    title: { type: 'text', label: 'Job title', aliases: ['Job Title'] },
    employees: { type: 'number', aliases: ['Number of Employees'] },
    email: { type: 'email', aliases: ['Email'] },
  },
  groups: [
    {
      id: 'fit', label: 'Fit', dimension: 'fit', max: 80,
      rules: [
        { id: 'exec', label: 'Executive', when: { field: 'title', contains_any: ['vp', 'chief'] }, points: 20 },
        { id: 'big', when: { all: [{ field: 'employees', gte: 100 }, { not: { field: 'email', email_is: 'free' } }] }, points: 10, max: 10 },
      ],
    },
  ],
  bands: [{ label: 'Hot', min: 40 }, { label: 'Warm', min: 15 }, { label: 'Cold' }],
  handoff: { band: 'Hot' },
  stages: [{ id: 'any', label: 'Any' }],
  conversation: { questions: [{ id: 'title', field: 'title', ask: 'Your role?' }] },
};

const LEADS = 'Email,Job Title,Number of Employees\nada@acme.example,VP Sales,250\n';

const json = (page) => page.locator('#model-json').inputValue().then(JSON.parse);

async function loadModel(page, model, name = 'form-test.json') {
  await page.locator('#model-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(model)) });
  await page.locator('#status[data-state="valid"]', { hasText: model.name }).waitFor();
}

/** Score the one-lead file and read its score. */
async function scoreOf(page) {
  await page.locator('#score:not([disabled])').click();
  const [state, text] = await settled(page, '#score-status');
  assert.equal(state, 'valid', text);
  return Number((await columnTexts(page, 'Score'))[0]);
}

/** Wait until the model is checked again after a form edit, and is valid. */
async function checked(page) {
  await page.locator('#status[data-state="valid"]').waitFor();
  await page.locator('#score:not([disabled])').waitFor();
}

test('the form lists every rule of the built-in model by group, with readable conditions', async (t) => {
  const { context, page, errors } = await ready();
  t.after(() => context.close());
  const model = JSON.parse(readFileSync(new URL('../../www/models/b2b-saas.json', import.meta.url), 'utf8'));
  const added = model.segments.flatMap((s) => s.add ?? []);
  const total = model.groups.reduce((n, g) => n + g.rules.length, 0) + added.length;
  assert.equal(await page.locator('#model-form li.rule').count(), total);
  const summaries = await page.locator('#model-form details.group > summary').allTextContents();
  assert.deepEqual(summaries, model.groups.map((g) => {
    const n = g.rules.length + added.filter((r) => r.group === g.id).length;
    return `${g.label} (${g.dimension}): ${n} rule${n === 1 ? '' : 's'}`;
  }));
  const rule = (path) => page.locator(`li.rule[data-path="${path}"]`);
  await page.locator('#group-0-name').click();
  assert.equal(await rule('groups[0].rules[0]').locator('.when').textContent(),
    'When job_title contains any of "ceo", "cto", "cfo", "cio", "cmo", "coo", "cro", "chief", "founder", ' +
    '"co-founder", "owner", "president" and not (job_title contains any of "vice president", "vp", ' +
    '"assistant", "executive assistant", "office of the", "product owner")');
  // A rule a segment adds is listed in its group.
  assert.match(await page.locator('li.rule[data-path="segments[0].add[0]"]').textContent(), /segment Enterprise/);
  await page.locator('#group-1-name').click();
  assert.equal(await rule('groups[1].rules[9]').locator('.when').textContent(),
    'When annual_revenue between 10000000 and 99999999');
  // A rule with per-unit points, a cap and decay shows each of them.
  await page.locator('#group-5-name').click();
  const views = rule('groups[5].rules[0]');
  assert.equal(await views.getByLabel('Points per page_views').inputValue(), '1');
  assert.equal(await views.getByLabel('At most').inputValue(), '10');
  assert.equal(await views.getByLabel('Half-life in days (last_activity)').inputValue(), '60');
  assert.equal(await views.locator('.when').textContent(), 'When page_views ≥ 1');
  assert.deepEqual(errors, []);
});

test('form edits change the JSON and the scores; JSON edits change the form; nothing is dropped', async (t) => {
  const { context, page, errors } = await ready();
  t.after(() => context.close());
  await loadModel(page, MODEL);
  await page.locator('#file-input').setInputFiles({ name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from(LEADS) });
  await page.locator('#mapping-section:not([hidden])').waitFor();
  assert.equal(await scoreOf(page), 30);

  const expected = structuredClone(MODEL);
  await page.locator('#group-0-name').click();
  const exec = page.locator('li.rule[data-path="groups[0].rules[0]"]');
  const big = page.locator('li.rule[data-path="groups[0].rules[1]"]');
  assert.equal(await big.locator('.when').textContent(), 'When employees ≥ 100 and not (email is a free-mail address)');

  // Points.
  await exec.getByLabel('Points').fill('35');
  expected.groups[0].rules[0].points = 35;
  assert.deepEqual(await json(page), expected);
  await checked(page);
  assert.equal(await scoreOf(page), 45);

  // Switch a rule off, with the keyboard.
  await big.getByRole('checkbox', { name: 'On' }).focus();
  await page.keyboard.press('Space');
  expected.groups[0].rules[1].enabled = false;
  assert.deepEqual(await json(page), expected);
  await checked(page);
  assert.equal(await scoreOf(page), 35);

  // Add a rule: field, test, value, points.
  await page.locator('#add-field').selectOption('employees');
  await page.locator('#add-test').selectOption('gte');
  await page.locator('#add-value').fill('200');
  await page.locator('#add-points').fill('7');
  await page.locator('#add-rule-button').click();
  expected.groups[0].rules.push({ id: 'employees_gte', when: { field: 'employees', gte: 200 }, points: 7 });
  assert.deepEqual(await json(page), expected);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), 'groups[0].rules[2].points');
  await checked(page);
  assert.equal(await scoreOf(page), 42);

  // A value that does not suit the test is refused, and said so.
  await page.locator('#add-field').selectOption('employees');
  await page.locator('#add-test').selectOption('between');
  await page.locator('#add-value').fill('10');
  await page.locator('#add-rule-button').click();
  assert.match(await page.locator('#add-error').textContent(), /two numbers/);
  assert.deepEqual(await json(page), expected);

  // Delete a rule.
  await exec.getByRole('button', { name: 'Delete' }).click();
  expected.groups[0].rules.splice(0, 1);
  assert.deepEqual(await json(page), expected);
  assert.match(await page.locator('#form-note').textContent(), /Rule exec deleted/);
  await checked(page);
  assert.equal(await scoreOf(page), 7);

  // Thresholds: a band's minimum and the handoff band.
  await page.locator('#thresholds').getByLabel('Warm').fill('5');
  await page.locator('#handoff-band').selectOption('Warm');
  expected.bands[1].min = 5;
  expected.handoff.band = 'Warm';
  assert.deepEqual(await json(page), expected);
  await checked(page);
  await scoreOf(page);
  assert.deepEqual(await columnTexts(page, 'Band'), ['Warm']);

  // The JSON text edited by hand: the form follows.
  const text = await page.locator('#model-json').inputValue();
  await page.locator('#model-json').fill(text.replace('"points": 7', '"points": 9'));
  await page.waitForFunction(() =>
    document.querySelector('#model-form input[data-path="groups[0].rules[1].points"]')?.value === '9');
  assert.deepEqual(errors, []);
});

test('problems are shown next to the rule or threshold they name, and in the list', async (t) => {
  const { context, page, errors } = await ready();
  t.after(() => context.close());
  await loadModel(page, MODEL);
  const broken = structuredClone(MODEL);
  broken.groups[0].rules[1].when.all[0].field = 'employes';
  await page.locator('#model-json').fill(JSON.stringify(broken, null, 2));
  await page.locator('#validate').click();
  const [state] = await settled(page, '#status');
  assert.equal(state, 'invalid');
  const path = 'groups[0].rules[1].when.all[0].field';
  assert.ok((await page.locator('#problems li').allTextContents()).some((p) => p.startsWith(path)));
  const rule = page.locator('li.rule[data-path="groups[0].rules[1]"]');
  await rule.locator('ul.problems li').waitFor(); // its group opened by itself
  assert.match(await rule.locator('ul.problems').textContent(), /employes/);
  assert.equal(await page.locator('li.rule[data-path="groups[0].rules[0]"] ul.problems li').count(), 0);
  // Validate was pressed before the form followed the typed text (300 ms after typing
  // stops): when it does, the problems it placed stay.
  await page.waitForTimeout(700);
  assert.match(await rule.locator('ul.problems').textContent(), /employes/);

  // Fixed in the JSON, a threshold broken in the form: the problem moves there.
  await page.locator('#model-json').fill(JSON.stringify(MODEL, null, 2));
  await page.locator('#validate').click();
  await page.locator('#status[data-state="valid"]').waitFor();
  assert.equal(await page.locator('#model-form ul.problems li').count(), 0);
  const warm = page.locator('#thresholds').getByLabel('Warm');
  await warm.fill('50');
  await page.locator('#thresholds ul.problems li', { hasText: 'bands[1].min' }).waitFor();
  assert.equal(await warm.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#status').getAttribute('data-state'), 'invalid');
  assert.deepEqual(errors, []);
});

test('a model file can be picked or dropped; an unreadable one is located', async (t) => {
  const { context, page, errors } = await ready();
  t.after(() => context.close());
  await loadModel(page, MODEL);
  assert.equal(await page.locator('#model-form li.rule').count(), 2);

  // Dropped on the model's drop zone (a File made in the page, as a drag from the desktop).
  const dropped = { ...MODEL, name: 'Dropped model' };
  await page.locator('#model-drop').evaluate((zone, text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, JSON.stringify(dropped));
  await page.locator('#status[data-state="valid"]', { hasText: 'Dropped model (dropped.json)' }).waitFor();
  assert.deepEqual(await json(page), dropped);

  // Not JSON: one problem with line and column; the form says it cannot show the model.
  await page.locator('#model-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "schema": "leadscore/1",\n  oops\n}') });
  const [state, text] = await settled(page, '#status');
  assert.equal(state, 'invalid');
  assert.equal(text, 'broken.json: 1 problem');
  assert.match(await page.locator('#problems').textContent(), /line 3/);
  assert.match(await page.locator('#form-unreadable').textContent(), /cannot be read/);
  assert.deepEqual(errors, []);
});

test('the model editor passes the accessibility audit (axe-core)', async (t) => {
  const { context, page } = await ready({ contextOptions: { bypassCSP: true } });
  t.after(() => context.close());
  for (const summary of await page.locator('#model-form details.group > summary').all()) await summary.click();
  const broken = JSON.parse(await page.locator('#model-json').inputValue());
  broken.groups[0].rules[0].points = 'ten';
  await page.locator('#model-json').fill(JSON.stringify(broken));
  await page.locator('#validate').click();
  await page.locator('#status[data-state="invalid"]').waitFor();
  await page.locator('#model-form ul.problems li').first().waitFor();
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () =>
    (await globalThis.axe.run('#model-form')).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`));
  assert.deepEqual(violations, []);
});
