// The "Learn from history" section: pick the outcome column and the values that mean won,
// leave out leaky columns, train in the worker (progress, cancel), see how well the learned
// model ranks (AUC, lift, calibration, threshold curve, factors), apply its points as the
// active model, and compare two models on the same leads.
//
// The engine does the work in the worker (worker.js: train-profile, train, evaluate,
// compare); this module reads the form and draws the answers, as text and DOM nodes only.
import { barChart, lineChart } from './charts.js';
import { download, el, fmt, row } from './dom.js';
import { fetchText } from './models.js';
import { setStatus } from './problems-view.js';

const $ = (id) => document.getElementById(id);
const percent = (x, digits = 1) => `${(100 * x).toFixed(digits)}%`;
const signed = (x, digits = 3) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;

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
    $('compare-results').hidden = true;
    for (const id of ['train-status', 'compare-status']) setStatus($(id), 'valid', '');
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
      fillModelChoices();
      $('compare-b').value = 'trained';
    } catch (e) {
      const cancelled = e.name === 'Cancelled';
      setStatus(status, cancelled ? 'invalid' : 'error', cancelled ? 'Training cancelled.' : `Could not train: ${e.message}`);
    } finally {
      busy(false);
      $('train-run').focus();
    }
  }

  function showReport(r) {
    $('train-results').hidden = false;
    const { auc } = r;
    $('train-summary').textContent = `ROC AUC ${auc.mean.toFixed(3)} ± ${auc.sd.toFixed(3)} over ` +
      `${auc.folds.length} folds (from ${auc.min.toFixed(3)} to ${auc.max.toFixed(3)}; 0.5 is guessing, 1 ranks ` +
      `every won lead first). ${fmt(r.rows)} leads, ${fmt(r.positives)} won (${percent(r.positives / r.rows)}); ` +
      `${r.columns.length} columns, ${r.features} features; log loss ${r.log_loss.toFixed(3)}. ` +
      `Recommended handoff: probability ≥ ${r.recommended.threshold.toFixed(3)} ` +
      `(${r.recommended_points} points), which hands off ${percent(r.recommended.share)} of leads ` +
      `with precision ${percent(r.recommended.precision)} and recall ${percent(r.recommended.recall)}.`;
    $('train-charts').replaceChildren(foldChart(r), liftChart(r), calibrationChart(r), thresholdChart(r));
    const factor = ({ name, weight }) => row([name, signed(weight), Math.exp(weight).toFixed(2)], { header: true });
    $('train-positive').tBodies[0].replaceChildren(...r.top_positive.map(factor));
    $('train-negative').tBodies[0].replaceChildren(...r.top_negative.map(factor));
    $('train-bands').tBodies[0].replaceChildren(...r.bands.map((b) =>
      row([b.band, fmt(b.count), fmt(b.positives), percent(b.rate)], { header: true })));
    const notes = [...r.notes,
      `Factors: the change in log-odds per standard deviation of a number, or for having a value; ` +
      `"Odds ×" is what that multiplies the odds by.`,
      `The scorecard has ${fmt(r.rules)} rules; every ${r.scale.pdo} points double the odds, ` +
      `${r.scale.base_score} points is a 50% chance.`];
    if (r.as_of) notes.push(`Dates are aged to ${r.as_of}: score this history as of that date to see it as trained.`);
    $('train-notes').replaceChildren(...notes.map((n) => el('li', n)));
    setStatus($('train-apply-status'), 'valid', '');
  }

  function foldChart(r) {
    const folds = r.auc.folds;
    return barChart({
      id: 'chart-folds', title: 'ROC AUC per fold',
      description: `Each fold's held-out leads, scored by a model that did not see them: from ` +
        `${r.auc.min.toFixed(3)} to ${r.auc.max.toFixed(3)}, mean ${r.auc.mean.toFixed(3)}.`,
      x: { label: 'Fold' },
      y: { label: 'ROC AUC', min: Math.min(0.5, Math.floor(10 * r.auc.min) / 10), max: 1, format: (v) => v.toFixed(2) },
      bars: folds.map((a, i) => ({ label: String(i + 1), value: a })),
      reference: { value: r.auc.mean, label: `mean ${r.auc.mean.toFixed(3)}` },
      table: { headers: ['Fold', 'ROC AUC'], rows: folds.map((a, i) => [String(i + 1), a.toFixed(4)]) },
    });
  }

  function liftChart(r) {
    const top = Math.max(1, ...r.lift.map((l) => l.lift));
    const first = r.lift[0];
    const last = r.lift[r.lift.length - 1];
    return barChart({
      id: 'chart-lift', title: 'Lift by decile',
      description: `Leads ranked by predicted probability, in tenths: the best tenth converts ` +
        `${first.lift.toFixed(1)} times the average rate, the last tenth ${last.lift.toFixed(1)} times.`,
      x: { label: 'Decile (1 = best scored tenth)' },
      y: { label: 'Lift', min: 0, max: Math.ceil(top), format: (v) => v.toFixed(1) },
      bars: r.lift.map((l) => ({ label: String(l.decile), value: l.lift })),
      reference: { value: 1, label: 'average' },
      table: {
        headers: ['Decile', 'Leads', 'Won', 'Rate', 'Lift', 'Won found so far'],
        rows: r.lift.map((l) => [String(l.decile), fmt(l.count), fmt(l.positives), percent(l.rate),
          l.lift.toFixed(2), percent(l.cumulative_capture)]),
      },
    });
  }

  function calibrationChart(r) {
    const cal = [...r.calibration].reverse();
    const unit = { min: 0, max: 1, format: (v) => percent(v, 0) };
    return lineChart({
      id: 'chart-calibration', title: 'Calibration',
      description: `Predicted against observed conversion in tenths of the predictions: points on ` +
        `the diagonal mean the probabilities can be taken at face value.`,
      x: { label: 'Predicted probability', ...unit },
      y: { label: 'Observed conversion', ...unit },
      series: [
        { name: 'Observed', points: cal.map((c) => [c.mean_predicted, c.observed]), dots: true },
        { name: 'Perfect calibration', points: [[0, 0], [1, 1]] },
      ],
      table: {
        headers: ['Tenth (1 = highest)', 'Leads', 'Predicted', 'Observed'],
        rows: r.calibration.map((c) => [String(c.bin), fmt(c.count), percent(c.mean_predicted), percent(c.observed)]),
      },
    });
  }

  function thresholdChart(r) {
    const sweep = [...r.sweep].sort((a, b) => a.threshold - b.threshold);
    const rec = r.recommended;
    const curve = (key) => sweep.map((p) => [p.threshold, p[key]]);
    return lineChart({
      id: 'chart-threshold', title: 'Handoff threshold',
      description: `Precision, recall, F1 and the share of leads handed off for each probability ` +
        `threshold; the recommended threshold ${rec.threshold.toFixed(3)} has the best F1 ` +
        `(${rec.f1.toFixed(3)}) and hands off ${percent(rec.share)} of leads.`,
      x: { label: 'Hand off leads with probability at least', min: 0, max: 1, format: (v) => percent(v, 0) },
      y: { label: 'Share', min: 0, max: 1, format: (v) => percent(v, 0) },
      series: [
        { name: 'Precision (won among handed off)', points: curve('precision') },
        { name: 'Recall (won leads handed off)', points: curve('recall') },
        { name: 'F1', points: curve('f1') },
        { name: 'Share of leads handed off', points: curve('share') },
      ],
      marker: { x: rec.threshold, label: `recommended ${rec.threshold.toFixed(2)}` },
      table: {
        headers: ['Threshold', 'Handed off', 'Precision', 'Recall', 'F1'],
        rows: r.sweep.map((p) => [`${p.threshold.toFixed(3)}${p.threshold === rec.threshold ? ' (recommended)' : ''}`,
          percent(p.share), percent(p.precision), percent(p.recall), p.f1.toFixed(3)]),
      },
    });
  }

  async function apply() {
    const status = $('train-apply-status');
    setStatus(status, 'loading', 'Loading the scorecard into the model editor…');
    const ok = await app.applyModel(state.report.model_json, 'learned scorecard');
    setStatus(status, ok ? 'valid' : 'error', ok
      ? 'The learned scorecard is now the active model (step 2). Score a file in step 3: each receipt shows the lead\'s predicted probability and its top factors.'
      : 'The scorecard did not validate: see the problems in step 2.');
  }

  // ---- comparing models -----------------------------------------------------------------

  function fillModelChoices() {
    const options = (withNone) => [
      el('option', 'The active model (step 2)', { value: 'current' }),
      ...app.builtIns().map(({ path, label }) => el('option', `Built-in: ${label}`, { value: `builtin:${path}` })),
      ...(state.report ? [el('option', 'The learned scorecard', { value: 'trained' })] : []),
      el('option', 'Another model (paste or load JSON)', { value: 'other' }),
      ...(withNone ? [el('option', 'None: evaluate model A alone', { value: 'none' })] : []),
    ];
    for (const [id, withNone] of [['compare-a', false], ['compare-b', true]]) {
      const select = $(id);
      const kept = select.value;
      select.replaceChildren(...options(withNone));
      select.value = [...select.options].some((o) => o.value === kept) ? kept : select.options[withNone ? select.options.length - 1 : 0].value;
    }
    showOther();
  }

  function showOther() {
    $('compare-other').hidden = ![$('compare-a').value, $('compare-b').value].includes('other');
  }

  async function modelJson(choice) {
    if (choice === 'current') {
      const json = app.currentModel();
      if (json === null) throw new Error('the active model has problems: fix it in step 2');
      return json;
    }
    if (choice === 'trained') return state.report.model_json;
    if (choice === 'other') {
      const json = $('compare-json').value.trim();
      if (!json) throw new Error('paste a model or load a model file');
      return json;
    }
    return fetchText(choice.slice('builtin:'.length));
  }

  async function compare() {
    const status = $('compare-status');
    const options = { ...outcomeOptions(), asOf: app.asOf() };
    if (!options.positive.length) {
      setStatus(status, 'invalid', 'Tick the values that count as won.');
      return;
    }
    const [a, b] = [$('compare-a').value, $('compare-b').value];
    busy(true);
    setStatus(status, 'loading', b === 'none' ? 'Evaluating…' : 'Comparing…');
    try {
      const json = await modelJson(a);
      if (b === 'none') {
        const answer = await app.engine.request('evaluate', { model: json, options }, { onProgress: reading });
        showEvaluation(answer);
        setStatus(status, 'valid', `${answer.name}: ROC AUC ${answer.evaluation.auc.toFixed(3)} on ${fmt(answer.evaluation.rows)} leads`);
      } else {
        const answer = await app.engine.request('compare', { a: json, b: await modelJson(b), options }, { onProgress: reading });
        showComparison(answer, [a, b].includes('trained'));
        setStatus(status, 'valid', `Compared on ${fmt(answer.comparison.a.rows)} leads`);
      }
    } catch (e) {
      setStatus(status, e.name === 'Cancelled' ? 'invalid' : 'error',
        e.name === 'Cancelled' ? 'Cancelled.' : `Could not compare: ${e.message}`);
    } finally {
      busy(false);
    }
  }

  /** The metrics of one model, by the row labels of the comparison table. */
  function metrics(named, e, handoff) {
    const top = e.lift[0];
    return [
      named.name,
      named.unmapped.length ? named.unmapped.join(', ') : 'none',
      e.auc.toFixed(3),
      top ? top.lift.toFixed(2) : '–',
      percent(handoff.share),
      percent(handoff.precision),
      percent(handoff.recall),
      e.handoff ? 'its handoff band' : `its best-F1 threshold (${+e.recommended.threshold.toFixed(2)} points)`,
    ];
  }

  const METRICS = ['Model', 'Fields with no column', 'ROC AUC', 'Lift in the top tenth',
    'Leads handed off', 'Conversion above the threshold', 'Won leads handed off', 'Handed off by'];

  function showTable(headers, columns) {
    const table = $('compare-table');
    const head = document.createElement('tr');
    head.append(...headers.map((h) => el('th', h, { scope: 'col' })));
    table.tHead.replaceChildren(head);
    table.tBodies[0].replaceChildren(...METRICS.map((label, i) =>
      row([label, ...columns.map((c) => c[i])], { header: true })));
  }

  function handoffOf(e) {
    return e.handoff ?? { share: e.recommended.share, precision: e.recommended.precision, recall: e.recommended.recall };
  }

  function showEvaluation({ name, unmapped, evaluation: e }) {
    $('compare-results').hidden = false;
    showTable(['', 'Model A'], [metrics({ name, unmapped }, e, handoffOf(e))]);
    $('compare-verdict').textContent = `Conversion per band: ${e.bands.map((b) =>
      `${b.band} ${percent(b.rate)} of ${fmt(b.count)}`).join('; ')}.`;
    $('compare-charts').replaceChildren(gainsChart([{ name, evaluation: e }]));
  }

  function showComparison({ a, b, comparison: c }, learned) {
    $('compare-results').hidden = false;
    showTable(['', 'Model A', 'Model B'], [metrics(a, c.a, c.a_handoff), metrics(b, c.b, c.b_handoff)]);
    const clear = c.ci_low > 0 || c.ci_high < 0;
    const better = c.auc_difference > 0 ? 'A' : 'B';
    $('compare-verdict').textContent = `ROC AUC A − B = ${signed(c.auc_difference)} (95% confidence ` +
      `interval ${signed(c.ci_low)} to ${signed(c.ci_high)}, DeLong's paired test, p = ${c.p_value.toFixed(3)}): ` +
      (clear ? `model ${better} ranks these leads better.` : 'no clear difference on these leads.') +
      (learned ? ` The learned scorecard was fitted on these same leads, so its numbers here are optimistic; ` +
        `its cross-validated ROC AUC (${state.report.auc.mean.toFixed(3)}) is the fair one.` : '');
    $('compare-charts').replaceChildren(gainsChart([{ name: `A: ${a.name}`, evaluation: c.a }, { name: `B: ${b.name}`, evaluation: c.b }]));
  }

  /** Cumulative gains: the share of won leads found by contacting the best-scored leads first. */
  function gainsChart(models) {
    const series = models.map(({ name, evaluation: e }) => {
      let leads = 0;
      const points = [[0, 0], ...e.lift.map((l) => { leads += l.count; return [leads / e.rows, l.cumulative_capture]; })];
      return { name, points, dots: true };
    });
    series.push({ name: 'Random order', points: [[0, 0], [1, 1]] });
    const at = (s, k) => s.points[Math.min(k, s.points.length - 1)][1];
    return lineChart({
      id: 'chart-gains', title: 'Won leads found by contacting the best-scored first',
      description: models.map((m, i) => `${m.name} finds ${percent(at(series[i], 2), 0)} of won leads in the best fifth`).join('; ') + '.',
      x: { label: 'Share of leads contacted', min: 0, max: 1, format: (v) => percent(v, 0) },
      y: { label: 'Share of won leads found', min: 0, max: 1, format: (v) => percent(v, 0) },
      series,
      table: {
        headers: ['Leads contacted', ...models.map((m) => m.name)],
        rows: series[0].points.slice(1).map(([x], k) => [percent(x, 0), ...series.slice(0, -1).map((s) => percent(at(s, k + 1)))]),
      },
    });
  }

  async function loadOther(file) {
    try {
      $('compare-json').value = await file.text();
      setStatus($('compare-status'), 'valid', `Loaded ${file.name}`);
    } catch (e) {
      setStatus($('compare-status'), 'error', `Could not read ${file.name}: ${e.message}`);
    }
  }

  // ---- wiring ---------------------------------------------------------------------------

  $('train-read').addEventListener('click', () => {
    $('train-read').disabled = true;
    fillModelChoices();
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
  $('compare-a').addEventListener('change', showOther);
  $('compare-b').addEventListener('change', showOther);
  $('compare-file').addEventListener('change', (e) => e.target.files[0] && loadOther(e.target.files[0]));
  $('compare-run').addEventListener('click', compare);

  return { fileLoaded };
}
