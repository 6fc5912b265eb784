//! Learning from history through the boundary: read past leads with their outcome once
//! (`LeadHistory`), then profile, train a scorecard, evaluate and compare models on them.
//!
//! Only with the `spreadsheets` feature (it reads files, and `learn` comes with it).

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use super::files::{js_message, listed, JsChunks};
use super::{js_error, parse_as_of, to_js};
use crate::learn::{self, History, LearnError, TrainReport};
use crate::model::Model;
use crate::table;

/// Past leads with their outcome, read once, to learn a scorecard from and to measure models
/// against: `LeadHistory.fromStream(pull)` for delimited text pulled in chunks (see
/// [`JsScorer::inspect_stream`]), `LeadHistory.fromBytes(bytes, fileName)` for a file given
/// whole (workbooks). Unreadable rows are left out and listed in `warnings`.
#[wasm_bindgen(js_name = LeadHistory)]
pub struct JsHistory {
    history: History,
    warnings: Vec<String>,
}

/// What `train`, `evaluate` and `compare` take, as a plain object. Only `outcome` is
/// required; the rest default as in `leadscore train`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LearnOptions {
    outcome: String,
    #[serde(default)]
    positive: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    c: Option<f64>,
    folds: Option<usize>,
    seed: Option<u64>,
    min_count: Option<usize>,
    /// `YYYY-MM-DD`: training ages dates to it (default: the latest date in the data);
    /// evaluation scores as of it.
    as_of: Option<String>,
    pdo: Option<f64>,
    base_score: Option<f64>,
    bins: Option<usize>,
    name: Option<String>,
}

impl LearnOptions {
    fn from_js(value: JsValue) -> Result<LearnOptions, JsError> {
        serde_wasm_bindgen::from_value(value).map_err(|e| {
            JsError::new(&format!(
                "options are {{ outcome, positive, exclude, c, folds, seed, minCount, asOf, \
                 pdo, baseScore, bins, name }} ({e})"
            ))
        })
    }

    fn train(&self) -> Result<(learn::TrainOptions, learn::ScorecardOptions), JsError> {
        let d = learn::TrainOptions::default();
        let mut card = learn::ScorecardOptions::default();
        card.scale.pdo = self.pdo.unwrap_or(card.scale.pdo);
        card.scale.base_score = self.base_score.unwrap_or(card.scale.base_score);
        card.bins = self.bins.unwrap_or(card.bins).max(1);
        if let Some(name) = &self.name {
            card.name = name.clone();
        }
        if !(card.scale.pdo > 0.0 && card.scale.pdo.is_finite()) {
            return Err(JsError::new(
                "pdo (points to double the odds) must be above 0",
            ));
        }
        let options = learn::TrainOptions {
            outcome: self.outcome.clone(),
            positive: self.positive.clone(),
            exclude: self.exclude.clone(),
            folds: self.folds.unwrap_or(d.folds),
            seed: self.seed.unwrap_or(d.seed),
            c: self.c.unwrap_or(d.c),
            min_count: self.min_count.unwrap_or(d.min_count),
            as_of: parse_as_of(self.as_of.as_deref())?,
        };
        Ok((options, card))
    }
}

#[wasm_bindgen(js_class = LeadHistory)]
impl JsHistory {
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8], file_name: Option<String>) -> Result<JsHistory, JsError> {
        let mut rows = table::open_bytes(bytes, file_name.as_deref()).map_err(js_error)?;
        let header = rows.header().to_vec();
        let (history, errors) = History::collect(header, &mut rows);
        JsHistory::read(history, errors, rows.warnings())
    }

    #[wasm_bindgen(js_name = fromStream)]
    pub fn from_stream(pull: js_sys::Function) -> Result<JsHistory, JsError> {
        let mut rows = table::open_csv(JsChunks::new(pull)).map_err(js_error)?;
        let header = rows.header().to_vec();
        let (history, errors) = History::collect(header, &mut rows);
        JsHistory::read(history, errors, rows.warnings().to_vec())
    }

    #[wasm_bindgen(getter, js_name = rowCount)]
    pub fn row_count(&self) -> usize {
        self.history.rows.len()
    }

    #[wasm_bindgen(getter)]
    pub fn header(&self) -> Vec<String> {
        self.history.header.clone()
    }

    /// File notes and unreadable rows (the first 200, then a count).
    #[wasm_bindgen(getter)]
    pub fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }

    /// What to suggest before training: `{ rows, outcome, values: [{ value, count,
    /// positive }], more_values, columns: [{ name, kind, distinct, filled, leak }] }` for
    /// the `outcome` column (`null`: the suggested one) with `positive` meaning converted
    /// (empty: yes, won, true, 1, ...). `leak` says why a column should be left out.
    pub fn profile(
        &self,
        outcome: Option<String>,
        positive: Vec<String>,
    ) -> Result<JsValue, JsError> {
        let p = learn::profile(&self.history, outcome.as_deref(), &positive).map_err(js_error)?;
        to_js(&p)
    }

    /// Learn a scorecard: cross-validation, the final fit, the scorecard. `progress(done,
    /// total)` is called before the first fold, after each fold and after the final fit
    /// (`total` = folds + 1). Answers the report (see `learn::TrainReport`), with the
    /// scorecard as `model_json`.
    pub fn train(
        &self,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsError> {
        let (options, card) = LearnOptions::from_js(options)?.train()?;
        let mut report = |done: usize, total: usize| -> Result<(), LearnError> {
            match &progress {
                Some(f) => f
                    .call2(
                        &JsValue::NULL,
                        &JsValue::from(done as f64),
                        &JsValue::from(total as f64),
                    )
                    .map(|_| ())
                    .map_err(|e| LearnError::new(js_message(&e))),
                None => Ok(()),
            }
        };
        let trained =
            learn::train_with_progress(&self.history, &options, &mut report).map_err(js_error)?;
        to_js(&TrainReport::new(&trained, &card))
    }

    /// A rule model against this history: `{ name, unmapped, evaluation: { rows, positives,
    /// auc, lift, bands, sweep, recommended, handoff } }`. `options` needs `outcome` (and
    /// `positive`, `asOf` when the model compares dates).
    pub fn evaluate(&self, model_json: &str, options: JsValue) -> Result<JsValue, JsError> {
        let options = LearnOptions::from_js(options)?;
        let (model, scored) = self.scored(model_json, &options, "the model")?;
        to_js(&learn::EvaluationReport {
            model: learn::ModelOnHistory::new(&model, &scored),
            evaluation: learn::evaluate(&scored),
        })
    }

    /// Two models on the same leads: `{ a: { name, unmapped }, b: { name, unmapped },
    /// comparison: { a, b, auc_difference, ci_low, ci_high, p_value, a_handoff, b_handoff,
    /// ... } }` (DeLong's paired test on the AUC difference).
    pub fn compare(
        &self,
        a_json: &str,
        b_json: &str,
        options: JsValue,
    ) -> Result<JsValue, JsError> {
        let options = LearnOptions::from_js(options)?;
        let (a, scored_a) = self.scored(a_json, &options, "model A")?;
        let (b, scored_b) = self.scored(b_json, &options, "model B")?;
        to_js(&learn::ComparisonReport {
            a: learn::ModelOnHistory::new(&a, &scored_a),
            b: learn::ModelOnHistory::new(&b, &scored_b),
            comparison: learn::compare(&scored_a, &scored_b).map_err(js_error)?,
        })
    }
}

impl JsHistory {
    fn read(
        history: History,
        errors: Vec<table::RowError>,
        mut warnings: Vec<String>,
    ) -> Result<JsHistory, JsError> {
        if history.rows.is_empty() {
            return Err(JsError::new("the file has no data rows"));
        }
        let more = listed(
            &mut warnings,
            errors.iter().map(|e| format!("{e} (row left out)")),
        );
        if more > 0 {
            warnings.push(format!("... and {more} more unreadable rows"));
        }
        Ok(JsHistory { history, warnings })
    }

    /// A model (`which` names it in errors) scored on the history rows with an outcome.
    fn scored(
        &self,
        json: &str,
        options: &LearnOptions,
        which: &str,
    ) -> Result<(Model, learn::ScoredHistory), JsError> {
        let model = Model::from_json(json).map_err(|e| JsError::new(&format!("{which}: {e}")))?;
        let as_of = parse_as_of(options.as_of.as_deref())?;
        let scored = learn::score_history(
            &model,
            &self.history,
            &options.outcome,
            &options.positive,
            as_of,
        )
        .map_err(|e| JsError::new(&format!("{which}: {e}")))?;
        Ok((model, scored))
    }
}
