//! The records of one block of delimited text, read in place: a row's cells are ranges of
//! the block's own bytes instead of copies.
//!
//! The csv reader copies every cell into a record buffer (csv_core's state machine, one byte
//! at a time), and that copy was a quarter of the time a block took to score in the browser.
//! Here the block is checked as UTF-8 once (simdutf8: 16 bytes at a step, also in wasm), and
//! each record is split by jumping from one byte
//! that matters (delimiter, `\r`, `\n`, `"`) to the next, eight bytes at a step. A quoted cell
//! is a range too when it is simply quoted (`"..."` with no `""` inside and a delimiter or
//! terminator right after the closing quote); any other record (`""` inside quotes, text after
//! a closing quote, a quote still open at the end) is read by csv_core itself, into a buffer
//! of this reader. Either way every row, cell, line number and byte offset is the one
//! [`super::CsvRows`] reads from the same bytes (a differential property test holds the two
//! together: tests/table_split.rs).
//!
//! Blocks that are not UTF-8 are left to [`super::CsvRows`], which decodes them record by
//! record ([`SplitRows::new`] says so by returning `None`).

use std::cell::Cell;
use std::ops::Range;

use super::error::TableError;
use super::row::RowWarning;
use super::sniff::strip_bom;
use crate::engine::Record;

/// The rows of a block, read one at a time with [`SplitRows::next_row`] (each row borrows the
/// reader, so this is not an `Iterator`).
pub struct SplitRows<'a> {
    bytes: &'a [u8],
    text: &'a str,
    delimiter: u8,
    /// Where the next read begins.
    at: usize,
    /// Cells in the header, for the cell-count warning.
    header_len: usize,
    /// Rows read so far.
    number: u64,
    /// The current row's cells: ranges of `text`, or of `owned` when `in_owned`.
    bounds: Vec<Range<usize>>,
    owned: String,
    in_owned: bool,
    /// csv_core, for the records not split in place, and its output buffers.
    core: csv_core::Reader,
    core_out: Vec<u8>,
    core_ends: Vec<usize>,
    /// Byte offsets of rows count from here (the end of a byte order mark, or 0).
    span_origin: usize,
    lines: LineCounter<'a>,
    /// The last record read ran into the end of the block (no terminator after it).
    cut_short: bool,
}

/// Line numbers, counted only when a row asks for its own (a row with a warning): the `\n`s
/// between the last place counted and the row's start.
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// (offset, line of the byte at that offset).
    anchor: Cell<(usize, u64)>,
}

impl LineCounter<'_> {
    fn line_at(&self, offset: usize) -> u64 {
        let (from, line) = self.anchor.get();
        let line = if offset >= from {
            line + super::blocks::newlines(&self.bytes[from..offset])
        } else {
            line - super::blocks::newlines(&self.bytes[offset..from])
        };
        self.anchor.set((offset, line));
        line
    }
}

/// One row read by [`SplitRows::next_row`].
pub struct SplitRow<'r> {
    /// 1-based data row within the block, as [`super::Row::number`].
    pub number: u64,
    /// Where the csv reader's read of this record began (`csv::Position::byte`, counted from
    /// the end of the byte order mark): just after the terminator of the record before, blank
    /// lines included. The page keeps it to read the row again for its receipt.
    pub span: u64,
    pub cells: Cells<'r>,
    /// First byte of the record, for its line.
    start: usize,
    lines: &'r LineCounter<'r>,
    header_len: usize,
}

impl SplitRow<'_> {
    /// The 1-based line where the row starts (counted from the block's start).
    pub fn line(&self) -> u64 {
        self.lines.line_at(self.start)
    }

    /// The row's oddity, as [`super::Row::warnings`] lists it: more or fewer cells than the
    /// header.
    pub fn warning(&self) -> Option<RowWarning> {
        (self.cells.len() != self.header_len).then_some(RowWarning::CellCount {
            expected: self.header_len,
            found: self.cells.len(),
        })
    }
}

/// A row's cells: ranges of one text.
#[derive(Clone, Copy)]
pub struct Cells<'r> {
    text: &'r str,
    bounds: &'r [Range<usize>],
}

impl<'r> Cells<'r> {
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }

    pub fn get(&self, column: usize) -> Option<&'r str> {
        let range = self.bounds.get(column)?;
        self.text.get(range.clone())
    }

    pub fn iter(&self) -> impl Iterator<Item = &'r str> + '_ {
        (0..self.len()).map(|c| self.get(c).unwrap_or(""))
    }

    /// The text the cells are ranges of, and cell `column`'s range in it: adjacent cells of a
    /// record read by csv_core sit end to end; cells read in place have the delimiter (and
    /// any quotes) between them.
    pub fn text(&self) -> &'r str {
        self.text
    }

    pub fn range(&self, column: usize) -> Option<Range<usize>> {
        self.bounds.get(column).cloned()
    }
}

impl Record for Cells<'_> {
    fn cell(&self, column: usize) -> Option<&str> {
        self.get(column)
    }
}

impl Record for SplitRow<'_> {
    fn cell(&self, column: usize) -> Option<&str> {
        self.cells.get(column)
    }
}

/// Where rows start in a block.
#[derive(Debug, Clone, Copy)]
struct SplitStart {
    /// Offset of the first byte to read: 0, or just after a first block's header record.
    at: usize,
    /// Byte offsets of rows count from here (after a byte order mark).
    span_origin: usize,
    /// The line of the byte at `at` (1 at a block's start).
    line: u64,
    /// The record before `at` (the header) ran into the block's end.
    cut_short: bool,
}

impl<'a> SplitRows<'a> {
    /// The rows of a block of a delimited file (`first`: the file's first block, which starts
    /// with a byte order mark or not, then the header, read here as [`super::open_csv_with`]
    /// reads it); a file's later blocks hold records only. `header_len`: the file's header
    /// cells. `Ok(None)` when the block is not UTF-8, for [`super::CsvRows`] to decode.
    pub fn for_block(
        bytes: &'a [u8],
        delimiter: u8,
        first: bool,
        header_len: usize,
    ) -> Result<Option<SplitRows<'a>>, TableError> {
        // The one check of the block's text: cells are then slices of it.
        let Ok(text) = simdutf8::basic::from_utf8(bytes) else {
            return Ok(None);
        };
        let start = if first {
            let bom = bytes.len() - strip_bom(bytes).len();
            let header = super::open_csv_with(bytes, delimiter)?;
            let (read, line, cut_short) = header.next_read();
            SplitStart {
                at: bom + read as usize,
                span_origin: bom,
                line,
                cut_short,
            }
        } else {
            SplitStart {
                at: 0,
                span_origin: 0,
                line: 1,
                cut_short: false,
            }
        };
        Ok(Some(SplitRows::new(text, delimiter, header_len, start)))
    }

    fn new(text: &'a str, delimiter: u8, header_len: usize, start: SplitStart) -> SplitRows<'a> {
        let bytes = text.as_bytes();
        let mut core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        // csv_core drops a byte order mark from the first input it is given, which is not a
        // record start here: a blank line makes it read without changing its state. (A later
        // block's own BOM is dropped by `next_row`, as a csv reader of the block drops it.)
        let _ = core.read_record(b"\n", &mut [], &mut []);
        SplitRows {
            bytes,
            text,
            delimiter,
            at: start.at.min(bytes.len()),
            header_len,
            number: 0,
            bounds: Vec::with_capacity(header_len + 1),
            owned: String::new(),
            in_owned: false,
            core,
            core_out: Vec::new(),
            core_ends: Vec::new(),
            span_origin: start.span_origin,
            lines: LineCounter {
                bytes,
                anchor: Cell::new((start.at.min(bytes.len()), start.line)),
            },
            cut_short: start.cut_short,
        }
    }

    /// The next row that has content (records of blank cells only are skipped, as
    /// [`super::CsvRows`] skips them); `None` at the block's end.
    pub fn next_row(&mut self) -> Option<SplitRow<'_>> {
        loop {
            let began = self.at;
            // A csv reader drops a byte order mark from the start of its input (the first
            // block's was dropped before its header).
            let skip = if began == 0 && self.bytes.starts_with(BOM) {
                BOM.len()
            } else {
                0
            };
            // Empty lines (and the `\n` of a `\r\n`) are skipped inside a read.
            let start = began
                + skip
                + (self.bytes[began + skip..].iter())
                    .position(|&b| b != b'\n' && b != b'\r')
                    .unwrap_or(self.bytes.len() - began - skip);
            if start == self.bytes.len() {
                self.at = start;
                return None;
            }
            self.cut_short = false;
            self.in_owned = false;
            self.at = match self.split_in_place(start) {
                Some(next) => next,
                None => self.read_with_core(start),
            };
            if self.is_blank() {
                continue;
            }
            self.number += 1;
            let text = if self.in_owned {
                self.owned.as_str()
            } else {
                self.text
            };
            return Some(SplitRow {
                number: self.number,
                span: began.saturating_sub(self.span_origin) as u64,
                cells: Cells {
                    text,
                    bounds: &self.bounds,
                },
                start,
                lines: &self.lines,
                header_len: self.header_len,
            });
        }
    }

    /// Rows read so far.
    pub fn rows_read(&self) -> u64 {
        self.number
    }

    /// Once every row is read: whether the block ended where a record ends, as
    /// [`super::CsvRows::ended_on_record_end`] tells it.
    pub fn ended_on_record_end(&self) -> bool {
        let read = &self.bytes[self.span_origin.min(self.bytes.len())..];
        !read.is_empty() && !self.cut_short && !read.ends_with(b"\r\n")
    }

    /// Split the record at `start` into `self.bounds` and return where the next read begins,
    /// or `None` when the record is not simply quoted (for [`Self::read_with_core`]).
    ///
    /// 64 bytes at a time, while that many are left: a mask of the bytes that matter in the
    /// window ([`special_mask`]), then one step per byte found; the block's last bytes go
    /// cell by cell ([`Self::split_from`]).
    fn split_in_place(&mut self, start: usize) -> Option<usize> {
        let bytes = self.bytes;
        let delimiter = self.delimiter;
        self.bounds.clear();
        let mut field = start;
        let mut window = start;
        'windows: while let Some(chunk) = bytes.get(window..).and_then(<[u8]>::first_chunk) {
            let mut found = special_mask(chunk, delimiter);
            while found != 0 {
                let at = window + found.trailing_zeros() as usize;
                found &= found - 1;
                let byte = bytes[at];
                if byte == delimiter {
                    self.bounds.push(field..at);
                    field = at + 1;
                } else if byte != b'"' {
                    self.bounds.push(field..at);
                    return Some(at + 1);
                } else if at == field {
                    // A quoted cell: on after its closing quote, with a new window.
                    let (cell, after) = self.quoted(at)?;
                    self.bounds.push(cell);
                    match after {
                        After::Delimiter(next) => field = next,
                        After::End(next) => return Some(next),
                    }
                    window = field;
                    continue 'windows;
                }
                // Otherwise a quote inside an unquoted cell: an ordinary byte.
            }
            window += chunk.len();
        }
        self.split_from(field)
    }

    /// [`Self::split_in_place`] from the cell at `field` to the record's end, one cell at a
    /// time.
    fn split_from(&mut self, mut field: usize) -> Option<usize> {
        let bytes = self.bytes;
        let delimiter = self.delimiter;
        loop {
            if bytes.get(field) == Some(&b'"') {
                let (cell, after) = self.quoted(field)?;
                self.bounds.push(cell);
                match after {
                    After::Delimiter(next) => field = next,
                    After::End(next) => return Some(next),
                }
                continue;
            }
            // A quote inside an unquoted cell is an ordinary byte.
            let mut end = next_special(bytes, field, delimiter);
            while bytes.get(end) == Some(&b'"') {
                end = next_special(bytes, end + 1, delimiter);
            }
            self.bounds.push(field..end);
            match bytes.get(end) {
                None => {
                    self.cut_short = true;
                    return Some(end);
                }
                Some(&b) if b == delimiter => field = end + 1,
                _ => return Some(end + 1),
            }
        }
    }

    /// The quoted cell whose opening quote is at `quote`, and what follows it; `None` when it
    /// is not simply quoted (`""` inside, text after the closing quote, or no closing quote).
    fn quoted(&mut self, quote: usize) -> Option<(Range<usize>, After)> {
        let bytes = self.bytes;
        let open = quote + 1;
        let close = open + memchr::memchr(b'"', &bytes[open..])?;
        let after = match bytes.get(close + 1) {
            None => {
                self.cut_short = true;
                After::End(bytes.len())
            }
            Some(&b) if b == self.delimiter => After::Delimiter(close + 2),
            Some(b'\n' | b'\r') => After::End(close + 2),
            Some(_) => return None,
        };
        Some((open..close, after))
    }

    /// Read the record at `start` with csv_core into `self.owned` (cells end to end) and
    /// return where the next read begins.
    fn read_with_core(&mut self, start: usize) -> usize {
        use csv_core::ReadRecordResult as Read;
        // The reader is at a record start (it ended the last record it read, and `start`
        // follows that record), so it goes on from here without a reset (which would make
        // it drop a byte order mark starting this record).
        let input = &self.bytes[start..];
        if self.core_out.is_empty() {
            self.core_out.resize(input.len().clamp(64, 1 << 16), 0);
            self.core_ends.resize(64, 0);
        }
        let (mut nin, mut nout, mut nends) = (0, 0, 0);
        loop {
            let (result, i, o, e) = self.core.read_record(
                &input[nin..],
                &mut self.core_out[nout..],
                &mut self.core_ends[nends..],
            );
            nin += i;
            nout += o;
            nends += e;
            match result {
                // All the input was given: the next call (with none) ends the record.
                Read::InputEmpty => self.cut_short = true,
                Read::OutputFull => {
                    let len = self.core_out.len() * 2;
                    self.core_out.resize(len, 0);
                }
                Read::OutputEndsFull => {
                    let len = self.core_ends.len() * 2;
                    self.core_ends.resize(len, 0);
                }
                Read::Record | Read::End => break,
            }
        }
        self.bounds.clear();
        self.owned.clear();
        let mut from = 0;
        for &end in &self.core_ends[..nends] {
            let cell = &self.core_out[from..end];
            let at = self.owned.len();
            // The block is UTF-8 and csv_core drops only ASCII quotes: this always holds.
            match std::str::from_utf8(cell) {
                Ok(cell) => self.owned.push_str(cell),
                Err(_) => self.owned.push_str(&String::from_utf8_lossy(cell)),
            }
            self.bounds.push(at..self.owned.len());
            from = end;
        }
        self.in_owned = true;
        start + nin
    }

    /// The current record has only empty or whitespace cells.
    fn is_blank(&self) -> bool {
        let text = if self.in_owned {
            self.owned.as_bytes()
        } else {
            self.bytes
        };
        (self.bounds.iter()).all(|r| text[r.clone()].iter().all(u8::is_ascii_whitespace))
    }
}

const BOM: &[u8] = "\u{feff}".as_bytes();

/// What follows a quoted cell: a delimiter (the next cell starts at the offset given), or
/// the record's end (the next read begins at the offset given).
enum After {
    Delimiter(usize),
    End(usize),
}

/// Bit `i` set when byte `i` of `window` is the delimiter, `\r`, `\n` or `"`. With 128-bit
/// SIMD in wasm (the app's build), 16 bytes at a step.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
fn special_mask(window: &[u8; 64], delimiter: u8) -> u64 {
    use core::arch::wasm32::{u64x2, u8x16_bitmask, u8x16_eq, u8x16_splat, v128_or};
    let mut mask = 0;
    for (i, lane) in window.chunks_exact(16).enumerate() {
        let word = |at: usize| {
            let mut bytes = [0; 8];
            bytes.copy_from_slice(&lane[at..at + 8]);
            u64::from_le_bytes(bytes)
        };
        let v = u64x2(word(0), word(8));
        let hits = v128_or(
            v128_or(
                u8x16_eq(v, u8x16_splat(delimiter)),
                u8x16_eq(v, u8x16_splat(b'"')),
            ),
            v128_or(
                u8x16_eq(v, u8x16_splat(b'\n')),
                u8x16_eq(v, u8x16_splat(b'\r')),
            ),
        );
        mask |= u64::from(u8x16_bitmask(hits)) << (16 * i);
    }
    mask
}

/// Bit `i` set when byte `i` of `window` is the delimiter, `\r`, `\n` or `"`. SSE2 (part of
/// every x86-64 CPU), through safe_arch: 16 bytes at a step, as in wasm.
#[cfg(target_arch = "x86_64")]
#[inline]
fn special_mask(window: &[u8; 64], delimiter: u8) -> u64 {
    use safe_arch::{
        bitor_m128i, cmp_eq_mask_i8_m128i as eq, load_unaligned_m128i, move_mask_i8_m128i,
        set_splat_i8_m128i,
    };
    let splat = |b: u8| set_splat_i8_m128i(b as i8);
    let (d, quote, lf, cr) = (splat(delimiter), splat(b'"'), splat(b'\n'), splat(b'\r'));
    let mut mask = 0;
    for (i, lane) in window.chunks_exact(16).enumerate() {
        let mut bytes = [0; 16];
        bytes.copy_from_slice(lane);
        let v = load_unaligned_m128i(&bytes);
        let hits = bitor_m128i(
            bitor_m128i(eq(v, d), eq(v, quote)),
            bitor_m128i(eq(v, lf), eq(v, cr)),
        );
        mask |= u64::from(move_mask_i8_m128i(hits) as u16) << (16 * i);
    }
    mask
}

/// Elsewhere (and in wasm without SIMD, which the app's build does not use), the portable
/// [`special_mask_swar`].
#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
#[inline]
fn special_mask(window: &[u8; 64], delimiter: u8) -> u64 {
    special_mask_swar(window, delimiter)
}

/// [`special_mask`] eight bytes at a step, each byte's flag exact (no borrow between bytes),
/// gathered into eight bits. Compiled for tests everywhere, so it is checked on every host.
#[cfg(any(
    test,
    not(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    ))
))]
#[inline]
fn special_mask_swar(window: &[u8; 64], delimiter: u8) -> u64 {
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    // The high bit of each byte that is not zero.
    let nonzero = |x: u64| ((x & LOW7).wrapping_add(LOW7)) | x;
    let splat = |b: u8| ONES * u64::from(b);
    let (d, lf, cr, quote) = (splat(delimiter), splat(b'\n'), splat(b'\r'), splat(b'"'));
    let mut mask = 0;
    for (i, word) in window.chunks_exact(8).enumerate() {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(word);
        let w = u64::from_le_bytes(bytes);
        let plain = nonzero(w ^ d) & nonzero(w ^ lf) & nonzero(w ^ cr) & nonzero(w ^ quote);
        // One bit per special byte (bit 7 of each byte), gathered into the top byte.
        let flags = (!plain & !LOW7) >> 7;
        let gathered = flags.wrapping_mul(0x0102_0408_1020_4080) >> 56;
        mask |= gathered << (8 * i);
    }
    mask
}

/// The first delimiter, `\r`, `\n` or `"` at or after `from` (`bytes.len()` when none).
/// Eight bytes at a step: a word's bytes equal to one of the four are found all at once.
#[inline]
fn next_special(bytes: &[u8], mut from: usize, delimiter: u8) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    let splat = |b: u8| ONES * u64::from(b);
    let (d, lf, cr, quote) = (splat(delimiter), splat(b'\n'), splat(b'\r'), splat(b'"'));
    while let Some(word) = bytes.get(from..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*word);
        let found = zero_bytes(word ^ d)
            | zero_bytes(word ^ lf)
            | zero_bytes(word ^ cr)
            | zero_bytes(word ^ quote);
        if found != 0 {
            return from + (found.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    let special = |&b: &u8| b == delimiter || b == b'\n' || b == b'\r' || b == b'"';
    from + bytes[from.min(bytes.len())..]
        .iter()
        .position(special)
        .unwrap_or(bytes.len().saturating_sub(from))
}

/// The high bit of each byte of `x` that is zero, and maybe of some bytes above the first
/// zero byte (a borrow runs up): the lowest bit set is always the first zero byte's.
#[inline]
fn zero_bytes(x: u64) -> u64 {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    x.wrapping_sub(ONES) & !x & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_mask_marks_exactly_the_bytes_that_matter() {
        let mut window = [b'a'; 64];
        for (i, b) in [
            (0, b','),
            (7, b'"'),
            (8, b'\n'),
            (9, b'\r'),
            (40, b';'),
            (63, b','),
        ] {
            window[i] = b;
        }
        // Bytes next to the ones that matter, and bytes with the high bit set.
        window[1] = b'-';
        window[10] = 0x80;
        window[11] = 0xff;
        window[12] = b',' | 0x80;
        window[13] = 0;
        let expected = (1 << 0) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 63);
        for mask in [special_mask, special_mask_swar] {
            assert_eq!(mask(&window, b','), expected);
            assert_eq!(
                mask(&window, b';'),
                (1 << 7) | (1 << 8) | (1 << 9) | (1 << 40)
            );
            for i in 0..64 {
                let mut one = [b'x'; 64];
                one[i] = b'\t';
                assert_eq!(mask(&one, b'\t'), 1 << i);
            }
        }
        // Every byte value at every place, next to every other.
        for b in 0..=255u8 {
            let window: [u8; 64] =
                std::array::from_fn(|i| b.wrapping_add((i as u8).wrapping_mul(37)));
            assert_eq!(
                special_mask(&window, b'|'),
                special_mask_swar(&window, b'|')
            );
        }
    }

    #[test]
    fn next_special_finds_the_first_byte_that_matters() {
        let text = b"abcdefghij,klmnopqrstuvwxyz\"0123456789\r\n";
        assert_eq!(next_special(text, 0, b','), 10);
        assert_eq!(next_special(text, 11, b','), 27);
        assert_eq!(next_special(text, 28, b','), 38);
        assert_eq!(next_special(text, 39, b','), 39);
        assert_eq!(next_special(b"abc", 0, b','), 3);
        assert_eq!(next_special(b"abc", 3, b','), 3);
        assert_eq!(next_special(b"a\tb", 0, b'\t'), 1);
        // A byte just above a match, and 0x80/0xff bytes, are not matches.
        assert_eq!(next_special("é,€\u{ff}x;".as_bytes(), 0, b';'), 9);
        assert_eq!(next_special("ééééé;".as_bytes(), 0, b';'), 10);
    }
}
