//! [`Row`]: one data row of any table, as the engine reads it.

use std::fmt;

use crate::engine::Record;

/// One data row, from a CSV file or a spreadsheet.
///
/// Rows that are odd but still usable (more or fewer cells than the header, an error cell in a
/// spreadsheet) are yielded whole, with the oddities listed in `warnings`: nothing is lost, and
/// the caller decides whether to show them. An empty `warnings` does not allocate.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based data row, header excluded (skipped blank rows are not counted).
    pub number: u64,
    /// 1-based line in the file (CSV) or row in the sheet (spreadsheets) where the row starts.
    pub line: u64,
    pub cells: csv::StringRecord,
    pub warnings: Vec<RowWarning>,
}

/// Something odd about a row that did not stop it from being read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RowWarning {
    /// The row has a different number of cells than the header. Missing cells read as empty;
    /// extra cells are kept in `cells` (exports drop them, as they have no header).
    CellCount { expected: usize, found: usize },
    /// A spreadsheet cell held an error value (`#N/A`, `#DIV/0!`, ...); it reads as empty.
    CellError { column: usize, error: String },
}

impl fmt::Display for RowWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowWarning::CellCount { expected, found } => {
                write!(f, "{found} cells, but the header has {expected}")
            }
            RowWarning::CellError { column, error } => {
                write!(
                    f,
                    "column {}: error value {error} read as empty",
                    column + 1
                )
            }
        }
    }
}

impl Row {
    /// `row 12 (line 13): <warning>` for each warning, ready to show.
    pub fn warning_messages(&self) -> impl Iterator<Item = String> + '_ {
        self.warnings
            .iter()
            .map(move |w| format!("row {} (line {}): {w}", self.number, self.line))
    }
}

impl Record for Row {
    fn cell(&self, column: usize) -> Option<&str> {
        self.cells.get(column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_is_a_record_and_explains_its_warnings() {
        let row = Row {
            number: 3,
            line: 5,
            cells: csv::StringRecord::from(vec!["a", "b"]),
            warnings: vec![
                RowWarning::CellCount {
                    expected: 3,
                    found: 2,
                },
                RowWarning::CellError {
                    column: 1,
                    error: "#N/A".into(),
                },
            ],
        };
        assert_eq!(row.cell(1), Some("b"));
        assert_eq!(row.cell(2), None);
        let messages: Vec<String> = row.warning_messages().collect();
        assert_eq!(
            messages,
            [
                "row 3 (line 5): 2 cells, but the header has 3",
                "row 3 (line 5): column 2: error value #N/A read as empty"
            ]
        );
    }
}
