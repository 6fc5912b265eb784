//! One row's cells read as the model's field types, and the outcome of every test on them,
//! into buffers reused from row to row so that scoring a million rows allocates nothing per
//! row.
//!
//! CRM exports repeat the same few job titles, industries and countries thousands of times,
//! and the text tests on them (phrase search, regexes, set look-ups) cost far more than a
//! hash look-up. So each text-like field remembers, per distinct cell text, its slot and the
//! outcomes of its tests. A field whose values rarely repeat (emails, company names) stops
//! remembering after a sample, so it pays no more than the look-ups of that sample.

use rustc_hash::FxHashMap;

use super::cell::{normalise_text, parse_bool, parse_date, parse_number, Day};
use super::condition::{Leaf, Tri};
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

/// How to read one field from a row, and which tests run on it.
#[derive(Debug, Clone)]
pub struct FieldReader {
    pub kind: FieldType,
    pub column: Option<usize>,
    pub date_format: Option<String>,
    /// Read in batch scoring (some condition, `per` or `decay` uses it).
    pub used: bool,
    /// Indexes of the leaves (tests) on this field.
    pub leaves: Vec<usize>,
    /// Some test compares the text itself (not only its presence).
    pub needs_text: bool,
}

impl FieldReader {
    fn text_like(&self) -> bool {
        matches!(
            self.kind,
            FieldType::Text | FieldType::Category | FieldType::Email
        )
    }
}

/// Look-ups between checks of whether a field's cache pays off.
const CACHE_CHECK_EVERY: u32 = 4096;
/// Entries per field beyond which new values are no longer remembered.
const CACHE_MAX_ENTRIES: usize = 1 << 16;

#[derive(Debug, Default)]
struct FieldCache {
    map: FxHashMap<Box<str>, (Slot, Box<[Tri]>)>,
    lookups: u32,
    hits: u32,
    disabled: bool,
}

/// Reusable per-row state: a slot and a text buffer per model field, and one outcome per
/// leaf.
#[derive(Debug, Default)]
pub struct Values {
    slots: Vec<Slot>,
    text: Vec<String>,
    outcomes: Vec<Tri>,
    caches: Vec<FieldCache>,
}

impl Values {
    pub fn new(fields: usize, leaves: usize) -> Values {
        Values {
            slots: vec![Slot::Missing; fields],
            text: vec![String::new(); fields],
            outcomes: vec![Tri::Unknown; leaves],
            caches: (0..fields).map(|_| FieldCache::default()).collect(),
        }
    }

    pub fn slot(&self, field: usize) -> Slot {
        self.slots[field]
    }

    /// This row's outcome of every leaf, by leaf index.
    pub fn outcomes(&self) -> &[Tri] {
        &self.outcomes
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

    /// Read the row and run every test on it. With `all`, fields no rule uses are read too
    /// (for receipts). `as_of` is the day date tests compare with.
    pub fn fill<R: Record + ?Sized>(
        &mut self,
        readers: &[FieldReader],
        leaves: &[Leaf],
        row: &R,
        all: bool,
        as_of: Option<Day>,
    ) {
        for (i, reader) in readers.iter().enumerate() {
            if !(reader.used || all) {
                continue;
            }
            let raw = reader
                .column
                .and_then(|c| row.cell(c))
                .map(str::trim)
                .unwrap_or("");
            let cache = &mut self.caches[i];
            let cacheable = reader.text_like()
                && !reader.leaves.is_empty()
                && !raw.is_empty()
                && cache.count_lookup();
            if cacheable {
                if let Some((slot, outcomes)) = cache.map.get(raw) {
                    cache.hits += 1;
                    self.slots[i] = *slot;
                    for (leaf, outcome) in reader.leaves.iter().zip(outcomes.iter()) {
                        self.outcomes[*leaf] = *outcome;
                    }
                    continue;
                }
            }
            let slot = if raw.is_empty() {
                Slot::Missing
            } else {
                read(reader, raw, &mut self.text[i])
            };
            self.slots[i] = slot;
            for leaf in &reader.leaves {
                self.outcomes[*leaf] = leaves[*leaf].test.eval(slot, &self.text[i], as_of);
            }
            if cacheable {
                cache.remember(
                    raw,
                    slot,
                    reader.leaves.iter().map(|l| self.outcomes[*l]).collect(),
                );
            }
        }
    }

    pub fn bad_count(&self) -> usize {
        self.slots.iter().filter(|s| matches!(s, Slot::Bad)).count()
    }
}

impl FieldCache {
    /// Count a look-up; false once this field's values have shown they rarely repeat.
    fn count_lookup(&mut self) -> bool {
        if self.disabled {
            return false;
        }
        self.lookups += 1;
        if self.lookups % CACHE_CHECK_EVERY == 0 && self.hits < self.lookups / 2 {
            // Stop paying for look-ups and inserts, and free the memory.
            self.disabled = true;
            self.map = FxHashMap::default();
        }
        !self.disabled
    }

    fn remember(&mut self, raw: &str, slot: Slot, outcomes: Box<[Tri]>) {
        if self.map.len() < CACHE_MAX_ENTRIES {
            self.map.insert(raw.into(), (slot, outcomes));
        }
    }
}

/// Read one non-empty cell as the field's type (text into `text`, normalised).
fn read(reader: &FieldReader, raw: &str, text: &mut String) -> Slot {
    match reader.kind {
        FieldType::Text | FieldType::Category => {
            if reader.needs_text {
                normalise_text(raw, text);
            }
            Slot::Text
        }
        FieldType::Email => {
            normalise_text(raw, text);
            Slot::Email(facts(text))
        }
        FieldType::Number => parse_number(raw).map_or(Slot::Bad, Slot::Number),
        FieldType::Boolean => parse_bool(raw).map_or(Slot::Bad, Slot::Bool),
        FieldType::Date => {
            parse_date(raw, reader.date_format.as_deref()).map_or(Slot::Bad, Slot::Date)
        }
    }
}
