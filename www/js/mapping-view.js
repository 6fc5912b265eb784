// The column-mapping screen: one select per model field, the suggested column chosen, sample
// values of the chosen column, and a warning listing the fields no column feeds.
import { el } from './dom.js';

const SAMPLE_CHARS = 60;

/**
 * Fill the mapping table from an inspection (worker `inspect-file`). `kept` is the user's
 * earlier choice for the same file (field -> column, '' for unmapped), which wins over the
 * suggestion when the model is reloaded.
 * @returns {() => Record<string, string>} reads the choices: field -> column index as text, ''
 *   when unmapped (see toMapping)
 */
export function showMapping(table, warning, info, kept = {}) {
  const body = table.tBodies[0];
  const selects = [];
  const refresh = () => {
    const unmapped = selects.filter(({ select }) => select.value === '').map(({ field }) => field);
    warning.hidden = unmapped.length === 0;
    warning.textContent = unmapped.length
      ? `Not mapped (rules on these fields never fire; receipts list them as missing): ${unmapped.join(', ')}`
      : '';
  };
  body.replaceChildren(...info.fields.map(({ field, column, how }) => {
    const id = `map-${field}`;
    const select = el('select', null, { id, 'data-field': field });
    select.append(el('option', '(not mapped)', { value: '' }));
    info.header.forEach((name, i) => {
      select.append(el('option', `${i + 1}: ${name || '(no name)'}`, { value: String(i) }));
    });
    const suggested = column === null || column === undefined ? '' : String(column);
    select.value = field in kept && kept[field] < info.header.length ? kept[field] : suggested;
    const samples = el('td', null, { class: 'samples' });
    const showSamples = () => {
      const c = select.value === '' ? -1 : Number(select.value);
      const values = c < 0 ? [] : info.sample.map((r) => r[c] ?? '').filter((v) => v !== '');
      const text = values.join(' · ');
      samples.textContent = text.length > SAMPLE_CHARS ? `${text.slice(0, SAMPLE_CHARS)}…` : text;
    };
    select.addEventListener('change', () => { showSamples(); refresh(); });
    showSamples();
    selects.push({ field, select });
    const tr = document.createElement('tr');
    const label = el('label', field, { for: id });
    const th = el('th', null, { scope: 'row' });
    th.append(label);
    if (how) th.append(el('span', ` (${how})`, { class: 'hint' }));
    const td = el('td');
    td.append(select);
    tr.append(th, td, samples);
    return tr;
  }));
  refresh();
  return () => Object.fromEntries(selects.map(({ field, select }) => [field, select.value]));
}

/** The engine's mapping from the choices: field -> column index, unmapped fields left out. */
export function toMapping(choices) {
  return Object.fromEntries(Object.entries(choices)
    .filter(([, column]) => column !== '')
    .map(([field, column]) => [field, Number(column)]));
}

/**
 * The columns shown in the ranked table (and searched): name-like columns first, then the
 * columns of the first mapped fields; five at most.
 */
export function displayColumns(header, mapping) {
  const out = [];
  header.forEach((name, i) => {
    if (/name|e-?mail/i.test(name) && out.length < 4) out.push(i);
  });
  for (const column of Object.values(mapping)) {
    if (out.length >= 5) break;
    if (!out.includes(column)) out.push(column);
  }
  return out;
}
