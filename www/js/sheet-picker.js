// The worksheet picker of a workbook with several sheets. The engine reads the first sheet
// with data unless told otherwise; the picker shows which one it read and offers the others.
import { el } from './dom.js';

/**
 * Fill `select` with the workbook's sheets, the one read chosen; `row` (the picker and its
 * label) is hidden for text files and single-sheet workbooks.
 * @param {{sheet: string | null, sheets: string[]}} info an inspection (worker `inspect-file`)
 */
export function showSheets(select, row, info) {
  const sheets = info.sheets ?? [];
  row.hidden = sheets.length < 2;
  select.replaceChildren(...sheets.map((name) => el('option', name, { value: name })));
  if (info.sheet) select.value = info.sheet;
}
