//! What can go wrong reading or writing a table: [`TableError`] when the whole input (or
//! output) is unusable, [`RowError`] when one row is. A bad row is data, not a reason to stop:
//! readers yield it and carry on.

use std::fmt;

/// What kind of [`TableError`] happened, for callers that react differently to each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TableErrorKind {
    /// The file holds no data at all (zero bytes, only blank lines, only empty sheets).
    Empty,
    /// The file has content but no header row could be read.
    NoHeader,
    /// Reading or writing the underlying stream failed.
    Io,
    /// The bytes are not a workbook calamine can open, or a sheet could not be read.
    Workbook,
    /// The requested sheet does not exist.
    UnknownSheet,
    /// Building an export failed (e.g. more rows than a worksheet holds).
    Export,
}

/// The whole input or output is unusable. The message says what and where, in words a user
/// can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    kind: TableErrorKind,
    message: String,
}

impl TableError {
    pub fn new(kind: TableErrorKind, message: impl Into<String>) -> Self {
        TableError {
            kind,
            message: message.into(),
        }
    }

    pub fn kind(&self) -> TableErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub(crate) fn io(context: &str, err: &std::io::Error) -> Self {
        TableError::new(TableErrorKind::Io, format!("{context}: {err}"))
    }
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TableError {}

/// One row could not be read. Iteration goes on after it whenever the reader can continue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 1-based data row (header excluded), counting this failed row.
    pub number: u64,
    /// 1-based line (CSV) or sheet row (spreadsheets) where the row starts.
    pub line: u64,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "row {} (line {}): {}",
            self.number, self.line, self.message
        )
    }
}

impl std::error::Error for RowError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_error_says_where() {
        let e = RowError {
            number: 12,
            line: 13,
            message: "bad quote".into(),
        };
        assert_eq!(e.to_string(), "row 12 (line 13): bad quote");
    }

    #[test]
    fn table_error_keeps_kind_and_message() {
        let e = TableError::new(TableErrorKind::UnknownSheet, "no sheet named 'X'");
        assert_eq!(e.kind(), TableErrorKind::UnknownSheet);
        assert_eq!(e.to_string(), "no sheet named 'X'");
        let io = TableError::io("reading leads.csv", &std::io::Error::other("disk gone"));
        assert_eq!(io.kind(), TableErrorKind::Io);
        assert_eq!(io.to_string(), "reading leads.csv: disk gone");
    }
}
