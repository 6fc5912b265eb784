//! One row's cells read as the model's field types, into buffers reused from row to row so
//! that scoring a million rows allocates nothing per row.

use super::cell::{normalise_text, parse_bool, parse_date, parse_number, Day};
use super::email::{facts, EmailFacts};
use super::record::Record;
use crate::model::FieldType;

/// A field's value in the current row. Text itself lives in [`Values::text`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slot {
    /// No column, or an empty cell.
    Missing,
    /// A cell the field's type could not read (counts as missing, and is reported).
    Bad,
    Text,
    Number(f64),
    Bool(bool),
    Date(Day),
    Email(EmailFacts),
}

impl Slot {
    pub fn has_value(self) -> bool {
        !matches!(self, Slot::Missing | Slot::Bad)
    }
}

/// How to read one field from a row.
#[derive(Debug, Clone)]
pub struct FieldReader {
    pub kind: FieldType,
    pub column: Option<usize>,
    pub date_format: Option<String>,
    /// Read in batch scoring (some condition, `per` or `decay` uses it).
    pub used: bool,
}

/// Reusable per-row state: a slot and a text buffer per model field.
#[derive(Debug, Default)]
pub struct Values {
    slots: Vec<Slot>,
    text: Vec<String>,
}

impl Values {
    pub fn new(fields: usize) -> Values {
        Values {
            slots: vec![Slot::Missing; fields],
            text: vec![String::new(); fields],
        }
    }

    pub fn slot(&self, field: usize) -> Slot {
        self.slots[field]
    }

    /// Normalised text (lowercase, trimmed, single spaces) of text, category and email fields.
    pub fn text(&self, field: usize) -> &str {
        &self.text[field]
    }

    pub fn number(&self, field: usize) -> Option<f64> {
        match self.slots[field] {
            Slot::Number(n) => Some(n),
            _ => None,
        }
    }

    pub fn date(&self, field: usize) -> Option<Day> {
        match self.slots[field] {
            Slot::Date(d) => Some(d),
            _ => None,
        }
    }

    /// Read the row. With `all`, fields no rule uses are read too (for receipts and forms).
    pub fn fill<R: Record + ?Sized>(&mut self, readers: &[FieldReader], row: &R, all: bool) {
        for (i, reader) in readers.iter().enumerate() {
            if !(reader.used || all) {
                continue;
            }
            let raw = reader
                .column
                .and_then(|c| row.cell(c))
                .map(str::trim)
                .unwrap_or("");
            self.slots[i] = if raw.is_empty() {
                Slot::Missing
            } else {
                self.read(i, reader, raw)
            };
        }
    }

    fn read(&mut self, i: usize, reader: &FieldReader, raw: &str) -> Slot {
        match reader.kind {
            FieldType::Text | FieldType::Category => {
                normalise_text(raw, &mut self.text[i]);
                Slot::Text
            }
            FieldType::Email => {
                normalise_text(raw, &mut self.text[i]);
                Slot::Email(facts(&self.text[i]))
            }
            FieldType::Number => parse_number(raw).map_or(Slot::Bad, Slot::Number),
            FieldType::Boolean => parse_bool(raw).map_or(Slot::Bad, Slot::Bool),
            FieldType::Date => {
                parse_date(raw, reader.date_format.as_deref()).map_or(Slot::Bad, Slot::Date)
            }
        }
    }

    pub fn bad_count(&self) -> usize {
        self.slots.iter().filter(|s| matches!(s, Slot::Bad)).count()
    }
}
