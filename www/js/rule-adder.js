// "Add a rule": group, field, test, value and points for the common one-test rules; the
// value is read as the field's type wants it (numbers, true/false, lists). Anything more
// complex (all/any/not) is written in the JSON.
import { el } from './dom.js';

/** The tests each field type takes (docs/MODEL.md, "Fields"). */
const TESTS = {
  text: ['contains_any', 'equals', 'in', 'not_in', 'matches', 'present', 'missing'],
  category: ['in', 'not_in', 'equals', 'contains_any', 'matches', 'present', 'missing'],
  number: ['gte', 'gt', 'lte', 'lt', 'between', 'equals', 'in', 'not_in', 'present', 'missing'],
  boolean: ['is_true', 'equals', 'present', 'missing'],
  date: ['within_days', 'older_than_days', 'present', 'missing'],
  email: ['email_is', 'domain_in', 'contains_any', 'equals', 'in', 'not_in', 'matches', 'present', 'missing'],
};

const NAMES = {
  equals: 'equals', in: 'is one of', not_in: 'is none of', contains_any: 'contains any of',
  matches: 'matches the pattern', gte: '≥', gt: '>', lte: '≤', lt: '<', between: 'is between',
  present: 'has a value', missing: 'is empty', is_true: 'is true', email_is: 'email is',
  domain_in: 'domain is one of', within_days: 'within the last (days)',
  older_than_days: 'more than (days) ago',
};

/** What the value box holds for each test, and its hint. */
const VALUE = {
  equals: ['scalar', 'one value'],
  in: ['list', 'values separated by commas'],
  not_in: ['list', 'values separated by commas'],
  contains_any: ['words', 'words or phrases separated by commas'],
  matches: ['text', 'a regular expression'],
  gte: ['number', 'a number'],
  gt: ['number', 'a number'],
  lte: ['number', 'a number'],
  lt: ['number', 'a number'],
  between: ['range', 'two numbers: low, high'],
  present: ['choice', ''],
  missing: ['choice', ''],
  is_true: ['choice', ''],
  email_is: ['choice', ''],
  domain_in: ['words', 'domains separated by commas'],
  within_days: ['number', 'a number of days'],
  older_than_days: ['number', 'a number of days'],
};

const CHOICES = {
  present: [['true', 'yes'], ['false', 'no']],
  missing: [['true', 'yes'], ['false', 'no']],
  is_true: [['true', 'true'], ['false', 'false']],
  email_is: ['business', 'free', 'disposable', 'role', 'invalid'].map((k) => [k, k]),
};

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function labelled(id, text, control) {
  const span = el('span', null, { class: 'field' });
  span.append(el('label', text, { for: id, class: 'inline' }), control);
  return span;
}

function options(select, pairs) {
  select.replaceChildren(...pairs.map(([value, text]) => el('option', text, { value })));
}

export class RuleAdder {
  /**
   * @param {object} doc the model being edited (read for groups, fields and rule ids)
   * @param {(where: {list: object[], path: string}, rule: object) => void} onAdd
   */
  constructor(doc, onAdd) {
    Object.assign(this, { doc, onAdd });
    this.fields = isObject(doc.fields) ? doc.fields : {};
    const groups = Array.isArray(doc.groups) ? doc.groups : [];
    this.root = el('fieldset', null, { class: 'group', id: 'add-rule' });
    this.root.append(el('legend', 'Add a rule'));
    this.group = el('select', null, { id: 'add-group' });
    options(this.group, groups.map((g, i) => [String(i), `${g?.label ?? g?.id} (${g?.id})`]));
    this.field = el('select', null, { id: 'add-field' });
    options(this.field, Object.entries(this.fields).map(([name, def]) => [name, `${name} (${def?.type})`]));
    this.test = el('select', null, { id: 'add-test' });
    this.value = el('input', null, { type: 'text', id: 'add-value', 'aria-describedby': 'add-value-hint' });
    this.choice = el('select', null, { id: 'add-choice' });
    this.hint = el('span', '', { id: 'add-value-hint', class: 'hint' });
    this.points = el('input', null, { type: 'number', step: 'any', id: 'add-points', value: '10' });
    this.label = el('input', null, { type: 'text', id: 'add-label' });
    this.error = el('p', '', { id: 'add-error', class: 'status', role: 'status' });
    const add = el('button', 'Add rule', { type: 'button', id: 'add-rule-button' });
    this.valueBox = labelled('add-value', 'Value', this.value);
    this.choiceBox = labelled('add-choice', 'Value', this.choice);
    const line = el('div', null, { class: 'row wrap' });
    line.append(labelled('add-group', 'Group', this.group), labelled('add-field', 'Field', this.field),
      labelled('add-test', 'Test', this.test), this.valueBox, this.choiceBox, this.hint);
    const line2 = el('div', null, { class: 'row wrap' });
    line2.append(labelled('add-points', 'Points', this.points), labelled('add-label', 'Label (optional)', this.label), add);
    this.root.append(line, line2, this.error);
    this.field.addEventListener('change', () => this.fieldChanged());
    this.test.addEventListener('change', () => this.testChanged());
    add.addEventListener('click', () => this.add());
    if (!groups.length || !Object.keys(this.fields).length) {
      this.root.disabled = true;
      this.error.textContent = 'Rules need a group and a field: add them in the JSON first.';
    }
    this.fieldChanged();
  }

  /** The choices made so far, to keep them when the form is rebuilt. */
  get choices() {
    return { group: this.group.value, field: this.field.value, test: this.test.value };
  }

  set choices({ group, field, test }) {
    const has = (select, value) => [...select.options].some((o) => o.value === value);
    if (has(this.group, group)) this.group.value = group;
    if (has(this.field, field)) {
      this.field.value = field;
      this.fieldChanged();
    }
    if (has(this.test, test)) {
      this.test.value = test;
      this.testChanged();
    }
  }

  type() {
    return this.fields[this.field.value]?.type;
  }

  fieldChanged() {
    options(this.test, (TESTS[this.type()] ?? []).map((t) => [t, NAMES[t]]));
    this.testChanged();
  }

  testChanged() {
    const [kind, hint] = VALUE[this.test.value] ?? ['text', ''];
    const choice = kind === 'choice';
    this.valueBox.hidden = choice;
    this.choiceBox.hidden = !choice;
    if (choice) options(this.choice, CHOICES[this.test.value]);
    this.hint.textContent = hint;
  }

  /** The test's argument from the value box, or throws an Error saying what to type. */
  argument() {
    const test = this.test.value;
    const [kind] = VALUE[test];
    const text = this.value.value.trim();
    const type = this.type();
    const number = (t) => {
      const n = Number(t.trim());
      if (t.trim() === '' || !Number.isFinite(n)) throw new Error(`'${t.trim()}' is not a number`);
      return n;
    };
    const bool = (t) => {
      const v = t.trim().toLowerCase();
      if (v === 'true' || v === 'false') return v === 'true';
      throw new Error(`'${t.trim()}' is not true or false`);
    };
    const scalar = (t) => (type === 'number' ? number(t) : type === 'boolean' ? bool(t) : t.trim());
    const items = () => {
      const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
      if (!parts.length) throw new Error('type at least one value');
      return parts;
    };
    switch (kind) {
      case 'choice': return test === 'email_is' ? this.choice.value : this.choice.value === 'true';
      case 'number': return number(text);
      case 'range': {
        const parts = text.split(/[,;]/);
        if (parts.length !== 2) throw new Error('type two numbers: low, high');
        return parts.map(number);
      }
      case 'list': return items().map(scalar);
      case 'words': return items();
      default:
        if (!text) throw new Error('type a value');
        return scalar(text);
    }
  }

  /** A rule id from field and test, unique among every rule of the model. */
  newId() {
    const taken = new Set();
    for (const g of Array.isArray(this.doc.groups) ? this.doc.groups : []) {
      for (const r of Array.isArray(g?.rules) ? g.rules : []) taken.add(r?.id);
    }
    for (const s of Array.isArray(this.doc.segments) ? this.doc.segments : []) {
      for (const r of Array.isArray(s?.add) ? s.add : []) taken.add(r?.id);
    }
    const base = `${this.field.value}_${this.test.value}`.replace(/[^\w-]+/g, '_');
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    return id;
  }

  add() {
    const g = Number(this.group.value);
    const group = this.doc.groups?.[g];
    if (!isObject(group)) {
      this.error.textContent = 'Not added: that group is not an object; fix it in the JSON.';
      return;
    }
    let argument;
    try {
      argument = this.argument();
    } catch (e) {
      this.error.dataset.state = 'invalid';
      this.error.textContent = `Not added: ${e.message}.`;
      this.value.focus();
      return;
    }
    const points = Number(this.points.value);
    const rule = { id: this.newId() };
    if (this.label.value.trim()) rule.label = this.label.value.trim();
    rule.when = { field: this.field.value, [this.test.value]: argument };
    rule.points = Number.isFinite(points) ? points : 0;
    if (!Array.isArray(group.rules)) group.rules = [];
    this.error.textContent = '';
    this.onAdd({ list: group.rules, path: `groups[${g}].rules` }, rule);
  }
}
