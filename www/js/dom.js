// Tiny DOM helpers. User content only ever goes in through textContent, never parsed as HTML.

/** An element with text (set through textContent) and attributes. */
export function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

/** A table row of cells (`th` for the first when `header`). */
export function row(cells, { header = false } = {}) {
  const tr = document.createElement('tr');
  cells.forEach((cell, i) => {
    if (cell instanceof Node) {
      const td = el(header && i === 0 ? 'th' : 'td');
      td.append(cell);
      tr.append(td);
    } else {
      tr.append(el(header && i === 0 ? 'th' : 'td', cell, header && i === 0 ? { scope: 'row' } : {}));
    }
  });
  return tr;
}

export const fmt = (n) => n.toLocaleString('en');
export const pts = (x) => String(Math.round(x * 100) / 100);
export const pct = (part, whole) => (whole ? `${(100 * part / whole).toFixed(1)}%` : '–');

/** Save bytes as a file: an <a download> to a blob: URL (no request leaves the page). */
export function download(bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = el('a', null, { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
