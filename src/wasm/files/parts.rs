//! One delimited file scored by several Web Workers at once.
//!
//! The page's worker reads the file and cuts it where records end ([`JsBlocks`], over
//! [`table::RecordBlocks`]); helper workers each score whole blocks into a compact part
//! ([`BlockScorer::score`]); the page's worker joins the parts in file order into one
//! [`Batch`] ([`Batch::append_part`]), rows, lines and byte offsets renumbered for the whole
//! file. The joined batch is the one [`JsScorer::score_stream`] makes of the same file.

use wasm_bindgen::prelude::*;

use super::{js_error, Batch, JsChunks, RowNote, RowNotes, Texts};
use crate::engine::{Scorer, Scratch};
use crate::table::{self, RecordBlocks};
use crate::wasm::JsScorer;

/// A delimited file pulled in chunks (as for `scoreStream`), handed out in blocks of about
/// `targetBytes` that end where a record ends.
#[wasm_bindgen(js_name = RecordBlocks)]
pub struct JsBlocks {
    blocks: RecordBlocks<JsChunks>,
    /// Length of the file's byte order mark, which batch offsets leave out.
    bom: u64,
}

#[wasm_bindgen(js_class = RecordBlocks)]
impl JsBlocks {
    #[wasm_bindgen(constructor)]
    pub fn new(pull: js_sys::Function, target_bytes: usize) -> Result<JsBlocks, JsError> {
        let blocks = RecordBlocks::new(JsChunks::new(pull), target_bytes)
            .map_err(|e| JsError::new(&format!("could not read the file: {e}")))?;
        Ok(JsBlocks { blocks, bom: 0 })
    }

    /// The delimiter sniffed from the file's start (as `scoreStream` reads it).
    #[wasm_bindgen(getter)]
    pub fn delimiter(&self) -> u8 {
        self.blocks.delimiter()
    }

    /// The next block, `undefined` after the last.
    #[allow(clippy::should_implement_trait)] // a JS method; an Iterator does not cross
    pub fn next(&mut self) -> Result<Option<JsBlock>, JsError> {
        let Some(block) = self.blocks.next() else {
            return Ok(None);
        };
        let block = block.map_err(|e| JsError::new(&format!("could not read the file: {e}")))?;
        if block.is_first() && block.bytes.starts_with(b"\xEF\xBB\xBF") {
            self.bom = 3;
        }
        // Offsets in a batch count from after the BOM; the first block's rows already do.
        let span_offset = if block.is_first() {
            0
        } else {
            block.offset - self.bom
        };
        Ok(Some(JsBlock {
            bytes: block.bytes,
            index: block.index,
            span_offset: span_offset as f64,
            lines_before: block.lines_before as f64,
        }))
    }
}

/// One block: its bytes (taken once, to send to a helper) and its place in the file.
#[wasm_bindgen]
pub struct JsBlock {
    bytes: Vec<u8>,
    index: usize,
    span_offset: f64,
    lines_before: f64,
}

#[wasm_bindgen]
impl JsBlock {
    /// The block's bytes; empty after the first call.
    #[wasm_bindgen(js_name = takeBytes)]
    pub fn take_bytes(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.bytes)
    }
    /// 0 for the block holding the header, then 1, 2, ...
    #[wasm_bindgen(getter)]
    pub fn index(&self) -> usize {
        self.index
    }
    /// Where the block's bytes start, counted as batch offsets count (after a BOM).
    #[wasm_bindgen(getter, js_name = spanOffset)]
    pub fn span_offset(&self) -> f64 {
        self.span_offset
    }
    /// `\n`s in the file before the block.
    #[wasm_bindgen(getter, js_name = linesBefore)]
    pub fn lines_before(&self) -> f64 {
        self.lines_before
    }
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
    /// `RecordBlocks`); `mapping` and `display` as for `scoreStream`.
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
    /// Score the rows of one block (`first`: it starts the file, BOM and header included)
    /// into a part for [`Batch::append_part`].
    pub fn score(&mut self, bytes: &[u8], first: bool) -> Result<Vec<u8>, JsError> {
        let header = self.template.header.clone();
        let mut rows = if first {
            table::open_csv_with(bytes, self.delimiter).map_err(js_error)?
        } else {
            table::continue_csv(bytes, self.delimiter, header)
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
        Ok(part.to_part(rows.rows_read(), rows.legacy_from()))
    }
}

#[wasm_bindgen]
impl Batch {
    /// Add the rows of a part ([`BlockScorer::score`]) after those already here: parts must
    /// come in file order. `spanOffset` and `linesBefore` are the block's (`RecordBlocks`).
    #[wasm_bindgen(js_name = appendPart)]
    pub fn append_part(
        &mut self,
        part: &[u8],
        span_offset: f64,
        lines_before: f64,
    ) -> Result<(), JsError> {
        let mut r = PartReader { bytes: part, at: 0 };
        if r.take(4)? != MAGIC {
            return Err(JsError::new("not a scored part"));
        }
        let rows_read = r.u64()?;
        let legacy_from = r.u64()?;
        let n = r.u32()? as usize;
        let rows_before = self.rows_read;
        let lines_before = lines_before as u64;
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
        // Shown text: cell ends move by the text so far, row ends by the cells so far.
        let text_len = r.u32()? as usize;
        let text = std::str::from_utf8(r.take(text_len)?)
            .map_err(|_| JsError::new("a scored part holds text that is not UTF-8"))?;
        let text_before = self.shown.text.len();
        let cells_before = self.shown.cell_ends.len();
        self.shown.text.push_str(text);
        let cells = r.u32()? as usize;
        (self.shown.cell_ends).extend(r.u32s(cells)?.map(|e| e as usize + text_before));
        (self.shown.row_ends).extend(r.u32s(n)?.map(|e| e as usize + cells_before));
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

    /// Size the columns for the whole file once `rows` rows took `bytes` of its `totalBytes`
    /// (as `scoreStream` does after its first rows).
    #[wasm_bindgen(js_name = reserveFor)]
    pub fn reserve_for_js(&mut self, rows: f64, bytes: f64, total_bytes: f64) {
        self.reserve_for(rows as u64, bytes, total_bytes);
    }
}

/// The first bytes of a part, so a stray buffer is not read as one.
const MAGIC: &[u8; 4] = b"LSP1";

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
            ..Batch::default()
        }
    }

    /// This batch's rows as a part: little-endian columns, then the shown text and the notes.
    fn to_part(&self, rows_read: u64, legacy_from: Option<u64>) -> Vec<u8> {
        let n = self.totals.len();
        let mut w = Vec::with_capacity(64 + n * 48 + self.shown.text.len());
        w.extend_from_slice(MAGIC);
        w.extend_from_slice(&rows_read.to_le_bytes());
        w.extend_from_slice(&legacy_from.unwrap_or(NONE).to_le_bytes());
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
        let Texts {
            text,
            cell_ends,
            row_ends,
        } = &self.shown;
        put_u32(&mut w, text.len());
        w.extend_from_slice(text.as_bytes());
        put_u32(&mut w, cell_ends.len());
        for ends in [cell_ends, row_ends] {
            for &end in ends {
                put_u32(&mut w, end);
            }
        }
        for RowNotes { listed, unlisted } in [&self.errors, &self.warnings, &self.problems] {
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
