//! The JavaScript boundary: the only module that mentions `wasm_bindgen`.
//!
//! Everything here adapts the pure Rust core ([`crate::model`], [`crate::engine`],
//! [`crate::chat`]) to small JS values: models, single leads and conversations here; whole
//! files in `files` (feature `spreadsheets`: the page's build has it, the chat widget's
//! smaller build does not). Models and single results cross through serde-wasm-bindgen with the
//! JSON-compatible serializer, so the page receives plain objects and arrays (no `Map`s, no
//! `BigInt`s). Input the user wrote is never a thrown error: a bad model is an answer with
//! `ok: false` and located problems; `JsError` is kept for failures of the boundary itself.

use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::chat;
use crate::engine::{Mapping, ScoreOptions, Scorer};
use crate::model::{Model, Problem};

#[cfg(feature = "spreadsheets")]
mod files;
#[cfg(feature = "spreadsheets")]
mod history;
#[cfg(feature = "spreadsheets")]
pub use files::{
    csv_delimiter, cut_after_terminator, detect_format, Batch, BlockScorer, PROGRESS_EVERY,
};
#[cfg(feature = "spreadsheets")]
pub use history::JsHistory;

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
    /// For the file scorers (`files`), compiled per column layout.
    #[cfg_attr(not(feature = "spreadsheets"), allow(dead_code))]
    options: ScoreOptions,
    /// Compiled for single leads: field i reads column i.
    by_field: Scorer,
}

#[wasm_bindgen(js_class = Scorer)]
impl JsScorer {
    #[wasm_bindgen(constructor)]
    pub fn new(model_json: &str, as_of: Option<String>) -> Result<JsScorer, JsError> {
        let (model, options) = model_and_options(model_json, as_of.as_deref())?;
        let by_field: Mapping = model
            .fields
            .keys()
            .enumerate()
            .map(|(i, f)| (f.clone(), i))
            .collect();
        let by_field = Scorer::new(&model, &by_field, options).map_err(js_error)?;
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

    /// The fields as a form shows them: `[{ name, type, label, values }]` in model order
    /// (`label` falls back to a readable form of the name; `values` are a category's choices).
    pub fn fields(&self) -> Result<JsValue, JsError> {
        to_js(&self.model.form_fields())
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
}

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// A conversation for the chat widget or any chat platform: answers in, the next question
/// and the score out. Nothing is sent anywhere; the host page decides what to do with it.
///
/// `new ChatSession(modelJson, asOf)` throws when the model has problems or no
/// `conversation` section.
#[wasm_bindgen(js_name = ChatSession)]
pub struct JsChatSession {
    session: chat::Session,
}

#[wasm_bindgen(js_class = ChatSession)]
impl JsChatSession {
    #[wasm_bindgen(constructor)]
    pub fn new(model_json: &str, as_of: Option<String>) -> Result<JsChatSession, JsError> {
        let (model, options) = model_and_options(model_json, as_of.as_deref())?;
        let session = chat::Session::new(&model, options).map_err(js_error)?;
        Ok(JsChatSession { session })
    }

    /// Record an answer (a string, number or boolean) for a field, then rescore. Throws with
    /// the reason when the answer does not suit the field; the session is then unchanged.
    pub fn answer(&mut self, field: &str, value: JsValue) -> Result<(), JsError> {
        let text = if let Some(s) = value.as_string() {
            s
        } else if let Some(b) = value.as_bool() {
            b.to_string()
        } else if let Some(n) = value.as_f64() {
            n.to_string()
        } else {
            return Err(JsError::new(&format!(
                "{field}: an answer is a string, number or boolean"
            )));
        };
        self.session.answer(field, &text).map_err(js_error)
    }

    /// Skip an optional question by its id.
    pub fn skip(&mut self, question: &str) -> Result<(), JsError> {
        self.session.skip(question).map_err(js_error)
    }

    /// `{ done: false, question, input }` with the model's question object and how it is
    /// answered (`"choices"`, `"yes_no"`, `"number"`, `"email"`, `"date"` or `"text"`), or
    /// `{ done: true, ending: { reason, outcome_key, outcome } }`.
    pub fn next(&self) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct NextJs<'a> {
            done: bool,
            question: Option<&'a crate::model::Question>,
            input: Option<chat::Input>,
            ending: Option<&'a chat::Ending>,
        }
        let next = match self.session.next() {
            chat::Next::Ask(q) => NextJs {
                done: false,
                question: Some(q),
                input: Some(self.session.input(q)),
                ending: None,
            },
            chat::Next::Done(e) => NextJs {
                done: true,
                question: None,
                input: None,
                ending: Some(e),
            },
        };
        to_js(&next)
    }

    /// The score of the answers so far, with its receipt (as `Scorer.scoreLead` answers).
    pub fn result(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.result())
    }

    /// The answers so far, `{ field: value }`.
    pub fn answers(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.answers())
    }
}

/// A valid model and the options to score it with; a model with problems throws one error
/// listing them all with their JSON paths.
fn model_and_options(json: &str, as_of: Option<&str>) -> Result<(Model, ScoreOptions), JsError> {
    let model = Model::from_json(json).map_err(js_error)?;
    let as_of = parse_as_of(as_of)?;
    Ok((model, ScoreOptions { as_of }))
}

/// `"YYYY-MM-DD"`, or empty / absent for none.
fn parse_as_of(text: Option<&str>) -> Result<Option<NaiveDate>, JsError> {
    match text {
        None | Some("") => Ok(None),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| JsError::new(&format!("as_of '{t}' is not a date like 2026-11-01"))),
    }
}

/// Plain JS objects and arrays (not `Map`s), `null` for `None`.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("could not pass the result to JavaScript: {e}")))
}
