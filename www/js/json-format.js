// Model JSON as people write it: indented, but short arrays and objects on one line (a rule's
// `when`, a list of phrases), so a model edited in the form still reads like the built-ins.

const WIDTH = 100;

/** `value` as JSON text: objects and arrays that fit in the line stay on it. */
export function formatJson(value) {
  return format(value, '', 0) + '\n';
}

function inline(value) {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length
      ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(', ')} }`
      : '{}';
  }
  return JSON.stringify(value);
}

/** @param lead characters already on the line before the value (indent and key) */
function format(value, indent, lead) {
  const one = inline(value);
  if (value === null || typeof value !== 'object' || lead + one.length <= WIDTH) return one;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return packed(value, indent);
    const items = value.map((v) => inner + format(v, inner, inner.length));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const items = Object.entries(value).map(([k, v]) => {
    const key = `${JSON.stringify(k)}: `;
    return inner + key + format(v, inner, inner.length + key.length);
  });
  return `{\n${items.join(',\n')}\n${indent}}`;
}

/** A long list of plain values: as many on each line as fit. */
function packed(values, indent) {
  const inner = `${indent}  `;
  const lines = [];
  let line = '';
  for (const text of values.map((v) => JSON.stringify(v))) {
    if (line && inner.length + line.length + text.length + 2 > WIDTH) {
      lines.push(`${inner}${line},`);
      line = '';
    }
    line = line ? `${line}, ${text}` : text;
  }
  lines.push(inner + line);
  return `[\n${lines.join('\n')}\n${indent}]`;
}
