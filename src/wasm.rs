//! The JavaScript boundary: the only module that mentions `wasm_bindgen`.
//!
//! Everything here adapts the pure Rust core ([`crate::model`], later [`crate::engine`]) to
//! small JS values. Models and single results cross through serde-wasm-bindgen with the
//! JSON-compatible serializer, so the page receives plain objects and arrays (no `Map`s, no
//! `BigInt`s). Input the user wrote is never a thrown error: a bad model is an answer with
//! `ok: false` and located problems; `JsError` is kept for failures of the boundary itself.

use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::engine::{Mapping, QualState, ScoreOptions, Scorer, Summary};
use crate::model::{Model, Problem};
use crate::table;

/// Runs once when the module is instantiated: a Rust panic then shows up in the console with
/// its message and location instead of an opaque `unreachable` trap.
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// The crate version, e.g. `"0.1.0"` (shown in the page footer and in bug reports).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// `validate_model(json)` answers
/// `{ ok: boolean, name: string | null, problems: [{ path: string, message: string }] }`.
///
/// `name` is the model's name when it is valid. `path` is a JSON path such as
/// `groups[1].rules[3].when.field`, empty for the whole document.
#[wasm_bindgen(js_name = validateModel)]
pub fn validate_model(json: &str) -> Result<JsValue, JsError> {
    let report = match Model::from_json(json) {
        Ok(model) => Validation {
            ok: true,
            name: Some(model.name),
            problems: Vec::new(),
        },
        Err(e) => Validation {
            ok: false,
            name: None,
            problems: e.problems.iter().map(JsProblem::from).collect(),
        },
    };
    to_js(&report)
}

#[derive(Serialize)]
struct Validation {
    ok: bool,
    name: Option<String>,
    problems: Vec<JsProblem>,
}

#[derive(Serialize)]
struct JsProblem {
    path: String,
    message: String,
}

impl From<&Problem> for JsProblem {
    fn from(p: &Problem) -> Self {
        JsProblem {
            path: p.path.clone(),
            message: p.message.clone(),
        }
    }
}

/// A model compiled once, scoring whole files (bytes in, typed arrays out) or single leads.
///
/// `new Scorer(modelJson, asOf)`: `asOf` is `"YYYY-MM-DD"` (the page passes today's date) and
/// is required when the model compares dates. A model with problems throws one `Error` whose
/// message lists every problem with its JSON path.
#[wasm_bindgen(js_name = Scorer)]
pub struct JsScorer {
    model: Model,
    options: ScoreOptions,
    /// Compiled for single leads: field i reads column i.
    by_field: Scorer,
}

#[wasm_bindgen(js_class = Scorer)]
impl JsScorer {
    #[wasm_bindgen(constructor)]
    pub fn new(model_json: &str, as_of: Option<String>) -> Result<JsScorer, JsError> {
        let model = Model::from_json(model_json).map_err(|e| JsError::new(&e.to_string()))?;
        let as_of = match as_of.as_deref() {
            None | Some("") => None,
            Some(text) => Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                JsError::new(&format!("as_of '{text}' is not a date like 2026-11-01"))
            })?),
        };
        let options = ScoreOptions { as_of };
        let by_field: Mapping = model
            .fields
            .keys()
            .enumerate()
            .map(|(i, f)| (f.clone(), i))
            .collect();
        let by_field =
            Scorer::new(&model, &by_field, options).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(JsScorer {
            model,
            options,
            by_field,
        })
    }

    /// The model's field names, in order.
    #[wasm_bindgen(js_name = fieldNames)]
    pub fn field_names(&self) -> Vec<String> {
        self.model.fields.keys().cloned().collect()
    }

    /// Score one lead given as `{ field: value }` (strings, numbers, booleans; `null` or a
    /// missing key is missing data). Answers the full result with its receipt.
    #[wasm_bindgen(js_name = scoreLead)]
    pub fn score_lead(&self, lead: JsValue) -> Result<JsValue, JsError> {
        let answers: IndexMap<String, serde_json::Value> = serde_wasm_bindgen::from_value(lead)
            .map_err(|e| {
                JsError::new(&format!("a lead is an object of field: value pairs ({e})"))
            })?;
        for key in answers.keys() {
            if !self.model.fields.contains_key(key) {
                return Err(JsError::new(&format!("the model has no field '{key}'")));
            }
        }
        let row: Vec<String> = (self.model.fields.keys())
            .map(|f| match answers.get(f) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
            })
            .collect();
        to_js(&self.by_field.explain(&row))
    }

    /// Score every row of a CSV/XLSX/XLS/ODS file. `mapping` is `{ field: columnIndex }`, or
    /// `null` to map columns automatically from the header.
    #[wasm_bindgen(js_name = scoreFile)]
    pub fn score_file(
        &self,
        bytes: &[u8],
        file_name: Option<String>,
        mapping: JsValue,
    ) -> Result<Batch, JsError> {
        let mut rows = table::open_bytes(bytes, file_name.as_deref())
            .map_err(|e| JsError::new(&e.to_string()))?;
        let header = rows.header().to_vec();
        let mapping = if mapping.is_null() || mapping.is_undefined() {
            table::suggest(&self.model, &header).mapping
        } else {
            let pairs: IndexMap<String, usize> =
                serde_wasm_bindgen::from_value(mapping).map_err(|e| {
                    JsError::new(&format!(
                        "mapping is an object of field: column index ({e})"
                    ))
                })?;
            pairs.into_iter().collect()
        };
        let scorer = Scorer::new(&self.model, &mapping, self.options)
            .map_err(|e| JsError::new(&e.to_string()))?;
        let mut batch = Batch {
            band_labels: scorer.band_labels().iter().map(|s| s.to_string()).collect(),
            header,
            ..Batch::default()
        };
        batch.warnings = rows.warnings();
        let mut scratch = scorer.scratch();
        for item in &mut rows {
            match item {
                Ok(row) => {
                    batch.warnings.extend(row.warning_messages());
                    let s = scorer.score_with(&row, &mut scratch);
                    batch.push(&scorer, &s, row.number);
                }
                Err(e) => batch.errors.push(e.to_string()),
            }
        }
        Ok(batch)
    }
}

/// Scores of a whole file as columns: one typed array per measure, row i in each.
#[wasm_bindgen]
#[derive(Default)]
pub struct Batch {
    header: Vec<String>,
    band_labels: Vec<String>,
    rows: Vec<u32>,
    totals: Vec<f64>,
    fit: Vec<f64>,
    engagement: Vec<f64>,
    /// Index into `bandLabels`, 255 = none.
    bands: Vec<u8>,
    /// 0 = A .. 5 = F, 255 = no grade.
    grades: Vec<u8>,
    /// 0 qualified, 1 not qualified, 2 undecided, 3 not assessed.
    qualification: Vec<u8>,
    handoff: Vec<u8>,
    errors: Vec<String>,
    warnings: Vec<String>,
}

impl Batch {
    fn push(&mut self, scorer: &Scorer, s: &Summary, row: u64) {
        let band = scorer
            .band_label(s)
            .and_then(|l| self.band_labels.iter().position(|b| b == l));
        self.rows.push(u32::try_from(row).unwrap_or(u32::MAX));
        self.totals.push(s.total);
        self.fit.push(s.fit);
        self.engagement.push(s.engagement);
        self.bands
            .push(band.and_then(|b| u8::try_from(b).ok()).unwrap_or(u8::MAX));
        self.grades.push(s.grade.unwrap_or(u8::MAX));
        self.qualification.push(match s.qualification {
            QualState::Qualified => 0,
            QualState::NotQualified => 1,
            QualState::Undecided => 2,
            QualState::NotAssessed => 3,
        });
        self.handoff.push(u8::from(s.handoff));
    }
}

#[wasm_bindgen]
impl Batch {
    #[wasm_bindgen(getter, js_name = rowCount)]
    pub fn row_count(&self) -> usize {
        self.totals.len()
    }
    #[wasm_bindgen(getter)]
    pub fn header(&self) -> Vec<String> {
        self.header.clone()
    }
    #[wasm_bindgen(getter, js_name = bandLabels)]
    pub fn band_labels(&self) -> Vec<String> {
        self.band_labels.clone()
    }
    /// 1-based data row numbers of the scored rows.
    #[wasm_bindgen(getter)]
    pub fn rows(&self) -> Vec<u32> {
        self.rows.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn totals(&self) -> Vec<f64> {
        self.totals.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn fit(&self) -> Vec<f64> {
        self.fit.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn engagement(&self) -> Vec<f64> {
        self.engagement.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn bands(&self) -> Vec<u8> {
        self.bands.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn grades(&self) -> Vec<u8> {
        self.grades.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn qualification(&self) -> Vec<u8> {
        self.qualification.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn handoff(&self) -> Vec<u8> {
        self.handoff.clone()
    }
    /// Rows that could not be read, as "row N (line L): why".
    #[wasm_bindgen(getter)]
    pub fn errors(&self) -> Vec<String> {
        self.errors.clone()
    }
    /// File and row notes that did not stop scoring (short rows, re-decoded text, ...).
    #[wasm_bindgen(getter)]
    pub fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }
}

/// Plain JS objects and arrays (not `Map`s), `null` for `None`.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("could not pass the result to JavaScript: {e}")))
}
