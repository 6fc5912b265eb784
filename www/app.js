// The page: wiring only. The engine runs in a Web Worker (worker.js, through
// js/worker-client.js); this file moves files, models and answers between it and the views.
import { EngineClient } from './js/worker-client.js';
import { isCancelled, withCancel } from './js/cancel.js';
import { download, fmt } from './js/dom.js';
import { acceptFiles } from './js/drop-zone.js';
import { formatJson } from './js/json-format.js';
import { LeadTable } from './js/lead-table.js';
import { displayColumns, showMapping, toMapping } from './js/mapping-view.js';
import { ModelForm } from './js/model-form.js';
import { fetchBytes, fetchText } from './js/models.js';
import { setStatus, showValidation } from './js/problems-view.js';
import { showReceipt } from './js/receipt-view.js';
import { GRADES, showIssues, showOverview } from './js/results-view.js';
import { modelFromHash, shareLink } from './js/share.js';
import { showSheets } from './js/sheet-picker.js';
import { mountTrainView } from './js/train-view.js';

const $ = (id) => document.getElementById(id);
const view = { status: $('status'), list: $('problems') };
const editor = $('model-json');
const asOf = $('as-of');
const engine = new EngineClient();
const SAMPLE = 'samples/leads.csv';
const MAX_MODEL_BYTES = 5 << 20; // a model file larger than this is surely not a model

let modelReady = false; // the worker holds the editor's model
let file = null; // the File being scored
let info = null; // its inspection
let readChoices = () => ({});
let result = null;
let inspectedFields = null; // the model's fields when the file was inspected (they drive the mapping)

// ---- model ----------------------------------------------------------------------------

// The rules form and the JSON text show the same model: a form edit rewrites the text (and
// is checked shortly after), a text edit rebuilds the form.
const form = new ModelForm($('model-form'), (doc) => {
  editor.value = formatJson(doc);
  form.text = editor.value;
  // Not scored with until the engine has checked and compiled the edit.
  modelReady = false;
  $('score').disabled = true;
  setStatus(view.status, 'loading', 'Edited: checking the model…');
  clearTimeout(checkTimer);
  checkTimer = setTimeout(() => check('edited model'), 400);
});
let checkTimer;
let checkTicket = 0;

/** The model's `fields` as text, or null (a change means the file is mapped again). */
function fieldsOf(json) {
  try {
    return JSON.stringify(JSON.parse(json).fields);
  } catch {
    return null;
  }
}

async function check(source) {
  clearTimeout(checkTimer);
  const ticket = ++checkTicket;
  const json = editor.value;
  modelReady = false;
  $('score').disabled = true;
  if (form.text !== json) form.showText(json);
  try {
    setStatus(view.status, 'loading', `Checking ${source}…`);
    const answer = await engine.request('validate', { json });
    // Valid is said only once the worker has also compiled it (which needs the as-of date).
    if (answer.ok) await engine.request('load-model', { json, asOf: asOf.value });
    if (ticket !== checkTicket) return; // a newer check is under way
    showValidation(view, answer, source);
    form.markProblems(answer.problems);
    if (!answer.ok) return;
    modelReady = true;
    // The same fields: the file's mapping still holds; new fields: map the file again.
    if (file && (!info || fieldsOf(json) !== inspectedFields)) await inspect(file, info?.sheet ?? null);
    else $('score').disabled = !info;
  } catch (e) {
    // A valid model the engine cannot compile (e.g. dates without as-of) or a worker failure.
    if (ticket === checkTicket) setStatus(view.status, 'error', `${source}: ${e.message}`);
  }
}

async function loadModelFile(f) {
  if (f.size > MAX_MODEL_BYTES) {
    setStatus(view.status, 'error', `${f.name} (${fmt(f.size)} bytes) is too large to be a model`);
    return;
  }
  try {
    editor.value = await f.text();
  } catch (e) {
    setStatus(view.status, 'error', `Could not read ${f.name}: ${e.message}`);
    return;
  }
  await check(f.name);
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

/** Read `f` (at worksheet `sheet`; null: the first with data) and show its mapping. */
async function inspect(f, sheet = null) {
  // The same file and sheet again (the model's fields changed): keep the columns the user chose.
  const sameFile = f === file;
  const kept = sameFile && info && (sheet ?? info.sheet) === info.sheet ? readChoices() : {};
  file = f;
  hideResults(); // the worker drops the scored leads when it reads a file
  const status = $('file-status');
  setStatus(status, 'loading', `Reading ${f.name}…`);
  if (!sameFile) $('sheet-row').hidden = true;
  if (!modelReady) {
    info = null; // read once the model is valid (see check)
    $('mapping-section').hidden = true;
    setStatus(status, 'error', `${f.name}: fix the model first, then the file is read`);
    return;
  }
  try {
    info = await withCancel(engine, $('cancel-read'), ['file'],
      () => engine.request('inspect-file', { file: f, sheet }));
  } catch (e) {
    info = null;
    $('mapping-section').hidden = true;
    if (isCancelled(e)) {
      file = null;
      $('sheet-row').hidden = true;
      setStatus(status, 'invalid', `Reading ${f.name} cancelled.`);
      $('file-input').focus();
    } else {
      setStatus(status, 'error', `${f.name}: ${e.message}`);
    }
    return;
  }
  inspectedFields = fieldsOf(editor.value);
  showSheets($('sheet-select'), $('sheet-row'), info);
  const sheetName = info.sheet ? `, sheet ${info.sheet}` : '';
  setStatus(status, 'valid', `${f.name} (${info.format.toUpperCase()}${sheetName}, ${fmt(f.size)} bytes): ` +
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
  {
    cells: (indices) => engine.request('shown-cells', { indices }),
    cellRanks: (column) => engine.request('cell-ranks', { column }),
  },
  openReceipt,
);

function hideResults() {
  result = null;
  $('results').hidden = true;
}

function scoring(on) {
  $('score').disabled = on;
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
  hideResults(); // the worker drops the last scored leads as it starts
  delete status.dataset.tableMs;
  delete status.dataset.cellsMs;
  setStatus(status, 'loading', `Scoring ${file.name}…`);
  try {
    const started = performance.now();
    const answer = await withCancel(engine, $('cancel'), ['scored'], () => engine.request('score', { mapping, display }, {
      onProgress: ({ rows, bytes, totalBytes }) => {
        if (totalBytes) progress.value = bytes / totalBytes;
        setStatus(status, 'loading', `Scoring ${file.name}: ${fmt(rows)} rows…`);
      },
    }));
    result = answer;
    status.dataset.engineBytes = String(result.wasmBytes); // the engine's memory, for benchmarks
    status.dataset.helpers = String(result.helpers); // workers that scored blocks (0: the engine alone)
    status.dataset.recut = String(result.recut); // blocks scored again: a cut fell inside a quoted cell
    const wall = Math.round(performance.now() - started);
    setStatus(status, 'valid', `${fmt(result.rowCount)} leads scored in ${fmt(Math.round(result.ms))} ms ` +
      (result.helpers ? `on ${result.helpers} cores ` : '') + `(${fmt(wall)} ms with the transfer)` +
      (result.errors.length ? `; ${result.errors.length} rows could not be read` : ''));
    // For benchmarks: when the table shows its first page, and when the worker holds every
    // row's display cells (they may come after the scores; sorting and search wait for them).
    const since = () => String(Math.round(performance.now() - started));
    showResults(display).then(() => {
      if (result === answer) status.dataset.tableMs = since();
    });
    engine.request('cells-ready').then(({ wasmBytes }) => {
      if (result !== answer) return;
      status.dataset.engineBytes = String(wasmBytes);
      status.dataset.cellsMs = since();
    }, () => {}); // a failure shows when the table sorts or searches
  } catch (e) {
    setStatus(status, isCancelled(e) ? 'invalid' : 'error',
      isCancelled(e) ? 'Scoring cancelled.' : `Could not score ${file.name}: ${e.message}`);
  } finally {
    scoring(false);
  }
}

/** Show the scored `result`; resolves once the table shows its first page. */
function showResults(display) {
  $('results').hidden = false;
  showOverview({ summary: $('summary'), bands: $('band-counts'), histogram: $('histogram'), matrix: $('matrix') }, result);
  showIssues($('issues'), $('issues-summary'), $('issue-list'), result);
  fillFilter($('filter-band'), result.bandLabels);
  fillFilter($('filter-grade'), result.columns.grades[0] === 255 ? [] : GRADES);
  $('search').value = '';
  return table.load(result, display.map((c) => result.header[c] ?? ''));
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
  const progress = $('export-progress');
  const buttons = [$('export-csv'), $('export-xlsx')];
  const what = format.toUpperCase();
  buttons.forEach((b) => { b.disabled = true; });
  progress.value = 0;
  progress.hidden = false;
  setStatus(status, 'loading', `Exporting ${what}…`);
  try {
    const bytes = await withCancel(engine, $('cancel-export'), [], () => engine.request('export', { layout, format }, {
      onProgress: ({ rows, totalRows }) => {
        progress.value = totalRows ? rows / totalRows : 0;
        setStatus(status, 'loading', `Exporting ${what}: ${fmt(rows)} of ${fmt(totalRows)} rows…`);
      },
    }));
    const base = file.name.replace(/\.[^.]*$/, '');
    const name = `${base}-scored${layout === 'standard' ? '' : `-${layout}`}.${format}`;
    download(bytes, name, format === 'csv' ? 'text/csv'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    setStatus(status, 'valid', `Saved ${name} (${fmt(bytes.length)} bytes)`);
  } catch (e) {
    if (isCancelled(e)) {
      // The fresh worker scores the file again so the table, search and receipts work on.
      setStatus(status, 'loading', 'Export cancelled; restoring the scored leads…');
      await engine.restored();
      setStatus(status, 'invalid', 'Export cancelled.');
    } else {
      setStatus(status, 'error', `Could not export: ${e.message}`);
    }
  } finally {
    progress.hidden = true;
    buttons.forEach((b) => { b.disabled = false; });
    // Focus was on the Cancel button, now disabled: back to the export button.
    if (document.activeElement === document.body || document.activeElement === $('cancel-export')) {
      $(`export-${format}`).focus();
    }
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
  acceptFiles($('drop'), $('file-input'), (f) => inspect(f));
  acceptFiles($('model-drop'), $('model-file'), loadModelFile);
  let editing;
  // The form follows the text shortly after typing stops; not again when a check (Validate
  // pressed meanwhile) has rebuilt it already: that would wipe the problems it just placed.
  editor.addEventListener('input', () => {
    clearTimeout(editing);
    editing = setTimeout(() => { if (form.text !== editor.value) form.showText(editor.value); }, 300);
  });
  $('sheet-select').addEventListener('change', () => file && inspect(file, $('sheet-select').value));
  $('load-sample').addEventListener('click', loadSample);
  $('score').addEventListener('click', score);
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
    setStatus(view.status, 'error', e.name === 'UnsupportedBrowser'
      ? `Could not start the engine: ${e.message}.`
      : `Could not start the engine (${e.message}). Build it with scripts/serve.sh.`);
    return;
  }
  for (const id of ['validate', 'file-input', 'load-sample', 'model-file']) $(id).disabled = false;
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
