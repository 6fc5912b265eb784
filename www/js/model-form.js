// The rules editor: every rule of the model, by group, with its condition as text and its
// points (and per-unit points, caps and decay where the rule has them) in number inputs; a
// rule can be switched off ("enabled": false) or deleted; the grade, bands, tiers and handoff
// have their thresholds here too. New rules come from js/rule-adder.js.
//
// The form edits the parsed model object in place and hands it back after every change
// (`onEdit`), so keys it does not show are never dropped. It is rebuilt from the JSON text when
// that is edited (`showText`). Validation problems are placed next to what their path names
// (`markProblems`).
import { el } from './dom.js';
import { conditionText } from './condition-text.js';
import { RuleAdder } from './rule-adder.js';

const RULE_PATH = /^(groups\[\d+\]\.rules\[\d+\]|segments\[\d+\]\.add\[\d+\])/;
const GROUP_PATH = /^groups\[\d+\]/;
const THRESHOLD_PATH = /^(bands|handoff|grade|engagement_tiers|min|max)(\.|\[|$)/;

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

export class ModelForm {
  /**
   * @param {HTMLElement} root an empty container
   * @param {(doc: object) => void} onEdit called with the edited model after each change
   */
  constructor(root, onEdit) {
    this.onEdit = onEdit;
    this.note = el('p', '', { class: 'hint', role: 'status', id: 'form-note' });
    this.body = el('div');
    root.append(
      el('h3', 'Rules and points', { id: 'rules-heading' }),
      el('p', 'Change points, switch rules off or add rules here, or edit the JSON below: each updates the other.', { class: 'hint' }),
      this.note, this.body);
    this.text = null; // the JSON text the form shows
    this.opened = new Set(); // paths of the groups the user opened
  }

  /** Rebuild from JSON text; a text that is not a model object leaves a note instead. */
  showText(text) {
    this.text = text;
    let doc;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      this.unreadable(`The JSON below cannot be read (${e.message}); fix it there to use this form.`);
      return;
    }
    if (!isObject(doc)) {
      this.unreadable('The model must be a JSON object; fix it below to use this form.');
      return;
    }
    this.show(doc);
  }

  unreadable(message) {
    this.doc = null;
    this.body.replaceChildren(el('p', message, { class: 'warning', id: 'form-unreadable' }));
  }

  /** Render `doc` (kept, and edited in place). */
  show(doc) {
    this.doc = doc;
    this.inputs = new Map(); // JSON path -> input, for problems that name a value
    const groups = Array.isArray(doc.groups) ? doc.groups : [];
    const extras = this.segmentRules(doc);
    const parts = groups.map((group, g) => this.groupView(group, g, extras.filter((x) => x.rule.group === group?.id)));
    if (!Array.isArray(doc.groups)) parts.push(el('p', 'This model has no "groups" list: add one in the JSON.', { class: 'warning' }));
    parts.push(this.thresholdsView(doc));
    const choices = this.adder?.choices;
    this.adder = new RuleAdder(doc, (where, rule) => this.added(where, rule));
    if (choices) this.adder.choices = choices;
    parts.push(this.adder.root);
    this.body.replaceChildren(...parts);
  }

  /** Rules that segments add to groups: {rule, path, segment}. */
  segmentRules(doc) {
    const out = [];
    (Array.isArray(doc.segments) ? doc.segments : []).forEach((segment, s) => {
      (Array.isArray(segment?.add) ? segment.add : []).forEach((rule, a) => {
        if (isObject(rule)) out.push({ rule, path: `segments[${s}].add[${a}]`, segment, list: segment.add, index: a });
      });
    });
    return out;
  }

  edited() {
    this.onEdit(this.doc);
  }

  /**
   * A group, folded (a model has dozens of rules): its summary names it and counts its rules;
   * it opens by itself when it holds a problem, and stays open across rebuilds.
   */
  groupView(group, g, extras) {
    const path = `groups[${g}]`;
    const box = el('details', null, { class: 'group', 'data-path': path });
    box.open = this.opened.has(path);
    box.addEventListener('toggle', () => (box.open ? this.opened.add(path) : this.opened.delete(path)));
    if (!isObject(group)) {
      box.append(el('summary', `Group ${g + 1}`), el('p', 'Not an object: edit it in the JSON.', { class: 'warning' }));
      return box;
    }
    const count = (Array.isArray(group.rules) ? group.rules.length : 0) + extras.length;
    const name = `${group.label ?? group.id} (${group.dimension})`;
    box.append(el('summary', `${name}: ${count} rule${count === 1 ? '' : 's'}`, { id: `group-${g}-name` }));
    const limits = el('div', null, { class: 'row' });
    limits.append(
      ...this.number(group, 'min', `${path}.min`, 'Group minimum', `group-${g}-name`),
      ...this.number(group, 'max', `${path}.max`, 'Group maximum', `group-${g}-name`));
    box.append(limits, el('ul', null, { class: 'problems', 'data-for': path }));
    const rules = el('ol', null, { class: 'rules' });
    (Array.isArray(group.rules) ? group.rules : []).forEach((rule, r) => {
      rules.append(this.ruleView(rule, `${path}.rules[${r}]`, group.rules, r, null));
    });
    for (const extra of extras) rules.append(this.ruleView(extra.rule, extra.path, extra.list, extra.index, extra.segment));
    box.append(rules);
    return box;
  }

  /** One rule: on/off, name, condition, values, delete; `list[index]` is the rule. */
  ruleView(rule, path, list, index, segment) {
    const id = `rule-${path.replace(/\W+/g, '-')}`;
    const item = el('li', null, { class: 'rule', 'data-path': path, id });
    if (!isObject(rule)) {
      item.append(el('p', `${path}: not an object; edit it in the JSON.`, { class: 'warning' }));
      return item;
    }
    const nameId = `${id}-name`;
    const head = el('div', null, { class: 'rule-head' });
    const values = el('span', null, { class: 'values' });
    const on = el('input', null, { type: 'checkbox', id: `${id}-on`, 'aria-describedby': nameId });
    on.checked = rule.enabled !== false;
    item.classList.toggle('off', !on.checked);
    on.addEventListener('change', () => {
      if (on.checked) delete rule.enabled;
      else rule.enabled = false;
      item.classList.toggle('off', !on.checked);
      this.edited();
    });
    const name = el('span', null, { id: nameId, class: 'rule-name' });
    name.append(el('strong', rule.label ?? rule.id ?? '(no id)'), ' ', el('code', rule.id ?? ''));
    if (segment) name.append(el('span', ` (segment ${segment.label ?? segment.id} only)`, { class: 'hint' }));
    const remove = el('button', 'Delete', {
      type: 'button', class: 'secondary', id: `${id}-delete`, 'aria-describedby': nameId,
    });
    remove.addEventListener('click', () => this.remove(list, index, rule, path));
    values.append(...this.number(rule, 'points', `${path}.points`, 'Points', nameId));
    if (isObject(rule.per)) values.append(...this.number(rule.per, 'points', `${path}.per.points`, `Points per ${rule.per.field}`, nameId, true));
    if ('min' in rule) values.append(...this.number(rule, 'min', `${path}.min`, 'At least', nameId));
    if ('max' in rule) values.append(...this.number(rule, 'max', `${path}.max`, 'At most', nameId));
    if (isObject(rule.decay)) values.append(...this.number(rule.decay, 'half_life_days', `${path}.decay.half_life_days`, `Half-life in days (${rule.decay.field})`, nameId, true));

    head.append(on, el('label', 'On', { for: `${id}-on`, class: 'inline' }), name, values, remove);
    item.append(head, el('p', `When ${conditionText(rule.when)}`, { class: 'when' }),
      el('ul', null, { class: 'problems', 'data-for': path }));
    return item;
  }

  /**
   * A labelled number input bound to `obj[key]`. Emptying it removes an optional key; a
   * `required` key keeps its value until a number is typed (the input says it is invalid).
   * @returns {[HTMLLabelElement, HTMLInputElement]}
   */
  number(obj, key, path, label, describedBy, required = false) {
    const id = `in-${path.replace(/\W+/g, '-')}`;
    const input = el('input', null, {
      type: 'number', step: 'any', id, 'data-path': path, 'aria-describedby': describedBy,
    });
    if (typeof obj[key] === 'number') input.value = String(obj[key]);
    input.addEventListener('input', () => {
      const text = input.value.trim();
      const value = Number(text);
      if (text === '' && !required && !input.validity.badInput) {
        delete obj[key];
      } else if (text === '' || !Number.isFinite(value)) {
        input.setAttribute('aria-invalid', 'true');
        return;
      } else {
        obj[key] = value;
      }
      input.removeAttribute('aria-invalid');
      this.edited();
    });
    this.inputs.set(path, input);
    return [el('label', label, { for: id, class: 'inline' }), input];
  }

  thresholdsView(doc) {
    const box = el('fieldset', null, { class: 'group', id: 'thresholds', 'data-path': 'thresholds' });
    box.append(el('legend', 'Grade, bands and handoff', { id: 'thresholds-name' }));
    const row = (...children) => {
      const div = el('div', null, { class: 'row wrap' });
      div.append(...children);
      return div;
    };
    const bands = Array.isArray(doc.bands) ? doc.bands : [];
    if (bands.length) {
      box.append(row(el('span', 'Bands (minimum total score):', { class: 'hint' }),
        ...bands.flatMap((band, i) => (isObject(band) && ('min' in band || i < bands.length - 1)
          ? this.number(band, 'min', `bands[${i}].min`, String(band.label), 'thresholds-name')
          : [el('span', `${band?.label}: the rest`)]))));
      box.append(this.handoffView(doc, bands));
    }
    if (isObject(doc.grade)) {
      box.append(row(el('span', 'Grade (minimum fit score):', { class: 'hint' }),
        ...Object.keys(doc.grade).flatMap((letter) => this.number(doc.grade, letter, `grade.${letter}`, letter, 'thresholds-name', true))));
    }
    const tiers = Array.isArray(doc.engagement_tiers) ? doc.engagement_tiers : [];
    if (tiers.length) {
      box.append(row(el('span', 'Engagement tiers (minimum engagement):', { class: 'hint' }),
        ...tiers.flatMap((tier, i) => (isObject(tier) && ('min' in tier || i < tiers.length - 1)
          ? this.number(tier, 'min', `engagement_tiers[${i}].min`, `Tier ${tier.label}`, 'thresholds-name')
          : []))));
    }
    box.append(row(...this.number(doc, 'min', 'min', 'Total minimum', 'thresholds-name'),
      ...this.number(doc, 'max', 'max', 'Total maximum', 'thresholds-name')));
    box.append(el('ul', null, { class: 'problems', 'data-for': 'thresholds' }));
    return box;
  }

  handoffView(doc, bands) {
    const div = el('div', null, { class: 'row wrap' });
    const select = el('select', null, { id: 'handoff-band', 'data-path': 'handoff.band' });
    select.append(el('option', '(no handoff)', { value: '' }),
      ...bands.map((b) => el('option', String(b?.label), { value: String(b?.label) })));
    select.value = isObject(doc.handoff) ? String(doc.handoff.band ?? '') : '';
    const hold = el('input', null, { type: 'checkbox', id: 'handoff-hold' });
    hold.checked = !isObject(doc.handoff) || doc.handoff.unless_disqualified !== false;
    hold.disabled = !isObject(doc.handoff);
    select.addEventListener('change', () => {
      if (select.value === '') {
        delete doc.handoff;
      } else {
        if (!isObject(doc.handoff)) doc.handoff = {};
        doc.handoff.band = select.value;
      }
      hold.disabled = !isObject(doc.handoff);
      this.edited();
    });
    hold.addEventListener('change', () => {
      if (!isObject(doc.handoff)) return;
      if (hold.checked) delete doc.handoff.unless_disqualified;
      else doc.handoff.unless_disqualified = false;
      this.edited();
    });
    this.inputs.set('handoff.band', select);
    div.append(el('label', 'Hand leads to sales from band', { for: 'handoff-band', class: 'inline' }), select,
      hold, el('label', 'unless they are disqualified', { for: 'handoff-hold', class: 'inline' }));
    return div;
  }

  remove(list, index, rule, path) {
    list.splice(index, 1);
    this.edited();
    this.show(this.doc);
    // Focus stays in the list: the rule that took its place, else the one before, else the
    // group's first input.
    const container = path.replace(/\[\d+\]$/, '');
    const next = [index, index - 1].map((i) => this.body.querySelector(`li.rule[data-path="${container}[${i}]"] button`)).find(Boolean);
    (next ?? this.body.querySelector(`[data-path="${container.replace(/\.(rules|add)$/, '')}"] input`)
      ?? this.adder.group).focus();
    this.note.textContent = `Rule ${rule.id ?? ''} deleted.`;
  }

  added({ list, path }, rule) {
    list.push(rule);
    this.opened.add(path.replace(/\.rules$/, ''));
    this.edited();
    this.show(this.doc);
    this.body.querySelector(`[data-path="${path}[${list.length - 1}].points"]`)?.focus();
    this.note.textContent = `Rule ${rule.id} added.`;
  }

  /** Put each problem next to the rule, group or threshold its path names. */
  markProblems(problems) {
    for (const list of this.body.querySelectorAll('ul.problems[data-for]')) list.replaceChildren();
    for (const input of this.inputs?.values() ?? []) input.removeAttribute('aria-invalid');
    if (!this.doc) return;
    for (const { path, message } of problems) {
      const where = RULE_PATH.exec(path)?.[1] ?? GROUP_PATH.exec(path)?.[0]
        ?? (THRESHOLD_PATH.test(path) ? 'thresholds' : null);
      const list = where && this.body.querySelector(`ul.problems[data-for="${where}"]`);
      if (!list) continue;
      const item = el('li');
      item.append(el('code', path, { class: 'path' }), el('span', message, { class: 'message' }));
      list.append(item);
      this.inputs.get(path)?.setAttribute('aria-invalid', 'true');
      const group = list.closest('details');
      if (group) group.open = true;
    }
  }
}
