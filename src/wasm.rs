//! The JavaScript boundary: the only module that mentions `wasm_bindgen`.
//!
//! Everything here adapts the pure Rust core ([`crate::model`], later [`crate::engine`]) to
//! small JS values. Models and single results cross through serde-wasm-bindgen with the
//! JSON-compatible serializer, so the page receives plain objects and arrays (no `Map`s, no
//! `BigInt`s). Input the user wrote is never a thrown error: a bad model is an answer with
//! `ok: false` and located problems; `JsError` is kept for failures of the boundary itself.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::model::{Model, Problem};

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

/// Plain JS objects and arrays (not `Map`s), `null` for `None`.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("could not pass the result to JavaScript: {e}")))
}
