// The page: wiring only. The engine runs in a Web Worker (worker.js, through
// js/worker-client.js); this file moves files, models and answers between it and the views.
import { EngineClient } from './js/worker-client.js';
import { download, fmt } from './js/dom.js';
import { LeadTable } from './js/lead-table.js';
import { displayColumns, showMapping, toMapping } from './js/mapping-view.js';
import { fetchBytes, fetchText } from './js/models.js';
import { setStatus, showValidation } from './js/problems-view.js';
import { showReceipt } from './js/receipt-view.js';
import { GRADES, showIssues, showOverview } from './js/results-view.js';
import { modelFromHash, shareLink } from './js/share.js';
import { mountTrainView } from './js/train-view.js';

const $ = (id) => document.getElementById(id);
const view = { status: $('status'), list: $('problems') };
const editor = $('model-json');
const asOf = $('as-of');
const engine = new EngineClient();
const SAMPLE = 'samples/leads.csv';

let modelReady = false; // the worker holds the editor's model
let file = null; // the File being scored
let info = null; // its inspection
let readChoices = () => ({});
let result = null;

// ---- model ----------------------------------------------------------------------------

async function check(source) {
  modelReady = false;
  $('score').disabled = true;
  try {
    setStatus(view.status, 'loading', `Checking ${source}…`);
    const answer = await engine.request('validate', { json: editor.value });
    // Valid is said only once the worker has also compiled it (which needs the as-of date).
    if (answer.ok) await engine.request('load-model', { json: editor.value, asOf: asOf.value });
    showValidation(view, answer, source);
    if (!answer.ok) return;
    modelReady = true;
    if (file) await inspect(file);
  } catch (e) {
    // A valid model the engine cannot compile (e.g. dates without as-of) or a worker failure.
    setStatus(view.status, 'error', `${source}: ${e.message}`);
  }
}

async function loadBuiltIn(path) {
  setStatus(view.status, 'loading', `Loading ${path}…`);
  view.list.replaceChildren();
  try {
    editor.value = await fetchText(path);
  } catch (e) {
    setStatus(view.status, 'error', e.message);
    return;
  }
  await check(path);
}

function modelName() {
  try {
    return String(JSON.parse(editor.value).name || 'model').replace(/[^\w.-]+/g, '-');
  } catch {
    return 'model';
  }
}

// ---- file and mapping -----------------------------------------------------------------

async function inspect(f) {
  // The same file again (the model was reloaded): keep the columns the user chose.
  const kept = f === file && info ? readChoices() : {};
  file = f;
  const status = $('file-status');
  setStatus(status, 'loading', `Reading ${f.name}…`);
  if (!modelReady) {
    setStatus(status, 'error', `${f.name}: fix the model first, then the file is read`);
    return;
  }
  try {
    info = await engine.request('inspect-file', { file: f });
  } catch (e) {
    info = null;
    $('mapping-section').hidden = true;
    setStatus(status, 'error', `${f.name}: ${e.message}`);
    return;
  }
  const sheet = info.sheet ? `, sheet ${info.sheet}` : '';
  setStatus(status, 'valid', `${f.name} (${info.format.toUpperCase()}${sheet}, ${fmt(f.size)} bytes): ` +
    `${info.header.length} columns` + (info.warnings.length ? `; ${info.warnings.join('; ')}` : ''));
  readChoices = showMapping($('mapping'), $('unmapped'), info, kept);
  $('mapping-section').hidden = false;
  $('score').disabled = false;
  learn.fileLoaded(f);
}

async function loadSample() {
  try {
    const bytes = await fetchBytes(SAMPLE);
    await inspect(new File([bytes], 'leads.csv', { type: 'text/csv' }));
  } catch (e) {
    setStatus($('file-status'), 'error', e.message);
  }
}

// ---- scoring --------------------------------------------------------------------------

const table = new LeadTable(
  { table: $('leads'), status: $('table-status'), pageInfo: $('page-info'), prev: $('prev-page'), next: $('next-page') },
  (indices) => engine.request('shown-cells', { indices }),
  openReceipt,
);

function scoring(on) {
  $('score').disabled = on;
  $('cancel').disabled = !on;
  $('progress').hidden = !on;
  if (!on) $('score').focus();
}

async function score() {
  const status = $('score-status');
  const mapping = toMapping(readChoices());
  const display = displayColumns(info.header, mapping);
  const progress = $('progress');
  progress.value = 0;
  scoring(true);
  setStatus(status, 'loading', `Scoring ${file.name}…`);
  try {
    const started = performance.now();
    const answer = await engine.request('score', { mapping, display }, {
      onProgress: ({ rows, bytes, totalBytes }) => {
        if (totalBytes) progress.value = bytes / totalBytes;
        setStatus(status, 'loading', `Scoring ${file.name}: ${fmt(rows)} rows…`);
      },
    });
    result = answer;
    const wall = Math.round(performance.now() - started);
    setStatus(status, 'valid', `${fmt(result.rowCount)} leads scored in ${fmt(Math.round(result.ms))} ms ` +
      `(${fmt(wall)} ms with the transfer)` +
      (result.errors.length ? `; ${result.errors.length} rows could not be read` : ''));
    showResults(display);
  } catch (e) {
    setStatus(status, e.name === 'Cancelled' ? 'invalid' : 'error',
      e.name === 'Cancelled' ? 'Scoring cancelled.' : `Could not score ${file.name}: ${e.message}`);
  } finally {
    scoring(false);
  }
}

function showResults(display) {
  $('results').hidden = false;
  showOverview({ summary: $('summary'), bands: $('band-counts'), histogram: $('histogram'), matrix: $('matrix') }, result);
  showIssues($('issues'), $('issues-summary'), $('issue-list'), result);
  fillFilter($('filter-band'), result.bandLabels);
  fillFilter($('filter-grade'), result.columns.grades[0] === 255 ? [] : GRADES);
  $('search').value = '';
  table.load(result, display.map((c) => result.header[c] ?? ''));
}

function fillFilter(select, labels) {
  const all = document.createElement('option');
  all.value = '';
  all.textContent = 'All';
  select.replaceChildren(all, ...labels.map((label, i) => {
    const option = document.createElement('option');
    option.value = String(i);
    option.textContent = label;
    return option;
  }));
}

let searchTicket = 0;
async function applyFilters() {
  const query = $('search').value.trim();
  const ticket = ++searchTicket;
  const mask = query ? await engine.request('search', { query }) : null;
  if (ticket !== searchTicket) return;
  table.filter({
    band: $('filter-band').value,
    grade: $('filter-grade').value,
    qualification: $('filter-qualified').value,
    mask,
  });
}

async function openReceipt(index) {
  const dialog = $('receipt');
  try {
    const answer = await engine.request('explain', { index });
    showReceipt($('receipt-title'), $('receipt-body'), answer, result.header, result.columns.rows[index]);
    dialog.showModal();
  } catch (e) {
    setStatus($('table-status'), 'error', `Could not explain row ${result.columns.rows[index]}: ${e.message}`);
  }
}

async function exportAs(format) {
  const layout = $('export-layout').value;
  const status = $('export-status');
  setStatus(status, 'loading', `Exporting ${format.toUpperCase()}…`);
  try {
    const bytes = await engine.request('export', { layout, format });
    const base = file.name.replace(/\.[^.]*$/, '');
    const name = `${base}-scored${layout === 'standard' ? '' : `-${layout}`}.${format}`;
    download(bytes, name, format === 'csv' ? 'text/csv'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    setStatus(status, 'valid', `Saved ${name} (${fmt(bytes.length)} bytes)`);
  } catch (e) {
    setStatus(status, 'error', `Could not export: ${e.message}`);
  }
}

// ---- learn from history (issue 5): the section lives in js/train-view.js ------------------

const learn = mountTrainView({
  engine,
  currentModel: () => (modelReady ? editor.value : null),
  applyModel: async (json, source) => {
    editor.value = json;
    await check(source);
    return modelReady;
  },
  asOf: () => asOf.value,
  builtIns: () => [...$('model-select').options].map((o) => ({ path: o.value, label: o.textContent })),
});

// ---- start ----------------------------------------------------------------------------

function wire() {
  $('validate').addEventListener('click', () => check('edited model'));
  $('model-select').addEventListener('change', () => loadBuiltIn($('model-select').value));
  asOf.addEventListener('change', () => check('model'));
  $('download-model').addEventListener('click', () =>
    download(new TextEncoder().encode(editor.value), `${modelName()}.json`, 'application/json'));
  $('share-model').addEventListener('click', () => {
    $('share-row').hidden = false;
    $('share-link').value = shareLink(editor.value);
    $('share-link').select();
  });
  $('file-input').addEventListener('change', (e) => e.target.files[0] && inspect(e.target.files[0]));
  $('load-sample').addEventListener('click', loadSample);
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer?.files?.[0];
    if (f) inspect(f);
  });
  $('score').addEventListener('click', score);
  $('cancel').addEventListener('click', () => engine.cancel());
  for (const id of ['filter-band', 'filter-grade', 'filter-qualified']) {
    $(id).addEventListener('change', applyFilters);
  }
  let typing;
  $('search').addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(applyFilters, 200); });
  $('receipt-close').addEventListener('click', () => $('receipt').close());
  $('export-csv').addEventListener('click', () => exportAs('csv'));
  $('export-xlsx').addEventListener('click', () => exportAs('xlsx'));
}

async function main() {
  asOf.value = new Date().toISOString().slice(0, 10);
  wire();
  try {
    const { version } = await engine.request('init');
    $('version').textContent = version;
  } catch (e) {
    setStatus(view.status, 'error',
      `Could not start the engine (${e.message}). Build it with scripts/serve.sh.`);
    return;
  }
  for (const id of ['validate', 'file-input', 'load-sample']) $(id).disabled = false;
  let shared = null;
  try {
    shared = modelFromHash();
  } catch {
    setStatus(view.status, 'error', 'The model in this link is damaged (#model=…); loading the built-in model.');
  }
  if (shared !== null) {
    editor.value = shared;
    await check('model from the link');
  } else if (view.status.dataset.state !== 'error') {
    await loadBuiltIn($('model-select').value);
  } else {
    editor.value = await fetchText($('model-select').value).catch(() => '');
  }
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    // Offline after the first visit; see sw.js. Failure only means no offline copy.
    navigator.serviceWorker.register('sw.js').catch(() => {});
  }
}

main();
