//! The training pipeline: cross-validate, fit on everything, report the strongest factors.

use chrono::NaiveDate;
use serde::Serialize;

use super::encode::{prepare, EncodeOptions, Encoder, Prepared};
use super::error::LearnError;
use super::logistic::{fit_logistic, sigmoid, Logistic};
use super::metrics::{
    calibration, lift_table, log_loss, mean_sd, recommended_threshold, roc_auc, threshold_sweep,
    CalibrationRow, LiftRow, ThresholdPoint,
};
use super::split::stratified_folds;
use super::table::History;

/// Everything `leadscore train` can set.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// The outcome column's header.
    pub outcome: String,
    /// Outcome values that mean converted (default: yes, true, 1, won, ...).
    pub positive: Vec<String>,
    /// Columns never used as features.
    pub exclude: Vec<String>,
    pub folds: usize,
    pub seed: u64,
    /// Inverse regularisation strength (scikit-learn's C).
    pub c: f64,
    /// Levels rarer than this in the training rows share an "other" column.
    pub min_count: usize,
    /// The day date ages count to (default: the latest date in the data).
    pub as_of: Option<NaiveDate>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            outcome: "y".into(),
            positive: Vec::new(),
            exclude: Vec::new(),
            folds: 5,
            seed: 42,
            c: 1.0,
            min_count: 10,
            as_of: None,
        }
    }
}

/// Out-of-fold results of k-fold cross-validation.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossValidation {
    /// ROC AUC of each fold's held-out rows.
    pub fold_auc: Vec<f64>,
    pub mean_auc: f64,
    /// Population standard deviation over folds.
    pub sd_auc: f64,
    /// Each row's probability from the model that did not see it.
    pub out_of_fold: Vec<f64>,
}

/// One design column's weight in the final model, for "what drives conversion".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Factor {
    /// `age`, `job=retired`, ...
    pub name: String,
    /// Change in log-odds per standard deviation (numbers) or for having the level.
    pub weight: f64,
}

/// A trained model and how well it did.
#[derive(Debug, Clone, PartialEq)]
pub struct Trained {
    pub prepared: Prepared,
    pub cv: CrossValidation,
    /// Out-of-fold log loss, calibration and lift.
    pub log_loss: f64,
    pub calibration: Vec<CalibrationRow>,
    pub lift: Vec<LiftRow>,
    /// Out-of-fold threshold sweep on probabilities and the max-F1 threshold.
    pub sweep: Vec<ThresholdPoint>,
    pub threshold: ThresholdPoint,
    /// Fitted on all rows.
    pub encoder: Encoder,
    pub model: Logistic,
    /// Every design column by weight, strongest positive first.
    pub factors: Vec<Factor>,
    pub options: TrainOptions,
}

/// Told after each step of [`train_with_progress`]: `(steps done, steps in all)`. An error
/// stops training and is returned.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize) -> Result<(), LearnError>;

/// k-fold stratified cross-validation: preprocessing and model are fitted on each fold's
/// training rows only, then score its held-out rows.
pub fn cross_validate(
    prepared: &Prepared,
    folds: usize,
    seed: u64,
    c: f64,
    min_count: usize,
) -> Result<CrossValidation, LearnError> {
    cross_validate_with_progress(prepared, folds, seed, c, min_count, &mut |_, _| Ok(()))
}

/// [`cross_validate`], telling `progress(folds done, folds)` after each fold.
pub fn cross_validate_with_progress(
    prepared: &Prepared,
    folds: usize,
    seed: u64,
    c: f64,
    min_count: usize,
    progress: Progress,
) -> Result<CrossValidation, LearnError> {
    let y = &prepared.y;
    let fold_of = stratified_folds(y, folds, seed)?;
    let mut out_of_fold = vec![0.0; y.len()];
    let mut fold_auc = Vec::with_capacity(folds);
    for k in 0..folds {
        let (test, train): (Vec<usize>, Vec<usize>) = (0..y.len()).partition(|&i| fold_of[i] == k);
        let encoder = Encoder::fit(prepared, &train, min_count);
        let train_y: Vec<f64> = train.iter().map(|&i| y[i]).collect();
        let model = fit_logistic(&encoder.transform(prepared, &train), &train_y, c)?;
        let p = model.predict(&encoder.transform(prepared, &test));
        let test_y: Vec<f64> = test.iter().map(|&i| y[i]).collect();
        // Stratification puts both classes in every fold.
        fold_auc.push(roc_auc(&p, &test_y).unwrap_or(0.5));
        for (&i, p) in test.iter().zip(p) {
            out_of_fold[i] = p;
        }
        progress(k + 1, folds)?;
    }
    let (mean_auc, sd_auc) = mean_sd(&fold_auc);
    Ok(CrossValidation {
        fold_auc,
        mean_auc,
        sd_auc,
        out_of_fold,
    })
}

/// Read the history, cross-validate, and fit the final model on every row.
pub fn train(history: &History, options: &TrainOptions) -> Result<Trained, LearnError> {
    train_with_progress(history, options, &mut |_, _| Ok(()))
}

/// [`train`], telling `progress(steps done, folds + 1)`: once before the first fold, after
/// each fold, and after the final fit.
pub fn train_with_progress(
    history: &History,
    options: &TrainOptions,
    progress: Progress,
) -> Result<Trained, LearnError> {
    let steps = options.folds + 1;
    let encode = EncodeOptions {
        exclude: options.exclude.clone(),
        min_count: options.min_count,
        as_of: options.as_of,
    };
    let prepared = prepare(history, &options.outcome, &options.positive, &encode)?;
    progress(0, steps)?;
    let cv = cross_validate_with_progress(
        &prepared,
        options.folds,
        options.seed,
        options.c,
        options.min_count,
        &mut |done, _| progress(done, steps),
    )?;
    let all: Vec<usize> = (0..prepared.y.len()).collect();
    let encoder = Encoder::fit(&prepared, &all, options.min_count);
    let model = fit_logistic(&encoder.transform(&prepared, &all), &prepared.y, options.c)?;
    let mut factors: Vec<Factor> = encoder
        .feature_names(&prepared)
        .into_iter()
        .zip(&model.coef)
        .map(|(name, &weight)| Factor { name, weight })
        .collect();
    factors.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    progress(steps, steps)?;
    let y = &prepared.y;
    let oof = &cv.out_of_fold;
    let sweep = threshold_sweep(oof, y);
    // A sweep over two classes always has a point.
    let threshold = recommended_threshold(&sweep).unwrap_or(ThresholdPoint {
        threshold: sigmoid(model.intercept),
        share: 0.0,
        precision: 0.0,
        recall: 0.0,
        f1: 0.0,
    });
    Ok(Trained {
        log_loss: log_loss(oof, y),
        calibration: calibration(oof, y, 10),
        lift: lift_table(oof, y, 10),
        sweep,
        threshold,
        encoder,
        model,
        factors,
        cv,
        prepared,
        options: options.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::split::SplitMix64;

    /// y depends on x (numeric, +) and on the colour (red +, blue -).
    fn synthetic(n: usize) -> History {
        let mut rng = SplitMix64::new(3);
        let mut rows = Vec::new();
        for _ in 0..n {
            let x = rng.below(1000) as f64 / 100.0 - 5.0;
            let colour = ["red", "blue", "green"][rng.below(3)];
            let z = 0.8 * x + if colour == "red" { 1.0 } else { 0.0 }
                - if colour == "blue" { 1.0 } else { 0.0 };
            let y = (rng.below(1_000_000) as f64) < sigmoid(z) * 1e6;
            rows.push(vec![
                format!("{x}"),
                colour.to_string(),
                (if y { "yes" } else { "no" }).into(),
            ]);
        }
        History::new(vec!["x".into(), "colour".into(), "y".into()], rows)
    }

    #[test]
    fn learns_the_direction_of_each_factor() {
        let t = train(&synthetic(600), &TrainOptions::default()).unwrap();
        assert!(t.cv.mean_auc > 0.8, "{:?}", t.cv);
        assert_eq!(t.cv.fold_auc.len(), 5);
        assert_eq!(t.factors[0].name, "x");
        assert_eq!(t.factors.last().unwrap().name, "colour=blue");
        assert!(t.threshold.f1 > 0.5);
        assert_eq!(t.lift.len(), 10);
    }

    #[test]
    fn progress_counts_every_fold_and_the_final_fit_and_can_stop() {
        let h = synthetic(200);
        let mut seen = Vec::new();
        train_with_progress(&h, &TrainOptions::default(), &mut |done, all| {
            seen.push((done, all));
            Ok(())
        })
        .unwrap();
        assert_eq!(
            seen,
            [(0, 6), (1, 6), (2, 6), (3, 6), (4, 6), (5, 6), (6, 6)]
        );
        let stopped = train_with_progress(&h, &TrainOptions::default(), &mut |done, _| {
            if done == 2 {
                Err(LearnError::new("stop"))
            } else {
                Ok(())
            }
        });
        assert_eq!(stopped.unwrap_err().message, "stop");
    }

    #[test]
    fn same_seed_same_result() {
        let h = synthetic(200);
        let a = train(&h, &TrainOptions::default()).unwrap();
        let b = train(&h, &TrainOptions::default()).unwrap();
        assert_eq!(a.cv, b.cv);
    }
}
