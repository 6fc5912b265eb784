//! One entry point for any file: [`open_bytes`] reads CSV or a workbook into the same rows.

use super::delimited::{open_csv, CsvRows};
use super::error::{RowError, TableError};
use super::format::{detect_format, sniff_magic, Format};
use super::row::Row;
use super::sheet::{read_sheet, SheetRows};

/// Rows of any supported file, borrowed from its bytes. Yields the same
/// `Result<Row, RowError>` items whatever the format.
pub struct TableReader<'a> {
    format: Format,
    source: Source<'a>,
    /// File-level notes from opening (e.g. a workbook name on a text file).
    notes: Vec<String>,
}

enum Source<'a> {
    Csv(CsvRows<&'a [u8]>),
    Sheet(SheetRows),
}

/// Read a whole file already in memory (the browser hands us its bytes). The format comes from
/// [`detect_format`]; workbooks are read at their first sheet with data.
pub fn open_bytes<'a>(
    bytes: &'a [u8],
    file_name: Option<&str>,
) -> Result<TableReader<'a>, TableError> {
    open_bytes_sheet(bytes, file_name, None)
}

/// [`open_bytes`], choosing the worksheet by name (ignored for CSV).
///
/// A file *named* like a workbook but without a workbook's signature (CRMs often export
/// tab-separated text as `.xls`) is read as delimited text when calamine cannot open it, with a
/// note in [`TableReader::warnings`].
pub fn open_bytes_sheet<'a>(
    bytes: &'a [u8],
    file_name: Option<&str>,
    sheet: Option<&str>,
) -> Result<TableReader<'a>, TableError> {
    let format = detect_format(file_name, bytes);
    if !format.is_workbook() {
        let rows = open_csv(bytes)?;
        return Ok(TableReader {
            format,
            source: Source::Csv(rows),
            notes: Vec::new(),
        });
    }
    match read_sheet(bytes, sheet) {
        Ok(rows) => Ok(TableReader {
            format,
            source: Source::Sheet(rows),
            notes: Vec::new(),
        }),
        Err(err) if sniff_magic(bytes).is_none() => match open_csv(bytes) {
            Ok(rows) => {
                let name = file_name.unwrap_or("the file");
                let kind = format.as_str().to_ascii_uppercase();
                let note = format!("{name} is not an {kind} workbook: read as delimited text");
                Ok(TableReader {
                    format: Format::Csv,
                    source: Source::Csv(rows),
                    notes: vec![note],
                })
            }
            Err(_) => Err(err),
        },
        Err(err) => Err(err),
    }
}

impl TableReader<'_> {
    /// The format actually read (CSV when a workbook-named file held text).
    pub fn format(&self) -> Format {
        self.format
    }

    /// The header cells, trimmed.
    pub fn header(&self) -> &[String] {
        match &self.source {
            Source::Csv(rows) => rows.header(),
            Source::Sheet(rows) => rows.header(),
        }
    }

    /// File-level warnings so far (complete once the iteration has ended).
    pub fn warnings(&self) -> Vec<String> {
        let more = match &self.source {
            Source::Csv(rows) => rows.warnings(),
            Source::Sheet(_) => &[],
        };
        self.notes.iter().chain(more).cloned().collect()
    }

    /// The delimiter of a CSV file; `None` for workbooks.
    pub fn delimiter(&self) -> Option<u8> {
        match &self.source {
            Source::Csv(rows) => Some(rows.delimiter()),
            Source::Sheet(_) => None,
        }
    }

    /// The sheet being read; `None` for CSV.
    pub fn sheet_name(&self) -> Option<&str> {
        match &self.source {
            Source::Csv(_) => None,
            Source::Sheet(rows) => Some(rows.sheet_name()),
        }
    }

    /// Every sheet of the workbook (empty for CSV), so a user can pick another one.
    pub fn sheet_names(&self) -> &[String] {
        match &self.source {
            Source::Csv(_) => &[],
            Source::Sheet(rows) => rows.sheet_names(),
        }
    }
}

impl Iterator for TableReader<'_> {
    type Item = Result<Row, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.source {
            Source::Csv(rows) => rows.next(),
            Source::Sheet(rows) => rows.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::TableErrorKind;

    #[test]
    fn csv_bytes_read_as_csv() {
        let mut reader = open_bytes(b"Email;Title\na@x.io;CEO\n", Some("leads.csv")).unwrap();
        assert_eq!(reader.format(), Format::Csv);
        assert_eq!(reader.delimiter(), Some(b';'));
        assert_eq!(reader.header(), ["Email", "Title"]);
        assert_eq!(reader.next().unwrap().unwrap().cells.get(1), Some("CEO"));
        assert!(reader.next().is_none());
        assert!(reader.sheet_names().is_empty());
    }

    #[test]
    fn text_named_xls_falls_back_to_csv_with_a_note() {
        let reader = open_bytes(b"Email\tTitle\na@x.io\tCEO\n", Some("export.xls")).unwrap();
        assert_eq!(reader.format(), Format::Csv);
        assert_eq!(
            reader.warnings(),
            ["export.xls is not an XLS workbook: read as delimited text"]
        );
    }

    #[test]
    fn a_broken_zip_is_a_workbook_error() {
        let err = open_bytes(b"PK\x03\x04garbage", Some("x.xlsx"))
            .err()
            .unwrap();
        assert_eq!(err.kind(), TableErrorKind::Workbook);
    }
}
