// The page: load the engine, load a built-in model, validate edits.
import { loadEngine, validate } from './js/engine.js';
import { fetchText } from './js/models.js';
import { setStatus, showValidation } from './js/problems-view.js';

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

async function main() {
  try {
    const engine = await loadEngine();
    $('version').textContent = engine.version;
  } catch (e) {
    setStatus(view.status, 'error',
      `Could not start the engine (${e.message}). Build it with scripts/serve.sh.`);
    return;
  }
  button.disabled = false;
  button.addEventListener('click', () => check('edited model'));
  select.addEventListener('change', () => loadBuiltIn(select.value));
  await loadBuiltIn(select.value);
}

main();
