//! A trained model as the page shows it: how well it ranks (cross-validated), its curves, its
//! strongest factors and the scorecard, in one serializable value.

use serde::Serialize;

use super::encode::ColumnKind;
use super::metrics::{band_conversion, thin_sweep, BandRow, CalibrationRow, LiftRow};
use super::metrics::{mean_sd, ThresholdPoint};
use super::scorecard::{to_scorecard, ScorecardOptions};
use super::train::{Factor, Trained};
use crate::model::{Model, OddsScale, Tier};

/// Factors listed on each side (strongest positive, strongest negative).
pub const TOP_FACTORS: usize = 8;
/// Points of the threshold curve.
pub const SWEEP_POINTS: usize = 50;

/// A column the model learned from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsedColumn {
    pub name: String,
    /// `number`, `yes/no`, `date` or `category`.
    pub kind: &'static str,
}

/// Cross-validated ROC AUC: mean, spread and each fold's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AucSummary {
    pub mean: f64,
    /// Population standard deviation over the folds.
    pub sd: f64,
    pub min: f64,
    pub max: f64,
    pub folds: Vec<f64>,
}

/// The settings the model was trained with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainSettings {
    pub outcome: String,
    pub positive: Vec<String>,
    pub exclude: Vec<String>,
    pub c: f64,
    pub folds: usize,
    pub seed: u64,
    pub min_count: usize,
}

/// Everything the Train section shows. Curves and tables come from the out-of-fold
/// predictions: each lead predicted by the fold model that did not see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainReport {
    /// Leads with an outcome, and how many converted.
    pub rows: usize,
    pub positives: usize,
    pub columns: Vec<UsedColumn>,
    /// Design columns (after one-hot encoding).
    pub features: usize,
    /// What was left out or assumed (rows without outcome, identifiers, the date ages).
    pub notes: Vec<String>,
    pub auc: AucSummary,
    pub log_loss: f64,
    pub lift: Vec<LiftRow>,
    pub calibration: Vec<CalibrationRow>,
    /// Precision, recall, F1 and share handed off by probability threshold, highest first.
    pub sweep: Vec<ThresholdPoint>,
    /// The max-F1 threshold, and the same in scorecard points.
    pub recommended: ThresholdPoint,
    pub recommended_points: f64,
    /// Conversion per scorecard band (Hot, Warm, Cold) of the out-of-fold predictions.
    pub bands: Vec<BandRow>,
    pub top_positive: Vec<Factor>,
    pub top_negative: Vec<Factor>,
    /// The day date ages count to (`YYYY-MM-DD`), when there are date columns.
    pub as_of: Option<String>,
    pub settings: TrainSettings,
    /// The scorecard's scale and rule count, and the model itself as JSON.
    pub scale: OddsScale,
    pub rules: usize,
    pub model_json: String,
}

impl TrainReport {
    pub fn new(trained: &Trained, card: &ScorecardOptions) -> TrainReport {
        let model = to_scorecard(trained, card);
        let prepared = &trained.prepared;
        let y = &prepared.y;
        let oof = &trained.cv.out_of_fold;
        let folds = &trained.cv.fold_auc;
        let (mean, sd) = mean_sd(folds);
        let labels: Vec<Option<&str>> = oof
            .iter()
            .map(|&p| band_of(&model.bands, card.scale.score_of(p)))
            .collect();
        let order: Vec<&str> = model.bands.iter().map(|b| b.label.as_str()).collect();
        let options = &trained.options;
        TrainReport {
            rows: y.len(),
            positives: y.iter().filter(|&&v| v == 1.0).count(),
            columns: prepared
                .columns
                .iter()
                .map(|c| UsedColumn {
                    name: c.name.clone(),
                    kind: kind_name(c.kind),
                })
                .collect(),
            features: trained.encoder.width,
            notes: prepared.notes.clone(),
            auc: AucSummary {
                mean,
                sd,
                min: folds.iter().copied().fold(f64::INFINITY, f64::min),
                max: folds.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                folds: folds.clone(),
            },
            log_loss: trained.log_loss,
            lift: trained.lift.clone(),
            calibration: trained.calibration.clone(),
            sweep: thin_sweep(&trained.sweep, SWEEP_POINTS, Some(trained.threshold)),
            recommended: trained.threshold,
            recommended_points: card.score_of(trained.threshold.threshold).round(),
            bands: band_conversion(&labels, y, &order),
            top_positive: (trained.factors.iter())
                .filter(|f| f.weight > 0.0)
                .take(TOP_FACTORS)
                .cloned()
                .collect(),
            top_negative: (trained.factors.iter().rev())
                .filter(|f| f.weight < 0.0)
                .take(TOP_FACTORS)
                .cloned()
                .collect(),
            as_of: prepared.as_of.map(|d| d.format("%Y-%m-%d").to_string()),
            settings: TrainSettings {
                outcome: options.outcome.clone(),
                positive: options.positive.clone(),
                exclude: options.exclude.clone(),
                c: options.c,
                folds: options.folds,
                seed: options.seed,
                min_count: options.min_count,
            },
            scale: card.scale,
            rules: model.groups.iter().map(|g| g.rules.len()).sum(),
            model_json: Model::to_json(&model),
        }
    }
}

/// The first band whose minimum the score reaches (the last band has none).
fn band_of(bands: &[Tier], score: f64) -> Option<&str> {
    bands
        .iter()
        .find(|b| b.min.is_none_or(|m| score >= m))
        .map(|b| b.label.as_str())
}

fn kind_name(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Number => "number",
        ColumnKind::Boolean => "yes/no",
        ColumnKind::Date => "date",
        ColumnKind::Category => "category",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::{train, History, TrainOptions};

    fn history() -> History {
        let mut text = String::from("size,demo,won\n");
        for i in 0..300 {
            let size = i % 37;
            let demo = i % 4 == 0;
            let won = (size > 20 && i % 3 != 0) || (demo && i % 5 != 0) || i % 23 == 0;
            text.push_str(&format!(
                "{size},{},{}\n",
                ["no", "yes"][usize::from(demo)],
                won
            ));
        }
        History::from_text(&text, ',')
    }

    #[test]
    fn the_report_holds_the_metrics_and_a_valid_scorecard() {
        let options = TrainOptions {
            outcome: "won".into(),
            ..TrainOptions::default()
        };
        let trained = train(&history(), &options).unwrap();
        let r = TrainReport::new(&trained, &ScorecardOptions::default());
        assert_eq!(r.rows, 300);
        assert_eq!(r.auc.folds.len(), 5);
        assert!(r.auc.min <= r.auc.mean && r.auc.mean <= r.auc.max);
        assert!(r.auc.mean > 0.75, "{:?}", r.auc);
        assert_eq!(r.lift.len(), 10);
        assert_eq!(r.calibration.len(), 10);
        assert!(r.sweep.len() <= SWEEP_POINTS + 1 && r.sweep.contains(&r.recommended));
        let names: Vec<&str> = r.top_positive.iter().map(|f| f.name.as_str()).collect();
        assert!(
            names.contains(&"size") && names.contains(&"demo=true"),
            "{names:?}"
        );
        assert!(r.top_negative.iter().all(|f| f.weight < 0.0));
        // Bands partition the leads; Hot converts best.
        assert_eq!(r.bands.iter().map(|b| b.count).sum::<usize>(), 300);
        assert_eq!(r.bands[0].band, "Hot");
        assert!(r.bands[0].rate > r.bands.last().unwrap().rate);
        let model = Model::from_json(&r.model_json).unwrap();
        assert_eq!(model.probability, Some(r.scale));
        assert_eq!(
            r.rules,
            model.groups.iter().map(|g| g.rules.len()).sum::<usize>()
        );
        assert_eq!(
            model.bands[0].min,
            Some(r.recommended_points),
            "Hot starts at the recommended threshold"
        );
    }
}
