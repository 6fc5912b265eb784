// A training report as the page shows it: the cross-validated AUC and its spread, the
// charts (AUC per fold, lift by decile, calibration, handoff threshold), the strongest factors,
// the conversion per band and notes. Input is the worker's `train` answer (learn::TrainReport).
import { barChart, lineChart } from './charts.js';
import { el, fmt, row } from './dom.js';
import { setStatus } from './problems-view.js';

const $ = (id) => document.getElementById(id);
export const percent = (x, digits = 1) => `${(100 * x).toFixed(digits)}%`;
export const signed = (x, digits = 3) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;

/** Fill #train-results from a report and show it. */
export function showReport(r) {
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
