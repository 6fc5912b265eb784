//! Before training: which column holds the outcome, which of its values mean converted, and
//! which columns would leak the answer. The page pre-fills its choices from this; the user
//! decides.
//!
//! A leak is a column that is known only once the outcome is (a call's duration, the deal
//! stage, a close date) or that names each lead (an id): a model trained with it looks
//! excellent on history and fails on new leads.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::encode::{read_column, ColumnKind, RawData, MISSING};
use super::error::LearnError;
use super::metrics::roc_auc;
use super::table::{History, DEFAULT_POSITIVE};

/// Header words that suggest the outcome column, most telling first.
pub const OUTCOME_WORDS: &[&str] = &[
    "outcome",
    "won",
    "converted",
    "conversion",
    "result",
    "status",
    "stage",
    "y",
    "target",
    "label",
    "closed",
];

/// Header words of data measured during or after the contact that decides the outcome.
const DURING_WORDS: &[&str] = &["duration", "length", "talk"];

/// Header words of the deal's progress or result, usually filled in as it closes.
const AFTER_WORDS: &[&str] = &[
    "stage",
    "status",
    "closed",
    "close",
    "won",
    "lost",
    "reason",
    "result",
    "outcome",
    "converted",
    "conversion",
    "churn",
    "churned",
];

/// Header words of identifiers.
const ID_WORDS: &[&str] = &["id", "uuid", "guid"];

/// A single column that ranks the outcome this well (ROC AUC, either direction) is suspect.
pub const SUSPICIOUS_AUC: f64 = 0.95;

/// How many outcome values are listed (the most frequent).
pub const MAX_VALUES: usize = 20;

/// One value of the outcome column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueCount {
    /// The first spelling met (values are compared ignoring case and surrounding spaces).
    pub value: String,
    pub count: usize,
    /// Counts as converted: named in `positive`, or, when none is named, one of
    /// [`DEFAULT_POSITIVE`].
    pub positive: bool,
}

/// What a column holds and whether it looks like a leak.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnProfile {
    pub name: String,
    /// `number`, `yes/no`, `date`, `category`, `identifier` (left out by training) or `empty`.
    pub kind: &'static str,
    /// Distinct non-empty values (ignoring case and spacing).
    pub distinct: usize,
    /// Non-empty cells.
    pub filled: usize,
    /// Why it should be left out, when it looks like a leak or an identifier.
    pub leak: Option<String>,
}

/// The history as the page's Train section shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub rows: usize,
    /// The outcome column profiled: the one asked for, else the suggested one.
    pub outcome: Option<String>,
    /// Its values, most frequent first (at most [`MAX_VALUES`]).
    pub values: Vec<ValueCount>,
    /// Distinct outcome values not listed.
    pub more_values: usize,
    /// Every other column, in file order.
    pub columns: Vec<ColumnProfile>,
}

/// Lowercase words of a header: split at non-alphanumerics and at lower-to-upper case
/// changes ("LeadID" -> lead, id; "close_date" -> close, date).
pub fn header_words(header: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for ch in header.chars() {
        if !ch.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            previous_lower = false;
            continue;
        }
        if ch.is_uppercase() && previous_lower && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        previous_lower = ch.is_lowercase() || ch.is_numeric();
        word.extend(ch.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn has_word(words: &[String], list: &[&str]) -> bool {
    words.iter().any(|w| list.contains(&w.as_str()))
}

/// The column most likely to hold the outcome: a header word from [`OUTCOME_WORDS`], the
/// earlier word in that list winning, then the earlier column.
pub fn suggest_outcome(header: &[String]) -> Option<usize> {
    header
        .iter()
        .enumerate()
        .filter_map(|(c, h)| {
            let words = header_words(h);
            OUTCOME_WORDS
                .iter()
                .position(|w| words.iter().any(|x| x == w))
                .map(|rank| (rank, c))
        })
        .min()
        .map(|(_, c)| c)
}

/// Profile the history for training with `outcome` (the suggested column when `None`) and
/// the values in `positive` meaning converted ([`DEFAULT_POSITIVE`] when empty).
pub fn profile(
    history: &History,
    outcome: Option<&str>,
    positive: &[String],
) -> Result<Profile, LearnError> {
    let outcome_column = match outcome {
        Some(name) => Some(history.column(name)?),
        None => suggest_outcome(&history.header),
    };
    let (values, more_values) = match outcome_column {
        Some(c) => outcome_values(history, c, positive),
        None => (Vec::new(), 0),
    };
    // The outcome as 0/1 for the single-column check, when it reads (both classes present).
    let y = outcome_column
        .and_then(|c| history.outcome(&history.header[c], positive).ok())
        .map(|o| (o.rows, o.y));
    let columns = history
        .header
        .iter()
        .enumerate()
        .filter(|&(c, _)| Some(c) != outcome_column)
        .map(|(c, name)| column_profile(history, c, name, y.as_ref()))
        .collect();
    Ok(Profile {
        rows: history.rows.len(),
        outcome: outcome_column.map(|c| history.header[c].clone()),
        values,
        more_values,
        columns,
    })
}

/// The distinct values of column `c`, most frequent first, and how many did not fit.
fn outcome_values(history: &History, c: usize, positive: &[String]) -> (Vec<ValueCount>, usize) {
    let defaults: Vec<String> = DEFAULT_POSITIVE.iter().map(|s| s.to_string()).collect();
    let positive = if positive.is_empty() {
        &defaults
    } else {
        positive
    };
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    let mut values: Vec<ValueCount> = Vec::new();
    for r in 0..history.rows.len() {
        let cell = history.cell(r, c).trim();
        if cell.is_empty() {
            continue;
        }
        let at = *index.entry(cell.to_lowercase()).or_insert_with(|| {
            values.push(ValueCount {
                value: cell.to_string(),
                count: 0,
                positive: positive.iter().any(|p| p.trim().eq_ignore_ascii_case(cell)),
            });
            values.len() - 1
        });
        values[at].count += 1;
    }
    // Stable: equal counts keep the order met.
    values.sort_by_key(|v| std::cmp::Reverse(v.count));
    let more = values.len().saturating_sub(MAX_VALUES);
    values.truncate(MAX_VALUES);
    (values, more)
}

fn column_profile(
    history: &History,
    c: usize,
    name: &str,
    y: Option<&(Vec<usize>, Vec<f64>)>,
) -> ColumnProfile {
    let cells: Vec<&str> = (0..history.rows.len())
        .map(|r| history.cell(r, c).trim())
        .collect();
    let filled = cells.iter().filter(|s| !s.is_empty()).count();
    let mut distinct: FxHashMap<String, ()> = FxHashMap::default();
    for cell in cells.iter().filter(|s| !s.is_empty()) {
        distinct.insert(cell.to_lowercase(), ());
    }
    let read = read_column(name, c, &cells, &mut Vec::new());
    let kind = match read.as_ref().map(|col| col.kind) {
        Some(ColumnKind::Number) => "number",
        Some(ColumnKind::Boolean) => "yes/no",
        Some(ColumnKind::Date) => "date",
        Some(ColumnKind::Category) => "category",
        None if filled == 0 => "empty",
        None => "identifier",
    };
    let words = header_words(name);
    let leak = if kind == "identifier" || has_word(&words, ID_WORDS) {
        Some(format!(
            "an identifier ({} distinct values in {filled} rows): each lead has its own, so it \
             says nothing about new leads",
            distinct.len()
        ))
    } else if has_word(&words, DURING_WORDS) {
        Some(
            "a duration is measured during the contact that decides the outcome: it is not \
             known when a new lead is scored"
                .to_string(),
        )
    } else if has_word(&words, AFTER_WORDS) {
        Some(
            "named like the outcome or the deal's progress (stage, status, close date, \
             reason): usually filled in as the deal closes, so it gives the answer away"
                .to_string(),
        )
    } else {
        match (read.as_ref(), y) {
            (Some(col), Some((rows, y))) => single_column_auc(&col.data, rows, y)
                .filter(|&auc| auc >= SUSPICIOUS_AUC)
                .map(|auc| {
                    format!(
                        "predicts the outcome almost perfectly on its own (ROC AUC {auc:.2}): \
                         check that it is known before the outcome"
                    )
                }),
            _ => None,
        }
    };
    ColumnProfile {
        name: name.to_string(),
        kind,
        distinct: distinct.len(),
        filled,
        leak,
    }
}

/// How well one column alone ranks the outcome (ROC AUC in the better direction): numbers by
/// value (rows without one left out), levels by their conversion rate in these rows (empty
/// cells as a level of their own). `rows` index the column's data, `y` is their outcome.
fn single_column_auc(data: &RawData, rows: &[usize], y: &[f64]) -> Option<f64> {
    let (scores, y): (Vec<f64>, Vec<f64>) = match data {
        RawData::Numeric(values) => rows
            .iter()
            .zip(y)
            .filter(|(&r, _)| !values[r].is_nan())
            .map(|(&r, &y)| (values[r], y))
            .unzip(),
        RawData::Levels { names, codes } => {
            let level = |r: usize| {
                if codes[r] == MISSING {
                    names.len()
                } else {
                    codes[r] as usize
                }
            };
            let mut won = vec![0.0; names.len() + 1];
            let mut seen = vec![0.0; names.len() + 1];
            for (&r, &y) in rows.iter().zip(y) {
                won[level(r)] += y;
                seen[level(r)] += 1.0;
            }
            rows.iter()
                .zip(y)
                .map(|(&r, &y)| (won[level(r)] / seen[level(r)], y))
                .unzip()
        }
    };
    roc_auc(&scores, &y).map(|auc| auc.max(1.0 - auc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_words_split_case_and_punctuation() {
        assert_eq!(header_words("LeadID"), ["lead", "id"]);
        assert_eq!(header_words("close_date"), ["close", "date"]);
        assert_eq!(header_words("Call Duration (s)"), ["call", "duration", "s"]);
        assert_eq!(header_words("y"), ["y"]);
        assert_eq!(header_words("emp.var.rate"), ["emp", "var", "rate"]);
        assert!(!has_word(&header_words("Video"), ID_WORDS));
    }

    #[test]
    fn the_outcome_is_suggested_by_its_header() {
        let h = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(suggest_outcome(&h(&["Stage", "Email", "Outcome"])), Some(2));
        assert_eq!(suggest_outcome(&h(&["age", "job", "y"])), Some(2));
        assert_eq!(suggest_outcome(&h(&["Is Won", "Status"])), Some(0));
        assert_eq!(suggest_outcome(&h(&["age", "city"])), None);
    }

    fn history() -> History {
        let mut text = String::from("Lead ID,Industry,Call Duration,Score,Stage,Result\n");
        for i in 0..60 {
            let won = i % 3 == 0;
            text.push_str(&format!(
                "L{i},{},{},{},{},{}\n",
                ["software", "retail"][i % 2],
                i * 7 % 50,
                if won { 90 + i % 5 } else { 10 + i % 5 },
                if won { "closed" } else { "open" },
                if won { "Won" } else { "lost" },
            ));
        }
        History::from_text(&text, ',')
    }

    #[test]
    fn profile_suggests_the_outcome_its_values_and_the_leaks() {
        let p = profile(&history(), None, &[]).unwrap();
        assert_eq!(p.rows, 60);
        assert_eq!(p.outcome.as_deref(), Some("Result"));
        let values: Vec<(&str, usize, bool)> = p
            .values
            .iter()
            .map(|v| (v.value.as_str(), v.count, v.positive))
            .collect();
        assert_eq!(values, [("lost", 40, false), ("Won", 20, true)]);
        let by_name = |n: &str| p.columns.iter().find(|c| c.name == n).unwrap();
        assert!(by_name("Lead ID")
            .leak
            .as_ref()
            .unwrap()
            .contains("identifier"));
        assert_eq!(by_name("Lead ID").kind, "identifier");
        assert!(by_name("Call Duration")
            .leak
            .as_ref()
            .unwrap()
            .contains("duration"));
        assert!(by_name("Stage")
            .leak
            .as_ref()
            .unwrap()
            .contains("deal's progress"));
        assert_eq!(by_name("Industry").leak, None);
        assert_eq!(by_name("Industry").kind, "category");
        assert_eq!(by_name("Industry").distinct, 2);
        let score = by_name("Score");
        assert_eq!(score.kind, "number");
        assert!(
            score.leak.as_ref().unwrap().contains("ROC AUC 1.00"),
            "{score:?}"
        );
        assert_eq!(
            p.columns.len(),
            5,
            "the outcome is not profiled as a feature"
        );
    }

    #[test]
    fn named_positive_values_and_a_chosen_outcome() {
        let p = profile(&history(), Some("stage"), &["open".into()]).unwrap();
        assert_eq!(p.outcome.as_deref(), Some("Stage"));
        assert!(p.values.iter().all(|v| v.positive == (v.value == "open")));
        // Result is now a feature, and named like an outcome.
        let result = p.columns.iter().find(|c| c.name == "Result").unwrap();
        assert!(result.leak.is_some());
        let e = profile(&history(), Some("nope"), &[]).unwrap_err();
        assert!(e.message.contains("no such column"), "{e}");
    }
}
