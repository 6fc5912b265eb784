//! Errors that say where: the data row and the column, when there is one.

use std::fmt;

/// Why learning or evaluation could not run. `row` is the 1-based data row (header
/// excluded), `column` the column's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnError {
    pub row: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

impl LearnError {
    /// An error about the whole input.
    pub fn new(message: impl Into<String>) -> Self {
        LearnError {
            row: None,
            column: None,
            message: message.into(),
        }
    }

    /// An error about one column.
    pub fn column(column: &str, message: impl Into<String>) -> Self {
        LearnError {
            row: None,
            column: Some(column.to_string()),
            message: message.into(),
        }
    }

    /// An error about one cell.
    pub fn cell(row: u64, column: &str, message: impl Into<String>) -> Self {
        LearnError {
            row: Some(row),
            column: Some(column.to_string()),
            message: message.into(),
        }
    }
}

impl fmt::Display for LearnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.row, &self.column) {
            (Some(r), Some(c)) => write!(f, "row {r}, column '{c}': {}", self.message),
            (Some(r), None) => write!(f, "row {r}: {}", self.message),
            (None, Some(c)) => write!(f, "column '{c}': {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for LearnError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_where() {
        assert_eq!(
            LearnError::cell(4, "y", "empty").to_string(),
            "row 4, column 'y': empty"
        );
        assert_eq!(
            LearnError::column("y", "one class").to_string(),
            "column 'y': one class"
        );
        assert_eq!(LearnError::new("x").to_string(), "x");
    }
}
