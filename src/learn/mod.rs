//! Predictive scoring: learn a lead score from history (leads with a known outcome).
//!
//! - [`table`]: the history as header + rows of text ([`History`]), and the outcome column
//!   read as 0/1.
//! - [`encode`]: column types detected from the cells ([`prepare`]), then features fitted on
//!   training rows only ([`Encoder`]): numbers median-imputed and standardized, categories
//!   one-hot with an "other" bucket for rare levels, booleans as two levels, dates as age in
//!   days.
//! - [`logistic`]: L2-regularised logistic regression, scikit-learn's objective, solved by
//!   Newton steps with a Cholesky solve ([`linalg`]) and a backtracking line search.
//! - [`split`]: a seeded PRNG and stratified k-fold assignment.
//! - [`metrics`]: ROC AUC (tie-aware), log loss, lift, calibration, per-band conversion,
//!   threshold sweep and the recommended handoff threshold.
//! - [`mod@train`]: the pipeline: cross-validation, final fit, the strongest factors.
//! - [`scorecard`]: a fitted model as an editable leadscore [`crate::model::Model`].
//! - [`mod@profile`]: before training, the suggested outcome column, its values and the
//!   columns that look like leaks (leakage guard).
//! - [`report`]: a trained model's metrics, curves, factors and scorecard in one value (what
//!   the page shows).
//! - [`mod@evaluate`]: any rule model against history, and A/B comparison of two models
//!   (DeLong's paired test on the AUC difference).
//!
//! Nothing here touches files, threads or clocks: it runs unchanged in a browser worker.

pub mod encode;
mod error;
pub mod evaluate;
pub mod linalg;
pub mod logistic;
pub mod metrics;
pub mod profile;
pub mod report;
pub mod scorecard;
pub mod split;
pub mod table;
pub mod train;

pub use encode::{prepare, ColumnKind, EncodeOptions, Encoder, Prepared};
pub use error::LearnError;
pub use evaluate::{
    compare, evaluate, score_history, Comparison, ComparisonReport, Evaluation, EvaluationReport,
    ModelOnHistory, ScoredHistory,
};
pub use logistic::{fit_logistic, Logistic};
pub use profile::{profile, suggest_outcome, Profile};
pub use report::TrainReport;
pub use scorecard::{to_scorecard, ScorecardOptions};
pub use table::{History, Outcome};
pub use train::{
    cross_validate, cross_validate_with_progress, train, train_with_progress, CrossValidation,
    Factor, Progress, TrainOptions, Trained,
};
