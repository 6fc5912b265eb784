// Overview of a scored file: counts per band, qualified share, a score histogram (SVG) and the
// grade x engagement matrix, all computed from the typed-array columns in one pass each.
import { el, fmt, pct, row } from './dom.js';

export const GRADES = ['A', 'B', 'C', 'D', 'E', 'F'];
export const QUALIFICATION = ['qualified', 'not qualified', 'undecided', 'not assessed'];
const SVG = 'http://www.w3.org/2000/svg';
const BINS = 20;

export function showOverview(view, result) {
  const { columns: c, rowCount: n, bandLabels, tierLabels } = result;
  const bandCounts = new Array(bandLabels.length).fill(0);
  let qualified = 0;
  let handoff = 0;
  for (let i = 0; i < n; i++) {
    if (c.bands[i] < bandLabels.length) bandCounts[c.bands[i]] += 1;
    if (c.qualification[i] === 0) qualified += 1;
    handoff += c.handoff[i];
  }
  const assessed = n > 0 && c.qualification[0] !== 3;
  view.summary.textContent = `${fmt(n)} leads scored` +
    (assessed ? `; ${pct(qualified, n)} qualified (${fmt(qualified)})` : '') +
    `; ${fmt(handoff)} go to sales now.`;
  view.bands.tBodies[0].replaceChildren(...bandLabels.map((label, b) =>
    row([label, fmt(bandCounts[b]), pct(bandCounts[b], n)], { header: true })));
  histogram(view.histogram, c.totals);
  matrix(view.matrix, c, n, tierLabels);
}

function histogram(svg, totals) {
  svg.replaceChildren();
  if (!totals.length) return;
  // Index loops over a typed array: for-of took 5x as long (0.26 s for 5.6M scores).
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < totals.length; i++) {
    const t = totals[i];
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const width = (max - min) / BINS || 1;
  const counts = new Array(BINS).fill(0);
  for (let i = 0; i < totals.length; i++) {
    const bin = Math.floor((totals[i] - min) / width);
    counts[bin < BINS - 1 ? bin : BINS - 1] += 1;
  }
  const top = Math.max(...counts);
  const barWidth = 400 / BINS;
  counts.forEach((count, b) => {
    const h = top ? (140 * count) / top : 0;
    const rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('x', String(b * barWidth + 1));
    rect.setAttribute('y', String(145 - h));
    rect.setAttribute('width', String(barWidth - 2));
    rect.setAttribute('height', String(h));
    const title = document.createElementNS(SVG, 'title');
    const from = Math.round(min + b * width);
    title.textContent = `${from} to ${Math.round(from + width)}: ${fmt(count)} leads`;
    rect.append(title);
    svg.append(rect);
  });
  for (const [x, text, anchor] of [[0, Math.round(min), 'start'], [400, Math.round(max), 'end']]) {
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', String(x));
    label.setAttribute('y', '158');
    label.setAttribute('text-anchor', anchor);
    label.textContent = String(text);
    svg.append(label);
  }
}

function matrix(table, c, n, tierLabels) {
  const hasGrades = n > 0 && c.grades[0] !== 255;
  table.hidden = !hasGrades || tierLabels.length === 0;
  if (table.hidden) return;
  const counts = GRADES.map(() => new Array(tierLabels.length).fill(0));
  for (let i = 0; i < n; i++) {
    const g = c.grades[i];
    const t = c.tiers[i];
    if (g < GRADES.length && t < tierLabels.length) counts[g][t] += 1;
  }
  const head = document.createElement('tr');
  head.append(el('th', 'Grade', { scope: 'col' }),
    ...tierLabels.map((t) => el('th', `Engagement ${t}`, { scope: 'col' })));
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...GRADES
    .map((g, gi) => [g, counts[gi]])
    .filter(([, cs]) => cs.some((x) => x > 0))
    .map(([g, cs]) => row([g, ...cs.map(fmt)], { header: true })));
}

/** Row errors, warnings and cell problems, each with its row, line and column. */
export function showIssues(details, summary, list, result) {
  const items = [...result.errors, ...result.problems, ...result.warnings];
  details.hidden = items.length === 0;
  summary.textContent = `Problems in ${result.fileName}: ${result.errors.length} unreadable rows, ` +
    `${result.problems.length} unreadable cells, ${result.warnings.length} notes`;
  list.replaceChildren(...items.slice(0, 500).map((text) => el('li', text)));
}
