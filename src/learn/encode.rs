//! From cell text to a numeric design matrix.
//!
//! Two stages, so cross-validation can refit cheaply and without leakage:
//! 1. [`prepare`] reads every cell once: it detects each column's type from its cells (this
//!    looks at no outcome) and keeps numbers as `f64` and categories as level codes.
//! 2. [`Encoder::fit`] learns the preprocessing from *training rows only* (medians, means,
//!    standard deviations, which levels are frequent), and [`Encoder::transform`] applies it
//!    to any rows, like scikit-learn's `ColumnTransformer` inside a pipeline.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::error::LearnError;
use super::table::History;
use crate::engine::cell::{day_number, normalise_text, parse_bool, parse_date, parse_number};

/// How a column is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Most non-empty cells are numbers: median-imputed and standardized.
    Number,
    /// Every non-empty cell is a yes/no: two levels, `true` and `false`.
    Boolean,
    /// Most non-empty cells are dates: age in days at `as_of`, then as a number.
    Date,
    /// Anything else: one-hot by level (text compared ignoring case and spacing).
    Category,
}

/// Options of [`prepare`] and [`Encoder::fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct EncodeOptions {
    /// Columns never used as features (leakage guard: outcome-like or after-the-fact data).
    pub exclude: Vec<String>,
    /// Levels seen fewer times than this in the training rows share one "other" column.
    pub min_count: usize,
    /// The day date ages are counted to; the latest date in the data when absent.
    pub as_of: Option<NaiveDate>,
}

impl Default for EncodeOptions {
    fn default() -> Self {
        EncodeOptions {
            exclude: Vec::new(),
            min_count: 1,
            as_of: None,
        }
    }
}

/// Share of non-empty cells that must read as numbers (dates) for a numeric (date) column.
const TYPED_SHARE: f64 = 0.9;
/// A text column with more distinct values than this share of its cells is an identifier
/// (emails, names, ids): it cannot generalise, so it is left out.
const IDENTIFIER_SHARE: f64 = 0.5;
/// ... when it has at least this many distinct values.
const IDENTIFIER_MIN_LEVELS: usize = 50;

/// Level code of an empty (or unreadable) category cell.
pub const MISSING: u32 = u32::MAX;

/// One usable column, read once.
#[derive(Debug, Clone, PartialEq)]
pub struct RawColumn {
    /// The header text.
    pub name: String,
    /// Column index in the history.
    pub source: usize,
    pub kind: ColumnKind,
    pub data: RawData,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RawData {
    /// One value per row; NaN when missing or unreadable. Dates hold their age in days.
    Numeric(Vec<f64>),
    /// Level names (normalised text) and each row's level code ([`MISSING`] when empty).
    Levels { names: Vec<String>, codes: Vec<u32> },
}

/// The history read for learning: typed columns and the outcome, rows aligned.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub columns: Vec<RawColumn>,
    /// Outcome per row (1.0 converted).
    pub y: Vec<f64>,
    /// The history row each prepared row comes from.
    pub rows: Vec<usize>,
    /// What was left out or assumed, for the user.
    pub notes: Vec<String>,
    /// The day date ages count to, when there are date columns.
    pub as_of: Option<NaiveDate>,
}

/// Read the history for learning: the outcome column as 0/1 (rows without one are left
/// out), every other column not excluded typed and parsed.
pub fn prepare(
    history: &History,
    outcome: &str,
    positive: &[String],
    options: &EncodeOptions,
) -> Result<Prepared, LearnError> {
    let out = history.outcome(outcome, positive)?;
    let mut notes = Vec::new();
    if !out.empty.is_empty() {
        notes.push(format!(
            "{} rows without an outcome left out (first: row {})",
            out.empty.len(),
            out.empty[0]
        ));
    }
    let mut excluded = vec![false; history.header.len()];
    excluded[out.column] = true;
    for name in &options.exclude {
        let c = history
            .column(name)
            .map_err(|e| LearnError::column(name, format!("cannot exclude: {}", e.message)))?;
        excluded[c] = true;
    }
    let rows = out.rows;
    let mut columns = Vec::new();
    let mut dates = Vec::new();
    for (c, name) in history.header.iter().enumerate() {
        if excluded[c] {
            continue;
        }
        // A model field needs a name of its own: the scorecard names fields by header.
        if name.trim().is_empty() || history.header[..c].iter().any(|h| h.trim() == name.trim()) {
            notes.push(format!(
                "column {} left out: its header is empty or repeats an earlier one",
                c + 1
            ));
            continue;
        }
        let cells: Vec<&str> = rows.iter().map(|&r| history.cell(r, c).trim()).collect();
        match read_column(name, c, &cells, &mut notes) {
            Some(col) => columns.push(col),
            None => continue,
        }
        if columns
            .last()
            .is_some_and(|col| col.kind == ColumnKind::Date)
        {
            dates.push(columns.len() - 1);
        }
    }
    // Dates hold day numbers until as_of is known, then their age.
    let mut as_of = options.as_of;
    if !dates.is_empty() {
        let day = match as_of {
            Some(d) => day_number(d),
            None => {
                let latest = dates
                    .iter()
                    .filter_map(|&i| match &columns[i].data {
                        RawData::Numeric(v) => {
                            v.iter().copied().filter(|x| !x.is_nan()).reduce(f64::max)
                        }
                        RawData::Levels { .. } => None,
                    })
                    .reduce(f64::max)
                    .unwrap_or(0.0) as i32;
                let date = NaiveDate::from_num_days_from_ce_opt(latest).unwrap_or_default();
                notes.push(format!(
                    "dates are aged to {date}, the latest date in the data (set as_of to change)"
                ));
                as_of = Some(date);
                latest
            }
        };
        for &i in &dates {
            if let RawData::Numeric(v) = &mut columns[i].data {
                v.iter_mut().for_each(|x| *x = f64::from(day) - *x);
            }
        }
    }
    if columns.is_empty() {
        return Err(LearnError::new(
            "no usable feature columns: every column is the outcome, excluded, empty or an \
             identifier",
        ));
    }
    Ok(Prepared {
        columns,
        y: out.y,
        rows,
        notes,
        as_of,
    })
}

/// Every cell through `parse` (NaN where it does not read), when at least [`TYPED_SHARE`] of
/// the `filled` cells read; `None` as soon as that can no longer happen. Most text columns
/// fail within their first cells, so they are not run through every number and date format.
fn parse_typed(
    cells: &[&str],
    filled: usize,
    parse: impl Fn(&str) -> Option<f64>,
) -> Option<Vec<f64>> {
    let mut failed = 0;
    let mut values = Vec::with_capacity(cells.len());
    for cell in cells {
        let value = parse(cell).unwrap_or(f64::NAN);
        if value.is_nan() && !cell.is_empty() {
            failed += 1;
            // Even if every cell left reads, too few would.
            if ((filled - failed) as f64 / filled as f64) < TYPED_SHARE {
                return None;
            }
        }
        values.push(value);
    }
    Some(values)
}

pub(crate) fn read_column(
    name: &str,
    source: usize,
    cells: &[&str],
    notes: &mut Vec<String>,
) -> Option<RawColumn> {
    let filled = cells.iter().filter(|c| !c.is_empty()).count();
    if filled == 0 {
        notes.push(format!("column '{name}' left out: empty"));
        return None;
    }
    let share = |ok: usize| ok as f64 / filled as f64;
    let column = |kind, data| RawColumn {
        name: name.to_string(),
        source,
        kind,
        data,
    };
    // "1"/"0" read as both; as a number it gives the same model, and keeps `gte` rules.
    if let Some(numbers) = parse_typed(cells, filled, parse_number) {
        return Some(column(ColumnKind::Number, RawData::Numeric(numbers)));
    }
    let is_bool = cells
        .iter()
        .all(|c| c.is_empty() || parse_bool(c).is_some());
    if is_bool {
        let codes = cells
            .iter()
            .map(|c| parse_bool(c).map_or(MISSING, |b| u32::from(!b)))
            .collect();
        let names = vec!["true".to_string(), "false".to_string()];
        return Some(column(
            ColumnKind::Boolean,
            RawData::Levels { names, codes },
        ));
    }
    if let Some(days) = parse_typed(cells, filled, |c| parse_date(c, None).map(f64::from)) {
        return Some(column(ColumnKind::Date, RawData::Numeric(days)));
    }
    let mut index: FxHashMap<String, u32> = FxHashMap::default();
    let mut names = Vec::new();
    let mut buf = String::new();
    let codes: Vec<u32> = cells
        .iter()
        .map(|c| {
            if c.is_empty() {
                return MISSING;
            }
            normalise_text(c, &mut buf);
            *index.entry(buf.clone()).or_insert_with(|| {
                names.push(buf.clone());
                (names.len() - 1) as u32
            })
        })
        .collect();
    if names.len() >= IDENTIFIER_MIN_LEVELS && share(names.len()) > IDENTIFIER_SHARE {
        notes.push(format!(
            "column '{name}' left out: {} distinct values in {filled} rows looks like an \
             identifier",
            names.len()
        ));
        return None;
    }
    Some(column(
        ColumnKind::Category,
        RawData::Levels { names, codes },
    ))
}

/// The fitted preprocessing of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Encoding {
    /// `(value or median - mean) / sd` in design column `slot`.
    Numeric {
        slot: usize,
        median: f64,
        mean: f64,
        sd: f64,
    },
    /// One design column per frequent level (`slots[code]`), one for the rare ones together
    /// (`other`), one for empty cells when training had any (`missing`). Levels never seen in
    /// training go to `other` when it exists, else they get all zeros (scikit-learn's
    /// `handle_unknown='ignore'`).
    OneHot {
        slots: Vec<Option<usize>>,
        other: Option<usize>,
        missing: Option<usize>,
    },
}

/// One column's encoding and where its design columns start.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// Index into [`Prepared::columns`].
    pub column: usize,
    pub encoding: Encoding,
}

/// Preprocessing fitted on training rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoder {
    pub features: Vec<Feature>,
    /// Number of design columns.
    pub width: usize,
}

/// A sparse row-major design matrix (one-hot columns are mostly zero).
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    pub width: usize,
    /// Row `i`'s entries are `start[i]..start[i + 1]`, column indexes increasing.
    pub start: Vec<usize>,
    pub index: Vec<u32>,
    pub value: Vec<f64>,
}

impl Design {
    pub fn rows(&self) -> usize {
        self.start.len() - 1
    }

    /// Row `i` as (column indexes, values).
    pub fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let r = self.start[i]..self.start[i + 1];
        (&self.index[r.clone()], &self.value[r])
    }
}

impl Encoder {
    /// Fit on the prepared rows `train` (indexes into the prepared rows).
    pub fn fit(prepared: &Prepared, train: &[usize], min_count: usize) -> Encoder {
        let mut width = 0;
        let mut features = Vec::new();
        for (column, col) in prepared.columns.iter().enumerate() {
            let encoding = match &col.data {
                RawData::Numeric(values) => {
                    let mut seen: Vec<f64> = train
                        .iter()
                        .map(|&r| values[r])
                        .filter(|x| !x.is_nan())
                        .collect();
                    let median = median(&mut seen);
                    let n = train.len().max(1) as f64;
                    let filled = |r: usize| {
                        let x = values[r];
                        if x.is_nan() {
                            median
                        } else {
                            x
                        }
                    };
                    let mean = train.iter().map(|&r| filled(r)).sum::<f64>() / n;
                    let var = train
                        .iter()
                        .map(|&r| (filled(r) - mean).powi(2))
                        .sum::<f64>()
                        / n;
                    // A constant column: scikit-learn's StandardScaler divides by 1.
                    let sd = if var > 0.0 { var.sqrt() } else { 1.0 };
                    width += 1;
                    Encoding::Numeric {
                        slot: width - 1,
                        median,
                        mean,
                        sd,
                    }
                }
                RawData::Levels { names, codes } => {
                    let mut counts = vec![0usize; names.len()];
                    let mut missing = 0;
                    for &r in train {
                        match codes[r] {
                            MISSING => missing += 1,
                            c => counts[c as usize] += 1,
                        }
                    }
                    let mut slots = vec![None; names.len()];
                    let mut rare = false;
                    for (code, &count) in counts.iter().enumerate() {
                        if count >= min_count.max(1) {
                            slots[code] = Some(width);
                            width += 1;
                        } else if count > 0 {
                            rare = true;
                        }
                    }
                    let mut next = || {
                        width += 1;
                        Some(width - 1)
                    };
                    let other = if rare { next() } else { None };
                    let missing = if missing > 0 { next() } else { None };
                    Encoding::OneHot {
                        slots,
                        other,
                        missing,
                    }
                }
            };
            features.push(Feature { column, encoding });
        }
        Encoder { features, width }
    }

    /// The design matrix of the prepared rows `rows`.
    pub fn transform(&self, prepared: &Prepared, rows: &[usize]) -> Design {
        let per_row = self.features.len();
        let mut design = Design {
            width: self.width,
            start: Vec::with_capacity(rows.len() + 1),
            index: Vec::with_capacity(rows.len() * per_row),
            value: Vec::with_capacity(rows.len() * per_row),
        };
        design.start.push(0);
        for &r in rows {
            for f in &self.features {
                if let Some((slot, x)) = encode(prepared, f, r) {
                    design.index.push(slot as u32);
                    design.value.push(x);
                }
            }
            design.start.push(design.index.len());
        }
        design
    }

    /// A readable name per design column: `age`, `job=retired`, `job=(other)`,
    /// `job=(missing)`.
    pub fn feature_names(&self, prepared: &Prepared) -> Vec<String> {
        let mut names = vec![String::new(); self.width];
        for f in &self.features {
            let col = &prepared.columns[f.column];
            match (&f.encoding, &col.data) {
                (Encoding::Numeric { slot, .. }, _) => names[*slot] = col.name.clone(),
                (
                    Encoding::OneHot {
                        slots,
                        other,
                        missing,
                    },
                    RawData::Levels { names: levels, .. },
                ) => {
                    for (code, slot) in slots.iter().enumerate() {
                        if let Some(s) = slot {
                            names[*s] = format!("{}={}", col.name, levels[code]);
                        }
                    }
                    for (slot, what) in [(other, "(other)"), (missing, "(missing)")] {
                        if let Some(s) = slot {
                            names[*s] = format!("{}={what}", col.name);
                        }
                    }
                }
                _ => {}
            }
        }
        names
    }
}

/// One row's entry for one feature: (design column, value), or none (all zeros).
fn encode(prepared: &Prepared, feature: &Feature, row: usize) -> Option<(usize, f64)> {
    let data = &prepared.columns[feature.column].data;
    match (&feature.encoding, data) {
        (
            Encoding::Numeric {
                slot,
                median,
                mean,
                sd,
            },
            RawData::Numeric(values),
        ) => {
            let x = if values[row].is_nan() {
                *median
            } else {
                values[row]
            };
            Some((*slot, (x - mean) / sd))
        }
        (
            Encoding::OneHot {
                slots,
                other,
                missing,
            },
            RawData::Levels { codes, .. },
        ) => {
            let slot = match codes[row] {
                MISSING => *missing,
                c => slots[c as usize].or(*other),
            };
            slot.map(|s| (s, 1.0))
        }
        // prepare() and fit() pair numeric data with numeric encodings.
        _ => None,
    }
}

/// The median of the values (reordered in place); 0 when there are none.
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_unstable_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history() -> History {
        History::from_text(
            "size,industry,demo,last_visit,email,y\n\
             10,SaaS,yes,2026-01-01,a@x.io,1\n\
             20,saas ,no,2026-01-11,b@x.io,0\n\
             ,Retail,yes,,c@x.io,1\n\
             40,Bank,,2026-01-21,d@x.io,0\n",
            ',',
        )
    }

    #[test]
    fn a_typed_column_needs_nine_in_ten_filled_cells_to_read() {
        let mut cells = vec!["1", "2", "3", "4", "5", "6", "7", "8", "9", "x", ""];
        let values = parse_typed(&cells, 10, parse_number).expect("9 of 10 read");
        assert_eq!(values.len(), 11);
        assert!(values[9].is_nan() && values[10].is_nan());
        cells[0] = "y";
        assert_eq!(parse_typed(&cells, 10, parse_number), None, "8 of 10");
    }

    #[test]
    fn detects_types_and_ages_dates() {
        let opts = EncodeOptions {
            exclude: vec!["email".into()],
            ..EncodeOptions::default()
        };
        let p = prepare(&history(), "y", &[], &opts).unwrap();
        let kinds: Vec<ColumnKind> = p.columns.iter().map(|c| c.kind).collect();
        use ColumnKind::*;
        assert_eq!(kinds, [Number, Category, Boolean, Date]);
        assert_eq!(p.as_of, NaiveDate::from_ymd_opt(2026, 1, 21));
        match &p.columns[3].data {
            RawData::Numeric(v) => assert_eq!(v[..2], [20.0, 10.0]),
            other => panic!("{other:?}"),
        }
        match &p.columns[1].data {
            RawData::Levels { names, codes } => {
                assert_eq!(names, &["saas", "retail", "bank"]);
                assert_eq!(codes, &[0, 0, 1, 2]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unnamed_and_repeated_headers_are_left_out() {
        let h = History::from_text("a,,a,y\n1,2,3,yes\n2,3,4,no\n", ',');
        let p = prepare(&h, "y", &[], &EncodeOptions::default()).unwrap();
        assert_eq!(p.columns.len(), 1);
        assert_eq!(p.notes.len(), 2, "{:?}", p.notes);
    }

    #[test]
    fn unknown_exclude_is_an_error() {
        let opts = EncodeOptions {
            exclude: vec!["emial".into()],
            ..EncodeOptions::default()
        };
        let e = prepare(&history(), "y", &[], &opts).unwrap_err();
        assert_eq!(e.column.as_deref(), Some("emial"));
    }

    #[test]
    fn fit_on_training_rows_only_and_apply_to_others() {
        let p = prepare(&history(), "y", &[], &EncodeOptions::default()).unwrap();
        let enc = Encoder::fit(&p, &[0, 1, 2], 2);
        // size: median of 10, 20 = 15 imputes row 3; mean 15, sd sqrt(50/3).
        let Encoding::Numeric { median, mean, .. } = enc.features[0].encoding else {
            panic!()
        };
        assert_eq!((median, mean), (15.0, 15.0));
        let names = enc.feature_names(&p);
        assert!(names.contains(&"industry=saas".to_string()), "{names:?}");
        assert!(names.contains(&"industry=(other)".to_string()), "{names:?}");
        assert!(!names.contains(&"industry=bank".to_string()), "{names:?}");
        // Row 3 (Bank) was not in training: it lands in "other".
        let d = enc.transform(&p, &[3]);
        let (idx, _) = d.row(0);
        let other = names.iter().position(|n| n == "industry=(other)").unwrap();
        assert!(idx.contains(&(other as u32)));
    }

    #[test]
    fn median_of_even_and_odd() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(&mut []), 0.0);
    }
}
