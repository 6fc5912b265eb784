//! A row of cells, whatever it came from (CSV record, spreadsheet row, chat answers).

/// Cells by zero-based column index; `None` past the end of a short row.
pub trait Record {
    fn cell(&self, column: usize) -> Option<&str>;
}

#[cfg(feature = "spreadsheets")]
impl Record for csv::StringRecord {
    fn cell(&self, column: usize) -> Option<&str> {
        self.get(column)
    }
}

impl<S: AsRef<str>> Record for [S] {
    fn cell(&self, column: usize) -> Option<&str> {
        self.get(column).map(AsRef::as_ref)
    }
}

impl<S: AsRef<str>> Record for Vec<S> {
    fn cell(&self, column: usize) -> Option<&str> {
        self.get(column).map(AsRef::as_ref)
    }
}

impl<S: AsRef<str>, const N: usize> Record for [S; N] {
    fn cell(&self, column: usize) -> Option<&str> {
        self.get(column).map(AsRef::as_ref)
    }
}
