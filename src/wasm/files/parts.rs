//! One delimited file scored by several Web Workers at once.
//!
//! The page's worker cuts the file into blocks without reading it: just after the first
//! record terminator past every few MB ([`cut_after_terminator`], over a small window read at
//! each boundary). Helper workers each read and score whole blocks into a compact part
//! ([`BlockScorer::score`]). A terminator may sit inside a quoted cell, which only reading
//! from the file's start tells: the helper reads its block from its start and asks the reader
//! whether it ended on a record end ([`table::SplitRows::ended_on_record_end`]), and the
//! worker joins a block that does not with the block after it, and scores the two again as
//! one. The worker joins the parts in file order
//! into one [`Batch`] ([`Batch::append_part`]), rows, lines and byte offsets renumbered for
//! the whole file. The joined batch is the one [`JsScorer::score_stream`] makes of the same
//! file. Parts may leave out the rows' display cells, which the helpers then read in a
//! second pass over the same blocks ([`BlockScorer::shown_cells`], [`Batch::append_shown`]):
//! the scores are out sooner, the table's cells a little later.
//!
//! So the file's bytes go from the disk to the helper that scores them and nowhere else. When
//! the worker read, cut and handed out every block itself, that cost it ~0.5 s of one thread
//! per 111 MB: a floor however many helpers scored.

use wasm_bindgen::prelude::*;

use super::{estimated_rows, js_error, Batch, RowNote, RowNotes, Texts, SIZING_ROWS};
use crate::engine::{Scorer, Scratch};
use crate::table;
use crate::wasm::JsScorer;

/// Where to cut a file near a block boundary without knowing its quoting: just after the
/// first record terminator in `window` at or after `from` (`from` = 1 with the window read
/// from one byte before the boundary, so a `\r\n` across it is seen whole); `undefined` when
/// the window holds none. A block cut there is checked by [`BlockScorer::score`].
#[wasm_bindgen(js_name = cutAfterTerminator)]
pub fn cut_after_terminator(window: &[u8], from: usize) -> Option<usize> {
    table::cut_after_terminator(window, from)
}

/// The delimiter of a delimited file, sniffed from its first bytes as `scoreStream` sniffs
/// it (`complete`: `prefix` is the whole file).
#[wasm_bindgen(js_name = csvDelimiter)]
pub fn csv_delimiter(prefix: &[u8], complete: bool) -> u8 {
    table::file_delimiter(prefix, complete)
}

/// The model compiled once for a file's header and mapping, scoring its blocks into parts.
#[wasm_bindgen]
pub struct BlockScorer {
    engine: Scorer,
    /// Kept from block to block: its memos of repeated titles and email domains would
    /// otherwise start cold at every block.
    scratch: Scratch,
    /// An empty batch with the labels and display columns every part starts from.
    template: Batch,
    delimiter: u8,
}

#[wasm_bindgen(js_class = Scorer)]
impl JsScorer {
    /// A [`BlockScorer`] for a delimited file with this `header` and `delimiter` (from
    /// [`csv_delimiter`]); `mapping` and `display` as for `scoreStream`.
    #[wasm_bindgen(js_name = blockScorer)]
    pub fn block_scorer(
        &self,
        header: Vec<String>,
        delimiter: u8,
        mapping: JsValue,
        display: Vec<u32>,
    ) -> Result<BlockScorer, JsError> {
        let mapping = self.mapping(mapping, &header)?;
        let engine = Scorer::new(&self.model, &mapping, self.options).map_err(js_error)?;
        let template = Batch::for_scorer(&self.model, &engine, header, display);
        Ok(BlockScorer {
            scratch: engine.scratch(),
            engine,
            template,
            delimiter,
        })
    }

    /// An empty batch to join parts into (see [`Batch::append_part`]), scored by the same
    /// model, header and mapping as the parts.
    #[wasm_bindgen(js_name = partsBatch)]
    pub fn parts_batch(
        &self,
        header: Vec<String>,
        delimiter: u8,
        mapping: JsValue,
        display: Vec<u32>,
    ) -> Result<Batch, JsError> {
        let BlockScorer {
            engine,
            mut template,
            ..
        } = self.block_scorer(header, delimiter, mapping, display)?;
        template.delimiter = Some(delimiter);
        template.engine = Some(engine);
        Ok(template)
    }
}

#[wasm_bindgen]
impl BlockScorer {
    /// Score the rows of one block into a part for [`Batch::append_part`]. `first`: it starts
    /// the file (byte order mark and header included); `last`: it runs to the file's end.
    /// `shown`: the part holds the rows' display cells too; without, they come apart, once
    /// every block is scored ([`BlockScorer::shown_cells`]), so the scores are out sooner.
    ///
    /// `undefined` when the block read from its start does not end where a record ends: it
    /// was cut inside a quoted cell, and must be joined with the block after it (its rows,
    /// scored on the way, are dropped; such cuts are rare). (Only when the block before it
    /// ended on a record end is its start one: the worker checks the blocks in file order.)
    pub fn score(
        &mut self,
        bytes: &[u8],
        first: bool,
        last: bool,
        shown: bool,
    ) -> Result<Option<Vec<u8>>, JsError> {
        self.template.scores_only = !shown;
        // Read first, asked after: the reader knows whether the block ended inside quotes
        // (block_end would find out with a pass of its own over every quote of the block).
        let header_len = self.template.header.len();
        match table::SplitRows::for_block(bytes, self.delimiter, first, header_len) {
            Ok(Some(rows)) => return Ok(self.score_split(rows, bytes, first, last)),
            // Not UTF-8: the csv reader decodes it, below.
            Ok(None) => {}
            Err(e) => return self.unopened(e, bytes, first, last),
        }
        let mut rows = match self.csv_rows(bytes, first) {
            Ok(rows) => rows,
            Err(e) => return self.unopened(e, bytes, first, last),
        };
        let mut part = self.template.empty_like();
        while let Some(item) = rows.next() {
            match item {
                Ok(row) => {
                    part.add_row(&self.engine, &mut self.scratch, &row, None);
                    rows.recycle(row);
                }
                Err(e) => part.add_unreadable(&e),
            }
        }
        if !(last || rows.ended_on_record_end()) {
            return Ok(None);
        }
        let block = PartBlock::of(bytes, first);
        Ok(Some(part.to_part(
            rows.rows_read(),
            rows.legacy_from(),
            block,
        )))
    }
}

#[wasm_bindgen]
impl BlockScorer {
    /// The display cells of a block's rows (a block [`BlockScorer::score`] scored, with
    /// `shown` false), for [`Batch::append_shown`]: the same rows, read again.
    #[wasm_bindgen(js_name = shownCells)]
    pub fn shown_cells(&mut self, bytes: &[u8], first: bool) -> Result<Vec<u8>, JsError> {
        let display = &self.template.display;
        let header_len = self.template.header.len();
        let mut texts = Texts::default();
        match table::SplitRows::for_block(bytes, self.delimiter, first, header_len) {
            Ok(Some(mut rows)) => {
                while let Some(row) = rows.next_row() {
                    texts.push_cells(&row.cells, display);
                    if row.number == SIZING_ROWS {
                        let (span, total) = (row.span as f64, bytes.len() as f64);
                        texts.reserve_rows(estimated_rows(row.number, span, total));
                    }
                }
            }
            // Not UTF-8: the csv reader decodes it, as when it was scored.
            Ok(None) => {
                let mut rows = self.csv_rows(bytes, first).map_err(js_error)?;
                while let Some(item) = rows.next() {
                    if let Ok(row) = item {
                        texts.push_cells(&row.cells, display);
                        rows.recycle(row);
                    }
                }
            }
            Err(e) => return Err(js_error(e)),
        }
        let mut w = Vec::with_capacity(SHOWN_MAGIC.len() + texts_size(&texts));
        w.extend_from_slice(SHOWN_MAGIC);
        write_texts(&mut w, &texts);
        Ok(w)
    }
}

impl BlockScorer {
    /// [`BlockScorer::score`]'s answer when the block's rows could not be opened: a block
    /// cut inside a quoted header cell, whose start may not read as a header at all, is
    /// joined with the next one (`None`); any other error is the file's.
    fn unopened(
        &self,
        e: table::TableError,
        bytes: &[u8],
        first: bool,
        last: bool,
    ) -> Result<Option<Vec<u8>>, JsError> {
        if !last && !table::block_end(bytes, self.delimiter, first).on_record_end {
            Ok(None)
        } else {
            Err(js_error(e))
        }
    }

    /// The csv reader over a block (the file's header read from it when `first`), for a
    /// block that is not UTF-8.
    fn csv_rows<'a>(
        &self,
        bytes: &'a [u8],
        first: bool,
    ) -> Result<table::CsvRows<&'a [u8]>, table::TableError> {
        if first {
            table::open_csv_with(bytes, self.delimiter)
        } else {
            let header = self.template.header.clone();
            Ok(table::continue_csv(bytes, self.delimiter, header))
        }
    }

    /// [`BlockScorer::score`] of a UTF-8 block, its rows read in place.
    fn score_split(
        &mut self,
        mut rows: table::SplitRows,
        bytes: &[u8],
        first: bool,
        last: bool,
    ) -> Option<Vec<u8>> {
        let mut part = self.template.empty_like();
        while let Some(row) = rows.next_row() {
            part.add_split_row(&self.engine, &mut self.scratch, &row);
            // Sized for the whole block once, instead of growing by doubling (each growth a
            // copy of the columns so far).
            if row.number == SIZING_ROWS {
                part.reserve_for(row.number, row.span as f64, bytes.len() as f64);
            }
        }
        if !(last || rows.ended_on_record_end()) {
            return None;
        }
        let block = PartBlock::of(bytes, first);
        Some(part.to_part(rows.rows_read(), None, block))
    }
}

/// Where a part's block sat, as far as the parts after it need to know.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct PartBlock {
    /// The block's length.
    bytes: u64,
    /// `\n`s in the block.
    newlines: u64,
    /// Length of the byte order mark the file's first block starts with (0 otherwise), which
    /// batch offsets leave out.
    bom: u64,
}

impl PartBlock {
    fn of(bytes: &[u8], first: bool) -> PartBlock {
        PartBlock {
            bytes: bytes.len() as u64,
            newlines: table::newlines(bytes),
            bom: if first {
                (bytes.len() - table::strip_bom(bytes).len()) as u64
            } else {
                0
            },
        }
    }
}

#[wasm_bindgen]
impl Batch {
    /// Add the rows of a part ([`BlockScorer::score`]) after those already here: parts must
    /// come in file order, the first block's first, each block starting where the one before
    /// ended.
    #[wasm_bindgen(js_name = appendPart)]
    pub fn append_part(&mut self, part: &[u8]) -> Result<(), JsError> {
        let mut r = PartReader { bytes: part, at: 0 };
        if r.take(4)? != MAGIC {
            return Err(JsError::new("not a scored part"));
        }
        let rows_read = r.u64()?;
        let legacy_from = r.u64()?;
        let block = PartBlock {
            bytes: r.u64()?,
            newlines: r.u64()?,
            bom: r.u64()?,
        };
        let joined = &mut self.joined;
        if joined.bytes == 0 {
            joined.bom = block.bom;
        }
        // Offsets in a batch count from after the BOM; the first block's rows already do.
        let span_offset = joined.bytes.saturating_sub(joined.bom) as f64;
        let lines_before = joined.newlines;
        joined.bytes += block.bytes;
        joined.newlines += block.newlines;
        let n = r.u32()? as usize;
        let rows_before = self.rows_read;
        self.rows.extend(
            r.u32s(n)?
                .map(|row| u32::try_from(u64::from(row) + rows_before).unwrap_or(u32::MAX)),
        );
        self.totals.extend(r.f64s(n)?);
        self.fit.extend(r.f64s(n)?);
        self.engagement.extend(r.f64s(n)?);
        self.bands.extend_from_slice(r.take(n)?);
        self.grades.extend_from_slice(r.take(n)?);
        self.tiers.extend_from_slice(r.take(n)?);
        self.qualification.extend_from_slice(r.take(n)?);
        self.handoff.extend_from_slice(r.take(n)?);
        let spans = r.u32()? as usize;
        self.spans.extend(r.f64s(spans)?.map(|s| s + span_offset));
        // Its shown cells, unless they come apart (a part of `score(.., false)`).
        let shown = read_texts(&mut r, &mut self.shown)?;
        if shown != 0 && shown != n {
            return Err(JsError::new(
                "a scored part's shown cells do not match its rows",
            ));
        }
        for notes in [&mut self.errors, &mut self.warnings, &mut self.problems] {
            let listed = r.u32()?;
            let unlisted = r.u64()?;
            for _ in 0..listed {
                let number = r.u64()? + rows_before;
                let line = r.u64()? + lines_before;
                let len = r.u32()? as usize;
                let rest = String::from_utf8(r.take(len)?.to_vec())
                    .map_err(|_| JsError::new("a scored part holds a note that is not UTF-8"))?;
                notes.push(number, line, rest);
            }
            notes.unlisted += unlisted;
        }
        if legacy_from != NONE && self.file_warnings.is_empty() {
            // Row 0 is the header, which only the first block holds.
            let from = if legacy_from == 0 {
                0
            } else {
                legacy_from + rows_before
            };
            self.file_warnings.push(table::legacy_warning(from));
        }
        self.rows_read += rows_read;
        Ok(())
    }

    /// Add the display cells of a block ([`BlockScorer::shown_cells`]) after those already
    /// here: blocks in file order, the rows of each already joined ([`Batch::append_part`]).
    #[wasm_bindgen(js_name = appendShown)]
    pub fn append_shown(&mut self, part: &[u8]) -> Result<(), JsError> {
        let mut r = PartReader { bytes: part, at: 0 };
        if r.take(4)? != SHOWN_MAGIC {
            return Err(JsError::new("not the shown cells of a block"));
        }
        let first = self.shown.len() == 0;
        read_texts(&mut r, &mut self.shown)?;
        if self.shown.len() > self.totals.len() {
            return Err(JsError::new("more rows of shown cells than scored rows"));
        }
        if first {
            // Sized for every row once, from the first block's.
            self.shown.reserve_rows(self.totals.len());
        }
        Ok(())
    }

    /// Size the columns for the whole file once `rows` rows took `bytes` of its `totalBytes`
    /// (as `scoreStream` does after its first rows).
    #[wasm_bindgen(js_name = reserveFor)]
    pub fn reserve_for_js(&mut self, rows: f64, bytes: f64, total_bytes: f64) {
        self.reserve_for(rows as u64, bytes, total_bytes);
    }
}

/// The first bytes of a part, so a stray buffer is not read as one.
const MAGIC: &[u8; 4] = b"LSP4";

/// The first bytes of a block's shown cells ([`BlockScorer::shown_cells`]).
const SHOWN_MAGIC: &[u8; 4] = b"LSS1";

/// `legacy_from` of a part without Windows-1252 text.
const NONE: u64 = u64::MAX;

impl Batch {
    /// An empty batch with this one's labels and display columns.
    fn empty_like(&self) -> Batch {
        Batch {
            header: self.header.clone(),
            band_labels: self.band_labels.clone(),
            tier_labels: self.tier_labels.clone(),
            display: self.display.clone(),
            scores_only: self.scores_only,
            ..Batch::default()
        }
    }

    /// This batch's rows as a part: little-endian columns, then the shown text and the notes.
    fn to_part(&self, rows_read: u64, legacy_from: Option<u64>, block: PartBlock) -> Vec<u8> {
        let n = self.totals.len();
        // The part's exact size (less the notes' text): grown by doubling instead, it was
        // copied again once or twice as it was written.
        let texts = &self.shown;
        let notes = [&self.errors, &self.warnings, &self.problems];
        let size = 64
            + n * (4 + 3 * 8 + 5)
            + self.spans.len() * 8
            + texts_size(texts)
            + notes
                .iter()
                .map(|r| r.listed.len() * 24 + 12)
                .sum::<usize>();
        let mut w = Vec::with_capacity(size);
        w.extend_from_slice(MAGIC);
        w.extend_from_slice(&rows_read.to_le_bytes());
        w.extend_from_slice(&legacy_from.unwrap_or(NONE).to_le_bytes());
        for n in [block.bytes, block.newlines, block.bom] {
            w.extend_from_slice(&n.to_le_bytes());
        }
        put_u32(&mut w, n);
        for &row in &self.rows {
            w.extend_from_slice(&row.to_le_bytes());
        }
        for column in [&self.totals, &self.fit, &self.engagement] {
            put_f64s(&mut w, column);
        }
        for column in [
            &self.bands,
            &self.grades,
            &self.tiers,
            &self.qualification,
            &self.handoff,
        ] {
            w.extend_from_slice(column);
        }
        put_u32(&mut w, self.spans.len());
        put_f64s(&mut w, &self.spans);
        write_texts(&mut w, texts);
        for RowNotes { listed, unlisted } in notes {
            put_u32(&mut w, listed.len());
            w.extend_from_slice(&unlisted.to_le_bytes());
            for RowNote { number, line, rest } in listed {
                w.extend_from_slice(&number.to_le_bytes());
                w.extend_from_slice(&line.to_le_bytes());
                put_u32(&mut w, rest.len());
                w.extend_from_slice(rest.as_bytes());
            }
        }
        w
    }
}

/// Shown cells in a part: rows, text, cell ends and gaps, row ends.
fn write_texts(w: &mut Vec<u8>, texts: &Texts) {
    let Texts {
        text,
        cell_ends,
        cell_gaps,
        row_ends,
    } = texts;
    put_u32(w, row_ends.len());
    put_u32(w, text.len());
    w.extend_from_slice(text.as_bytes());
    put_u32(w, cell_ends.len());
    for &end in cell_ends {
        put_u32(w, end);
    }
    w.extend_from_slice(cell_gaps);
    for &end in row_ends {
        put_u32(w, end);
    }
}

/// The bytes [`write_texts`] writes for `texts`.
fn texts_size(texts: &Texts) -> usize {
    12 + texts.text.len() + texts.cell_ends.len() * 5 + texts.row_ends.len() * 4
}

/// Append the shown cells [`write_texts`] wrote to `texts` (cell ends move by the text so
/// far, row ends by the cells so far); the number of rows read.
fn read_texts(r: &mut PartReader, texts: &mut Texts) -> Result<usize, JsError> {
    let rows = r.u32()? as usize;
    let text_len = r.u32()? as usize;
    // Tens of MB per block at times: simdutf8 checks 16 bytes a step, std 4 in wasm.
    let text = simdutf8::basic::from_utf8(r.take(text_len)?)
        .map_err(|_| JsError::new("a scored part holds text that is not UTF-8"))?;
    let text_before = texts.text.len();
    let cells_before = texts.cell_ends.len();
    texts.text.push_str(text);
    let cells = r.u32()? as usize;
    (texts.cell_ends).extend(r.u32s(cells)?.map(|e| e as usize + text_before));
    texts.cell_gaps.extend_from_slice(r.take(cells)?);
    (texts.row_ends).extend(r.u32s(rows)?.map(|e| e as usize + cells_before));
    Ok(rows)
}

/// A count or offset within one part (a block of a few MB, so it fits).
fn put_u32(w: &mut Vec<u8>, n: usize) {
    w.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_f64s(w: &mut Vec<u8>, column: &[f64]) {
    for x in column {
        w.extend_from_slice(&x.to_le_bytes());
    }
}

/// Reads a part back; every read checks the length, so a cut part is an error, not a panic.
struct PartReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> PartReader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], JsError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| JsError::new("a scored part is cut short"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, JsError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, JsError> {
        let mut b = [0; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }

    fn u32s(&mut self, n: usize) -> Result<impl Iterator<Item = u32> + 'a, JsError> {
        let bytes = self.take(n.saturating_mul(4))?;
        Ok(bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    }

    fn f64s(&mut self, n: usize) -> Result<impl Iterator<Item = f64> + 'a, JsError> {
        let bytes = self.take(n.saturating_mul(8))?;
        Ok(bytes.chunks_exact(8).map(|b| {
            let mut a = [0; 8];
            a.copy_from_slice(b);
            f64::from_le_bytes(a)
        }))
    }
}
