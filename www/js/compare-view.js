// "Compare two models": score the history with two models (the active one, a built-in, the
// learned scorecard, or one pasted or loaded from a file), or evaluate one alone, and show
// them side by side with DeLong's paired confidence interval and a cumulative gains chart.
import { lineChart } from './charts.js';
import { el, fmt, row } from './dom.js';
import { fetchText } from './models.js';
import { setStatus } from './problems-view.js';
import { percent, signed } from './train-report.js';

const $ = (id) => document.getElementById(id);

/**
 * Wire the comparison.
 * @param {object} app engine, currentModel, asOf, builtIns (see mountTrainView), and from
 *   the Train section: `outcome()` {outcome, positive}, `learned()` the last training report
 *   or null, `busy(on)`, `onProgress` for reading the history
 * @returns {{fillChoices: (prefer?: string) => void, reset: () => void}}
 */
export function mountCompareView(app) {
  /** The model choices of A and B; B becomes `prefer` when given. */
  function fillChoices(prefer) {
    const options = (withNone) => [
      el('option', 'The active model (step 2)', { value: 'current' }),
      ...app.builtIns().map(({ path, label }) => el('option', `Built-in: ${label}`, { value: `builtin:${path}` })),
      ...(app.learned() ? [el('option', 'The learned scorecard', { value: 'trained' })] : []),
      el('option', 'Another model (paste or load JSON)', { value: 'other' }),
      ...(withNone ? [el('option', 'None: evaluate model A alone', { value: 'none' })] : []),
    ];
    for (const [id, withNone] of [['compare-a', false], ['compare-b', true]]) {
      const select = $(id);
      const kept = select.value;
      select.replaceChildren(...options(withNone));
      select.value = [...select.options].some((o) => o.value === kept) ? kept : select.options[withNone ? select.options.length - 1 : 0].value;
    }
    if (prefer) $('compare-b').value = prefer;
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
    if (choice === 'trained') return app.learned().model_json;
    if (choice === 'other') {
      const json = $('compare-json').value.trim();
      if (!json) throw new Error('paste a model or load a model file');
      return json;
    }
    return fetchText(choice.slice('builtin:'.length));
  }

  async function compare() {
    const status = $('compare-status');
    const options = { ...app.outcome(), asOf: app.asOf() };
    if (!options.positive.length) {
      setStatus(status, 'invalid', 'Tick the values that count as won.');
      return;
    }
    const [a, b] = [$('compare-a').value, $('compare-b').value];
    app.busy(true);
    setStatus(status, 'loading', b === 'none' ? 'Evaluating…' : 'Comparing…');
    try {
      const json = await modelJson(a);
      if (b === 'none') {
        const answer = await app.engine.request('evaluate', { model: json, options }, { onProgress: app.onProgress });
        showEvaluation(answer);
        setStatus(status, 'valid', `${answer.name}: ROC AUC ${answer.evaluation.auc.toFixed(3)} on ${fmt(answer.evaluation.rows)} leads`);
      } else {
        const answer = await app.engine.request('compare', { a: json, b: await modelJson(b), options }, { onProgress: app.onProgress });
        showComparison(answer, [a, b].includes('trained'));
        setStatus(status, 'valid', `Compared on ${fmt(answer.comparison.a.rows)} leads`);
      }
    } catch (e) {
      setStatus(status, e.name === 'Cancelled' ? 'invalid' : 'error',
        e.name === 'Cancelled' ? 'Cancelled.' : `Could not compare: ${e.message}`);
    } finally {
      app.busy(false);
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
    'Leads handed off', 'Conversion of those handed off', 'Won leads handed off', 'Handed off by'];

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
    showTable(['Measure', 'Model A'], [metrics({ name, unmapped }, e, handoffOf(e))]);
    $('compare-verdict').textContent = `Conversion per band: ${e.bands.map((b) =>
      `${b.band} ${percent(b.rate)} of ${fmt(b.count)}`).join('; ')}.`;
    $('compare-charts').replaceChildren(gainsChart([{ name, evaluation: e }]));
  }

  function showComparison({ a, b, comparison: c }, learned) {
    $('compare-results').hidden = false;
    showTable(['Measure', 'Model A', 'Model B'], [metrics(a, c.a, c.a_handoff), metrics(b, c.b, c.b_handoff)]);
    const clear = c.ci_low > 0 || c.ci_high < 0;
    const better = c.auc_difference > 0 ? 'A' : 'B';
    $('compare-verdict').textContent = `ROC AUC A − B = ${signed(c.auc_difference)} (95% confidence ` +
      `interval ${signed(c.ci_low)} to ${signed(c.ci_high)}, DeLong's paired test, p = ${c.p_value.toFixed(3)}): ` +
      (clear ? `model ${better} ranks these leads better.` : 'no clear difference on these leads.') +
      (learned ? ` The learned scorecard was fitted on these same leads, so its numbers here are optimistic; ` +
        `its cross-validated ROC AUC (${app.learned().auc.mean.toFixed(3)}) is the fair one.` : '');
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

  $('compare-a').addEventListener('change', showOther);
  $('compare-b').addEventListener('change', showOther);
  $('compare-file').addEventListener('change', (e) => e.target.files[0] && loadOther(e.target.files[0]));
  $('compare-run').addEventListener('click', compare);

  return {
    fillChoices,
    /** A new history: the results shown describe the previous one. */
    reset() {
      $('compare-results').hidden = true;
      setStatus($('compare-status'), 'valid', '');
    },
  };
}
