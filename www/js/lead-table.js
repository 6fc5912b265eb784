// The ranked table: an order of row indices (by score at first, by any shown column on
// request) filtered and paged from the typed-array columns. Only the visible page becomes DOM
// rows, and only its display cells are fetched from the worker, so a million leads cost a few
// typed arrays, not a million objects. Sorting goes through integer ranks (js/sort-order.js);
// the ranks of a text column come from the worker, which holds the cells.
import { GRADES, QUALIFICATION } from './results-view.js';
import { el, fmt, pts } from './dom.js';
import { MISSING, numberRanks, orderByRanks } from './sort-order.js';

const PAGE = 25;
const NONE = 255; // "no band / grade / tier" in the u8 columns
// Qualification codes (0 qualified, 1 not, 2 undecided, 3 not assessed) in a reader's order.
const QUALIFICATION_ORDER = [0, 2, 1, 3];

/**
 * The sortable columns over the scored columns. `first`: the direction of a first click
 * (the best or largest first for scores, A to Z for labels); `ranks(c)`: one rank per row,
 * with `missing` for rows without a value.
 */
const SCORE_COLUMNS = [
  { numeric: true, key: 'score', title: 'Score', first: 'descending', ranks: (c) => numberRanks(c.totals), show: (c, i) => pts(c.totals[i]) },
  { numeric: true, key: 'fit', title: 'Fit', first: 'descending', ranks: (c) => numberRanks(c.fit), show: (c, i) => pts(c.fit[i]) },
  { numeric: true, key: 'engagement', title: 'Engagement', first: 'descending', ranks: (c) => numberRanks(c.engagement), show: (c, i) => pts(c.engagement[i]) },
  { key: 'band', title: 'Band', first: 'ascending', ranks: (c) => c.bands, missing: NONE, show: (c, i, r) => r.bandLabels[c.bands[i]] ?? '' },
  { key: 'grade', title: 'Grade', first: 'ascending', ranks: (c) => c.grades, missing: NONE, show: (c, i) => GRADES[c.grades[i]] ?? '' },
  { key: 'matrix', title: 'Matrix', first: 'ascending', ranks: matrixRanks, show: matrixLabel },
  { key: 'qualification', title: 'Qualification', first: 'ascending', ranks: (c) => c.qualification.map((q) => QUALIFICATION_ORDER[q] ?? q), show: (c, i) => QUALIFICATION[c.qualification[i]] ?? '' },
];

function matrixRanks(c) {
  return Uint32Array.from(c.grades, (g, i) => (g === NONE || c.tiers[i] === NONE ? MISSING : g * 256 + c.tiers[i]));
}

function matrixLabel(c, i, result) {
  const grade = GRADES[c.grades[i]] ?? '';
  const tier = result.tierLabels[c.tiers[i]] ?? '';
  return grade && tier ? grade + tier : '';
}

export class LeadTable {
  /**
   * @param view {table, status, pageInfo, prev, next}
   * @param engine {cells(indices: Uint32Array): Promise<string[]> display cells, flattened;
   *   cellRanks(column): Promise<Uint32Array> ranks of display column `column`}
   * @param onReceipt (index) => void
   */
  constructor(view, engine, onReceipt) {
    Object.assign(this, { view, engine, onReceipt });
    view.prev.addEventListener('click', () => this.go(this.page - 1));
    view.next.addEventListener('click', () => this.go(this.page + 1));
  }

  /**
   * A new result: rank every row by score (ties in file order). Resolves once its first page
   * is shown.
   */
  load(result, displayHeaders) {
    this.result = result;
    this.displayHeaders = displayHeaders;
    this.ranks = new Map(); // column key -> ranks of that column, computed once per result
    this.criteria = {};
    this.columns = [
      { numeric: true, key: 'row', title: 'Row', first: 'ascending', ranks: (c) => c.rows, show: (c, i) => String(c.rows[i]) },
      ...SCORE_COLUMNS,
      ...displayHeaders.map((title, k) => ({
        key: `cell-${k}`, title, first: 'ascending', ranks: () => this.engine.cellRanks(k), cell: k,
      })),
    ];
    this.buttons = new Map();
    this.buildHead();
    const score = this.columns.find((c) => c.key === 'score');
    this.order = orderByRanks(this.rankOf(score), true);
    // "Rank" is the place by score, whatever the table is sorted by.
    this.rankByScore = new Uint32Array(this.order.length);
    for (let k = 0; k < this.order.length; k++) this.rankByScore[this.order[k]] = k + 1;
    this.sorted = { key: 'score', descending: true };
    this.showSort();
    return this.filter({});
  }

  rankOf(column) {
    if (!this.ranks.has(column.key)) this.ranks.set(column.key, column.ranks(this.result.columns));
    return this.ranks.get(column.key);
  }

  buildHead() {
    const head = document.createElement('tr');
    head.append(el('th', 'Rank', { scope: 'col', class: 'num' }));
    for (const column of this.columns) {
      const th = el('th', null, column.numeric ? { scope: 'col', class: 'num' } : { scope: 'col' });
      // A button in the header: reachable by Tab, activated by Enter or Space.
      const button = el('button', column.title, {
        type: 'button', class: 'link sort', id: `sort-${column.key}`,
      });
      button.append(el('span', '', { class: 'arrow', 'aria-hidden': 'true' }));
      button.addEventListener('click', () => this.sortBy(column));
      th.append(button);
      head.append(th);
      this.buttons.set(column.key, button);
    }
    head.append(el('th', 'Receipt', { scope: 'col' }));
    this.view.table.tHead.replaceChildren(head);
  }

  /** aria-sort on the sorted column's header (and only there), an arrow on its button. */
  showSort() {
    for (const [key, button] of this.buttons) {
      const th = button.parentElement;
      const arrow = button.querySelector('.arrow');
      if (key === this.sorted.key) {
        th.setAttribute('aria-sort', this.sorted.descending ? 'descending' : 'ascending');
        arrow.textContent = this.sorted.descending ? ' ↓' : ' ↑';
      } else {
        th.removeAttribute('aria-sort');
        arrow.textContent = '';
      }
    }
  }

  /** Sort by `column`: the other direction when it is the sorted one already. */
  async sortBy(column) {
    const descending = column.key === this.sorted.key
      ? !this.sorted.descending : column.first === 'descending';
    const ticket = (this.sortTicket = (this.sortTicket ?? 0) + 1);
    const result = this.result;
    this.view.status.textContent = `Sorting by ${column.title}…`;
    let ranks;
    try {
      ranks = await this.rankOf(column);
    } catch (e) {
      this.ranks.delete(column.key);
      if (ticket === this.sortTicket) this.view.status.textContent = `Could not sort by ${column.title}: ${e.message}`;
      return;
    }
    if (ticket !== this.sortTicket || result !== this.result) return; // overtaken meanwhile
    this.order = orderByRanks(ranks, descending, column.missing ?? MISSING);
    this.sorted = { key: column.key, descending };
    this.showSort();
    this.filter(this.criteria);
  }

  /**
   * Keep rows matching every set criterion; `mask` is the worker's search answer. Resolves
   * once the first page of them is shown.
   */
  filter(criteria) {
    this.criteria = criteria;
    const { band = '', grade = '', qualification = '', mask = null } = criteria;
    const c = this.result.columns;
    const out = new Uint32Array(this.order.length);
    let n = 0;
    // Index loops, the criteria read once: this runs over every row (millions).
    const order = this.order;
    const wanted = (value) => (value === '' ? -1 : Number(value)); // -1: any
    const [b, g, q] = [wanted(band), wanted(grade), wanted(qualification)];
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      if (b >= 0 && c.bands[i] !== b) continue;
      if (g >= 0 && c.grades[i] !== g) continue;
      if (q >= 0 && c.qualification[i] !== q) continue;
      if (mask && !mask[i]) continue;
      out[n++] = i;
    }
    this.shown = out.subarray(0, n);
    return this.go(0);
  }

  pages() {
    return Math.max(1, Math.ceil(this.shown.length / PAGE));
  }

  async go(page) {
    this.page = Math.max(0, Math.min(page, this.pages() - 1));
    const from = this.page * PAGE;
    // A copy: posting a view would copy its whole buffer to the worker.
    const indices = this.shown.slice(from, from + PAGE);
    const ticket = (this.ticket = (this.ticket ?? 0) + 1);
    let cells;
    try {
      cells = await this.engine.cells(indices);
    } catch (e) {
      if (ticket === this.ticket) this.view.status.textContent = `Could not show the leads: ${e.message}`;
      return;
    }
    if (ticket !== this.ticket) return; // a newer page was asked for meanwhile
    this.render(indices, cells);
  }

  render(indices, cells) {
    const { table, status, pageInfo, prev, next } = this.view;
    const c = this.result.columns;
    const width = this.displayHeaders.length;
    table.tBodies[0].replaceChildren(...Array.from(indices, (i, k) => {
      const tr = document.createElement('tr');
      tr.append(el('td', fmt(this.rankByScore[i]), { class: 'num' }));
      for (const column of this.columns) {
        const text = column.cell === undefined ? column.show(c, i, this.result) : cells[k * width + column.cell];
        tr.append(el('td', text ?? '', column.numeric ? { class: 'num' } : {}));
      }
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
