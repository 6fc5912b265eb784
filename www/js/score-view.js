// Shows a scored batch: leads per band and the top leads. Text only (textContent).

const GRADES = ['A', 'B', 'C', 'D', 'E', 'F'];

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text;
  row.append(td);
}

/** Fill the band-count and top-lead tables from a batch (see engine.js scoreFile). */
export function showBatch(bandTable, topTable, batch, topN = 10) {
  const labels = batch.bandLabels;
  const bands = batch.bands;
  const totals = batch.totals;
  const counts = new Array(labels.length).fill(0);
  for (const b of bands) if (b < labels.length) counts[b] += 1;

  const bandBody = bandTable.tBodies[0];
  bandBody.replaceChildren(...labels.map((label, i) => {
    const tr = document.createElement('tr');
    cell(tr, label);
    cell(tr, counts[i].toLocaleString('en'));
    return tr;
  }));
  bandTable.hidden = false;

  const order = Array.from(totals.keys()).sort((a, b) => totals[b] - totals[a]).slice(0, topN);
  const rows = batch.rows;
  const grades = batch.grades;
  const handoff = batch.handoff;
  topTable.tBodies[0].replaceChildren(...order.map((i) => {
    const tr = document.createElement('tr');
    cell(tr, String(rows[i]));
    cell(tr, (Math.round(totals[i] * 100) / 100).toString());
    cell(tr, labels[bands[i]] ?? '');
    cell(tr, GRADES[grades[i]] ?? '');
    cell(tr, handoff[i] ? 'yes' : 'no');
    return tr;
  }));
  topTable.hidden = false;
}
