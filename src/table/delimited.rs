//! Streaming CSV (and semicolon, tab, pipe separated) input.

use std::io::{Chain, Cursor, Read};

use super::error::{RowError, TableError, TableErrorKind};
use super::lines::{record_line, Tail};
use super::row::{Row, RowWarning};
use super::sniff::{file_delimiter, strip_bom, SNIFF_LEN};

/// Rows of a delimited text file, read as they are iterated: memory stays bounded by the
/// sniffing prefix and the longest record, whatever the file size.
///
/// Yields `Ok(Row)` for every non-blank data row (ragged rows included, with a
/// [`RowWarning::CellCount`]) and `Err(RowError)` for a record the csv parser rejects; the
/// iteration goes on after such an error, and ends after an I/O error.
///
/// A record that is not valid UTF-8 is decoded as Windows-1252 (what Excel on Windows writes
/// by default); the first time this happens the file gets one warning in [`CsvRows::warnings`].
pub struct CsvRows<R: Read> {
    reader: csv::Reader<Tail<Chain<Cursor<Vec<u8>>, R>>>,
    header: Vec<String>,
    delimiter: u8,
    warnings: Vec<String>,
    record: csv::ByteRecord,
    number: u64,
    /// Lines counted by the csv reader when the last read ended.
    lines_read: u64,
    done: bool,
    /// The first record decoded as Windows-1252: `Some(0)` the header, `Some(n)` row n.
    legacy_from: Option<u64>,
    /// A finished row's buffers, given back with [`CsvRows::recycle`] for the next record.
    spare: Option<csv::ByteRecord>,
    /// The last record read ran into the end of the input: no terminator (outside quotes)
    /// followed it.
    cut_short: bool,
}

/// Start reading delimited text: strips a UTF-8 BOM, sniffs the delimiter from the first
/// 64 KiB and reads the header (the first non-blank record, cells trimmed).
pub fn open_csv<R: Read>(mut reader: R) -> Result<CsvRows<R>, TableError> {
    let (prefix, complete) = read_prefix(&mut reader)?;
    let delimiter = file_delimiter(&prefix, complete);
    start(prefix, reader, delimiter, None)
}

/// [`open_csv`] with the delimiter already known: the first [`super::Block`] of a file, with
/// the delimiter [`super::RecordBlocks`] sniffed from the file's start.
pub fn open_csv_with<R: Read>(mut reader: R, delimiter: u8) -> Result<CsvRows<R>, TableError> {
    let (prefix, _) = read_prefix(&mut reader)?;
    start(prefix, reader, delimiter, None)
}

/// A later [`super::Block`] of a file: records only, no BOM and no header (`header` is the
/// file's). Rows are numbered from 1 and lines counted from 1 within the block; add the rows
/// of the blocks before and [`super::Block::lines_before`] for the file's numbers.
pub fn continue_csv<R: Read>(reader: R, delimiter: u8, header: Vec<String>) -> CsvRows<R> {
    let mut rows = csv_rows(Vec::new(), reader, delimiter);
    rows.header = header;
    rows
}

fn start<R: Read>(
    mut prefix: Vec<u8>,
    reader: R,
    delimiter: u8,
    header: Option<Vec<String>>,
) -> Result<CsvRows<R>, TableError> {
    let body = strip_bom(&prefix);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(TableError::new(TableErrorKind::Empty, "the file is empty"));
    }
    let bom_len = prefix.len() - body.len();
    prefix.drain(..bom_len);
    let mut rows = csv_rows(prefix, reader, delimiter);
    rows.header = match header {
        Some(header) => header,
        None => rows.read_header()?,
    };
    Ok(rows)
}

fn csv_rows<R: Read>(prefix: Vec<u8>, reader: R, delimiter: u8) -> CsvRows<R> {
    let reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(Tail::new(Cursor::new(prefix).chain(reader)));
    CsvRows {
        reader,
        header: Vec::new(),
        delimiter,
        warnings: Vec::new(),
        record: csv::ByteRecord::new(),
        number: 0,
        lines_read: 1,
        done: false,
        legacy_from: None,
        spare: None,
        cut_short: false,
    }
}

/// Up to [`SNIFF_LEN`] bytes, and whether that is the whole input.
fn read_prefix<R: Read>(reader: &mut R) -> Result<(Vec<u8>, bool), TableError> {
    let mut prefix = Vec::with_capacity(SNIFF_LEN);
    // `take` + `read_to_end` retries on `Interrupted` and stops at EOF or the limit.
    reader
        .take(SNIFF_LEN as u64)
        .read_to_end(&mut prefix)
        .map_err(|e| TableError::io("could not read the file", &e))?;
    let complete = prefix.len() < SNIFF_LEN;
    Ok((prefix, complete))
}

impl<R: Read> CsvRows<R> {
    /// The header cells, trimmed.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The delimiter in use (`,` `;` TAB or `|`).
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// File-level notes so far (e.g. the Windows-1252 fallback). Complete once the iteration
    /// has ended.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The first record decoded as Windows-1252 so far: `Some(0)` for the header, `Some(n)`
    /// for data row n.
    pub fn legacy_from(&self) -> Option<u64> {
        self.legacy_from
    }

    /// Once the rows have all been read: whether the input ended where a record ends, after
    /// a terminator outside quotes, and where blocks are cut ([`super::last_record_end`]):
    /// inside a `\r\n`, after the `\r`. What [`super::block_end`] tells of a block before
    /// it is read, told by the parser while reading it, so a block scored anyway costs no
    /// second pass over its quotes.
    pub fn ended_on_record_end(&self) -> bool {
        let tail = self.reader.get_ref();
        let end = tail.bytes_read();
        let crlf_end = end >= 2
            && tail.byte_at(end - 2) == Some(b'\r')
            && tail.byte_at(end - 1) == Some(b'\n');
        end > 0 && !self.cut_short && !crlf_end
    }

    /// Where the next read begins (bytes after the byte order mark), the line there, and
    /// whether the last record read ran into the end of the input: where
    /// [`super::SplitRows`] takes over from the header.
    pub(super) fn next_read(&self) -> (u64, u64, bool) {
        (
            self.reader.position().byte(),
            self.lines_read,
            self.cut_short,
        )
    }

    /// The number of the last row read (rows read so far, unreadable ones included).
    pub fn rows_read(&self) -> u64 {
        self.number
    }

    /// Read the next record into `self.record`; `Ok(Some(line))` with the line it starts on,
    /// `Ok(None)` at the end. On error, `self.lines_read` is where the failed read began.
    fn read(&mut self) -> csv::Result<Option<u64>> {
        let before = self.lines_read;
        if !self.reader.read_byte_record(&mut self.record)? {
            return Ok(None);
        }
        let after = self.reader.position().line();
        self.lines_read = after;
        // Almost no record holds a newline: one memchr answers for those.
        let cells = self.record.as_slice();
        let inner_newlines = match memchr::memchr(b'\n', cells) {
            None => 0,
            Some(first) => memchr::memchr_iter(b'\n', &cells[first..]).count(),
        };
        let end = self.reader.position().byte();
        let tail = self.reader.get_ref();
        // The csv reader asks for more input only when a record is not complete yet: a record
        // read after the input ended ran into its end.
        self.cut_short = tail.ended();
        // A record cut off by the end of the input (an open quote) ended without a terminator,
        // even when its last byte, inside the quotes, is a `\n`.
        let ended_with_lf = !tail.ended() && end > 0 && tail.byte_at(end - 1) == Some(b'\n');
        Ok(Some(record_line(
            before,
            after,
            inner_newlines as u64,
            ended_with_lf,
        )))
    }

    fn read_header(&mut self) -> Result<Vec<String>, TableError> {
        loop {
            match self.read() {
                Ok(None) => {
                    return Err(TableError::new(
                        TableErrorKind::NoHeader,
                        "no header row: the file has only empty cells",
                    ))
                }
                Ok(Some(_)) if is_blank(&self.record) => continue,
                Ok(Some(_)) => {
                    let cells = self.decode(None);
                    return Ok(cells.iter().map(|c| c.trim().to_string()).collect());
                }
                Err(e) if e.is_io_error() => {
                    return Err(TableError::new(
                        TableErrorKind::Io,
                        format!("could not read the header: {e}"),
                    ))
                }
                Err(e) => {
                    return Err(TableError::new(
                        TableErrorKind::NoHeader,
                        format!("could not read the header: {e}"),
                    ))
                }
            }
        }
    }

    /// Give a row's buffers back once done with it: the next rows are then read without
    /// allocating. Optional; a loop over a million rows saves two allocations per row.
    pub fn recycle(&mut self, row: Row) {
        self.spare = Some(row.cells.into_byte_record());
    }

    /// The current record as text; `row` is the data row number, `None` for the header.
    fn decode(&mut self, row: Option<u64>) -> csv::StringRecord {
        // The row takes the buffer; the next read gets a recycled one or one of the same size,
        // so it does not grow from empty through a series of reallocations on every row.
        let next = match self.spare.take() {
            Some(mut spare) => {
                spare.clear();
                spare
            }
            None => csv::ByteRecord::with_capacity(self.record.as_slice().len(), self.record.len()),
        };
        let record = std::mem::replace(&mut self.record, next);
        match csv::StringRecord::from_byte_record(record) {
            Ok(text) => text,
            Err(err) => {
                if self.legacy_from.is_none() {
                    let from = row.unwrap_or(0);
                    self.legacy_from = Some(from);
                    self.warnings.push(legacy_warning(from));
                }
                let bytes = err.into_byte_record();
                let mut text =
                    csv::StringRecord::with_capacity(bytes.as_slice().len(), bytes.len());
                for field in &bytes {
                    let (cell, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(field);
                    text.push_field(&cell);
                }
                text.set_position(bytes.position().cloned());
                text
            }
        }
    }
}

/// The file note for text decoded as Windows-1252 from row `from` (0: the header).
pub fn legacy_warning(from: u64) -> String {
    let from = if from == 0 {
        "the header".to_string()
    } else {
        format!("row {from}")
    };
    format!("not UTF-8: decoded as Windows-1252 from {from}")
}

/// A record with no content: only empty or whitespace cells (e.g. `;;;` lines).
fn is_blank(record: &csv::ByteRecord) -> bool {
    // The cells' bytes end to end: all whitespace exactly when every cell is. Stops at the
    // first byte of nearly every record.
    record.as_slice().iter().all(u8::is_ascii_whitespace)
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = Result<Row, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.read() {
                Ok(None) => self.done = true,
                Ok(Some(_)) if is_blank(&self.record) => {}
                Ok(Some(line)) => {
                    self.number += 1;
                    let cells = self.decode(Some(self.number));
                    let mut warnings = Vec::new();
                    if cells.len() != self.header.len() {
                        warnings.push(RowWarning::CellCount {
                            expected: self.header.len(),
                            found: cells.len(),
                        });
                    }
                    return Some(Ok(Row {
                        number: self.number,
                        line,
                        cells,
                        warnings,
                    }));
                }
                Err(e) => {
                    self.number += 1;
                    // After an I/O error the stream is in an unknown state: stop there.
                    self.done = e.is_io_error();
                    let line = self.lines_read;
                    self.lines_read = self.reader.position().line();
                    let message = match e.kind() {
                        csv::ErrorKind::Io(io) => format!("could not read the file: {io}"),
                        _ => e.to_string(),
                    };
                    return Some(Err(RowError {
                        number: self.number,
                        line,
                        message,
                    }));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> (Vec<String>, Vec<Row>) {
        let rows = open_csv(bytes).expect("open");
        let header = rows.header().to_vec();
        let rows = rows.map(|r| r.expect("row")).collect();
        (header, rows)
    }

    fn cells(row: &Row) -> Vec<&str> {
        row.cells.iter().collect()
    }

    #[test]
    fn whitespace_only_records_are_skipped_and_lines_count_newlines_in_cells() {
        let text = "a,b\n1,\"x\ny\nz\"\n , \t\n,\n2, \n3,\"\n\"\n";
        let (_, rows) = read(text.as_bytes());
        let seen: Vec<(u64, u64, Vec<&str>)> =
            rows.iter().map(|r| (r.number, r.line, cells(r))).collect();
        assert_eq!(
            seen,
            [
                (1, 2, vec!["1", "x\ny\nz"]),
                (2, 7, vec!["2", " "]),
                (3, 8, vec!["3", "\n"]),
            ]
        );
    }

    #[test]
    fn header_is_trimmed_and_rows_numbered() {
        let (header, rows) = read(b" Email , Title \na@x.io,CEO\n\nb@x.io,VP\n");
        assert_eq!(header, ["Email", "Title"]);
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].number, rows[0].line), (1, 2));
        assert_eq!((rows[1].number, rows[1].line), (2, 4));
        assert_eq!(cells(&rows[1]), ["b@x.io", "VP"]);
    }

    #[test]
    fn empty_inputs_are_table_errors() {
        assert_eq!(
            open_csv(&b""[..]).err().map(|e| e.kind()),
            Some(TableErrorKind::Empty)
        );
        assert_eq!(
            open_csv(&b"\xEF\xBB\xBF\r\n"[..]).err().map(|e| e.kind()),
            Some(TableErrorKind::Empty)
        );
        assert_eq!(
            open_csv(&b";;;\n"[..]).err().map(|e| e.kind()),
            Some(TableErrorKind::NoHeader)
        );
    }

    #[test]
    fn header_only_has_no_rows() {
        let (header, rows) = read(b"a,b\n");
        assert_eq!(header, ["a", "b"]);
        assert!(rows.is_empty());
    }

    #[test]
    fn ragged_rows_are_kept_with_a_warning() {
        let (_, rows) = read(b"a,b,c\n1,2\n1,2,3,4\n1,2,3\n");
        assert_eq!(
            rows[0].warnings,
            [RowWarning::CellCount {
                expected: 3,
                found: 2
            }]
        );
        assert_eq!(cells(&rows[1]), ["1", "2", "3", "4"]);
        assert_eq!(
            rows[1].warnings,
            [RowWarning::CellCount {
                expected: 3,
                found: 4
            }]
        );
        assert!(rows[2].warnings.is_empty());
    }

    #[test]
    fn windows_1252_fallback_warns_once() {
        let mut rows =
            open_csv(&b"name;city\nAda;Paris\nRen\xe9;K\xf6ln\nJos\xe9;M\xe1laga\n"[..]).unwrap();
        let all: Vec<Row> = rows.by_ref().map(Result::unwrap).collect();
        assert_eq!(cells(&all[1]), ["Ren\u{e9}", "K\u{f6}ln"]);
        assert_eq!(cells(&all[2]), ["Jos\u{e9}", "M\u{e1}laga"]);
        assert_eq!(
            rows.warnings(),
            ["not UTF-8: decoded as Windows-1252 from row 2"]
        );
    }

    #[test]
    fn a_non_utf8_header_is_decoded_too() {
        let rows = open_csv(&b"Soci\xe9t\xe9,Email\n"[..]).unwrap();
        assert_eq!(rows.header(), ["Soci\u{e9}t\u{e9}", "Email"]);
        assert_eq!(
            rows.warnings(),
            ["not UTF-8: decoded as Windows-1252 from the header"]
        );
    }

    #[test]
    fn prefix_boundary_does_not_lose_bytes() {
        // A file much longer than the sniffing prefix, with the BOM stripped once.
        let mut text = b"\xEF\xBB\xBFid;name\n".to_vec();
        for i in 0..20_000 {
            text.extend_from_slice(format!("{i};name {i}\n").as_bytes());
        }
        let rows = open_csv(&text[..]).unwrap();
        assert_eq!(rows.delimiter(), b';');
        assert_eq!(rows.header(), ["id", "name"]);
        let all: Vec<Row> = rows.map(Result::unwrap).collect();
        assert_eq!(all.len(), 20_000);
        assert_eq!(cells(&all[19_999]), ["19999", "name 19999"]);
        assert!(all.iter().all(|r| r.warnings.is_empty()));
    }

    /// A reader that fails after its bytes run out, to check an I/O error ends the iteration.
    struct Failing(Cursor<Vec<u8>>);

    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(std::io::Error::other("cable unplugged")),
                n => Ok(n),
            }
        }
    }

    #[test]
    fn io_error_is_reported_then_iteration_ends() {
        let mut text = b"a,b\n".to_vec();
        text.extend(b"1,2\n".repeat(SNIFF_LEN));
        let rows = open_csv(Failing(Cursor::new(text))).unwrap();
        let results: Vec<_> = rows.collect();
        let last = results.last().unwrap().as_ref().unwrap_err();
        assert!(last.message.contains("cable unplugged"), "{last}");
        assert!(results[..results.len() - 1].iter().all(Result::is_ok));
    }
}
