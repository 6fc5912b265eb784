// <lead-calculator>: a form generated from a model's fields that scores as the visitor types
// (WebAssembly, in this page) and shows the score, band, grade and why. One script tag:
//
//   <script type="module" src="/widget/lead-calculator.js"></script>
//   <lead-calculator model="/models/calculator.json" fields="monthly_leads,crm"></lead-calculator>
//
// Attributes: model (URL; or a <script type="application/json"> child), fields (a comma-
// separated subset, in that order), heading, as-of, url-state ("off" to keep the URL alone),
// param-prefix. The answers live in the page URL's query (?monthly_leads=500&crm=HubSpot), so
// a result can be shared or bookmarked, and print gives a clean receipt.
// Events: leadscore:change after each change (the same detail as <lead-chat>'s).
import { createScorer, summarise } from './session.js';
import { announce, h, points, sheet, words } from './dom.js';
import { elementModel } from './model-source.js';
import { BASE } from './theme.js';

const CSS = `
:host { display: block; max-width: var(--leadscore-width, 44rem); }
.card {
  background: var(--_bg);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  padding: 1em 1.2em;
}
h2 { margin: 0 0 0.6em; font-size: 1.25em; }
form { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 0.8em 1em; }
.field { display: flex; flex-direction: column; gap: 0.25em; }
label { font-weight: 600; }
.summary {
  display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.4em 1.4em;
  margin: 1em 0 0.6em; padding: 0.8em 1em;
  border-radius: var(--_radius);
  background: var(--leadscore-bot-background, #f1f5f9);
}
.score { font-size: 2.2em; font-weight: 700; color: var(--_accent); }
.summary dl { display: flex; flex-wrap: wrap; gap: 0.2em 1.4em; margin: 0; }
.summary dt { color: var(--_muted); font-size: 0.85em; }
.summary dd { margin: 0; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin-top: 0.4em; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3em; }
th, td { text-align: left; padding: 0.3em 0.5em; border-bottom: 1px solid var(--_border); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: var(--_muted); }
.actions { display: flex; flex-wrap: wrap; gap: 0.8em; align-items: center; margin-top: 1em; }
.failed { color: var(--_error); }
@media print {
  :host { max-width: none; }
  .card { border: 0; padding: 0; }
  .actions { display: none; }
  input, select { border: 0; padding: 0; appearance: none; }
  .summary { background: none; border: 1px solid #000; }
  .score, a { color: #000; }
}
`;

let styles;

class LeadCalculator extends HTMLElement {
  static observedAttributes = ['model', 'fields', 'as-of'];

  #root;
  #scorer = null;
  #generation = 0;
  #controls = new Map(); // field name -> input/select
  #parts = null;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    styles ??= [sheet(BASE), sheet(CSS)];
    this.#root.adoptedStyleSheets = styles;
  }

  connectedCallback() {
    // Once: a host that moves the element keeps the answers.
    if (this.#generation === 0) this.#start();
  }

  attributeChangedCallback(_name, before, after) {
    if (this.#generation > 0 && this.isConnected && before !== after) this.#start();
  }

  /** The current answers, `{ field: value }` (empty fields left out). */
  get answers() {
    const answers = {};
    for (const [name, control] of this.#controls) {
      const value = control.value.trim();
      if (value) answers[name] = value;
    }
    return answers;
  }

  /** Set answers (`{ field: value }`) as if typed, then rescore. */
  fill(answers) {
    for (const [name, value] of Object.entries(answers)) {
      const control = this.#controls.get(name);
      if (control) setValue(control, String(value));
    }
    this.#update();
  }

  async #start() {
    const generation = ++this.#generation;
    this.#controls.clear();
    this.#parts = null;
    this.#root.replaceChildren(h('p', { role: 'status' }, 'Loading…'));
    let scorer;
    try {
      const options = this.hasAttribute('as-of') ? { asOf: this.getAttribute('as-of') } : {};
      scorer = await createScorer(elementModel(this), options);
    } catch (error) {
      if (generation === this.#generation) this.#fail(error);
      return;
    }
    if (generation !== this.#generation) return;
    this.#scorer = scorer;
    try {
      this.#build(this.#chosenFields(scorer.fields()));
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#readUrl();
    this.#update({ announceChange: false });
  }

  #fail(error) {
    this.#root.replaceChildren(h('div', { class: 'card failed', role: 'alert' },
      h('p', {}, 'Sorry, this calculator could not start.'), h('p', {}, h('small', {}, error.message))));
    announce(this, 'leadscore:error', { message: error.message });
  }

  #chosenFields(all) {
    const wanted = (this.getAttribute('fields') ?? '').split(',').map((f) => f.trim()).filter(Boolean);
    if (!wanted.length) return all;
    const byName = new Map(all.map((f) => [f.name, f]));
    const unknown = wanted.filter((name) => !byName.has(name));
    if (unknown.length) {
      throw new Error(`fields="${this.getAttribute('fields')}": the model has no field ${unknown.map((n) => `'${n}'`).join(', ')}`);
    }
    return wanted.map((name) => byName.get(name));
  }

  #build(fields) {
    const form = h('form', { novalidate: true });
    form.addEventListener('submit', (event) => event.preventDefault());
    for (const field of fields) {
      const id = `field-${field.name}`;
      const control = fieldControl(field, id);
      control.addEventListener(control.tagName === 'SELECT' ? 'change' : 'input', () => this.#update());
      this.#controls.set(field.name, control);
      form.append(h('div', { class: 'field' }, h('label', { for: id }, field.label), control,
        h('p', { class: 'error', id: `${id}-error`, hidden: true })));
    }
    const score = h('span', { class: 'score', part: 'score' });
    const facts = h('dl');
    const summary = h('div', { class: 'summary', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' },
      h('span', {}, h('span', { class: 'sr-only' }, 'Score '), score), facts);
    const receipt = h('div', { class: 'receipt' });
    const print = h('button', { type: 'button', class: 'secondary' }, 'Print');
    print.addEventListener('click', () => window.print());
    const share = h('a', { class: 'share' }, 'Link to this result');
    const heading = this.getAttribute('heading') || this.#scorer.model.name;
    this.#parts = { score, facts, receipt, share };
    this.#root.replaceChildren(h('section', { class: 'card', part: 'card', 'aria-label': heading },
      h('h2', {}, heading), form, summary, receipt, h('div', { class: 'actions' }, print, share)));
  }

  #params() {
    return this.getAttribute('url-state') === 'off' ? null : this.getAttribute('param-prefix') ?? '';
  }

  #readUrl() {
    const prefix = this.#params();
    if (prefix === null) return;
    const query = new URLSearchParams(location.search);
    for (const [name, control] of this.#controls) {
      const value = query.get(prefix + name);
      if (value !== null) setValue(control, value);
    }
  }

  /** The query string with this calculator's answers (other parameters kept as they are). */
  #shareUrl(answers) {
    const url = new URL(location.href);
    const prefix = this.#params() ?? '';
    for (const name of this.#controls.keys()) {
      if (answers[name] === undefined) url.searchParams.delete(prefix + name);
      else url.searchParams.set(prefix + name, answers[name]);
    }
    return url;
  }

  #update({ announceChange = true } = {}) {
    const answers = this.answers;
    let result;
    try {
      result = this.#scorer.score(answers);
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#render(result);
    const url = this.#shareUrl(answers);
    this.#parts.share.href = url.href;
    if (this.#params() !== null && url.href !== location.href) history.replaceState(history.state, '', url);
    if (announceChange) announce(this, 'leadscore:change', summarise(result, answers));
  }

  #render(result) {
    const { score, facts, receipt } = this.#parts;
    score.textContent = points(result.total);
    const shown = [
      ['Band', result.band],
      ['Grade', result.grade],
      ['Qualification', result.qualification.state !== 'not_assessed' && words(result.qualification.state)],
    ].filter(([, value]) => value);
    facts.replaceChildren(...shown.flatMap(([term, value]) =>
      [h('dt', {}, term), h('dd', { 'data-fact': term.toLowerCase() }, value)]));

    // Unreadable answers: said next to their field (the engine treats them as missing).
    const problems = new Map(result.receipt.problems.map((p) => [p.field, p.message]));
    for (const [name, control] of this.#controls) {
      const error = this.#root.getElementById(`${control.id}-error`);
      const problem = problems.get(name);
      error.textContent = problem ?? '';
      error.hidden = !problem;
      if (problem) {
        control.setAttribute('aria-invalid', 'true');
        control.setAttribute('aria-describedby', error.id);
      } else {
        control.removeAttribute('aria-invalid');
        control.removeAttribute('aria-describedby');
      }
    }

    const rows = result.receipt.fired.map((hit) => h('tr', {},
      h('td', {}, hit.label || hit.rule), h('td', { class: 'num' }, points(hit.points, { signed: true }))));
    const parts = [];
    if (rows.length) {
      parts.push(h('table', { class: 'fired' },
        h('caption', {}, 'Why this score'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Rule'), h('th', { scope: 'col', class: 'num' }, 'Points'))),
        h('tbody', {}, rows)));
    } else {
      parts.push(h('p', { class: 'muted' }, 'No rule applies yet: answer the questions above.'));
    }
    const reasons = result.qualification.reasons;
    if (reasons.length) {
      parts.push(h('table', { class: 'reasons' }, h('caption', {}, 'Qualification'),
        h('tbody', {}, reasons.map((r) => h('tr', {}, h('td', {}, r.label || r.id), h('td', {}, words(r.outcome)))))));
    }
    receipt.replaceChildren(...parts);
  }
}

/** The control for a field: a select for yes/no and known values, else a typed input. */
function fieldControl(field, id) {
  const select = (options) => h('select', { id, name: field.name },
    h('option', { value: '' }, '—'), options.map(([value, label]) => h('option', { value }, label)));
  if (field.type === 'boolean') return select([['yes', 'Yes'], ['no', 'No']]);
  if (field.values.length) return select(field.values.map((v) => [v, v]));
  const kinds = {
    number: { type: 'text', inputmode: 'decimal' },
    date: { type: 'date' },
    email: { type: 'email' },
  };
  return h('input', { id, name: field.name, autocomplete: 'off', ...kinds[field.type] ?? { type: 'text' } });
}

/** Put a value into a control; a select gets an option for a value it does not list. */
function setValue(control, value) {
  if (control.tagName === 'SELECT') {
    const same = [...control.options].find((o) => o.value.toLowerCase() === value.trim().toLowerCase());
    if (same) {
      control.value = same.value;
      return;
    }
    control.append(h('option', { value }, value));
  }
  control.value = value;
}

if (!customElements.get('lead-calculator')) customElements.define('lead-calculator', LeadCalculator);
