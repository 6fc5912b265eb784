//! One row's cells read as the model's field types, and the outcome of every test on them,
//! into buffers reused from row to row so that scoring a million rows allocates nothing per
//! row.
//!
//! CRM exports repeat the same few job titles, industries and countries thousands of times,
//! and the text tests on them (phrase search, regexes, set look-ups) cost far more than a
//! hash look-up. So each text-like field remembers, per distinct cell text, its slot and the
//! outcomes of its tests. A field whose values rarely repeat (emails, company names) stops
//! remembering after a sample, so it pays no more than the look-ups of that sample.

use std::ops::Range;

use super::memo::TextMemo;

use super::cell::{normalise_text, normalised, parse_bool, parse_date, parse_number, trim, Day};
use super::condition::{Leaf, Test, Tri};
use super::email::{domain_facts, facts_with, DomainFacts, EmailFacts};
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

/// How to read one field from a row, and which tests run on it.
#[derive(Debug, Clone)]
pub struct FieldReader {
    pub kind: FieldType,
    pub column: Option<usize>,
    pub date_format: Option<String>,
    /// Read in batch scoring (some condition, `per` or `decay` uses it).
    pub used: bool,
    /// The leaves (tests) on this field: side by side in the scorer's list.
    pub leaves: Range<usize>,
    /// Some test compares the text itself (not only its presence).
    pub needs_text: bool,
}

/// Look-ups between checks of whether a field's cache pays off.
const CACHE_CHECK_EVERY: u32 = 4096;
/// Entries per field beyond which new values are no longer remembered.
const CACHE_MAX_ENTRIES: usize = 1 << 16;

#[derive(Debug, Default)]
struct FieldCache {
    map: TextMemo<Box<[Tri]>>,
    lookups: u32,
    hits: u32,
    disabled: bool,
}

/// What an email field remembers per domain: the domain's facts, and bit `j` set when the
/// field's `j`-th test is a `domain_in` that the domain passes.
#[derive(Debug, Clone, Copy)]
struct DomainMemo {
    facts: DomainFacts,
    domain_in: u64,
}

/// Reusable per-row state: a slot and a text buffer per model field, and one outcome per
/// leaf.
#[derive(Debug, Default)]
pub struct Values {
    slots: Vec<Slot>,
    text: Vec<String>,
    outcomes: Vec<Tri>,
    caches: Vec<FieldCache>,
    /// Email fields: per domain (addresses repeat domains far more than whole addresses).
    domains: Vec<TextMemo<DomainMemo>>,
    /// Cells of this row that could not be read as their field's type.
    bad: usize,
}

impl Values {
    pub fn new(fields: usize, leaves: usize) -> Values {
        Values {
            slots: vec![Slot::Missing; fields],
            text: vec![String::new(); fields],
            outcomes: vec![Tri::Unknown; leaves],
            caches: (0..fields).map(|_| FieldCache::default()).collect(),
            domains: (0..fields).map(|_| TextMemo::default()).collect(),
            bad: 0,
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
    #[inline]
    pub fn fill<R: Record + ?Sized>(
        &mut self,
        readers: &[FieldReader],
        leaves: &[Leaf],
        row: &R,
        all: bool,
        as_of: Option<Day>,
    ) {
        self.bad = 0;
        for (i, reader) in readers.iter().enumerate() {
            if !(reader.used || all) {
                continue;
            }
            let raw = reader
                .column
                .and_then(|c| row.cell(c))
                .map(trim)
                .unwrap_or("");
            if raw.is_empty() {
                self.unread(i, reader, leaves, Slot::Missing);
                continue;
            }
            match reader.kind {
                FieldType::Number => {
                    let n = parse_number(raw);
                    self.typed(i, reader, leaves, n, Slot::Number, Test::on_number);
                }
                FieldType::Boolean => {
                    let b = parse_bool(raw);
                    self.typed(i, reader, leaves, b, Slot::Bool, Test::on_bool);
                }
                FieldType::Date => {
                    let day = parse_date(raw, reader.date_format.as_deref());
                    let on_date = |test: &Test, day| test.on_date(day, as_of);
                    self.typed(i, reader, leaves, day, Slot::Date, on_date);
                }
                FieldType::Text | FieldType::Category => self.text(i, reader, leaves, raw),
                FieldType::Email => self.email(i, reader, leaves, raw),
            }
        }
    }

    /// A number, boolean or date cell: `value` is `None` when the cell could not be read.
    // Always inlined into `fill`'s loop, as `text` is: as calls, saving and restoring
    // registers cost 60-70 instructions a cell (callgrind), more than reading most cells.
    #[inline(always)]
    fn typed<T: Copy>(
        &mut self,
        i: usize,
        reader: &FieldReader,
        leaves: &[Leaf],
        value: Option<T>,
        slot: fn(T) -> Slot,
        test: impl Fn(&Test, T) -> Tri,
    ) {
        match value {
            Some(v) => {
                self.slots[i] = slot(v);
                set_outcomes(&mut self.outcomes, reader, leaves, |t| test(t, v));
            }
            None => {
                self.bad += 1;
                self.unread(i, reader, leaves, Slot::Bad);
            }
        }
    }

    /// A field without a value (`Missing`, or `Bad`: a cell its type could not read): its
    /// tests answer as for a missing value.
    fn unread(&mut self, i: usize, reader: &FieldReader, leaves: &[Leaf], slot: Slot) {
        self.slots[i] = slot;
        set_outcomes(&mut self.outcomes, reader, leaves, Test::on_missing);
    }

    #[inline(always)]
    fn text(&mut self, i: usize, reader: &FieldReader, leaves: &[Leaf], raw: &str) {
        self.slots[i] = Slot::Text;
        if !reader.needs_text {
            // Only presence is tested: the text itself is never looked at.
            set_outcomes(&mut self.outcomes, reader, leaves, |t| t.on_text(""));
            return;
        }
        let cache = &mut self.caches[i];
        let cacheable = cache.count_lookup();
        if cacheable {
            if let Some(outcomes) = cache.map.get(raw) {
                cache.hits += 1;
                let on_field = &mut self.outcomes[reader.leaves.clone()];
                for (out, outcome) in on_field.iter_mut().zip(outcomes.iter()) {
                    *out = *outcome;
                }
                return;
            }
        }
        normalise_text(raw, &mut self.text[i]);
        let text = &self.text[i];
        set_outcomes(&mut self.outcomes, reader, leaves, |t| t.on_text(text));
        if cacheable {
            cache.remember(raw, self.outcomes[reader.leaves.clone()].into());
        }
    }

    fn email(&mut self, i: usize, reader: &FieldReader, leaves: &[Leaf], raw: &str) {
        let text = normalised(raw, &mut self.text[i]);
        let memo = &mut self.domains[i];
        let mut domain_in = 0u64;
        let facts = facts_with(text, |domain| {
            let known = memo.get(domain).copied().unwrap_or_else(|| {
                let m = DomainMemo {
                    facts: domain_facts(domain),
                    domain_in: (leaves[reader.leaves.clone()].iter().take(64).enumerate())
                        .filter(|(_, l)| l.test.domain_in(domain))
                        .fold(0, |bits, (j, _)| bits | 1 << j),
                };
                if memo.len() < CACHE_MAX_ENTRIES {
                    memo.insert(domain, m);
                }
                m
            });
            domain_in = known.domain_in;
            known.facts
        });
        self.slots[i] = Slot::Email(facts);
        let outcomes = &mut self.outcomes[reader.leaves.clone()];
        let tests = outcomes.iter_mut().zip(&leaves[reader.leaves.clone()]);
        for (j, (out, leaf)) in tests.enumerate() {
            let test = &leaf.test;
            *out = match test {
                Test::DomainIn(_) if j < 64 => Tri::from(facts.valid && domain_in >> j & 1 == 1),
                _ => test.on_email(facts, text),
            };
        }
    }

    pub fn bad_count(&self) -> usize {
        self.bad
    }
}

/// Set the outcome of each test on the reader's field to `outcome(test)`.
#[inline(always)]
fn set_outcomes(
    outcomes: &mut [Tri],
    reader: &FieldReader,
    leaves: &[Leaf],
    outcome: impl Fn(&Test) -> Tri,
) {
    let on_field = reader.leaves.clone();
    for (out, leaf) in outcomes[on_field.clone()].iter_mut().zip(&leaves[on_field]) {
        *out = outcome(&leaf.test);
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
            self.map = TextMemo::default();
        }
        !self.disabled
    }

    fn remember(&mut self, raw: &str, outcomes: Box<[Tri]>) {
        if self.map.len() < CACHE_MAX_ENTRIES {
            self.map.insert(raw, outcomes);
        }
    }
}
