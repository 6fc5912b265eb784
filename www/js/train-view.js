// The "Learn from history" section: pick the outcome column and the values that mean won,
// leave out leaky columns, train in the worker (progress, cancel), see how well the learned
// model ranks (AUC, lift, calibration, threshold curve, factors), apply its points as the
// active model, and compare two models on the same leads.
//
// The engine does the work in the worker (worker.js: train-profile, train, evaluate,
// compare); this module reads the form and runs the requests. train-report.js draws a
// report, compare-view.js the comparison; all of it as text and DOM nodes only.
import { mountCompareView } from './compare-view.js';
import { download, el, fmt } from './dom.js';
import { setStatus } from './problems-view.js';
import { percent, showReport } from './train-report.js';

const $ = (id) => document.getElementById(id);

/**
 * Wire the section.
 * @param {object} app what the page shares with this section
 * @param {import('./worker-client.js').EngineClient} app.engine
 * @param {() => string | null} app.currentModel the active model's JSON (null while invalid)
 * @param {(json: string, source: string) => Promise<boolean>} app.applyModel make a model the
 *   active one through the model editor (validated like an edit); true when it is valid
 * @param {() => string} app.asOf the page's "score as of" date
 * @param {() => {path: string, label: string}[]} app.builtIns the built-in models
 * @returns {{fileLoaded: (file: File) => void}}
 */
export function mountTrainView(app) {
  const state = {
    file: null, // the leads file the section learns from
    profile: null, // the worker's train-profile answer
    choices: new Map(), // column -> left out, as the user ticked it (wins over suggestions)
    report: null, // the last training report
  };

  // ---- the history and its outcome ------------------------------------------------------

  function fileLoaded(file) {
    if (file === state.file) return; // the model was reloaded: keep the form as it is
    state.file = file;
    state.profile = null;
    state.choices.clear();
    $('train-empty').hidden = true;
    $('train-start').hidden = false;
    $('train-form').hidden = true;
    $('train-results').hidden = true; // they describe the previous file
    setStatus($('train-status'), 'valid', '');
    compare.reset();
    $('train-read').disabled = false;
    $('train-file').textContent = `${file.name} (${fmt(file.size)} bytes)`;
  }

  const reading = ({ stage, bytes, totalBytes }) => {
    if (stage === 'read' && totalBytes) {
      $('train-progress').value = bytes / totalBytes;
      setStatus($('train-status'), 'loading', `Reading ${state.file.name}: ${percent(bytes / totalBytes, 0)}…`);
    }
  };

  /**
   * Ask the worker for the outcome's values and the columns' profile, and redraw the form.
   * With `positive` (the user ticked values), only the columns are redrawn: the value boxes
   * stay as they are, with the focus where the user left it.
   */
  async function readProfile(outcome, positive = null) {
    const status = $('train-status');
    setStatus(status, 'loading', `Reading ${state.file.name}…`);
    $('train-form').hidden = false;
    busy(true);
    try {
      const profile = await app.engine.request('train-profile', { outcome, positive: positive ?? [] }, { onProgress: reading });
      state.profile = profile;
      if (positive === null) showOutcomes(profile);
      showColumns(profile);
      const known = profile.outcome !== null;
      setStatus(status, known ? 'valid' : 'invalid', known
        ? `${fmt(profile.rows)} past leads in ${state.file.name}` +
          (profile.warnings.length ? `; ${profile.warnings.length} notes: ${profile.warnings.slice(0, 3).join('; ')}` : '')
        : 'Choose the column that says whether each lead was won.');
    } catch (e) {
      setStatus(status, e.name === 'Cancelled' ? 'invalid' : 'error',
        e.name === 'Cancelled' ? 'Reading cancelled.' : `Could not read ${state.file.name}: ${e.message}`);
    } finally {
      busy(false);
    }
  }

  function showOutcomes(profile) {
    const select = $('train-outcome');
    const none = el('option', '(choose the outcome column)', { value: '' });
    select.replaceChildren(none, ...profile.header.map((name, i) =>
      el('option', `${i + 1}: ${name || '(no name)'}`, { value: name })));
    select.value = profile.outcome ?? '';
    $('train-values').hidden = profile.outcome === null;
    $('train-columns').hidden = profile.outcome === null;
    $('train-value-list').replaceChildren(...profile.values.map(({ value, count, positive }, i) => {
      const id = `train-value-${i}`;
      const box = el('input', null, { type: 'checkbox', id, 'data-value': value });
      box.checked = positive;
      const label = el('label', null, { for: id });
      label.append(el('span', value), el('span', ` (${fmt(count)} leads)`, { class: 'hint' }));
      const item = el('div', null, { class: 'check' });
      item.append(box, label);
      return item;
    }));
    const more = $('train-values-more');
    more.hidden = !profile.more_values;
    more.textContent = profile.more_values
      ? `${fmt(profile.more_values)} rarer values are not listed; they count as not won.` : '';
  }

  function showColumns(profile) {
    $('train-column-list').replaceChildren(...profile.columns.map(({ name, kind, distinct, leak }, i) => {
      const id = `train-exclude-${i}`;
      const box = el('input', null, { type: 'checkbox', id, 'data-column': name });
      box.checked = state.choices.has(name) ? state.choices.get(name) : Boolean(leak);
      box.addEventListener('change', () => state.choices.set(name, box.checked));
      const label = el('label', null, { for: id });
      label.append(el('span', name || '(no name)'),
        el('span', ` (${kind}${kind === 'category' ? `, ${fmt(distinct)} values` : ''})`, { class: 'hint' }));
      const item = el('div', null, { class: 'check' });
      item.append(box, label);
      if (leak) {
        const why = el('p', `Suspected leak: ${leak}`, { class: 'leak', id: `${id}-why` });
        box.setAttribute('aria-describedby', why.id);
        item.append(why);
      }
      return item;
    }));
  }

  const ticked = (list, attr) => [...$(list).querySelectorAll('input:checked')].map((b) => b.getAttribute(attr));

  function outcomeOptions() {
    return { outcome: $('train-outcome').value, positive: ticked('train-value-list', 'data-value') };
  }

  // ---- training -------------------------------------------------------------------------

  /** While the worker reads or trains: Cancel on, Train and Compare off. */
  function busy(on) {
    const ready = state.profile !== null && state.profile.outcome !== null;
    $('train-run').disabled = on || !ready;
    $('compare-run').disabled = on || !ready;
    $('train-cancel').disabled = !on;
    $('train-progress').hidden = !on;
    $('train-outcome').disabled = on;
  }

  async function train() {
    const status = $('train-status');
    const progress = $('train-progress');
    const options = {
      ...outcomeOptions(),
      exclude: ticked('train-column-list', 'data-column'),
      c: Number($('train-c').value),
      folds: Math.round(Number($('train-folds').value)),
      seed: Math.round(Number($('train-seed').value)),
    };
    if (!options.positive.length) {
      setStatus(status, 'invalid', 'Tick the values that count as won.');
      return;
    }
    if (!(options.c > 0) || !(options.folds >= 2) || !(options.seed >= 0)) {
      setStatus(status, 'invalid', 'Training settings: C must be above 0, folds at least 2, the seed 0 or more.');
      return;
    }
    progress.value = 0;
    busy(true);
    setStatus(status, 'loading', 'Training…');
    try {
      const report = await app.engine.request('train', options, {
        onProgress: (p) => {
          if (p.stage !== 'train') return reading(p);
          progress.value = p.done / p.total;
          const folds = p.total - 1;
          setStatus(status, 'loading', p.done < folds
            ? `Cross-validating: fold ${p.done + 1} of ${folds}…`
            : p.done === folds ? 'Fitting the final model on every lead…' : 'Building the scorecard…');
        },
      });
      state.report = report;
      setStatus(status, 'valid', `Trained on ${fmt(report.rows)} leads in ${fmt(Math.round(report.trainMs))} ms` +
        ` (file read in ${fmt(Math.round(report.readMs))} ms): cross-validated ROC AUC ${report.auc.mean.toFixed(3)}`);
      showReport(report);
      compare.fillChoices('trained');
    } catch (e) {
      const cancelled = e.name === 'Cancelled';
      setStatus(status, cancelled ? 'invalid' : 'error', cancelled ? 'Training cancelled.' : `Could not train: ${e.message}`);
    } finally {
      busy(false);
      $('train-run').focus();
    }
  }

  async function apply() {
    const status = $('train-apply-status');
    setStatus(status, 'loading', 'Loading the scorecard into the model editor…');
    const ok = await app.applyModel(state.report.model_json, 'learned scorecard');
    setStatus(status, ok ? 'valid' : 'error', ok
      ? 'The learned scorecard is now the active model (step 2). Score a file in step 3: each receipt shows the lead\'s predicted probability and its top factors.'
      : 'The scorecard did not validate: see the problems in step 2.');
  }

  // ---- wiring ---------------------------------------------------------------------------

  const compare = mountCompareView({
    ...app, outcome: outcomeOptions, learned: () => state.report, busy, onProgress: reading,
  });

  $('train-read').addEventListener('click', () => {
    $('train-read').disabled = true;
    compare.fillChoices();
    readProfile(null);
  });
  $('train-outcome').addEventListener('change', () => {
    state.choices.clear();
    readProfile($('train-outcome').value || null);
  });
  $('train-value-list').addEventListener('change', () => {
    const { outcome, positive } = outcomeOptions();
    if (positive.length) readProfile(outcome, positive); // the single-column leak check needs them
  });
  $('train-run').addEventListener('click', train);
  $('train-cancel').addEventListener('click', () => app.engine.cancel());
  $('train-apply').addEventListener('click', apply);
  $('train-download').addEventListener('click', () => download(new TextEncoder().encode(state.report.model_json),
    'learned-scorecard.json', 'application/json'));

  return { fileLoaded };
}
