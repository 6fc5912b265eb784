// The ranked table: an index of rows sorted by score and filtered, paged from the typed-array
// columns. Only the visible page becomes DOM rows, and only its display cells are fetched
// from the worker, so a million leads cost a few typed arrays, not a million objects.
import { GRADES, QUALIFICATION } from './results-view.js';
import { el, fmt, pts } from './dom.js';

const PAGE = 25;

export class LeadTable {
  /**
   * @param view {table, status, pageInfo, prev, next}
   * @param fetchCells (indices: Uint32Array) => Promise<string[]> display cells, flattened
   * @param onReceipt (index) => void
   */
  constructor(view, fetchCells, onReceipt) {
    Object.assign(this, { view, fetchCells, onReceipt });
    view.prev.addEventListener('click', () => this.go(this.page - 1));
    view.next.addEventListener('click', () => this.go(this.page + 1));
  }

  /** A new result: rank every row by score once (ties by file order). */
  load(result, displayHeaders) {
    this.result = result;
    this.displayHeaders = displayHeaders;
    const totals = result.columns.totals;
    this.ranked = Uint32Array.from({ length: result.rowCount }, (_, i) => i)
      .sort((a, b) => totals[b] - totals[a] || a - b);
    this.descending = true;
    this.filter({});
  }

  /** Keep rows matching every set criterion; `mask` is the worker's search answer. */
  filter({ band = '', grade = '', qualification = '', mask = null }) {
    const c = this.result.columns;
    const out = new Uint32Array(this.ranked.length);
    let n = 0;
    for (const i of this.ranked) {
      if (band !== '' && c.bands[i] !== Number(band)) continue;
      if (grade !== '' && c.grades[i] !== Number(grade)) continue;
      if (qualification !== '' && c.qualification[i] !== Number(qualification)) continue;
      if (mask && !mask[i]) continue;
      out[n++] = i;
    }
    this.shown = out.subarray(0, n);
    this.go(0);
  }

  toggleSort() {
    this.descending = !this.descending;
    this.go(0);
  }

  pages() {
    return Math.max(1, Math.ceil(this.shown.length / PAGE));
  }

  /** The row index at position `k` of the current order. */
  at(k) {
    return this.descending ? this.shown[k] : this.shown[this.shown.length - 1 - k];
  }

  async go(page) {
    this.page = Math.max(0, Math.min(page, this.pages() - 1));
    const from = this.page * PAGE;
    const count = Math.min(PAGE, this.shown.length - from);
    const indices = Uint32Array.from({ length: Math.max(0, count) }, (_, k) => this.at(from + k));
    const ticket = (this.ticket = (this.ticket ?? 0) + 1);
    const cells = await this.fetchCells(indices);
    if (ticket !== this.ticket) return; // a newer page was asked for meanwhile
    this.render(indices, cells, from);
  }

  render(indices, cells, from) {
    const { table, status, pageInfo, prev, next } = this.view;
    const c = this.result.columns;
    const width = this.displayHeaders.length;
    const sort = el('button', `Score ${this.descending ? '↓' : '↑'}`, {
      type: 'button', class: 'link', id: 'sort-score',
      'aria-label': `Score, sorted ${this.descending ? 'high to low' : 'low to high'}; activate to reverse`,
    });
    sort.addEventListener('click', () => this.toggleSort());
    const head = document.createElement('tr');
    const scoreTh = el('th', null, { scope: 'col', 'aria-sort': this.descending ? 'descending' : 'ascending' });
    scoreTh.append(sort);
    head.append(el('th', 'Rank', { scope: 'col' }), el('th', 'Row', { scope: 'col' }), scoreTh,
      ...['Band', 'Grade', 'Matrix', 'Qualification'].map((h) => el('th', h, { scope: 'col' })),
      ...this.displayHeaders.map((h) => el('th', h, { scope: 'col' })),
      el('th', 'Receipt', { scope: 'col' }));
    table.tHead.replaceChildren(head);
    const { bandLabels, tierLabels } = this.result;
    table.tBodies[0].replaceChildren(...Array.from(indices, (i, k) => {
      const tr = document.createElement('tr');
      const grade = GRADES[c.grades[i]] ?? '';
      const tier = tierLabels[c.tiers[i]] ?? '';
      const values = [fmt(from + k + 1), String(c.rows[i]), pts(c.totals[i]), bandLabels[c.bands[i]] ?? '',
        grade, grade && tier ? grade + tier : '', QUALIFICATION[c.qualification[i]] ?? '',
        ...cells.slice(k * width, (k + 1) * width)];
      tr.append(...values.map((v) => el('td', v)));
      const open = el('button', 'Receipt', { type: 'button', class: 'secondary', 'aria-label': `Receipt of row ${c.rows[i]}` });
      open.addEventListener('click', () => this.onReceipt(i));
      const td = el('td');
      td.append(open);
      tr.append(td);
      return tr;
    }));
    status.textContent = `${fmt(this.shown.length)} of ${fmt(this.result.rowCount)} leads`;
    pageInfo.textContent = `Page ${fmt(this.page + 1)} of ${fmt(this.pages())}`;
    prev.disabled = this.page === 0;
    next.disabled = this.page >= this.pages() - 1;
  }
}
