//! leadscore: explainable lead scoring.
//!
//! - [`model`]: the JSON scoring model and its validation.
//! - [`engine`]: compile a model against a column layout, score records, explain scores.
//! - [`table`]: spreadsheets in and out (CSV, XLSX/XLS/ODS), header auto-mapping, export
//!   (feature `spreadsheets`, on by default, as is [`learn`]).
//! - [`chat`]: conversations: the next question, checked answers, rescoring, the ending.
//! - [`learn`]: predictive scoring: learn a scorecard from history, evaluate and compare models.
//!
//! ```
//! use leadscore::{model::Model, engine::{Mapping, Scorer, ScoreOptions}};
//!
//! let model = Model::from_json(r#"{
//!   "schema": "leadscore/1", "name": "Demo",
//!   "fields": {"title": {"type": "text", "aliases": ["Job Title"]}},
//!   "groups": [{"id": "fit", "dimension": "fit", "rules": [
//!     {"id": "exec", "when": {"field": "title", "contains_any": ["vp", "chief"]}, "points": 20}]}],
//!   "bands": [{"label": "Hot", "min": 15}, {"label": "Cold"}]
//! }"#).unwrap();
//! // Column 1 of the input holds the job title.
//! let mapping: Mapping = [("title", 1)].into_iter().collect();
//! let scorer = Scorer::new(&model, &mapping, ScoreOptions::default()).unwrap();
//! let lead = scorer.explain(&["ada@example.com", "VP Sales"]);
//! assert_eq!(lead.total, 20.0);
//! assert_eq!(lead.band.as_deref(), Some("Hot"));
//! assert_eq!(lead.receipt.fired[0].rule, "exec");
//! ```

pub mod chat;
pub mod engine;
#[cfg(feature = "spreadsheets")]
pub mod learn;
pub mod model;
#[cfg(feature = "spreadsheets")]
pub mod table;

/// The JavaScript API of the wasm build (public so `tests/web.rs` can call it).
#[cfg(target_arch = "wasm32")]
pub mod wasm;
