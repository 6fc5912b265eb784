// Browser benchmark (not part of scripts/test.sh): the same generated CRM export, the same 25
// rules (tests/bench/model-25.json), scored in real Chromium two ways:
//   1. leadscore: the served page, its Web Worker and the wasm engine, as a user would;
//   2. Papa Parse (header: true, chunked over the File) + the rules written by hand in JS.
// Prints both times and the ratio (issue 3 asks for leadscore >= 8x faster).
//
//   scripts/serve.sh &
//   E2E_BASE_URL=http://127.0.0.1:8080/ node tests/bench/papa.mjs [ROWS]   # default 1,000,000
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch, openApp } from '../e2e/helpers.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const file = `/tmp/leadscore-bench25-${rows}.csv`;
const modelPath = fileURLToPath(new URL('./model-25.json', import.meta.url));
const papaPath = fileURLToPath(new URL('../../node_modules/papaparse/papaparse.min.js', import.meta.url));
const AS_OF = '2026-11-01';
// Runs per side: both sides' best and median are printed, so host noise on a shared machine
// (runs vary by 30-50% here) shows as what it is instead of deciding the ratio.
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** The same shape of data as benches/score.rs generates (12 columns, xorshift, fixed seed). */
async function generate(n, path) {
  let state = 0x9e3779b9;
  const next = (k) => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state % k;
  };
  const TITLES = ['CEO', 'VP of Sales', 'Marketing Manager', 'Software Engineer', 'Director, IT',
    'Head of Growth', 'Student', 'Chief Financial Officer', 'Analyst', 'Intern'];
  const INDUSTRIES = ['Software', 'Retail', 'Financial Services', 'Healthcare', 'Education',
    'Manufacturing', 'Government', 'Media'];
  const COUNTRIES = ['United States', 'Germany', 'France', 'India', 'Brazil', 'United Kingdom',
    'Japan', 'Canada'];
  const DOMAINS = ['acme.example', 'gmail.com', 'globex.example', 'mailinator.com',
    'initech.example', 'yahoo.com', 'rival.example', 'umbrella.example'];
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? null : new Promise((r) => out.once('drain', r)));
  await write('Email,Job Title,Company,Industry,Number of Employees,Annual Revenue,Country,' +
    'Page Views,Emails Opened,Last Activity Date,Demo Requested,Pricing Page Views\n');
  for (let i = 0; i < n; i++) {
    const local = next(20) === 0 ? 'info' : `lead${i}`;
    const month = String(1 + next(10)).padStart(2, '0');
    const day = String(1 + next(28)).padStart(2, '0');
    await write(`${local}@${DOMAINS[next(8)]},"${TITLES[next(10)]}",Company ${next(50000)} Inc,` +
      `${INDUSTRIES[next(8)]},${next(5000)},${next(50000000)},${COUNTRIES[next(8)]},${next(40)},` +
      `${next(12)},2026-${month}-${day},${next(10) === 0 ? 'yes' : 'no'},${next(6)}\n`);
  }
  await new Promise((r) => out.end(r));
}

/** The 25 rules of model-25.json, by hand, as a JS team would write them (runs in the page). */
function papaScore(file, asOf) {
  const FREE = new Set(['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'aol.com', 'icloud.com']);
  const DISPOSABLE = new Set(['mailinator.com', 'yopmail.com', 'guerrillamail.com', '10minutemail.com']);
  const ROLE = new Set(['info', 'sales', 'support', 'admin', 'contact', 'hello', 'office', 'marketing']);
  const RIVALS = new Set(['rival.example', 'othercrm.example']);
  const GOOD_INDUSTRY = new Set(['software', 'financial services', 'healthcare']);
  const BAD_INDUSTRY = new Set(['education', 'government']);
  const COUNTRY = new Set(['united states', 'germany', 'united kingdom', 'france']);
  const C_LEVEL = /\b(ceo|cto|cfo|chief)\b/i;
  const VP = /\b(vp|vice president|head of)\b/i;
  const DIRECTOR = /\bdirector\b/i;
  const MANAGER = /\bmanager\b/i;
  const STUDENT = /\b(student|intern)\b/i;
  const today = Date.parse(asOf);
  const num = (s) => {
    const n = Number(String(s ?? '').trim().replace(/,/g, ''));
    return s === '' || s == null || Number.isNaN(n) ? null : n;
  };
  const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
  const score = (r) => {
    const title = (r['Job Title'] ?? '').trim();
    const email = (r['Email'] ?? '').trim().toLowerCase();
    const at = email.lastIndexOf('@');
    const local = at > 0 ? email.slice(0, at) : '';
    const domain = at > 0 ? email.slice(at + 1) : '';
    const industry = (r['Industry'] ?? '').trim().toLowerCase();
    const employees = num(r['Number of Employees']);
    const revenue = num(r['Annual Revenue']);
    const views = num(r['Page Views']);
    const opens = num(r['Emails Opened']);
    const pricing = num(r['Pricing Page Views']);
    const demo = /^(yes|true|1|y|x)$/i.test((r['Demo Requested'] ?? '').trim());
    const last = Date.parse(r['Last Activity Date']);
    let fit = 0;
    if (title) {
      if (C_LEVEL.test(title)) fit += 20;
      if (VP.test(title)) fit += 15;
      if (DIRECTOR.test(title)) fit += 10;
      if (MANAGER.test(title)) fit += 5;
      if (STUDENT.test(title)) fit -= 20;
    }
    if (GOOD_INDUSTRY.has(industry)) fit += 10;
    if (BAD_INDUSTRY.has(industry)) fit -= 5;
    if (employees !== null && employees >= 50 && employees <= 999) fit += 10;
    if (employees !== null && employees >= 1000) fit += 15;
    if (revenue !== null && revenue >= 10_000_000) fit += 10;
    if (COUNTRY.has((r['Country'] ?? '').trim().toLowerCase())) fit += 5;
    if (domain) {
      if (FREE.has(domain)) fit -= 10;
      if (DISPOSABLE.has(domain)) fit -= 30;
      if (ROLE.has(local.split('+')[0])) fit -= 5;
      if (RIVALS.has(domain) || [...RIVALS].some((d) => domain.endsWith('.' + d))) fit -= 100;
    }
    if (!(r['Company'] ?? '').trim()) fit -= 5;
    let eng = 0;
    if (views !== null && views >= 1) eng += Math.min(15, views);
    if (opens !== null && opens >= 1) eng += Math.min(10, 2 * opens);
    if (!Number.isNaN(last)) {
      const age = (today - last) / 86_400_000;
      if (age <= 30) eng += 10 * Math.pow(0.5, Math.max(0, age) / 14);
      if (age > 180) eng -= 10;
    }
    if (views >= 10 && opens >= 3) eng += 5;
    let intent = 0;
    if (demo) intent += 30;
    if (pricing !== null && pricing >= 1) intent += 10;
    if (pricing !== null && pricing >= 3) intent += 5;
    if (demo || (pricing !== null && pricing >= 5)) intent += 5;
    const total = clamp(clamp(fit, -50, 60) + clamp(eng, 0, 60) + Math.min(intent, 50), 0, 100);
    return total;
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let rowsDone = 0;
    let sum = 0;
    const totals = [];
    // eslint-disable-next-line no-undef
    Papa.parse(file, {
      header: true,
      skipEmptyLines: true,
      chunk: (results) => {
        for (const r of results.data) {
          const t = score(r);
          totals.push(t);
          sum += t;
          rowsDone++;
        }
      },
      complete: () => resolve({ ms: performance.now() - started, rows: rowsDone, sum }),
      error: (e) => reject(new Error(String(e))),
    });
  });
}

if (!existsSync(file)) await generate(rows, file);
const mb = statSync(file).size / 1e6;
const modelJson = JSON.stringify(JSON.parse(readFileSync(modelPath, 'utf8')));

const browser = await launch();
try {
  // 1. leadscore, through the page as a user drives it.
  const { page } = await openApp(browser);
  await page.locator('#status[data-state="valid"]').waitFor();
  await page.locator('#as-of').fill(AS_OF);
  await page.locator('#as-of').dispatchEvent('change');
  await page.locator('#model-json').fill(modelJson);
  await page.locator('#validate').click();
  await page.locator('#status[data-state="valid"]').waitFor();
  await page.locator('#file-input').setInputFiles(file);
  await page.locator('#mapping-section:not([hidden])').waitFor();
  const unmapped = (await page.locator('#unmapped').textContent())?.trim();
  if (unmapped) console.log(`note: ${unmapped}`);
  const leadscoreRuns = [];
  const tableRuns = []; // until the ranked table shows its first page (cells come after scores)
  const cellRuns = []; // until the worker holds every row's display cells (sort, search)
  for (let run = 0; run < RUNS; run++) {
    await page.locator('#score').click();
    await page.locator('#score-status:not([data-state="loading"])').waitFor({ timeout: 600_000 });
    const status = await page.locator('#score-status').textContent();
    leadscoreRuns.push(Number(/scored in ([\d,]+) ms/.exec(status)?.[1].replace(/,/g, '')));
    const shown = page.locator('#score-status[data-table-ms][data-cells-ms]');
    await shown.waitFor({ timeout: 600_000 });
    tableRuns.push(Number(await shown.getAttribute('data-table-ms')));
    cellRuns.push(Number(await shown.getAttribute('data-cells-ms')));
  }

  // 2. Papa Parse + JS rules, in a plain page of its own (its script is injected).
  const context = await browser.newContext({ bypassCSP: true });
  const papaPage = await context.newPage();
  await papaPage.setContent('<input type="file" id="f">');
  await papaPage.addScriptTag({ path: papaPath });
  await papaPage.locator('#f').setInputFiles(file);
  const papaRuns = [];
  for (let run = 0; run < RUNS; run++) {
    const r = await papaPage.evaluate(
      ([fn, asOf]) => new Function(`return (${fn})`)()(document.getElementById('f').files[0], asOf),
      [papaScore.toString(), AS_OF],
    );
    papaRuns.push(r.ms);
    if (run === 0) console.log(`papa: ${r.rows.toLocaleString('en')} rows, mean score ${(r.sum / r.rows).toFixed(3)}`);
  }
  await context.close();

  const best = (xs) => Math.min(...xs);
  const median = (xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const ls = best(leadscoreRuns);
  const pp = best(papaRuns);
  const rate = (ms) => `${Math.round(rows / ms * 1000).toLocaleString('en')} rows/s, ${(mb / ms * 1000).toFixed(0)} MB/s`;
  console.log(`${rows.toLocaleString('en')} rows, ${mb.toFixed(1)} MB, 25 rules (best of ${RUNS})`);
  console.log(`  leadscore (worker + wasm): ${ls.toFixed(0)} ms  (${rate(ls)})   runs: ${leadscoreRuns.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`  leadscore, table shown:    ${best(tableRuns).toFixed(0)} ms   runs: ${tableRuns.join(', ')} (from the click, the transfer included)`);
  console.log(`  leadscore, every cell in:  ${best(cellRuns).toFixed(0)} ms   runs: ${cellRuns.join(', ')} (the table sorts and searches)`);
  console.log(`  Papa Parse + JS rules:     ${pp.toFixed(0)} ms  (${rate(pp)})   runs: ${papaRuns.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`  leadscore is ${(pp / ls).toFixed(2)}x faster (goal: >= 8x)`);
  const [lsMid, ppMid] = [median(leadscoreRuns), median(papaRuns)];
  console.log(`  medians: leadscore ${lsMid.toFixed(0)} ms, Papa Parse + JS ${ppMid.toFixed(0)} ms: ${(ppMid / lsMid).toFixed(2)}x`);
} finally {
  await browser.close();
}
