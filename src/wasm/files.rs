//! Spreadsheets through the boundary: inspect and score whole files (bytes or pulled
//! chunks in, typed-array columns out), receipts of single rows and scored exports.
//!
//! Only with the `spreadsheets` feature: the chat widget's wasm build leaves this out (and with
//! it csv, calamine and rust_xlsxwriter) to stay small.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

use indexmap::IndexMap;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{js_error, to_js, JsScorer};

mod parts;

use crate::engine::{LeadScore, Mapping, QualState, Record, Scorer, Scratch, Summary};
use crate::model::Model;
use crate::table::{self, Row};
use parts::PartBlock;
pub use parts::{csv_delimiter, cut_after_terminator, BlockScorer};

#[wasm_bindgen(js_class = Scorer)]
impl JsScorer {
    /// Score every row of a CSV/XLSX/XLS/ODS file. `mapping` is `{ field: columnIndex }`, or
    /// `null` to map columns automatically from the header.
    #[wasm_bindgen(js_name = scoreFile)]
    pub fn score_file(
        &self,
        bytes: &[u8],
        file_name: Option<String>,
        mapping: JsValue,
    ) -> Result<Batch, JsError> {
        let rows = table::open_bytes(bytes, file_name.as_deref()).map_err(js_error)?;
        self.score_rows(rows, mapping, Vec::new(), None, None)
    }

    /// What the page shows before scoring: `{ format, header, sample: string[][], sheet,
    /// sheets, fields: [{ field, column, header, how }], unusedColumns, warnings }` for a file
    /// given whole (workbooks) and its first `sampleRows` rows. `sheet` names the worksheet
    /// to read (absent: the first with data); `sheets` lists them all for a picker.
    #[wasm_bindgen(js_name = inspectBytes)]
    pub fn inspect_bytes(
        &self,
        bytes: &[u8],
        file_name: Option<String>,
        sample_rows: usize,
        sheet: Option<String>,
    ) -> Result<JsValue, JsError> {
        let mut rows = table::open_bytes_sheet(bytes, file_name.as_deref(), sheet.as_deref())
            .map_err(js_error)?;
        let sheet = rows.sheet_name().map(str::to_string);
        let sheets = rows.sheet_names().to_vec();
        let format = rows.format().as_str();
        let header = rows.header().to_vec();
        let sample = take_sample(&mut rows, sample_rows);
        let warnings = rows.warnings();
        self.inspection(format, header, sample, sheet, sheets, warnings)
    }

    /// [`JsScorer::inspect_bytes`] for delimited text pulled in chunks: `pull()` returns the
    /// next `Uint8Array`, empty at the end. Reads only as far as the sample needs.
    #[wasm_bindgen(js_name = inspectStream)]
    pub fn inspect_stream(
        &self,
        pull: js_sys::Function,
        sample_rows: usize,
    ) -> Result<JsValue, JsError> {
        let mut rows = table::open_csv(JsChunks::new(pull)).map_err(js_error)?;
        let header = rows.header().to_vec();
        let sample = take_sample(&mut rows, sample_rows);
        let warnings = rows.warnings().to_vec();
        self.inspection("csv", header, sample, None, Vec::new(), warnings)
    }

    /// Score a workbook (or small text file) given whole. `mapping` is `{ field: column }`
    /// (`null`: suggested from the header); `display` the columns whose text is kept for the
    /// ranked table and its search; `progress(rowsDone, bytesRead)` is called every
    /// [`PROGRESS_EVERY`] rows; `sheet` as in [`JsScorer::inspect_bytes`].
    #[wasm_bindgen(js_name = scoreBytes)]
    pub fn score_bytes(
        &self,
        bytes: &[u8],
        file_name: Option<String>,
        mapping: JsValue,
        display: Vec<u32>,
        progress: Option<js_sys::Function>,
        sheet: Option<String>,
    ) -> Result<Batch, JsError> {
        let rows = table::open_bytes_sheet(bytes, file_name.as_deref(), sheet.as_deref())
            .map_err(js_error)?;
        let keep = rows.format().is_workbook().then(Texts::default);
        self.score_rows(rows, mapping, display, progress, keep)
    }

    /// Score delimited text of any size, pulled in chunks (see [`JsScorer::inspect_stream`]):
    /// memory stays bounded by the chunk size plus a few numbers per row. The batch keeps each
    /// row's byte offset ([`Batch::spans`]) so a row can be read again for its receipt.
    /// `totalBytes`, the file's size, lets the batch size its columns once from the first
    /// rows instead of growing them by doubling (which leaves up to half of them unused).
    #[wasm_bindgen(js_name = scoreStream)]
    pub fn score_stream(
        &self,
        pull: js_sys::Function,
        mapping: JsValue,
        display: Vec<u32>,
        progress: Option<js_sys::Function>,
        total_bytes: Option<f64>,
    ) -> Result<Batch, JsError> {
        let chunks = JsChunks::new(pull);
        let bytes_read = chunks.bytes_read.clone();
        let rows = table::open_csv(chunks).map_err(js_error)?;
        let delimiter = rows.delimiter();
        let mut batch = self.score_rows(
            ChunkRows {
                rows,
                bytes_read: bytes_read.clone(),
                total_bytes,
            },
            mapping,
            display,
            progress,
            None,
        )?;
        batch.delimiter = Some(delimiter);
        Ok(batch)
    }
}

/// After how many rows a streamed batch sizes its columns for the whole file.
const SIZING_ROWS: u64 = 4096;

/// The most rows a batch reserves room for up front (a sanity bound on a size hint).
const MAX_RESERVED_ROWS: usize = 20_000_000;

/// The rows of an input of `total` bytes whose first `rows` rows took `bytes`: those rows
/// scaled by the bytes to come, plus a margin (0 when nothing was read yet).
fn estimated_rows(rows: u64, bytes: f64, total: f64) -> usize {
    if bytes > 0.0 {
        (rows as f64 * total / bytes * 1.05).min(MAX_RESERVED_ROWS as f64) as usize
    } else {
        0
    }
}

/// How often scoring reports progress, in rows.
pub const PROGRESS_EVERY: u64 = 10_000;

/// How many row errors, row notes and cell problems a batch lists with their place: a file
/// where every row is odd must not turn into a million strings. The rest are counted.
const MAX_LISTED: usize = 200;

impl JsScorer {
    fn inspection(
        &self,
        format: &'static str,
        header: Vec<String>,
        sample: Vec<Vec<String>>,
        sheet: Option<String>,
        sheets: Vec<String>,
        warnings: Vec<String>,
    ) -> Result<JsValue, JsError> {
        let report = table::suggest(&self.model, &header);
        to_js(&Inspection {
            format,
            header,
            sample,
            sheet,
            sheets,
            fields: report.fields,
            unused_columns: report.unused_columns,
            warnings,
        })
    }

    fn mapping(&self, mapping: JsValue, header: &[String]) -> Result<Mapping, JsError> {
        if mapping.is_null() || mapping.is_undefined() {
            return Ok(table::suggest(&self.model, header).mapping);
        }
        let pairs: IndexMap<String, usize> =
            serde_wasm_bindgen::from_value(mapping).map_err(|e| {
                JsError::new(&format!(
                    "mapping is an object of field: column index ({e})"
                ))
            })?;
        for (field, column) in &pairs {
            if *column >= header.len() {
                return Err(JsError::new(&format!(
                    "mapping.{field}: column {column} does not exist (the file has {} columns)",
                    header.len()
                )));
            }
        }
        Ok(pairs.into_iter().collect())
    }

    fn score_rows<I>(
        &self,
        mut rows: I,
        mapping: JsValue,
        display: Vec<u32>,
        progress: Option<js_sys::Function>,
        mut keep: Option<Texts>,
    ) -> Result<Batch, JsError>
    where
        I: HasHeader + Iterator<Item = Result<Row, table::RowError>>,
    {
        let header = rows.header_cells().to_vec();
        let mapping = self.mapping(mapping, &header)?;
        let scorer = Scorer::new(&self.model, &mapping, self.options).map_err(js_error)?;
        let mut batch = Batch::for_scorer(&self.model, &scorer, header, display);
        let mut scratch = scorer.scratch();
        let report = |done: u64, bytes: f64| report_progress(progress.as_ref(), done, bytes);
        let mut seen: u64 = 0;
        while let Some(item) = rows.next() {
            seen += 1;
            match item {
                Ok(row) => {
                    batch.add_row(&scorer, &mut scratch, &row, keep.as_mut());
                    rows.recycle(row);
                }
                Err(e) => batch.add_unreadable(&e),
            }
            // Sized whatever this row was (an unreadable one too), once.
            if seen == SIZING_ROWS {
                if let (Some(total), Some(&at)) = (rows.total_bytes(), batch.spans.last()) {
                    batch.reserve_for(seen, at, total);
                }
            }
            if seen % PROGRESS_EVERY == 0 {
                report(seen, rows.bytes_read())?;
            }
        }
        report(seen, rows.bytes_read())?;
        batch.file_warnings = rows.file_warnings();
        batch.stored = keep;
        batch.engine = Some(scorer);
        Ok(batch)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Inspection {
    format: &'static str,
    header: Vec<String>,
    sample: Vec<Vec<String>>,
    sheet: Option<String>,
    sheets: Vec<String>,
    fields: Vec<table::FieldMatch>,
    unused_columns: Vec<usize>,
    warnings: Vec<String>,
}

/// Call `progress(done, bytes)`, if there is one; an exception it throws stops the job.
fn report_progress(
    progress: Option<&js_sys::Function>,
    done: u64,
    bytes: f64,
) -> Result<(), JsError> {
    if let Some(f) = progress {
        f.call2(
            &JsValue::NULL,
            &JsValue::from(done as f64),
            &JsValue::from(bytes),
        )
        .map_err(|e| JsError::new(&js_message(&e)))?;
    }
    Ok(())
}

/// Append `items` while `list` is shorter than [`MAX_LISTED`]; how many did not fit.
pub(super) fn listed(list: &mut Vec<String>, items: impl Iterator<Item = String>) -> u64 {
    let mut left_out = 0;
    for item in items {
        if list.len() < MAX_LISTED {
            list.push(item);
        } else {
            left_out += 1;
        }
    }
    left_out
}

fn take_sample(
    rows: &mut impl Iterator<Item = Result<Row, table::RowError>>,
    n: usize,
) -> Vec<Vec<String>> {
    rows.filter_map(Result::ok)
        .take(n)
        .map(|r| r.cells.iter().map(str::to_string).collect())
        .collect()
}

/// What [`JsScorer::score_rows`] needs from a row source besides the rows.
trait HasHeader {
    fn header_cells(&self) -> &[String];
    fn file_warnings(&self) -> Vec<String>;
    fn bytes_read(&self) -> f64 {
        0.0
    }
    /// Take a scored row's buffers back for the next row (streamed CSV); dropped otherwise.
    fn recycle(&mut self, _row: Row) {}
    /// The whole input's size in bytes, when known before the end.
    fn total_bytes(&self) -> Option<f64> {
        None
    }
}

impl HasHeader for table::TableReader<'_> {
    fn header_cells(&self) -> &[String] {
        self.header()
    }
    fn file_warnings(&self) -> Vec<String> {
        self.warnings()
    }
}

/// Streamed CSV rows plus the count of bytes pulled so far (for progress).
struct ChunkRows {
    rows: table::CsvRows<JsChunks>,
    bytes_read: Rc<Cell<f64>>,
    total_bytes: Option<f64>,
}

impl Iterator for ChunkRows {
    type Item = Result<Row, table::RowError>;
    fn next(&mut self) -> Option<Self::Item> {
        self.rows.next()
    }
}

impl HasHeader for ChunkRows {
    fn header_cells(&self) -> &[String] {
        self.rows.header()
    }
    fn file_warnings(&self) -> Vec<String> {
        self.rows.warnings().to_vec()
    }
    fn bytes_read(&self) -> f64 {
        self.bytes_read.get()
    }
    fn recycle(&mut self, row: Row) {
        self.rows.recycle(row);
    }
    fn total_bytes(&self) -> Option<f64> {
        self.total_bytes
    }
}

/// A `std::io::Read` over a JS function returning the next chunk as a `Uint8Array` (empty at
/// the end). In the worker the function reads `file.slice(a, b)` with `FileReaderSync`, so a
/// file of any size streams through a buffer of one chunk.
pub(super) struct JsChunks {
    pull: js_sys::Function,
    chunk: Vec<u8>,
    at: usize,
    done: bool,
    bytes_read: Rc<Cell<f64>>,
}

impl JsChunks {
    pub(super) fn new(pull: js_sys::Function) -> Self {
        JsChunks {
            pull,
            chunk: Vec::new(),
            at: 0,
            done: false,
            bytes_read: Rc::new(Cell::new(0.0)),
        }
    }
}

impl Read for JsChunks {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.at >= self.chunk.len() {
            if self.done || out.is_empty() {
                return Ok(0);
            }
            let next = self
                .pull
                .call0(&JsValue::NULL)
                .map_err(|e| io::Error::other(js_message(&e)))?;
            let next = next
                .dyn_into::<js_sys::Uint8Array>()
                .map_err(|_| io::Error::other("the chunk reader must return a Uint8Array"))?;
            if next.length() == 0 {
                self.done = true;
                return Ok(0);
            }
            self.chunk = next.to_vec();
            self.at = 0;
            self.bytes_read
                .set(self.bytes_read.get() + self.chunk.len() as f64);
        }
        let n = out.len().min(self.chunk.len() - self.at);
        out[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Messages about rows, each placed by row and line: the first [`MAX_LISTED`] kept, the rest
/// only counted.
#[derive(Default)]
struct RowNotes {
    listed: Vec<RowNote>,
    unlisted: u64,
}

/// Shown as "row {number} (line {line}){rest}". Kept apart so that the rows of a block scored
/// elsewhere can be renumbered for the whole file (see `parts.rs`).
struct RowNote {
    number: u64,
    line: u64,
    rest: String,
}

impl RowNotes {
    fn is_full(&self) -> bool {
        self.listed.len() >= MAX_LISTED
    }

    fn push(&mut self, number: u64, line: u64, rest: String) {
        if self.is_full() {
            self.unlisted += 1;
        } else {
            self.listed.push(RowNote { number, line, rest });
        }
    }

    /// Each note as text, then "... and N more {what}" for those not listed.
    fn render(&self, what: &str) -> Vec<String> {
        let mut out: Vec<String> = (self.listed.iter())
            .map(|n| format!("row {} (line {}){}", n.number, n.line, n.rest))
            .collect();
        if self.unlisted > 0 {
            out.push(format!("... and {} more {what}", self.unlisted));
        }
        out
    }
}

/// The most bytes [`Texts::push_cells`] keeps between two cells copied as one slice (a
/// delimiter and two quotes; a gap is a byte).
const MAX_GAP: usize = 3;

/// A row's cells as ranges of one text, for [`Texts::push_cells`].
trait CellRanges {
    fn text(&self) -> &str;
    fn range(&self, column: usize) -> Option<std::ops::Range<usize>>;
}

impl CellRanges for csv::StringRecord {
    fn text(&self) -> &str {
        self.as_slice()
    }

    fn range(&self, column: usize) -> Option<std::ops::Range<usize>> {
        csv::StringRecord::range(self, column)
    }
}

impl CellRanges for table::Cells<'_> {
    fn text(&self) -> &str {
        table::Cells::text(self)
    }

    fn range(&self, column: usize) -> Option<std::ops::Range<usize>> {
        table::Cells::range(self, column)
    }
}

/// Strings of many rows in one buffer: a few allocations for a million rows instead of
/// millions of `String`s.
#[derive(Default)]
struct Texts {
    text: String,
    /// End of each cell in `text`.
    cell_ends: Vec<usize>,
    /// Bytes between the end of the cell before and each cell's start: 0, or what separates
    /// adjacent cells copied from a block as one slice (a delimiter, and quotes).
    cell_gaps: Vec<u8>,
    /// End of each row in `cell_ends`.
    row_ends: Vec<usize>,
}

impl Texts {
    fn push_row<'a>(&mut self, cells: impl Iterator<Item = &'a str>) {
        for cell in cells {
            self.text.push_str(cell);
            self.cell_ends.push(self.text.len());
            self.cell_gaps.push(0);
        }
        self.row_ends.push(self.cell_ends.len());
    }

    /// The cells `columns` of `record` as one row (empty past its end). A run of adjacent
    /// columns is copied as one slice, what separates their cells in the record's text (in a
    /// block: a delimiter and quotes; in a `csv::StringRecord`: nothing) kept as gaps: shown
    /// cells are a few bytes each, and each copy is a call in wasm (`memory.copy`); copied one
    /// by one, the five cells the page shows cost a sixth of a block's scoring time.
    fn push_cells(&mut self, record: &impl CellRanges, columns: &[usize]) {
        let all = record.text();
        let mut rest = columns;
        while let Some(&first) = rest.first() {
            let Some(start) = record.range(first) else {
                self.cell_ends.push(self.text.len());
                self.cell_gaps.push(0);
                rest = &rest[1..];
                continue;
            };
            // The run: `first`, `first + 1`, ... while the record has them.
            let mut end = start.end;
            let mut run = 1;
            for (&c, next) in rest[1..].iter().zip(first + 1..) {
                match record.range(c) {
                    Some(r) if c == next && r.start >= end && r.start - end <= MAX_GAP => {
                        end = r.end;
                    }
                    _ => break,
                }
                run += 1;
            }
            let before = self.text.len();
            self.text.push_str(&all[start.start..end]);
            let mut cell_end = start.start;
            for &c in &rest[..run] {
                let r = record.range(c).unwrap_or(cell_end..cell_end);
                self.cell_gaps.push((r.start - cell_end) as u8);
                self.cell_ends.push(before + (r.end - start.start));
                cell_end = r.end;
            }
            rest = &rest[run..];
        }
        self.row_ends.push(self.cell_ends.len());
    }

    /// Where cell `k` (counted over all rows) starts in `text`.
    fn cell_start(&self, k: usize) -> usize {
        let end_before = if k == 0 { 0 } else { self.cell_ends[k - 1] };
        end_before + usize::from(self.cell_gaps[k])
    }

    fn len(&self) -> usize {
        self.row_ends.len()
    }

    /// Room for `rows` rows like the ones so far (see [`Batch::reserve_rows`]).
    fn reserve_rows(&mut self, rows: usize) {
        let done = self.len();
        if done == 0 || rows <= done {
            return;
        }
        let scale = |n: usize| (n as f64 * rows as f64 / done as f64) as usize;
        let _ =
            (self.text).try_reserve_exact(scale(self.text.len()).saturating_sub(self.text.len()));
        let cells = scale(self.cell_ends.len()).saturating_sub(self.cell_ends.len());
        let _ = self.cell_ends.try_reserve_exact(cells);
        let _ = self.cell_gaps.try_reserve_exact(cells);
        let _ = self.row_ends.try_reserve_exact(rows - done);
    }

    /// Cell `c` of row `i`; `None` past the end of either.
    fn cell(&self, i: usize, c: usize) -> Option<&str> {
        let to = *self.row_ends.get(i)?;
        let from = if i == 0 { 0 } else { self.row_ends[i - 1] };
        let k = from + c;
        if k >= to {
            return None;
        }
        Some(&self.text[self.cell_start(k)..self.cell_ends[k]])
    }

    /// The cells of row `i`; `None` past the end.
    fn row(&self, i: usize) -> Option<Vec<&str>> {
        self.cells(i).map(Iterator::collect)
    }

    /// The cells of row `i`, without collecting them; `None` past the end.
    fn cells(&self, i: usize) -> Option<impl Iterator<Item = &str>> {
        let to = *self.row_ends.get(i)?;
        let from = if i == 0 { 0 } else { self.row_ends[i - 1] };
        Some((from..to).map(|k| &self.text[self.cell_start(k)..self.cell_ends[k]]))
    }
}

/// Scores of a whole file as columns: one typed array per measure, row i in each, plus what
/// is needed to show a few rows, explain one and export them all.
#[wasm_bindgen]
#[derive(Default)]
pub struct Batch {
    header: Vec<String>,
    band_labels: Vec<String>,
    tier_labels: Vec<String>,
    rows: Vec<u32>,
    totals: Vec<f64>,
    fit: Vec<f64>,
    engagement: Vec<f64>,
    /// Index into `bandLabels`, 255 = none.
    bands: Vec<u8>,
    /// 0 = A .. 5 = F, 255 = no grade.
    grades: Vec<u8>,
    /// Index into `tierLabels`, 255 = none.
    tiers: Vec<u8>,
    /// 0 qualified, 1 not qualified, 2 undecided, 3 not assessed.
    qualification: Vec<u8>,
    handoff: Vec<u8>,
    /// Rows that could not be read.
    errors: RowNotes,
    /// File notes (an encoding fallback, ...), then row notes (short rows, ...).
    file_warnings: Vec<String>,
    warnings: RowNotes,
    /// Cells the field's type could not read.
    problems: RowNotes,
    /// Byte offset of each row in the delimited text (after a BOM), for reading it again.
    spans: Vec<f64>,
    delimiter: Option<u8>,
    /// The columns kept in `shown`, and their text for every row.
    display: Vec<usize>,
    shown: Texts,
    /// Every cell of every row, for workbooks (read whole anyway).
    stored: Option<Texts>,
    engine: Option<Scorer>,
    /// Rows joined from parts so far, unreadable ones included (see `parts.rs`).
    rows_read: u64,
    /// The blocks of those parts: their bytes and `\n`s so far, and the file's BOM.
    joined: PartBlock,
    /// A block's part whose shown cells come apart, later (see `BlockScorer::shown_cells`).
    scores_only: bool,
}

impl Batch {
    /// Make room for `rows` rows in every column, the shown text growing in proportion to
    /// what the rows so far needed. Past that, vectors grow as usual.
    fn reserve_rows(&mut self, rows: usize) {
        // A room that cannot be had (a wrong size, a full memory) is not an error: the
        // columns then grow as they go.
        let more = rows.min(MAX_RESERVED_ROWS).saturating_sub(self.rows.len());
        let _ = self.rows.try_reserve_exact(more);
        for column in [
            &mut self.totals,
            &mut self.fit,
            &mut self.engagement,
            &mut self.spans,
        ] {
            let _ = column.try_reserve_exact(more);
        }
        for column in [
            &mut self.bands,
            &mut self.grades,
            &mut self.tiers,
            &mut self.qualification,
            &mut self.handoff,
        ] {
            let _ = column.try_reserve_exact(more);
        }
        self.shown.reserve_rows(self.rows.len() + more);
    }

    fn push(&mut self, scorer: &Scorer, s: &Summary, row: u64) {
        // `band_labels` are the scorer's (see `for_scorer`).
        let band = scorer.band_place(s);
        self.rows.push(u32::try_from(row).unwrap_or(u32::MAX));
        self.totals.push(s.total);
        self.fit.push(s.fit);
        self.engagement.push(s.engagement);
        self.bands.push(small(band));
        self.grades.push(s.grade.unwrap_or(u8::MAX));
        self.tiers.push(small(s.tier.map(usize::from)));
        self.qualification.push(match s.qualification {
            QualState::Qualified => 0,
            QualState::NotQualified => 1,
            QualState::Undecided => 2,
            QualState::NotAssessed => 3,
        });
        self.handoff.push(u8::from(s.handoff));
    }

    /// An empty batch for rows scored by `scorer` (compiled from `model`).
    fn for_scorer(model: &Model, scorer: &Scorer, header: Vec<String>, display: Vec<u32>) -> Batch {
        Batch {
            band_labels: scorer.band_labels().iter().map(|s| s.to_string()).collect(),
            tier_labels: (model.engagement_tiers.iter())
                .map(|t| t.label.clone())
                .collect(),
            header,
            display: display.into_iter().map(|c| c as usize).collect(),
            ..Batch::default()
        }
    }

    /// Score `row` and keep its results, notes and shown cells (all its cells in `keep`).
    fn add_row(
        &mut self,
        scorer: &Scorer,
        scratch: &mut Scratch,
        row: &Row,
        keep: Option<&mut Texts>,
    ) {
        for w in &row.warnings {
            self.warnings.push(row.number, row.line, format!(": {w}"));
        }
        let span = row.cells.position().map(|p| p.byte() as f64);
        self.add_scored(scorer, scratch, &row.cells, (row.number, || row.line), span);
        if !self.scores_only {
            self.shown.push_cells(&row.cells, &self.display);
        }
        if let Some(store) = keep {
            store.push_row(row.cells.iter());
        }
    }

    /// [`Batch::add_row`] for a row read in place from a block ([`table::SplitRows`]).
    fn add_split_row(&mut self, scorer: &Scorer, scratch: &mut Scratch, row: &table::SplitRow) {
        if let Some(w) = row.warning() {
            self.warnings.push(row.number, row.line(), format!(": {w}"));
        }
        let place = (row.number, || row.line());
        self.add_scored(scorer, scratch, &row.cells, place, Some(row.span as f64));
        if !self.scores_only {
            self.shown.push_cells(&row.cells, &self.display);
        }
    }

    /// Score `cells` and keep the result; `place`: the row's number, and its line (asked
    /// only for a note).
    fn add_scored(
        &mut self,
        scorer: &Scorer,
        scratch: &mut Scratch,
        cells: &impl Record,
        place: (u64, impl Fn() -> u64),
        span: Option<f64>,
    ) {
        let s = scorer.score_with(cells, scratch);
        if s.problems > 0 {
            if self.problems.is_full() {
                self.problems.unlisted += u64::from(s.problems);
            } else {
                self.list_problems(scorer, scratch, cells, place.0, place.1());
            }
        }
        self.push(scorer, &s, place.0);
        if let Some(span) = span {
            self.spans.push(span);
        }
    }

    fn add_unreadable(&mut self, e: &table::RowError) {
        self.errors
            .push(e.number, e.line, format!(": {}", e.message));
    }

    /// Size the columns for the whole input once `rows` rows took `bytes` of its `total`.
    fn reserve_for(&mut self, rows: u64, bytes: f64, total: f64) {
        self.reserve_rows(estimated_rows(rows, bytes, total));
    }

    /// ", column 8 'Number of Employees' (employees): 'lots' is not a number; ..." after the
    /// row's place.
    fn list_problems(
        &mut self,
        scorer: &Scorer,
        scratch: &mut Scratch,
        cells: &impl Record,
        number: u64,
        line: u64,
    ) {
        for p in scorer.explain_with(cells, scratch).receipt.problems {
            let name = self.header.get(p.column).map_or("", String::as_str);
            let rest = format!(
                ", column {} '{name}' ({}): {}",
                p.column + 1,
                p.field,
                p.message
            );
            self.problems.push(number, line, rest);
        }
    }

    fn engine(&self) -> Result<&Scorer, JsError> {
        self.engine
            .as_ref()
            .ok_or_else(|| JsError::new("this batch was not scored"))
    }

    /// The cells of scored row `i`: from the stored workbook, or parsed from `bytes` (the
    /// row's span of a delimited file).
    fn cells(&self, i: usize, bytes: Option<Vec<u8>>) -> Result<Vec<String>, JsError> {
        if i >= self.totals.len() {
            return Err(JsError::new(&format!(
                "row index {i} is out of range (the batch has {} rows)",
                self.totals.len()
            )));
        }
        if let Some(store) = &self.stored {
            let cells = store.row(i).unwrap_or_default();
            return Ok(cells.into_iter().map(str::to_string).collect());
        }
        let bytes = bytes.ok_or_else(|| {
            JsError::new("this batch was streamed: pass the row's bytes (see spans)")
        })?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(self.delimiter.unwrap_or(b','))
            .has_headers(false)
            .flexible(true)
            .from_reader(&bytes[..]);
        let mut record = csv::ByteRecord::new();
        match reader.read_byte_record(&mut record) {
            Ok(true) => Ok(record.iter().map(decode_cell).collect()),
            Ok(false) => Err(JsError::new(&format!("row {i}: no data in its bytes"))),
            Err(e) => Err(JsError::new(&format!("row {i}: {e}"))),
        }
    }
}

/// UTF-8, else Windows-1252 (as the reader decodes such rows).
fn decode_cell(cell: &[u8]) -> String {
    match std::str::from_utf8(cell) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(cell)
            .0
            .into_owned(),
    }
}

fn small(index: Option<usize>) -> u8 {
    index.and_then(|b| u8::try_from(b).ok()).unwrap_or(u8::MAX)
}

#[wasm_bindgen]
impl Batch {
    #[wasm_bindgen(getter, js_name = rowCount)]
    pub fn row_count(&self) -> usize {
        self.totals.len()
    }
    #[wasm_bindgen(getter)]
    pub fn header(&self) -> Vec<String> {
        self.header.clone()
    }
    #[wasm_bindgen(getter, js_name = bandLabels)]
    pub fn band_labels(&self) -> Vec<String> {
        self.band_labels.clone()
    }
    /// Engagement tier labels (the digit of the matrix label, e.g. "1" in "A1").
    #[wasm_bindgen(getter, js_name = tierLabels)]
    pub fn tier_labels(&self) -> Vec<String> {
        self.tier_labels.clone()
    }
    /// 1-based data row numbers of the scored rows.
    #[wasm_bindgen(getter)]
    pub fn rows(&self) -> Vec<u32> {
        self.rows.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn totals(&self) -> Vec<f64> {
        self.totals.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn fit(&self) -> Vec<f64> {
        self.fit.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn engagement(&self) -> Vec<f64> {
        self.engagement.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn bands(&self) -> Vec<u8> {
        self.bands.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn grades(&self) -> Vec<u8> {
        self.grades.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn tiers(&self) -> Vec<u8> {
        self.tiers.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn qualification(&self) -> Vec<u8> {
        self.qualification.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn handoff(&self) -> Vec<u8> {
        self.handoff.clone()
    }
    /// Rows that could not be read, as "row N (line L): why".
    #[wasm_bindgen(getter)]
    pub fn errors(&self) -> Vec<String> {
        self.errors.render("unreadable rows")
    }
    /// File and row notes that did not stop scoring (short rows, re-decoded text, ...).
    #[wasm_bindgen(getter)]
    pub fn warnings(&self) -> Vec<String> {
        let mut all = self.file_warnings.clone();
        all.extend(self.warnings.render("row notes"));
        all
    }
    /// Cells whose value the field's type could not read, with row, line and column (the
    /// first 200, then a count; errors and warnings are capped the same way).
    #[wasm_bindgen(getter)]
    pub fn problems(&self) -> Vec<String> {
        self.problems.render("unreadable cells")
    }
    /// Byte offset of each row in a streamed delimited file (empty for workbooks): row i is
    /// in `[spans[i], spans[i + 1])`, the last one runs to the end of the file.
    #[wasm_bindgen(getter)]
    pub fn spans(&self) -> Vec<f64> {
        self.spans.clone()
    }

    /// `[start, end]`: the bytes of row `i` in a streamed delimited file (after a BOM); `end`
    /// is -1 for the last row (it runs to the end of the file). Empty for workbooks.
    #[wasm_bindgen(js_name = rowSpan)]
    pub fn row_span(&self, i: usize) -> Vec<f64> {
        match self.spans.get(i) {
            Some(&start) => vec![start, self.spans.get(i + 1).copied().unwrap_or(-1.0)],
            None => Vec::new(),
        }
    }

    /// The display columns' cells of the rows at `indices`, flattened: row after row,
    /// `display.length` cells each.
    #[wasm_bindgen(js_name = shownCells)]
    pub fn shown_cells(&self, indices: &[u32]) -> Vec<String> {
        let width = self.display.len();
        let mut out = Vec::with_capacity(indices.len() * width);
        for &i in indices {
            let cells = self.shown.row(i as usize).unwrap_or_default();
            out.extend((0..width).map(|c| cells.get(c).copied().unwrap_or("").to_string()));
        }
        out
    }

    /// The display cells of row `i` read from its `bytes` (see `rowSpan`), for a batch whose
    /// display cells are still to come ([`Batch::append_shown`]).
    #[wasm_bindgen(js_name = shownCellsOfRow)]
    pub fn shown_cells_of_row(&self, i: usize, bytes: Vec<u8>) -> Result<Vec<String>, JsError> {
        let mut cells = self.cells(i, Some(bytes))?;
        Ok((self.display.iter())
            .map(|&c| cells.get_mut(c).map(std::mem::take).unwrap_or_default())
            .collect())
    }

    /// 1 for each row whose display cells contain `query` (case-insensitive), else 0.
    pub fn search(&self, query: &str) -> Vec<u8> {
        let query = query.trim().to_lowercase();
        let finder = memchr::memmem::Finder::new(query.as_bytes());
        // One buffer for every lowercased cell: a String a cell was millions of allocations
        // on a big file (and the page searches as the user types).
        let mut lower = String::new();
        let mut found = |cell: &str| {
            lower.clear();
            if cell.is_ascii() {
                lower.push_str(cell);
                lower.make_ascii_lowercase();
            } else {
                // str::to_lowercase, as the query's (it knows a final sigma, for one).
                lower.push_str(&cell.to_lowercase());
            }
            finder.find(lower.as_bytes()).is_some()
        };
        (0..self.shown.len())
            .map(|i| {
                u8::from(
                    self.shown
                        .cells(i)
                        .is_some_and(|mut cells| cells.any(&mut found)),
                )
            })
            .collect()
    }

    /// The rank of each row's display cell `column` (an index into `display`) in sorted
    /// order, for sorting the ranked table by that column: rows with equal ranks hold equal
    /// cells. Cells the engine reads as numbers ("1,200", "$2.5M", "51-200") come first, in
    /// numeric order, then text in case-insensitive order; an empty cell ranks `0xFFFFFFFF`
    /// (the page keeps those last in either direction). See [`table::cell_ranks`].
    #[wasm_bindgen(js_name = cellRanks)]
    pub fn cell_ranks(&self, column: usize) -> Result<Vec<u32>, JsError> {
        if column >= self.display.len() {
            return Err(JsError::new(&format!(
                "display column {column} does not exist (there are {})",
                self.display.len()
            )));
        }
        let cells = (0..self.shown.len()).map(|i| self.shown.cell(i, column).unwrap_or(""));
        Ok(table::cell_ranks(cells))
    }

    /// `{ cells, score }`: row `i`'s cells and its full result with the receipt. `bytes` is
    /// the row's span for streamed files (see `spans`), ignored for workbooks.
    pub fn explain(&self, i: usize, bytes: Option<Vec<u8>>) -> Result<JsValue, JsError> {
        let cells = self.cells(i, bytes)?;
        let score = self.engine()?.explain(&cells);
        to_js(&Explained { cells, score })
    }

    /// The scored file with its score columns, as `format` (`csv` or `xlsx`) bytes, with the
    /// score columns named for `layout` (`standard`, `hubspot`, `salesforce`, `marketo`).
    /// A streamed file is read again through `pull` (see [`JsScorer::score_stream`]).
    /// `progress(rowsWritten, 0)` is called every [`PROGRESS_EVERY`] rows.
    pub fn export(
        &self,
        layout: &str,
        format: &str,
        pull: Option<js_sys::Function>,
        progress: Option<js_sys::Function>,
    ) -> Result<Vec<u8>, JsError> {
        let layout = table::ExportLayout::from_name(layout).ok_or_else(|| {
            JsError::new(&format!(
                "unknown export layout '{layout}': use standard, hubspot, salesforce or marketo"
            ))
        })?;
        let engine = self.engine()?;
        let mut sink = match format {
            "csv" => Sink::Csv(Box::new(
                table::CsvExporter::new(Vec::new(), &self.header, layout).map_err(js_error)?,
            )),
            "xlsx" => Sink::Xlsx(Box::new(
                table::XlsxExporter::new(&self.header, layout).map_err(js_error)?,
            )),
            other => {
                return Err(JsError::new(&format!(
                    "unknown export format '{other}': use csv or xlsx"
                )))
            }
        };
        let mut written: u64 = 0;
        let mut count = || {
            written += 1;
            if written % PROGRESS_EVERY == 0 {
                report_progress(progress.as_ref(), written, 0.0)?;
            }
            Ok::<(), JsError>(())
        };
        let mut scratch = engine.scratch();
        if let Some(store) = &self.stored {
            for i in 0..store.len() {
                let cells = store.row(i).unwrap_or_default();
                sink.write(&cells, &engine.explain_with(&cells, &mut scratch))?;
                count()?;
            }
        } else {
            let pull = pull.ok_or_else(|| {
                JsError::new("this batch was streamed: pass the chunk reader to export it")
            })?;
            let rows = table::open_csv(JsChunks::new(pull)).map_err(js_error)?;
            // Unreadable rows were reported when scoring; they have no score to export.
            for row in rows.flatten() {
                sink.write(&row, &engine.explain_with(&row, &mut scratch))?;
                count()?;
            }
        }
        sink.finish()
    }
}

/// Both exporters are large (csv buffers, a worksheet): boxed, so the enum stays small.
enum Sink {
    Csv(Box<table::CsvExporter<Vec<u8>>>),
    Xlsx(Box<table::XlsxExporter>),
}

impl Sink {
    fn write<R: Record + ?Sized>(&mut self, row: &R, score: &LeadScore) -> Result<(), JsError> {
        match self {
            Sink::Csv(s) => s.write_row(row, score),
            Sink::Xlsx(s) => s.add_row(row, score),
        }
        .map_err(js_error)
    }

    fn finish(self) -> Result<Vec<u8>, JsError> {
        match self {
            Sink::Csv(s) => s.finish(),
            Sink::Xlsx(s) => s.finish(),
        }
        .map_err(js_error)
    }
}

#[derive(Serialize)]
struct Explained {
    cells: Vec<String>,
    score: LeadScore,
}

/// The format of a file from its first bytes and name: `csv`, `xlsx`, `xls` or `ods`. The
/// worker streams `csv` and reads workbooks whole.
#[wasm_bindgen(js_name = detectFormat)]
pub fn detect_format(prefix: &[u8], file_name: Option<String>) -> String {
    table::detect_format(file_name.as_deref(), prefix)
        .as_str()
        .to_string()
}

/// The message of a thrown JS value (an `Error`'s message, else its string form).
pub(super) fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "the JavaScript callback failed".to_string())
}
