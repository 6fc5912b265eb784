// The receipt drawer of one lead: its scores, every rule that fired with its points, the
// group sums, the qualification reasons, the missing fields and the row's cells. Text only.
// A model with a probability scale (a learned scorecard) adds the lead's predicted chance of
// converting and its top factors: the fired rules with the most points either way.
import { el, pts, row } from './dom.js';

function table(caption, headers, rows) {
  const t = el('table', null, { class: 'grid' });
  t.append(el('caption', caption));
  const head = document.createElement('tr');
  head.append(...headers.map((h) => el('th', h, { scope: 'col' })));
  t.createTHead().append(head);
  const body = t.createTBody();
  body.append(...rows.map((r) => row(r)));
  return t;
}

const TOP_FACTORS = 5;

/** The predicted probability and the fired rules that weigh most, strongest first. */
function likelihood(score) {
  const p = el('p', `Predicted probability of converting: ${(100 * score.probability).toFixed(1)}%`,
    { class: 'probability', id: 'receipt-probability' });
  const top = score.receipt.fired
    .filter((h) => h.points !== 0) // no effect is no factor
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
    .slice(0, TOP_FACTORS);
  if (!top.length) return [p, el('p', 'No rule that fired changes the odds of this lead.')];
  const factors = table('Top factors (the rules with the most points)', ['Rule', 'Points'], top.map((h) => [
    h.label || h.rule, (h.points >= 0 ? '+' : '') + pts(h.points),
  ]));
  factors.id = 'receipt-factors';
  return [p, factors];
}

/** @param body the drawer's content element @param answer worker `explain` {cells, score} */
export function showReceipt(title, body, answer, header, rowNumber) {
  const { score, cells } = answer;
  const r = score.receipt;
  title.textContent = `Receipt of row ${rowNumber}`;
  const facts = [
    `Score ${pts(score.total)} (fit ${pts(score.fit)}, engagement ${pts(score.engagement)})`,
    score.band && `Band ${score.band}${score.handoff ? ', goes to sales now' : ''}`,
    score.grade && `Grade ${score.grade}${score.matrix ? `, matrix ${score.matrix}` : ''}`,
    `Qualification: ${score.qualification.state.replace(/_/g, ' ')}`,
    score.segment && `Segment ${score.segment}`,
    score.stage && `Stage ${score.stage}`,
  ].filter(Boolean);
  const parts = [el('ul', null, { class: 'facts' })];
  parts[0].append(...facts.map((f) => el('li', f)));
  if (score.probability !== undefined && score.probability !== null) parts.push(...likelihood(score));
  parts.push(table('Rules that fired', ['Rule', 'Group', 'Points', 'Note'], r.fired.map((h) => [
    h.label || h.rule, h.group, (h.points >= 0 ? '+' : '') + pts(h.points),
    [h.decay !== null && h.decay !== undefined ? `decayed ×${pts(h.decay)} from ${pts(h.raw)}` : '',
      h.capped ? 'capped' : ''].filter(Boolean).join('; '),
  ])));
  parts.push(table('Groups', ['Group', 'Dimension', 'Sum of rules', 'Counts'], r.groups.map((g) => [
    g.label, g.dimension, pts(g.raw), pts(g.points),
  ])));
  if (score.qualification.reasons.length) {
    parts.push(table('Qualification', ['Criterion', 'Outcome'], score.qualification.reasons.map((q) => [
      q.label, q.outcome,
    ])));
  }
  parts.push(el('p', r.missing.length ? `Missing fields: ${r.missing.join(', ')}` : 'No field is missing.'));
  for (const p of r.problems) {
    parts.push(el('p', `Column ${p.column + 1} (${header[p.column] ?? ''}), field ${p.field}: ${p.message}`, { class: 'warning' }));
  }
  parts.push(table('The row as read', ['Column', 'Value'], header.map((h, i) => [h, cells[i] ?? ''])));
  body.replaceChildren(...parts);
}
