// Widget benchmark (not part of scripts/test.sh): what a visitor downloads for <lead-chat>
// and how long the engine takes per answer, in real Chromium.
//
//   scripts/serve.sh &                       # or build with scripts/build-wasm.sh and serve www/
//   E2E_BASE_URL=http://127.0.0.1:8080/ node tests/bench/widget.mjs [CONVERSATIONS]   # default 2,000
//
// Transfer size: every file the chat demo page fetches under widget/ (the element's modules,
// the wasm-bindgen glue and the wasm), gzip-compressed with node's zlib at level 9 and at
// the default level 6 (what static servers usually use). Targets: <= 250 KB gzip.
//
// Per answer: CONVERSATIONS runs of the b2b-saas model's conversation through the headless
// API in the page, each answer doing what the widget does (answer + state + next). The
// clock is read once per batch of conversations (performance.now() is coarse in a page), so
// the mean includes the JS <-> wasm crossings. Target: < 1 ms per answer.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { WWW, baseUrl, launch, openApp } from '../e2e/helpers.js';

const conversations = Number(process.argv[2] ?? 2000);
const KB = 1000;
const browser = await launch();
try {
  const { page, requests } = await openApp(browser, { path: 'demo/chat.html' });
  await page.locator('#inline-chat .composer button').first().waitFor();

  const widgetRoot = new URL('widget/', baseUrl()).href;
  const files = [...new Set(requests.filter((u) => u.startsWith(widgetRoot)))]
    .map((u) => u.slice(baseUrl().length));
  let raw = 0;
  let gz9 = 0;
  let gz6 = 0;
  console.log('files the chat widget loads (raw / gzip -9 / gzip -6, bytes):');
  for (const file of files.sort()) {
    const bytes = readFileSync(WWW + file);
    const sizes = [bytes.length, gzipSync(bytes, { level: 9 }).length, gzipSync(bytes, { level: 6 }).length];
    [raw, gz9, gz6] = [raw + sizes[0], gz9 + sizes[1], gz6 + sizes[2]];
    console.log(`  ${file.padEnd(34)} ${sizes.map((s) => String(s).padStart(9)).join(' ')}`);
  }
  console.log(`transfer size: ${(raw / KB).toFixed(1)} KB raw, ${(gz9 / KB).toFixed(1)} KB gzip -9, ` +
    `${(gz6 / KB).toFixed(1)} KB gzip -6 (target <= 250 KB gzip: ${gz9 <= 250 * KB ? 'met' : 'NOT met'})`);

  const timing = await page.evaluate(async (runs) => {
    const { createSession } = await import('../widget/api.js');
    const model = await (await fetch('../models/b2b-saas.json')).json();
    // A typed answer per field type; choices take the first offered one.
    const typed = { number: '120', email: 'ada@acme.io', date: '2026-11-01', text: 'VP of Sales', yes_no: true };
    const sessions = [];
    for (let i = 0; i < runs; i++) sessions.push(await createSession(model, { asOf: '2026-11-20' }));
    let answers = 0;
    const started = performance.now();
    for (const session of sessions) {
      let next = session.next();
      while (!next.done) {
        const { question, input } = next;
        const choice = question.choices?.[answers % question.choices.length];
        const value = input === 'choices' ? (typeof choice === 'object' ? choice.value : choice) : typed[input];
        session.answer(question.field, value);
        answers++;
        next = session.next();
      }
    }
    const ms = performance.now() - started;
    return { answers, ms };
  }, conversations);
  const perAnswer = timing.ms / timing.answers;
  console.log(`per answer: ${(perAnswer * 1000).toFixed(1)} µs mean over ${timing.answers.toLocaleString('en')} answers ` +
    `in ${conversations.toLocaleString('en')} conversations (${timing.ms.toFixed(0)} ms; ` +
    `target < 1 ms: ${perAnswer < 1 ? 'met' : 'NOT met'})`);
} finally {
  await browser.close();
}
