//! Which input column feeds which model field.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// Model field name -> zero-based column index. Fields not in the map are missing for every
/// row (rules on them never fire, and receipts list them as missing).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    columns: IndexMap<String, usize>,
}

impl Mapping {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feed `field` from `column` (replacing any earlier column for it).
    pub fn set(&mut self, field: impl Into<String>, column: usize) {
        self.columns.insert(field.into(), column);
    }

    /// Stop feeding `field` from any column.
    pub fn unset(&mut self, field: &str) {
        self.columns.shift_remove(field);
    }

    pub fn column(&self, field: &str) -> Option<usize> {
        self.columns.get(field).copied()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, usize)> {
        self.columns.iter().map(|(f, c)| (f.as_str(), *c))
    }

    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }
}

impl<S: Into<String>> FromIterator<(S, usize)> for Mapping {
    fn from_iter<I: IntoIterator<Item = (S, usize)>>(iter: I) -> Self {
        Mapping {
            columns: iter.into_iter().map(|(f, c)| (f.into(), c)).collect(),
        }
    }
}
