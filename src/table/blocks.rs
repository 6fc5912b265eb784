//! Delimited text cut into blocks that each parse alone exactly as they parse in the whole
//! file, so several threads (or Web Workers) can score one file at once.
//!
//! A block may end only where a record ends: after a `\n` or `\r` that is not inside a quoted
//! field. Finding those needs the quoting state, which [`last_record_end`] tracks the way the
//! csv crate reads (quote `"`, `""` for a quote inside quotes, no escape character): a quote
//! opens a quoted field only as a field's first byte; anywhere else it is an ordinary byte
//! (`5'11" tall` is one unquoted cell). The scan jumps from quote to quote with `memchr`, so it
//! costs a small fraction of parsing.

use std::io::{self, Read};

use super::sniff::{file_delimiter, strip_bom, SNIFF_LEN};

/// The position just after the last record terminator (`\n` or `\r`; inside a `\r\n`, after
/// the `\r`) outside quotes, reading `bytes` from the start of a record; `None` when no record
/// ends in `bytes`. The text before it and the text after it parse alone exactly as they parse
/// together.
pub fn last_record_end(bytes: &[u8], delimiter: u8) -> Option<usize> {
    // The stretches read outside quotes, as (start, end). Only the last ones are searched for
    // a terminator, at the end: searching each stretch on the way cost more than the quotes
    // themselves in files that quote a cell of every row.
    let mut outside = Vec::new();
    // Start of the current stretch read outside quotes.
    let mut outside_from = 0;
    let mut at = 0;
    let mut ends_inside = false;
    'quotes: while let Some(found) = memchr::memchr(b'"', &bytes[at..]) {
        let quote = at + found;
        // A quote opens a quoted field only as the field's first byte.
        // (Never right after a closing quote: `""` is read inside quotes, below.)
        let opens = quote == 0 || is_field_start(bytes[quote - 1], delimiter);
        if !opens {
            at = quote + 1;
            continue;
        }
        outside.push((outside_from, quote));
        // Inside quotes up to the closing quote: `""` is a quote in the cell.
        let mut inside = quote + 1;
        loop {
            match memchr::memchr(b'"', &bytes[inside..]) {
                // Still inside quotes at the end (or at a final `"` that may be half of a
                // `""`): no record ends after the last stretch outside.
                None => {
                    ends_inside = true;
                    break 'quotes;
                }
                Some(q) if bytes.get(inside + q + 1) == Some(&b'"') => inside += q + 2,
                Some(q) if inside + q + 1 == bytes.len() => {
                    ends_inside = true;
                    break 'quotes;
                }
                Some(q) => {
                    inside += q + 1;
                    break;
                }
            }
        }
        outside_from = inside;
        at = inside;
    }
    if !ends_inside {
        // The scan ended outside quotes: the text after the last quoted cell is outside too.
        outside.push((outside_from, bytes.len()));
    }
    (outside.iter().rev())
        .find_map(|&(from, to)| terminator_end(&bytes[from..to]).map(|end| from + end))
}

/// Where to cut `bytes` (a stretch of a file) without reading it from a record start: just
/// after the first record terminator at or after `from`, between the two bytes of a `\r\n`
/// as [`last_record_end`] cuts (start `from` one byte in, so the byte before is seen).
/// `None` when no terminator follows `from`.
///
/// The terminator may be inside a quoted cell, which only reading from the file's start can
/// tell: a block cut this way is checked afterwards with [`block_end`].
pub fn cut_after_terminator(bytes: &[u8], from: usize) -> Option<usize> {
    let at = from + memchr::memchr2(b'\n', b'\r', bytes.get(from..)?)?;
    if bytes[at] == b'\n' && at > 0 && bytes[at - 1] == b'\r' {
        return Some(at);
    }
    Some(at + 1)
}

/// What a block read alone says about where it was cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockEnd {
    /// Read from its start as a record start, the block ends where a record ends (outside
    /// quotes). When the block did start on a record, so does the block after it.
    pub on_record_end: bool,
    /// `\n`s in the block, for the line numbers of the blocks after it.
    pub newlines: u64,
}

/// [`BlockEnd`] of `bytes`, a block that starts a record (`first`: the file's first block,
/// which may start with a byte order mark).
pub fn block_end(bytes: &[u8], delimiter: u8, first: bool) -> BlockEnd {
    let records = if first { strip_bom(bytes) } else { bytes };
    BlockEnd {
        on_record_end: !records.is_empty()
            && last_record_end(records, delimiter) == Some(records.len()),
        newlines: newlines(bytes),
    }
}

/// The `\n`s in `bytes` (a block's, for the line numbers of the blocks after it).
pub fn newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// A byte after which a field starts: the delimiter or a record terminator.
fn is_field_start(previous: u8, delimiter: u8) -> bool {
    previous == delimiter || previous == b'\n' || previous == b'\r'
}

/// Where to cut after the last terminator in `outside` (text read outside quotes): after it,
/// but between the two bytes of a `\r\n`. The csv crate ends a CRLF record at the `\r` and
/// starts reading the next one at the `\n`, so a block starting there begins its first record
/// where the whole file's reader does (byte offsets of rows agree), and reads the lone `\n` as
/// the blank line ending the record before.
fn terminator_end(outside: &[u8]) -> Option<usize> {
    let at = memchr::memrchr2(b'\n', b'\r', outside)?;
    if outside[at] == b'\n' && at > 0 && outside[at - 1] == b'\r' {
        return Some(at);
    }
    Some(at + 1)
}

/// One block of a delimited text file: whole records, and where they sit in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The block's bytes; the first block starts with the file (BOM and header included).
    pub bytes: Vec<u8>,
    /// Offset of `bytes[0]` in the file.
    pub offset: u64,
    /// `\n`s in the file before this block, to turn the block's line numbers into the file's.
    pub lines_before: u64,
    /// 0 for the first block (which holds the header), then 1, 2, ...
    pub index: usize,
}

impl Block {
    pub fn is_first(&self) -> bool {
        self.index == 0
    }
}

/// A delimited text stream cut into [`Block`]s of about `target` bytes (more when a record is
/// longer), each ending where a record ends. Memory: a block plus the partial record after it.
pub struct RecordBlocks<R> {
    reader: R,
    delimiter: u8,
    target: usize,
    /// Bytes read but not yet handed out (the start of the next block).
    pending: Vec<u8>,
    offset: u64,
    lines_before: u64,
    index: usize,
    at_end: bool,
}

impl<R: Read> RecordBlocks<R> {
    /// Reads the first bytes to sniff the delimiter (as [`super::open_csv`] does, so blocks
    /// and a plain read agree).
    pub fn new(mut reader: R, target: usize) -> io::Result<Self> {
        let target = target.max(SNIFF_LEN);
        let mut pending = Vec::with_capacity(target + target / 8);
        let mut at_end = false;
        fill(&mut reader, &mut pending, target, &mut at_end)?;
        let delimiter = file_delimiter(&pending, at_end && pending.len() < SNIFF_LEN);
        Ok(RecordBlocks {
            reader,
            delimiter,
            target,
            pending,
            offset: 0,
            lines_before: 0,
            index: 0,
            at_end,
        })
    }

    /// The delimiter sniffed from the file's start.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    fn next_block(&mut self) -> io::Result<Option<Block>> {
        loop {
            if self.pending.len() < self.target && !self.at_end {
                let want = self.target;
                fill(&mut self.reader, &mut self.pending, want, &mut self.at_end)?;
            }
            if self.pending.is_empty() {
                return Ok(None);
            }
            let bom = if self.index == 0 {
                self.pending.len() - strip_bom(&self.pending).len()
            } else {
                0
            };
            let cut = if self.at_end {
                Some(self.pending.len())
            } else {
                last_record_end(&self.pending[bom..], self.delimiter).map(|c| bom + c)
            };
            match cut {
                Some(cut) if cut > 0 => return Ok(Some(self.take(cut))),
                // No record ends yet (one longer than a block): read on.
                _ => {
                    let want = self.pending.len() * 2;
                    fill(&mut self.reader, &mut self.pending, want, &mut self.at_end)?;
                }
            }
        }
    }

    fn take(&mut self, cut: usize) -> Block {
        let rest = self.pending[cut..].to_vec();
        let mut bytes = std::mem::replace(&mut self.pending, rest);
        bytes.truncate(cut);
        self.pending.reserve(self.target + self.target / 8);
        let block = Block {
            offset: self.offset,
            lines_before: self.lines_before,
            index: self.index,
            bytes,
        };
        self.offset += cut as u64;
        self.lines_before += memchr::memchr_iter(b'\n', &block.bytes).count() as u64;
        self.index += 1;
        block
    }
}

/// Read into `buf` until it holds `want` bytes or the input ends.
fn fill(
    reader: &mut impl Read,
    buf: &mut Vec<u8>,
    want: usize,
    at_end: &mut bool,
) -> io::Result<()> {
    if buf.len() >= want || *at_end {
        return Ok(());
    }
    let more = (want - buf.len()) as u64;
    let read = reader.by_ref().take(more).read_to_end(buf)?;
    if (read as u64) < more {
        *at_end = true;
    }
    Ok(())
}

impl<R: Read> Iterator for RecordBlocks<R> {
    type Item = io::Result<Block>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_block().transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends(text: &str) -> Option<usize> {
        last_record_end(text.as_bytes(), b',')
    }

    #[test]
    fn cuts_after_the_last_terminator_outside_quotes() {
        assert_eq!(ends("a,b\nc,d\ne"), Some(8));
        assert_eq!(ends("a,b"), None);
        assert_eq!(ends("a,\"b\nc\"\nd,\"e\nf"), Some(8));
        assert_eq!(ends("a,\"b\n\"\"c\"\n\"x\ny\""), Some(10));
        // CRLF: between the \r and the \n.
        assert_eq!(ends("a\r\nb\r\n"), Some(5));
        assert_eq!(ends("a\r\nb\r"), Some(5));
        assert_eq!(ends("a\rb\rc"), Some(4));
    }

    #[test]
    fn a_quote_inside_an_unquoted_cell_is_an_ordinary_byte() {
        // 5'11" opens nothing, so the newline after it ends the record.
        assert_eq!(ends("h,5'11\" tall\nx,\"y\nz\"\nq"), Some(21));
        // After a closing quote the cell goes on unquoted: `"a"b"` then a newline.
        assert_eq!(ends("\"a\"b\"\nc"), Some(6));
    }

    #[test]
    fn a_quote_at_the_end_may_be_half_of_a_doubled_quote() {
        assert_eq!(ends("a\n\"b\""), Some(2));
    }

    #[test]
    fn a_blind_cut_comes_after_the_first_terminator_from_where_asked() {
        let cut = |text: &str, from| cut_after_terminator(text.as_bytes(), from);
        assert_eq!(cut("ab\ncd\nef", 1), Some(3));
        assert_eq!(cut("ab\ncd\nef", 3), Some(6));
        assert_eq!(cut("ab\ncd", 3), None);
        assert_eq!(cut("ab", 5), None);
        // CRLF: between the \r and the \n, also when the window starts at the \n.
        assert_eq!(cut("a\r\nb", 1), Some(2));
        assert_eq!(cut("a\r\nb", 2), Some(2));
        assert_eq!(cut("a\rb", 1), Some(2));
        // Quotes are not looked at: that is what block_end checks.
        assert_eq!(cut("a,\"b\nc\"\n", 1), Some(5));
    }

    #[test]
    fn a_block_ends_on_a_record_end_only_outside_quotes() {
        let end = |text: &str, first| block_end(text.as_bytes(), b',', first);
        let on = |text, first| end(text, first).on_record_end;
        assert!(on("a,b\nc,d\n", false));
        assert!(on("a,\"b\nc\"\n", false));
        assert!(on("a\r\nb\r", false));
        assert!(!on("a,\"b\n", false));
        assert!(!on("a,b\nc", false));
        assert!(!on("", false));
        // The first block may start with a BOM, before a quoted header cell.
        assert!(on("\u{feff}\"h\",x\n", true));
        assert_eq!(end("a\n\"b\nc\"\n\r\n", false).newlines, 4);
    }

    #[test]
    fn blocks_cover_the_file_and_end_on_records() {
        let mut text = String::from("\u{feff}\"Name\",Note\n");
        for i in 0..5_000 {
            text.push_str(&format!("n{i},\"line one\nline \"\"two\"\"\"\r\n"));
        }
        let blocks: Vec<Block> = RecordBlocks::new(text.as_bytes(), 1)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(blocks.len() > 2, "{} blocks", blocks.len());
        let joined: Vec<u8> = blocks.iter().flat_map(|b| b.bytes.clone()).collect();
        assert_eq!(joined, text.as_bytes());
        let mut lines = 0;
        for (i, b) in blocks.iter().enumerate() {
            assert_eq!((b.index, b.lines_before), (i, lines));
            // Cut inside the CRLFs; the last block runs to the end of the file.
            let last = i + 1 == blocks.len();
            assert!(b.bytes.ends_with(if last { b"\r\n" } else { b"\r" }));
            assert!(i == 0 || b.bytes.starts_with(b"\n"));
            lines += b.bytes.iter().filter(|&&c| c == b'\n').count() as u64;
        }
    }
}
