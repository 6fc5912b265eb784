// The page: load the engine, load a built-in model, validate edits.
import { loadEngine, scoreFile, validate } from './js/engine.js';
import { fetchBytes, fetchText } from './js/models.js';
import { setStatus, showValidation } from './js/problems-view.js';
import { showBatch } from './js/score-view.js';

const $ = (id) => document.getElementById(id);
const view = { status: $('status'), list: $('problems') };
const editor = $('model-json');
const select = $('model-select');
const button = $('validate');

function check(source) {
  try {
    showValidation(view, validate(editor.value), source);
  } catch (e) {
    // Only a failure of the engine itself lands here; a bad model is an answer.
    setStatus(view.status, 'error', `The engine failed: ${e.message}`);
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
  check(path);
}

const SAMPLE = 'samples/leads.csv';
const scoreStatus = $('score-status');
const asOf = $('as-of');

async function scoreSample() {
  setStatus(scoreStatus, 'loading', `Scoring ${SAMPLE}…`);
  try {
    const bytes = await fetchBytes(SAMPLE);
    const started = performance.now();
    const batch = scoreFile(editor.value, asOf.value, bytes, 'leads.csv');
    const ms = Math.round(performance.now() - started);
    showBatch($('band-counts'), $('top-leads'), batch);
    const errors = batch.errors.length;
    setStatus(scoreStatus, 'valid',
      `${batch.rowCount.toLocaleString('en')} leads scored in ${ms} ms` +
      (errors ? `; ${errors} rows could not be read` : ''));
    batch.free();
  } catch (e) {
    setStatus(scoreStatus, 'error', `Could not score: ${e.message}`);
  }
}

async function main() {
  asOf.value = new Date().toISOString().slice(0, 10);
  try {
    const engine = await loadEngine();
    $('version').textContent = engine.version;
  } catch (e) {
    setStatus(view.status, 'error',
      `Could not start the engine (${e.message}). Build it with scripts/serve.sh.`);
    return;
  }
  button.disabled = false;
  $('score-sample').disabled = false;
  $('score-sample').addEventListener('click', scoreSample);
  button.addEventListener('click', () => check('edited model'));
  select.addEventListener('change', () => loadBuiltIn(select.value));
  await loadBuiltIn(select.value);
}

main();
