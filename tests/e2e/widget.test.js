// The embeddable widgets end to end, in real Chromium, on the static demo pages: <lead-chat>
// (conversation, skip logic, early disqualification, bubble, validation, keyboard, events),
// <lead-calculator> (live score, URL state, print), the headless API and its adapters
// (Typebot callbacks, iframe postMessage bridge), failures shown inside the widget, privacy
// (no requests while chatting) and accessibility (axe-core).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { foreignRequests, launch, openApp, recordBodies } from './helpers.js';

const B2B = JSON.parse(readFileSync(new URL('../../www/models/b2b-saas.json', import.meta.url), 'utf8'));

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Open a demo page; every widget event the page hears is kept in `window.heard`. */
async function openDemo(path, options = {}) {
  const app = await openApp(browser, { path, ...options });
  await app.page.evaluate(() => {
    window.heard = [];
    for (const type of ['leadscore:change', 'leadscore:complete', 'leadscore:error']) {
      document.addEventListener(type, (e) => window.heard.push({
        type: e.type, from: e.target.id, bubbles: e.bubbles, composed: e.composed, detail: e.detail,
      }));
    }
  });
  return app;
}

const heard = (page, type) =>
  page.evaluate((t) => window.heard.filter((e) => e.type === t), type);

/** A chat element, once its first question (or its error) is shown. */
async function chatReady(page, id) {
  const chat = page.locator(`#${id}`);
  await chat.locator('.composer button, .composer input, [role="alert"]').first().waitFor();
  return chat;
}

const choose = (chat, label) => chat.getByRole('button', { name: label, exact: true }).click();

async function type(chat, text) {
  await chat.locator('input#answer').fill(text);
  await chat.locator('input#answer').press('Enter');
}

const botSaid = (chat) => chat.locator('.msg.bot').allTextContents();
const focusedIn = (page, id) =>
  page.evaluate((i) => {
    const active = document.getElementById(i).shadowRoot.activeElement;
    return active && (active.id || active.textContent);
  }, id);

test('chat: a whole conversation, scored after each answer, ends with the band outcome and its link', async (t) => {
  const { context, page, requests, errors } = await openDemo('demo/chat.html');
  t.after(() => context.close());
  const bodies = recordBodies(page);
  const chat = await chatReady(page, 'inline-chat');
  const loaded = requests.length;

  await choose(chat, 'Too many unqualified leads');
  // Focus follows the conversation: the job title box, typed into with the keyboard.
  assert.equal(await focusedIn(page, 'inline-chat'), 'answer');
  await page.keyboard.type('VP of Marketing');
  await page.keyboard.press('Enter');
  // Choices are buttons in a labelled group: Tab to the last, Enter.
  assert.equal(await focusedIn(page, 'inline-chat'), '1-10');
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  assert.equal(await focusedIn(page, 'inline-chat'), 'More than 1,000');
  await page.keyboard.press('Enter');
  await choose(chat, 'I make the decision');
  await choose(chat, '$20k-$50k');
  await choose(chat, 'Immediately');
  await choose(chat, 'Yes, please');
  await choose(chat, 'United States');
  // The email is checked before it is taken.
  await type(chat, 'ada@');
  await chat.locator('#answer-error:not([hidden])').waitFor();
  assert.match(await chat.locator('#answer-error').textContent(), /not a valid email address/);
  assert.equal(await chat.locator('input#answer').getAttribute('aria-invalid'), 'true');
  await type(chat, 'ada@acme.io');
  const during = requests.slice(loaded);

  const changes = await heard(page, 'leadscore:change');
  assert.equal(changes.length, 9, 'one change per answer');
  assert.ok(changes.every((e) => e.bubbles && e.composed && e.from === 'inline-chat'));
  assert.deepEqual(Object.keys(changes[0].detail).sort(),
    ['answers', 'band', 'done', 'ending', 'engagement', 'fit', 'grade', 'handoff', 'matrix',
      'qualification', 'reasons', 'score'].sort());
  assert.deepEqual(changes[0].detail.answers, { need: 'Too many unqualified leads' });
  assert.equal(changes[2].detail.answers.employees, '2500', 'a labelled choice is stored as its value');
  const scores = changes.map((e) => e.detail.score);
  assert.ok(scores.at(-1) > scores[0], scores.join());

  const [complete] = await heard(page, 'leadscore:complete');
  const final = complete.detail;
  assert.equal(final.done, true);
  assert.equal(final.ending.reason, 'answered');
  assert.equal(final.qualification, 'qualified');
  assert.deepEqual(final.reasons.filter((r) => r.outcome === 'met').map((r) => r.id),
    ['budget', 'authority', 'need', 'timeline']);
  assert.equal(final.band, 'SQL', `score ${final.score}`);
  assert.equal(final.ending.outcome_key, 'SQL');
  assert.deepEqual(final, changes.at(-1).detail, 'the last change is the completed state');
  assert.equal(Object.keys(final.answers).length, 9);

  // The app's engine (www/pkg: the regex crate, the phrase automaton) scores the same answers
  // the same as the widget's smaller build (regex-lite, a scan per phrase).
  const app = await page.evaluate(async (answers) => {
    const engine = await import('../pkg/leadscore.js');
    await engine.default();
    const json = await (await fetch('../models/b2b-saas.json')).text();
    const today = new Date().toISOString().slice(0, 10);
    const result = new engine.Scorer(json, today).scoreLead(answers);
    return { score: result.total, rules: result.receipt.fired.map((h) => h.rule) };
  }, final.answers);
  const widgetRules = await page.evaluate(() =>
    document.getElementById('inline-chat').session.result().receipt.fired.map((h) => h.rule));
  assert.equal(final.score, app.score);
  assert.deepEqual(widgetRules, app.rules);
  assert.ok(widgetRules.includes('vp'), widgetRules.join()); // contains_any: "VP of Marketing"

  // The model's SQL outcome: its message and its booking link, focused.
  const outcome = B2B.conversation.outcomes.SQL;
  assert.equal((await botSaid(chat)).at(-1), outcome.message + outcome.link.label);
  const link = chat.locator('a.cta');
  assert.equal(await link.getAttribute('href'), outcome.link.url);
  assert.equal(await focusedIn(page, 'inline-chat'), outcome.link.label);
  assert.equal(await chat.locator('.log').getAttribute('role'), 'log');
  assert.equal(await chat.locator('.log').getAttribute('aria-live'), 'polite');

  // Nothing was fetched while chatting, and nothing ever left the page.
  assert.deepEqual(during, [], 'requests during the conversation');
  assert.deepEqual(foreignRequests(requests), []);
  assert.deepEqual(bodies, []);
  assert.ok(requests.some((u) => u.endsWith('/widget/pkg/leadscore_bg.wasm')), requests.join('\n'));
  assert.deepEqual(errors, []);
});

test('chat: ask_if skips the questions that do not apply', async (t) => {
  const { context, page, errors } = await openDemo('demo/chat.html');
  t.after(() => context.close());
  const chat = await chatReady(page, 'inline-chat');
  await choose(chat, 'Just researching');
  await type(chat, 'Analyst');
  await choose(chat, '11-50');
  await choose(chat, "I'm researching for my team");
  // budget and timeline ask only when there is a need; the demo question only with a timeline.
  const asked = (await botSaid(chat)).slice(1);
  const ask = (id) => B2B.conversation.questions.find((q) => q.id === id).ask;
  assert.deepEqual(asked, ['need', 'job_title', 'employees', 'authority', 'country'].map(ask));
  // The country question is optional: skipped, and the email comes next.
  await chat.getByRole('button', { name: 'Skip' }).click();
  assert.equal((await botSaid(chat)).at(-1), ask('email'));
  const changes = await heard(page, 'leadscore:change');
  assert.equal(changes.length, 5);
  assert.equal(changes.at(-1).detail.answers.country, undefined);
  assert.deepEqual(errors, []);
});

test('chat: a knockout ends the conversation at once with the polite close', async (t) => {
  const { context, page, errors } = await openDemo('demo/chat.html');
  t.after(() => context.close());
  const chat = await chatReady(page, 'inline-chat');
  await choose(chat, 'Slow sales handoff');
  await type(chat, 'Marketing Intern');
  const [complete] = await heard(page, 'leadscore:complete');
  assert.equal(complete.detail.ending.reason, 'disqualified');
  assert.equal(complete.detail.ending.outcome_key, 'disqualified');
  assert.equal(complete.detail.qualification, 'not_qualified');
  assert.deepEqual(complete.detail.reasons.filter((r) => r.outcome === 'knockout').map((r) => r.id), ['student']);
  const outcome = B2B.conversation.outcomes.disqualified;
  assert.equal((await botSaid(chat)).at(-1), outcome.message + outcome.link.label);
  assert.equal(await chat.locator('.composer input').count(), 0, 'no more questions');
  assert.equal((await heard(page, 'leadscore:change')).length, 2);
  // Start over: the first question again, with a fresh session.
  await chat.getByRole('button', { name: 'Start over' }).click();
  await chat.getByRole('button', { name: 'Slow sales handoff' }).waitFor();
  assert.deepEqual(await page.evaluate(() => document.getElementById('inline-chat').session.answers()), {});
  assert.deepEqual(errors, []);
});

test('chat bubble: opens and closes by keyboard, themed, validates numbers, skips optional questions', async (t) => {
  const { context, page, errors } = await openDemo('demo/chat.html');
  t.after(() => context.close());
  const chat = page.locator('#bubble-chat');
  const launcher = chat.getByRole('button', { name: 'Is lead scoring for you?' });
  assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
  assert.equal(await chat.locator('.panel').isHidden(), true);
  // Themed by the page's CSS custom properties (.themed sets --leadscore-accent).
  assert.equal(await launcher.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(15, 118, 110)');

  await launcher.focus();
  await page.keyboard.press('Enter');
  assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
  await chat.getByRole('button', { name: 'Marketing' }).waitFor();
  assert.equal(await focusedIn(page, 'bubble-chat'), 'Marketing');
  await page.keyboard.press('Enter');

  await type(chat, 'lots');
  await chat.locator('#answer-error:not([hidden])').waitFor();
  assert.equal(await chat.locator('#answer-error').textContent(), "'lots' is not a number");
  assert.equal(await focusedIn(page, 'bubble-chat'), 'answer');
  assert.equal((await heard(page, 'leadscore:change')).length, 1, 'a refused answer changes nothing');
  await type(chat, '1,500');
  await chat.getByRole('button', { name: 'Skip' }).click();
  const [complete] = await heard(page, 'leadscore:complete');
  assert.equal(complete.from, 'bubble-chat');
  assert.equal(complete.detail.band, 'Hot');
  assert.equal(complete.detail.score, 80);
  assert.deepEqual(complete.detail.answers, { leads: '1,500', role: 'Marketing' });

  await page.keyboard.press('Escape');
  assert.equal(await chat.locator('.panel').isHidden(), true);
  assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.evaluate(() => document.getElementById('bubble-chat').shadowRoot.activeElement?.className), 'launcher');
  assert.deepEqual(errors, []);
});

test('chat: a model that cannot load or is invalid shows why inside the widget; the page goes on', async (t) => {
  const { context, page, errors } = await openDemo('demo/chat.html');
  t.after(() => context.close());
  await page.evaluate(() => {
    const add = (id, setup) => {
      const chat = document.createElement('lead-chat');
      chat.id = id;
      chat.setAttribute('mode', 'inline');
      setup(chat);
      document.querySelector('main').append(chat);
    };
    const inline = (text) => (chat) => {
      const script = document.createElement('script');
      script.type = 'application/json';
      script.textContent = text;
      chat.append(script);
    };
    add('not-json', inline('{ "schema": "leadscore/1", nope'));
    add('invalid', inline(JSON.stringify({ schema: 'leadscore/1', name: 'Bad', fields: {}, groups: [], conversaton: {} })));
    add('mistyped', inline(JSON.stringify({ schema: 'leadscore/1', name: 'Bad', fields: { size: { type: 'number' } },
      groups: [{ id: 'fit', dimension: 'fit', rules: [{ id: 'big', when: { field: 'size', gte: 50 }, points: 'lots' }] }] })));
    add('no-conversation', inline(JSON.stringify({ schema: 'leadscore/1', name: 'Plain', fields: {}, groups: [] })));
    add('missing', (chat) => chat.setAttribute('model', '../models/no-such-model.json'));
    add('nothing', () => {});
  });
  const expected = {
    'not-json': /the inline model is not valid JSON/,
    invalid: /unknown key 'conversaton'/,
    // The widget's build names the first type error; the app's model check says where.
    mistyped: /invalid type: string "lots".*the leadscore app's model check shows where/,
    'no-conversation': /this model has no conversation section/,
    missing: /no-such-model\.json \(HTTP 404\)/,
    nothing: /no model: set model="URL"/,
  };
  for (const [id, message] of Object.entries(expected)) {
    const alert = page.locator(`#${id} [role="alert"]`);
    await alert.waitFor();
    assert.match(await alert.textContent(), /^Sorry, this chat could not start\./);
    assert.match(await alert.textContent(), message);
  }
  const failures = await heard(page, 'leadscore:error');
  assert.deepEqual(failures.map((e) => e.from).sort(), Object.keys(expected).sort());
  // The demo's own chat still works.
  const chat = await chatReady(page, 'inline-chat');
  await choose(chat, 'Just researching');
  assert.equal((await heard(page, 'leadscore:change')).length, 1);
  assert.deepEqual(errors.filter((e) => !/404 \(File not found\)/.test(e)), []);
});

/** The calculator's score, once it is shown. */
async function calculatorScore(calc) {
  await calc.locator('.score').waitFor();
  return Number(await calc.locator('.score').textContent());
}

test('calculator: live score, band and receipt; state read from and written to the URL; printable', async (t) => {
  const { context, page, errors } = await openDemo('demo/calculator.html?monthly_leads=500&crm=HubSpot&utm_source=x');
  t.after(() => context.close());
  const calc = page.locator('#calculator');
  assert.equal(await calculatorScore(calc), 25);
  assert.equal(await calc.getByLabel('New leads per month').inputValue(), '500');
  assert.equal(await calc.getByLabel('CRM').inputValue(), 'HubSpot');
  assert.deepEqual(await calc.locator('table.fired tbody td:first-child').allTextContents(),
    ['200-999 leads a month', 'HubSpot or Salesforce']);

  await calc.getByLabel('Sales team size').selectOption('6-20');
  await calc.locator('.score', { hasText: /^40$/ }).waitFor();
  assert.equal(await calc.locator('[data-fact="band"]').textContent(), 'Good fit');
  assert.match(page.url(), /sales_team=6-20/);
  assert.match(page.url(), /utm_source=x/, 'other parameters are kept');
  const change = (await heard(page, 'leadscore:change')).at(-1);
  assert.equal(change.detail.score, 40);
  assert.deepEqual(change.detail.answers, { monthly_leads: '500', sales_team: '6-20', crm: 'HubSpot' });

  // As you type: a figure the engine reads, then one it cannot (said next to the field).
  const leads = calc.getByLabel('New leads per month');
  await leads.fill('1,500');
  await calc.locator('.score', { hasText: /^50$/ }).waitFor();
  await leads.fill('lots');
  await calc.locator('.score', { hasText: /^25$/ }).waitFor();
  assert.equal(await leads.getAttribute('aria-invalid'), 'true');
  assert.match(await calc.locator('#field-monthly_leads-error').textContent(), /lots/);
  await leads.fill('1500');
  await calc.locator('.score', { hasText: /^50$/ }).waitFor();

  // The link holds the state: a reload (or a shared link) shows the same result.
  assert.equal(await calc.locator('a.share').getAttribute('href'), page.url());
  await page.reload();
  assert.equal(await calculatorScore(calc), 50);
  assert.equal(await calc.getByLabel('Sales team size').inputValue(), '6-20');

  // Print: the controls go, the score and the receipt stay.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await calc.getByRole('button', { name: 'Print' }).isHidden(), true);
  assert.equal(await calc.locator('table.fired').isVisible(), true);
  assert.equal(await page.locator('header nav').isHidden(), true);
  await page.emulateMedia({ media: 'screen' });

  // A chosen subset of fields, in the given order; an unknown field is said in the widget.
  await page.evaluate(() => document.getElementById('calculator').setAttribute('fields', 'role,crm'));
  await calc.getByLabel('Your role').waitFor();
  assert.deepEqual(await calc.locator('label').allTextContents(), ['Your role', 'CRM']);
  await page.evaluate(() => document.getElementById('calculator').setAttribute('fields', 'crm,colour'));
  await calc.locator('[role="alert"]', { hasText: "the model has no field 'colour'" }).waitFor();
  assert.deepEqual(errors, []);
});

test('headless API: createSession from a URL, an object or JSON text; answer, skip, next, result, answers', async (t) => {
  const { context, page, errors } = await openDemo('demo/adapters.html');
  t.after(() => context.close());
  const out = await page.evaluate(async () => {
    const api = await import('../widget/api.js');
    const session = await api.createSession('../models/calculator.json');
    const caught = (f) => { try { f(); return null; } catch (e) { return e.message; } };
    const first = session.next();
    const afterLeads = session.answer('monthly_leads', '1,000 or more');
    const fromObject = await api.createSession(session.model, { asOf: '2026-11-20' });
    const fromText = await api.createSession(JSON.stringify(session.model));
    fromObject.answer('crm', 'HubSpot');
    const badModel = await api.createSession({ schema: 'leadscore/1', name: 'x' }).catch((e) => e.message);
    // Run the whole conversation with the first choice of each question.
    let next = fromText.next();
    let states = 0;
    while (!next.done) {
      const choice = next.question.choices[0];
      fromText.answer(next.question.field, typeof choice === 'object' ? choice.label : choice);
      states++;
      next = fromText.next();
    }
    return {
      first: { id: first.question.id, input: first.input, done: first.done },
      afterLeads,
      unknownField: caught(() => session.answer('colour', 'blue')),
      badChoice: caught(() => session.answer('crm', 'Excel')),
      notOptional: caught(() => session.skip('crm')),
      objectAnswers: fromObject.answers(),
      result: fromObject.result().receipt.fired.map((h) => h.rule),
      badModel,
      states,
      ending: next.ending,
      finalState: fromText.state(),
    };
  });
  assert.deepEqual(out.first, { id: 'monthly_leads', input: 'choices', done: false });
  assert.equal(out.afterLeads.score, 25);
  assert.deepEqual(out.afterLeads.answers, { monthly_leads: '2000' });
  assert.equal(out.afterLeads.done, false);
  assert.equal(out.unknownField, "the model has no field 'colour'");
  assert.match(out.badChoice, /'Excel' is not one of the choices/);
  assert.equal(out.notOptional, "question 'crm' cannot be skipped");
  assert.deepEqual(out.objectAnswers, { crm: 'HubSpot' });
  assert.deepEqual(out.result, ['crm_major']);
  assert.match(out.badModel, /fields/);
  assert.ok(out.states >= 5, String(out.states));
  assert.equal(out.finalState.done, true);
  assert.deepEqual(out.finalState.ending, out.ending);
  assert.equal(out.ending.outcome_key, out.finalState.band);
  assert.deepEqual(errors, []);
});

test('adapters: Typebot onAnswer by block or variable; the iframe bridge accepts only its frame and origin', async (t) => {
  const { context, page, errors } = await openDemo('demo/adapters.html');
  t.after(() => context.close());
  const state = async () => JSON.parse(await page.locator('#state').textContent());
  await page.locator('#source', { hasText: 'New session' }).waitFor();

  // Typebot, as the demo wires it (blockId -> field).
  await page.locator('button[data-block="tb-leads"]', { hasText: '1,000 or more' }).click();
  await page.locator('#source', { hasText: 'Typebot: score 25' }).waitFor();
  await page.locator('button[data-block="tb-colour"]').click(); // maps to no field: ignored
  await page.locator('button[data-block="tb-timeline"]', { hasText: 'This quarter' }).click();
  await page.locator('#source', { hasText: 'Typebot: score 40' }).waitFor();
  assert.deepEqual((await state()).answers, { monthly_leads: '2000', timeline: 'This quarter' });

  // The frame posts an answer; the page scores it and replies to the frame.
  const frame = page.frameLocator('#chat-frame');
  await frame.getByLabel('Question').selectOption('sales_team');
  await frame.getByLabel('Answer').fill('6-20');
  await frame.getByRole('button', { name: 'Post answer' }).click();
  await page.locator('#source', { hasText: 'Frame: score 55' }).waitFor();
  await frame.locator('#frame-reply', { hasText: 'Answer 1 scored: 55 (Good fit)' }).waitFor();
  // A refused answer comes back as an error message, and changes nothing.
  await frame.getByLabel('Question').selectOption('timeline');
  await frame.getByLabel('Answer').fill('whenever');
  await frame.getByRole('button', { name: 'Post answer' }).click();
  await frame.locator('#frame-reply', { hasText: /Answer 2 refused: .*'whenever' is not one of the choices/ }).waitFor();

  // Messages from another origin, or from this origin but not from the frame, are ignored.
  for (const origin of ['https://evil.example', new URL(page.url()).origin]) {
    await page.evaluate((o) => window.dispatchEvent(new MessageEvent('message', {
      data: { type: 'leadscore:answer', field: 'crm', value: 'HubSpot' }, origin: o, source: window,
    })), origin);
    await page.locator('#source', { hasText: `Ignored a message from ${origin}` }).waitFor();
  }
  assert.equal((await state()).answers.crm, undefined);
  assert.equal((await state()).score, 55);

  // Typebot by variable (the input block tells its variable), and the bridge's own checks.
  const more = await page.evaluate(async () => {
    const api = await import('../widget/api.js');
    const session = await api.createSession('../models/calculator.json');
    const seen = [];
    const typebot = api.typebotCallbacks(session, {
      variables: { 'var-team': 'sales_team' },
      onChange: (s) => seen.push(['change', s.score]),
      onError: (e, answer) => seen.push(['error', answer.field, e.message]),
    });
    typebot.onNewInputBlock({ id: 'block-7', type: 'text input', options: { variableId: 'var-team' } });
    typebot.onAnswer({ message: '21-50', blockId: 'block-7' });
    typebot.onAnswer({ message: 'HubSpot', blockId: 'block-unknown' });
    typebot.onAnswer({ message: 'Lots', blockId: 'block-7' });
    const refused = (options) => { try { api.connectFrame(session, options); return null; } catch (e) { return e.message; } };
    return {
      seen,
      star: refused({ allowedOrigins: ['*'] }),
      none: refused({}),
      path: refused({ allowedOrigins: ['https://chat.example/path'] }),
    };
  });
  assert.deepEqual(more.seen, [['change', 15], ['error', 'sales_team', "sales_team: 'Lots' is not one of the choices (Just me, 2-5, 6-20, 21-50, More than 50)"]]);
  assert.match(more.star, /not an exact origin/);
  assert.match(more.none, /needs allowedOrigins/);
  assert.match(more.path, /not an exact origin/);
  assert.deepEqual(errors, []);
});

for (const [path, prepare] of [
  ['demo/chat.html', async (page) => {
    await chatReady(page, 'inline-chat');
    await page.locator('#bubble-chat').getByRole('button', { name: 'Is lead scoring for you?' }).click();
    await page.locator('#bubble-chat').getByRole('button', { name: 'Marketing' }).click();
    await page.locator('#bubble-chat input#answer').waitFor();
  }],
  ['demo/calculator.html?crm=HubSpot', (page) => page.locator('#calculator .score').waitFor()],
  ['demo/adapters.html', (page) => page.locator('#source', { hasText: 'New session' }).waitFor()],
]) {
  test(`no serious or critical accessibility violations on ${path} (axe-core)`, async (t) => {
    // axe is injected as an inline script: only this test's context bypasses the page's CSP.
    const { context, page } = await openApp(browser, { path, contextOptions: { bypassCSP: true } });
    t.after(() => context.close());
    await prepare(page);
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () =>
      (await globalThis.axe.run(document)).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`));
    assert.deepEqual(violations, []);
  });
}
