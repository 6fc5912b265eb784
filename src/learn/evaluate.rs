//! Any rule model against history: score each row with the engine, then measure how well the
//! scores rank the outcome. And two models side by side on the same rows.

use chrono::NaiveDate;
use serde::Serialize;

use super::error::LearnError;
use super::metrics::{
    band_conversion, lift_table, recommended_threshold, roc_auc, thin_sweep, threshold_sweep,
    BandRow, LiftRow, ThresholdPoint,
};
use super::table::History;
use crate::engine::{ScoreOptions, Scorer};
use crate::model::Model;
use crate::table::suggest;

/// The engine's results for the history rows that have an outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredHistory {
    pub scores: Vec<f64>,
    pub bands: Vec<Option<String>>,
    pub handoff: Vec<bool>,
    /// The model's band labels, best first.
    pub band_order: Vec<String>,
    /// The model defines a handoff band.
    pub has_handoff: bool,
    /// Outcome per row (1.0 converted).
    pub y: Vec<f64>,
    /// Fields with no column in the history (their rules never fire).
    pub unmapped: Vec<String>,
}

/// Score the history rows that have an outcome with `model`; columns are matched to fields
/// by name, alias and CRM synonym ([`crate::table::suggest`]).
pub fn score_history(
    model: &Model,
    history: &History,
    outcome: &str,
    positive: &[String],
    as_of: Option<NaiveDate>,
) -> Result<ScoredHistory, LearnError> {
    let out = history.outcome(outcome, positive)?;
    let mut mapping = suggest(model, &history.header).mapping;
    // The outcome is what we measure against: a model must not read it.
    let leaked: Vec<String> = mapping
        .iter()
        .filter(|(_, c)| *c == out.column)
        .map(|(f, _)| f.to_string())
        .collect();
    for f in &leaked {
        mapping.unset(f);
    }
    let scorer = Scorer::new(model, &mapping, ScoreOptions { as_of })
        .map_err(|e| LearnError::new(format!("model '{}': {e}", model.name)))?;
    let unmapped = model
        .field_names()
        .filter(|f| mapping.column(f).is_none())
        .map(str::to_string)
        .collect();
    let mut scratch = scorer.scratch();
    let mut scored = ScoredHistory {
        scores: Vec::with_capacity(out.rows.len()),
        bands: Vec::with_capacity(out.rows.len()),
        handoff: Vec::with_capacity(out.rows.len()),
        band_order: scorer
            .band_labels()
            .into_iter()
            .map(str::to_string)
            .collect(),
        has_handoff: model.handoff.is_some(),
        y: out.y,
        unmapped,
    };
    for &r in &out.rows {
        let s = scorer.score_with(history.rows[r].as_slice(), &mut scratch);
        scored.scores.push(s.total);
        scored.bands.push(scorer.band_label(&s).map(str::to_string));
        scored.handoff.push(s.handoff);
    }
    Ok(scored)
}

/// How a set of leads handed to sales converted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HandoffStats {
    /// Share of all leads handed off.
    pub share: f64,
    /// Conversion rate of the handed-off leads.
    pub precision: f64,
    /// Share of converted leads handed off.
    pub recall: f64,
}

/// A model's performance on history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub rows: usize,
    pub positives: usize,
    /// ROC AUC of the total score (ties count half).
    pub auc: f64,
    pub lift: Vec<LiftRow>,
    pub bands: Vec<BandRow>,
    /// About twenty points of the threshold sweep, plus the recommended one.
    pub sweep: Vec<ThresholdPoint>,
    /// The max-F1 score threshold.
    pub recommended: ThresholdPoint,
    /// The model's own handoff (its handoff band), when it has one.
    pub handoff: Option<HandoffStats>,
}

/// Measure scored history.
pub fn evaluate(scored: &ScoredHistory) -> Evaluation {
    let y = &scored.y;
    let positives = y.iter().filter(|&&v| v == 1.0).count();
    let sweep = threshold_sweep(&scored.scores, y);
    // `History::outcome` guarantees both classes, so the sweep and AUC exist.
    let recommended = recommended_threshold(&sweep).unwrap_or(ThresholdPoint {
        threshold: 0.0,
        share: 0.0,
        precision: 0.0,
        recall: 0.0,
        f1: 0.0,
    });
    let labels: Vec<Option<&str>> = scored.bands.iter().map(Option::as_deref).collect();
    let order: Vec<&str> = scored.band_order.iter().map(String::as_str).collect();
    Evaluation {
        rows: y.len(),
        positives,
        auc: roc_auc(&scored.scores, y).unwrap_or(0.5),
        lift: lift_table(&scored.scores, y, 10),
        bands: band_conversion(&labels, y, &order),
        sweep: thin_sweep(&sweep, 20, Some(recommended)),
        recommended,
        handoff: scored
            .has_handoff
            .then(|| handoff_stats(&scored.handoff, y)),
    }
}

fn handoff_stats(selected: &[bool], y: &[f64]) -> HandoffStats {
    let taken = selected.iter().filter(|&&s| s).count() as f64;
    let hits: f64 = selected
        .iter()
        .zip(y)
        .filter(|(s, _)| **s)
        .map(|(_, y)| y)
        .sum();
    let positives: f64 = y.iter().sum();
    let div = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    HandoffStats {
        share: div(taken, y.len() as f64),
        precision: div(hits, taken),
        recall: div(hits, positives),
    }
}

/// Two models on the same history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub a: Evaluation,
    pub b: Evaluation,
    /// AUC(A) - AUC(B).
    pub auc_difference: f64,
    /// DeLong's standard error of the difference (paired: same rows).
    pub standard_error: f64,
    /// 95% confidence interval of the difference.
    pub ci_low: f64,
    pub ci_high: f64,
    /// Two-sided p-value of "no difference".
    pub p_value: f64,
    /// Conversion of the leads each model hands off: its handoff band when it has one, else
    /// its max-F1 threshold.
    pub a_handoff: HandoffStats,
    pub b_handoff: HandoffStats,
}

/// A model's name and the fields the history has no column for (their rules never fire).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelOnHistory {
    pub name: String,
    pub unmapped: Vec<String>,
}

impl ModelOnHistory {
    pub fn new(model: &Model, scored: &ScoredHistory) -> Self {
        ModelOnHistory {
            name: model.name.clone(),
            unmapped: scored.unmapped.clone(),
        }
    }
}

/// One model measured on history, as `leadscore evaluate --json` and the page show it:
/// `{ name, unmapped, evaluation }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluationReport {
    #[serde(flatten)]
    pub model: ModelOnHistory,
    pub evaluation: Evaluation,
}

/// Two models on the same history: `{ a: { name, unmapped }, b: ..., comparison }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonReport {
    pub a: ModelOnHistory,
    pub b: ModelOnHistory,
    pub comparison: Comparison,
}

/// Compare two scored versions of the same rows (same outcome order), with DeLong, DeLong &
/// Clarke-Pearson's (1988) paired test for the AUC difference: it uses the correlation of
/// the two models' scores on the same leads, with no resampling and no seed.
pub fn compare(a: &ScoredHistory, b: &ScoredHistory) -> Result<Comparison, LearnError> {
    if a.y != b.y {
        return Err(LearnError::new(
            "the two models were scored on different rows or outcomes",
        ));
    }
    let (ea, eb) = (evaluate(a), evaluate(b));
    let (diff, se) = delong_difference(&a.scores, &b.scores, &a.y);
    let z = if se > 0.0 { diff / se } else { 0.0 };
    let handoff = |s: &ScoredHistory, e: &Evaluation| match e.handoff {
        Some(h) => h,
        None => {
            let picked: Vec<bool> = s
                .scores
                .iter()
                .map(|&x| x >= e.recommended.threshold)
                .collect();
            handoff_stats(&picked, &s.y)
        }
    };
    Ok(Comparison {
        auc_difference: diff,
        standard_error: se,
        ci_low: diff - 1.959_964 * se,
        ci_high: diff + 1.959_964 * se,
        p_value: if se > 0.0 {
            erfc(z.abs() / 2f64.sqrt())
        } else {
            1.0
        },
        a_handoff: handoff(a, &ea),
        b_handoff: handoff(b, &eb),
        a: ea,
        b: eb,
    })
}

/// AUC(a) - AUC(b) and its DeLong standard error.
pub fn delong_difference(a: &[f64], b: &[f64], y: &[f64]) -> (f64, f64) {
    let (va10, va01) = placements(a, y);
    let (vb10, vb01) = placements(b, y);
    let (m, n) = (va10.len() as f64, va01.len() as f64);
    if m < 2.0 || n < 2.0 {
        return (0.0, 0.0);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let diff = mean(&va10) - mean(&vb10);
    // Variance of the per-lead difference of placements = var_a + var_b - 2 cov_ab.
    let var_of_diff = |x: &[f64], z: &[f64], count: f64| {
        let d: Vec<f64> = x.iter().zip(z).map(|(p, q)| p - q).collect();
        let md = mean(&d);
        d.iter().map(|v| (v - md).powi(2)).sum::<f64>() / (count - 1.0)
    };
    let var = var_of_diff(&va10, &vb10, m) / m + var_of_diff(&va01, &vb01, n) / n;
    (diff, var.max(0.0).sqrt())
}

/// DeLong's placement values: for each positive, the share of negatives it outscores (ties
/// half); for each negative, the share of positives that outscore it.
fn placements(scores: &[f64], y: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let (mut pos, mut neg) = (Vec::new(), Vec::new());
    for (&s, &y) in scores.iter().zip(y) {
        if y == 1.0 {
            pos.push(s);
        } else {
            neg.push(s);
        }
    }
    // Placements stay in row order (the pairing of the two models is by lead); the look-ups
    // go through sorted copies.
    let sorted = |v: &[f64]| {
        let mut s = v.to_vec();
        s.sort_by(f64::total_cmp);
        s
    };
    let (pos_sorted, neg_sorted) = (sorted(&pos), sorted(&neg));
    let v10 = pos.iter().map(|&x| share_below(&neg_sorted, x)).collect();
    let v01 = neg
        .iter()
        .map(|&x| 1.0 - share_below(&pos_sorted, x))
        .collect();
    (v10, v01)
}

/// Share of the sorted `values` below `x`, ties counting half.
fn share_below(sorted: &[f64], x: f64) -> f64 {
    let below = sorted.partition_point(|&v| v < x);
    let up_to = sorted.partition_point(|&v| v <= x);
    (below as f64 + 0.5 * (up_to - below) as f64) / sorted.len() as f64
}

/// The complementary error function (Numerical Recipes' Chebyshev fit, |error| < 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delong_of_identical_models_is_zero() {
        let s = [0.1, 0.4, 0.35, 0.8, 0.7, 0.2];
        let y = [0.0, 0.0, 1.0, 1.0, 1.0, 0.0];
        let (d, se) = delong_difference(&s, &s, &y);
        assert_eq!((d, se), (0.0, 0.0));
    }

    #[test]
    fn delong_matches_a_hand_computed_case() {
        // a ranks perfectly (AUC 1); b is a coin toss on these rows (AUC 0.5).
        let a = [1.0, 2.0, 3.0, 4.0];
        let b = [1.0, 1.0, 1.0, 1.0];
        let y = [0.0, 0.0, 1.0, 1.0];
        let (d, se) = delong_difference(&a, &b, &y);
        assert_eq!(d, 0.5);
        // Placements of a are all 1 (positives) / 0 (negatives); of b all 0.5: no variance.
        assert_eq!(se, 0.0);
    }

    #[test]
    fn delong_matches_the_covariance_form() {
        // Expected values from DeLong's covariance-matrix form, computed with numpy.
        let y = [0., 0., 1., 1., 1., 0., 1., 0., 0., 1., 0., 1.];
        let a = [0.1, 0.4, 0.35, 0.8, 0.7, 0.2, 0.9, 0.5, 0.3, 0.6, 0.65, 0.4];
        let b = [0.2, 0.1, 0.5, 0.4, 0.9, 0.3, 0.6, 0.7, 0.2, 0.5, 0.1, 0.3];
        let (d, se) = delong_difference(&a, &b, &y);
        assert!((d + 0.027_777_777_777_778).abs() < 1e-12, "{d}");
        assert!((se - 0.158_601_138_040_224).abs() < 1e-12, "{se}");
    }

    #[test]
    fn erfc_values() {
        assert!((erfc(0.0) - 1.0).abs() < 1e-7);
        assert!((erfc(1.959_964 / 2f64.sqrt()) - 0.05).abs() < 1e-6);
        assert!((erfc(-1.0) - 1.842_700_79).abs() < 1e-6);
    }
}
