//! The history to learn from: a header and rows of cell text, and the outcome read as 0/1.

use super::error::LearnError;
use crate::table::{Row, RowError};

/// Outcome values read as "converted" when the caller names none (compared ignoring case).
pub const DEFAULT_POSITIVE: &[&str] = &[
    "yes",
    "y",
    "true",
    "t",
    "1",
    "won",
    "closed won",
    "win",
    "converted",
    "customer",
];

/// Leads with a known outcome: the header and every row's cells as text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The 1-based data row number of each row in its file (rows that could not be read are
    /// skipped, so these need not be consecutive); errors quote them.
    pub numbers: Vec<u64>,
}

/// The outcome column read as 0/1, for the rows that have one.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Column index of the outcome in the header.
    pub column: usize,
    /// Indexes (into [`History::rows`]) of the rows with an outcome, in order.
    pub rows: Vec<usize>,
    /// 1.0 converted, 0.0 not; one per entry of `rows`.
    pub y: Vec<f64>,
    /// Row numbers whose outcome cell was empty (left out).
    pub empty: Vec<u64>,
}

impl History {
    /// Rows numbered 1, 2, ... in order.
    pub fn new(header: Vec<String>, rows: Vec<Vec<String>>) -> Self {
        let numbers = (1..=rows.len() as u64).collect();
        History {
            header,
            rows,
            numbers,
        }
    }

    /// Collect the rows of any table reader ([`crate::table::open_bytes`],
    /// [`crate::table::open_csv`]); rows that could not be read are left out and returned.
    pub fn collect(
        header: Vec<String>,
        rows: &mut dyn Iterator<Item = Result<Row, RowError>>,
    ) -> (History, Vec<RowError>) {
        let mut history = History {
            header,
            ..History::default()
        };
        let mut errors = Vec::new();
        for item in rows {
            match item {
                Ok(row) => {
                    history.numbers.push(row.number);
                    history
                        .rows
                        .push(row.cells.iter().map(str::to_string).collect());
                }
                Err(e) => errors.push(e),
            }
        }
        (history, errors)
    }

    /// Read text with a header line, for tests and small inputs: `delimiter` separated, no
    /// quoting.
    pub fn from_text(text: &str, delimiter: char) -> Self {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let split = |l: &str| l.split(delimiter).map(|c| c.trim().to_string()).collect();
        let header = lines.next().map(split).unwrap_or_default();
        History::new(header, lines.map(split).collect())
    }

    /// The column with this header (ignoring case and surrounding spaces).
    pub fn column(&self, name: &str) -> Result<usize, LearnError> {
        self.header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                LearnError::column(
                    name,
                    format!("no such column (columns: {})", self.header.join(", ")),
                )
            })
    }

    /// A cell's text; empty past the end of a short row.
    pub fn cell(&self, row: usize, column: usize) -> &str {
        self.rows[row].get(column).map_or("", String::as_str)
    }

    /// Read the outcome column: a cell is positive when it equals one of `positive`
    /// (ignoring case; [`DEFAULT_POSITIVE`] when empty), negative when it holds anything
    /// else, and left out when empty. Both classes must occur.
    pub fn outcome(&self, name: &str, positive: &[String]) -> Result<Outcome, LearnError> {
        let column = self.column(name)?;
        let name = self.header[column].as_str();
        let defaults: Vec<String> = DEFAULT_POSITIVE.iter().map(|s| s.to_string()).collect();
        let positive = if positive.is_empty() {
            &defaults
        } else {
            positive
        };
        let mut out = Outcome {
            column,
            rows: Vec::new(),
            y: Vec::new(),
            empty: Vec::new(),
        };
        let mut seen: Vec<&str> = Vec::new();
        for r in 0..self.rows.len() {
            let cell = self.cell(r, column).trim();
            if cell.is_empty() {
                out.empty.push(self.numbers[r]);
                continue;
            }
            if seen.len() < 8 && !seen.contains(&cell) {
                seen.push(cell);
            }
            let yes = positive.iter().any(|p| p.trim().eq_ignore_ascii_case(cell));
            out.rows.push(r);
            out.y.push(f64::from(u8::from(yes)));
        }
        let positives = out.y.iter().filter(|&&v| v == 1.0).count();
        let values = seen.join(", ");
        if out.rows.is_empty() {
            return Err(LearnError::column(name, "every outcome cell is empty"));
        }
        if positives == 0 {
            return Err(LearnError::column(
                name,
                format!(
                    "no row has a positive outcome ({} counts as positive; values found: \
                     {values}); name the positive values (--positive)",
                    positive.join(", ")
                ),
            ));
        }
        if positives == out.rows.len() {
            return Err(LearnError::column(
                name,
                format!(
                    "every row has a positive outcome (values found: {values}); learning \
                     needs converted and not converted leads"
                ),
            ));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history() -> History {
        History::from_text("a,Outcome\n1,Won\n2,lost\n3,\n4,won\n", ',')
    }

    #[test]
    fn outcome_maps_positive_values_and_skips_empty() {
        let h = history();
        let o = h.outcome("outcome", &[]).unwrap();
        assert_eq!(o.column, 1);
        assert_eq!(o.rows, [0, 1, 3]);
        assert_eq!(o.y, [1.0, 0.0, 1.0]);
        assert_eq!(o.empty, [3]);
        let o = h.outcome("Outcome", &["lost".into()]).unwrap();
        assert_eq!(o.y, [0.0, 1.0, 0.0]);
    }

    #[test]
    fn collects_rows_and_keeps_their_numbers() {
        let csv = "a,y\n1,yes\n\n2,no\n";
        let mut rows = crate::table::open_csv(csv.as_bytes()).unwrap();
        let header = rows.header().to_vec();
        let (h, errors) = History::collect(header, &mut rows);
        assert_eq!(h.rows, [["1", "yes"], ["2", "no"]]);
        assert_eq!(h.numbers, [1, 2]);
        assert!(errors.is_empty());
    }

    #[test]
    fn single_class_and_missing_column_are_located() {
        let h = history();
        let e = h.outcome("y", &[]).unwrap_err();
        assert_eq!(e.column.as_deref(), Some("y"));
        assert!(e.message.contains("columns: a, Outcome"), "{e}");
        let e = h.outcome("outcome", &["maybe".into()]).unwrap_err();
        assert!(e.message.contains("no row has a positive"), "{e}");
        let e = h.outcome("a", &["1".into(), "2".into(), "3".into(), "4".into()]);
        assert!(e.unwrap_err().message.contains("every row has a positive"));
    }
}
