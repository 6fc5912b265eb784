// Small inline SVG charts built with DOM APIs: line charts (several series, an optional
// marked x) and bar charts (an optional reference line). Each chart is a <figure> with a
// visible caption, an <svg role="img"> whose aria-label says what the chart shows, and the
// same numbers as a table under a <details>, for screen readers and for copying.
// Series differ by dash pattern as well as colour, so they read without colour too.
import { el, row } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 420;
const HEIGHT = 240;
const PAD = { left: 48, right: 14, top: 14, bottom: 40 };
const DASHES = ['', '6 4', '2 3', '10 3 2 3'];
const TICKS = 5;

function svgEl(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/** Linear scale from [min, max] to [from, to]. */
function scale(min, max, from, to) {
  const span = max - min || 1;
  return (v) => from + ((v - min) / span) * (to - from);
}

const plotLeft = PAD.left;
const plotRight = WIDTH - PAD.right;
const plotTop = PAD.top;
const plotBottom = HEIGHT - PAD.bottom;

/** Axes with ticks and labels; returns the scales. */
function axes(svg, x, y, { xTicks } = {}) {
  const sx = scale(x.min, x.max, plotLeft, plotRight);
  const sy = scale(y.min, y.max, plotBottom, plotTop);
  const group = svgEl('g', { class: 'axes' });
  group.append(svgEl('line', { x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom }));
  group.append(svgEl('line', { x1: plotLeft, y1: plotBottom, x2: plotLeft, y2: plotTop }));
  for (let i = 0; i <= TICKS; i++) {
    const v = y.min + ((y.max - y.min) * i) / TICKS;
    group.append(svgEl('line', { class: 'grid-line', x1: plotLeft, y1: sy(v), x2: plotRight, y2: sy(v) }));
    group.append(svgEl('text', { x: plotLeft - 6, y: sy(v) + 4, 'text-anchor': 'end' }, y.format(v)));
  }
  const ticks = xTicks ?? Array.from({ length: TICKS + 1 }, (_, i) => ({
    at: x.min + ((x.max - x.min) * i) / TICKS,
    label: x.format(x.min + ((x.max - x.min) * i) / TICKS),
  }));
  for (const { at, label } of ticks) {
    group.append(svgEl('text', { x: sx(at), y: plotBottom + 15, 'text-anchor': 'middle' }, label));
  }
  group.append(svgEl('text', { class: 'axis-label', x: (plotLeft + plotRight) / 2, y: HEIGHT - 6, 'text-anchor': 'middle' }, x.label));
  group.append(svgEl('text', {
    class: 'axis-label', x: 12, y: (plotTop + plotBottom) / 2, 'text-anchor': 'middle',
    transform: `rotate(-90 12 ${(plotTop + plotBottom) / 2})`,
  }, y.label));
  svg.append(group);
  return { sx, sy };
}

function frame(id, title, description) {
  const figure = el('figure', null, { class: 'chart', id });
  const captionId = `${id}-caption`;
  figure.append(el('figcaption', title, { id: captionId }));
  const svg = svgEl('svg', {
    role: 'img', 'aria-label': `${title}. ${description}`, viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    width: WIDTH, height: HEIGHT,
  });
  svg.append(svgEl('title', {}, `${title}. ${description}`));
  figure.append(svg);
  return { figure, svg };
}

/** The numbers behind a chart, as a table in a closed <details>. */
function dataTable(title, headers, rows) {
  const details = el('details', null, { class: 'chart-data' });
  details.append(el('summary', `${title}: data table`));
  const table = el('table', null, { class: 'grid' });
  table.append(el('caption', title));
  const head = document.createElement('tr');
  head.append(...headers.map((h) => el('th', h, { scope: 'col' })));
  table.createTHead().append(head);
  table.createTBody().append(...rows.map((r) => row(r, { header: true })));
  details.append(table);
  return details;
}

function legend(names) {
  const list = el('ul', null, { class: 'legend' });
  names.forEach((name, i) => {
    const item = el('li');
    const swatch = svgEl('svg', { width: 28, height: 10, 'aria-hidden': 'true', class: `series-${i}` });
    swatch.append(svgEl('line', { x1: 0, y1: 5, x2: 28, y2: 5, 'stroke-dasharray': DASHES[i % DASHES.length] }));
    item.append(swatch, el('span', name));
    list.append(item);
  });
  return list;
}

/**
 * A line chart.
 * @param {object} spec
 * @param {string} spec.id element id of the figure
 * @param {string} spec.title the caption
 * @param {string} spec.description what the chart shows, in words (the aria-label)
 * @param {{label: string, min: number, max: number, format: (v: number) => string}} spec.x
 * @param {{label: string, min: number, max: number, format: (v: number) => string}} spec.y
 * @param {{name: string, points: number[][], dots?: boolean}[]} spec.series
 * @param {{x: number, label: string}} [spec.marker] a vertical line at x
 * @param {{headers: string[], rows: string[][]}} spec.table
 */
export function lineChart({ id, title, description, x, y, series, marker, table }) {
  const { figure, svg } = frame(id, title, description);
  const { sx, sy } = axes(svg, x, y);
  series.forEach(({ points, dots }, i) => {
    const group = svgEl('g', { class: `series series-${i}` });
    const d = points.map(([px, py], k) => `${k ? 'L' : 'M'}${sx(px).toFixed(1)},${sy(py).toFixed(1)}`).join('');
    group.append(svgEl('path', { d, fill: 'none', 'stroke-dasharray': DASHES[i % DASHES.length] }));
    if (dots) {
      for (const [px, py] of points) group.append(svgEl('circle', { cx: sx(px), cy: sy(py), r: 3 }));
    }
    svg.append(group);
  });
  if (marker) {
    const mx = sx(marker.x);
    const group = svgEl('g', { class: 'marker' });
    group.append(svgEl('line', { x1: mx, y1: plotTop, x2: mx, y2: plotBottom, 'stroke-dasharray': '3 3' }));
    const right = mx > (plotLeft + plotRight) / 2;
    group.append(svgEl('text', { x: right ? mx - 4 : mx + 4, y: plotTop + 10, 'text-anchor': right ? 'end' : 'start' }, marker.label));
    svg.append(group);
  }
  if (series.length > 1) figure.append(legend(series.map((s) => s.name)));
  figure.append(dataTable(title, table.headers, table.rows));
  return figure;
}

/**
 * A bar chart, one bar per category, with an optional horizontal reference line.
 * @param {object} spec see lineChart; `bars` are {label, value}, `reference` {value, label}
 */
export function barChart({ id, title, description, x, y, bars, reference, table }) {
  const { figure, svg } = frame(id, title, description);
  const band = (plotRight - plotLeft) / Math.max(1, bars.length);
  const xTicks = bars.map((b, i) => ({ at: i + 0.5, label: b.label }));
  const { sy } = axes(svg, { ...x, min: 0, max: bars.length }, y, { xTicks });
  const group = svgEl('g', { class: 'series series-0 bars' });
  bars.forEach((b, i) => {
    const top = sy(Math.max(y.min, Math.min(y.max, b.value)));
    const rect = svgEl('rect', {
      x: plotLeft + i * band + band * 0.15, y: top, width: band * 0.7, height: Math.max(0, plotBottom - top),
    });
    rect.append(svgEl('title', {}, `${x.label} ${b.label}: ${y.format(b.value)}`));
    group.append(rect);
  });
  svg.append(group);
  if (reference) {
    const ry = sy(reference.value);
    const ref = svgEl('g', { class: 'marker' });
    ref.append(svgEl('line', { x1: plotLeft, y1: ry, x2: plotRight, y2: ry, 'stroke-dasharray': '3 3' }));
    ref.append(svgEl('text', { x: plotRight - 2, y: ry - 4, 'text-anchor': 'end' }, reference.label));
    svg.append(ref);
  }
  figure.append(dataTable(title, table.headers, table.rows));
  return figure;
}
