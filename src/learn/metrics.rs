//! How well scores rank and predict outcomes. Scores may be probabilities or points: only
//! their order matters, except for log loss and calibration, which need probabilities.

use serde::Serialize;

/// ROC AUC: the chance that a random converted lead scores above a random other one, ties
/// counting half (the Mann-Whitney statistic with mid-ranks). `None` without both classes.
pub fn roc_auc(scores: &[f64], y: &[f64]) -> Option<f64> {
    let order = descending(scores);
    let positives = y.iter().filter(|&&v| v == 1.0).count() as f64;
    let negatives = y.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return None;
    }
    // Walk from the top; within a tie group, each positive beats the negatives below the group
    // and half of those inside it.
    let (mut wins, mut negatives_above) = (0.0, 0.0);
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        let (mut pos, mut neg) = (0.0, 0.0);
        while j < order.len() && scores[order[j]] == scores[order[i]] {
            if y[order[j]] == 1.0 {
                pos += 1.0;
            } else {
                neg += 1.0;
            }
            j += 1;
        }
        wins += pos * (negatives - negatives_above - neg) + 0.5 * pos * neg;
        negatives_above += neg;
        i = j;
    }
    Some(wins / (positives * negatives))
}

/// Mean negative log-likelihood of probabilities `p` (clipped to [1e-15, 1 - 1e-15]).
pub fn log_loss(p: &[f64], y: &[f64]) -> f64 {
    let sum: f64 = p
        .iter()
        .zip(y)
        .map(|(&p, &y)| {
            let p = p.clamp(1e-15, 1.0 - 1e-15);
            -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
        })
        .sum();
    sum / p.len().max(1) as f64
}

/// Row indexes by score, highest first; equal scores keep row order (deterministic).
pub fn descending(scores: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    order
}

/// One tenth (or `bins`th) of the leads, best scores first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LiftRow {
    /// 1 = the best-scored tenth.
    pub decile: usize,
    pub count: usize,
    pub positives: usize,
    /// Conversion rate in this decile.
    pub rate: f64,
    /// rate / overall rate.
    pub lift: f64,
    /// Conversion rate of deciles 1..=this over the overall rate.
    pub cumulative_lift: f64,
    /// Share of all converted leads found in deciles 1..=this.
    pub cumulative_capture: f64,
    /// The lowest score in this decile.
    pub min_score: f64,
}

/// Lift by equal-count bins of the score, best first (ties broken by row order).
pub fn lift_table(scores: &[f64], y: &[f64], bins: usize) -> Vec<LiftRow> {
    let order = descending(scores);
    let n = order.len();
    let total_pos: f64 = y.iter().sum();
    let base = total_pos / n.max(1) as f64;
    let mut out = Vec::new();
    let (mut cum_n, mut cum_pos) = (0usize, 0.0);
    for b in 0..bins {
        let range = (b * n / bins)..((b + 1) * n / bins);
        if range.is_empty() {
            continue;
        }
        let count = range.len();
        let positives: f64 = order[range.clone()].iter().map(|&i| y[i]).sum();
        cum_n += count;
        cum_pos += positives;
        let rate = positives / count as f64;
        out.push(LiftRow {
            decile: b + 1,
            count,
            positives: positives as usize,
            rate,
            lift: ratio(rate, base),
            cumulative_lift: ratio(cum_pos / cum_n as f64, base),
            cumulative_capture: ratio(cum_pos, total_pos),
            min_score: scores[order[range.end - 1]],
        });
    }
    out
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

/// Predicted against observed conversion in one bin of predictions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationRow {
    /// 1 = the highest predictions.
    pub bin: usize,
    pub count: usize,
    pub mean_predicted: f64,
    pub observed: f64,
}

/// Calibration by equal-count bins of predicted probability, highest first.
pub fn calibration(p: &[f64], y: &[f64], bins: usize) -> Vec<CalibrationRow> {
    let order = descending(p);
    let n = order.len();
    (0..bins)
        .filter_map(|b| {
            let rows = &order[(b * n / bins)..((b + 1) * n / bins)];
            (!rows.is_empty()).then(|| {
                let count = rows.len() as f64;
                CalibrationRow {
                    bin: b + 1,
                    count: rows.len(),
                    mean_predicted: rows.iter().map(|&i| p[i]).sum::<f64>() / count,
                    observed: rows.iter().map(|&i| y[i]).sum::<f64>() / count,
                }
            })
        })
        .collect()
}

/// Conversion of the leads in one band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandRow {
    pub band: String,
    pub count: usize,
    pub positives: usize,
    pub rate: f64,
}

/// Conversion per band, bands in the order of `order` (then any other label met, then
/// "(none)" for rows without a band).
pub fn band_conversion(labels: &[Option<&str>], y: &[f64], order: &[&str]) -> Vec<BandRow> {
    let mut rows: Vec<BandRow> = order
        .iter()
        .map(|b| BandRow {
            band: b.to_string(),
            count: 0,
            positives: 0,
            rate: 0.0,
        })
        .collect();
    for (label, &y) in labels.iter().zip(y) {
        let label = label.unwrap_or("(none)");
        let at = match rows.iter().position(|r| r.band == label) {
            Some(i) => i,
            None => {
                rows.push(BandRow {
                    band: label.to_string(),
                    count: 0,
                    positives: 0,
                    rate: 0.0,
                });
                rows.len() - 1
            }
        };
        rows[at].count += 1;
        rows[at].positives += usize::from(y == 1.0);
    }
    for r in &mut rows {
        r.rate = ratio(r.positives as f64, r.count as f64);
    }
    rows
}

/// What happens when every lead scoring at least `threshold` is handed to sales.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ThresholdPoint {
    pub threshold: f64,
    /// Share of all leads handed off.
    pub share: f64,
    /// Conversion rate of the handed-off leads.
    pub precision: f64,
    /// Share of converted leads handed off.
    pub recall: f64,
    pub f1: f64,
}

/// Precision, recall, F1 and handed-off share at every distinct score, highest first.
pub fn threshold_sweep(scores: &[f64], y: &[f64]) -> Vec<ThresholdPoint> {
    let order = descending(scores);
    let n = order.len() as f64;
    let total_pos: f64 = y.iter().sum();
    let mut out = Vec::new();
    let (mut taken, mut hits) = (0.0, 0.0);
    let mut i = 0;
    while i < order.len() {
        let s = scores[order[i]];
        while i < order.len() && scores[order[i]] == s {
            taken += 1.0;
            hits += y[order[i]];
            i += 1;
        }
        let precision = hits / taken;
        let recall = ratio(hits, total_pos);
        out.push(ThresholdPoint {
            threshold: s,
            share: taken / n,
            precision,
            recall,
            f1: ratio(2.0 * precision * recall, precision + recall),
        });
    }
    out
}

/// The recommended handoff threshold: the one with the highest F1 (precision and recall
/// weighed equally), the higher threshold on ties. `None` for an empty sweep.
pub fn recommended_threshold(sweep: &[ThresholdPoint]) -> Option<ThresholdPoint> {
    sweep
        .iter()
        .copied()
        .reduce(|best, p| if p.f1 > best.f1 { p } else { best })
}

/// At most `count` points of a sweep, evenly spread over the handed-off share, plus `keep`.
pub fn thin_sweep(
    sweep: &[ThresholdPoint],
    count: usize,
    keep: Option<ThresholdPoint>,
) -> Vec<ThresholdPoint> {
    let mut out: Vec<ThresholdPoint> = Vec::new();
    for k in 1..=count {
        let target = k as f64 / count as f64;
        if let Some(p) = sweep.iter().find(|p| p.share >= target - 1e-12) {
            if out.last() != Some(p) {
                out.push(*p);
            }
        }
    }
    if let Some(k) = keep {
        if !out.contains(&k) {
            out.push(k);
            out.sort_by(|a, b| b.threshold.total_cmp(&a.threshold));
        }
    }
    out
}

/// Mean and standard deviation (population, n: numpy's default, as scikit-learn reports
/// cross-validation scores).
pub fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    if n == 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_perfect_reversed_and_ties() {
        let y = [0.0, 0.0, 1.0, 1.0];
        assert_eq!(roc_auc(&[1.0, 2.0, 3.0, 4.0], &y), Some(1.0));
        assert_eq!(roc_auc(&[4.0, 3.0, 2.0, 1.0], &y), Some(0.0));
        assert_eq!(roc_auc(&[1.0, 1.0, 1.0, 1.0], &y), Some(0.5));
        // One positive tied with one negative, above the other negative: (1 + 0.5) / 2.
        assert_eq!(roc_auc(&[0.0, 5.0, 5.0], &[0.0, 0.0, 1.0]), Some(0.75));
        assert_eq!(roc_auc(&[1.0, 2.0], &[1.0, 1.0]), None);
    }

    #[test]
    fn auc_equals_the_pairwise_count_with_many_ties() {
        let mut rng = crate::learn::split::SplitMix64::new(9);
        for _ in 0..50 {
            let n = 2 + rng.below(40);
            let scores: Vec<f64> = (0..n).map(|_| rng.below(5) as f64).collect();
            let y: Vec<f64> = (0..n).map(|_| rng.below(2) as f64).collect();
            let (mut wins, mut pairs) = (0.0, 0.0);
            for i in (0..n).filter(|&i| y[i] == 1.0) {
                for j in (0..n).filter(|&j| y[j] == 0.0) {
                    pairs += 1.0;
                    wins += match scores[i].total_cmp(&scores[j]) {
                        std::cmp::Ordering::Greater => 1.0,
                        std::cmp::Ordering::Equal => 0.5,
                        std::cmp::Ordering::Less => 0.0,
                    };
                }
            }
            let expected = (pairs > 0.0).then(|| wins / pairs);
            let got = roc_auc(&scores, &y);
            match (got, expected) {
                (Some(g), Some(e)) => assert!((g - e).abs() < 1e-12, "{g} vs {e}"),
                (g, e) => assert_eq!(g, e),
            }
        }
    }

    #[test]
    fn log_loss_of_known_values() {
        let l = log_loss(&[0.5, 0.5], &[1.0, 0.0]);
        assert!((l - std::f64::consts::LN_2).abs() < 1e-12);
        assert!(log_loss(&[0.0], &[1.0]).is_finite());
    }

    #[test]
    fn lift_and_calibration() {
        let scores: Vec<f64> = (0..100).map(f64::from).collect();
        let y: Vec<f64> = (0..100).map(|i| f64::from(u8::from(i >= 90))).collect();
        let lift = lift_table(&scores, &y, 10);
        assert_eq!(lift.len(), 10);
        assert_eq!(lift[0].positives, 10);
        assert!((lift[0].lift - 10.0).abs() < 1e-12);
        assert_eq!(lift[0].cumulative_capture, 1.0);
        assert_eq!(lift[9].cumulative_lift, 1.0);
        let p: Vec<f64> = scores.iter().map(|s| s / 100.0).collect();
        let cal = calibration(&p, &y, 10);
        assert_eq!(cal[0].observed, 1.0);
        assert!((cal[0].mean_predicted - 0.945).abs() < 1e-12);
    }

    #[test]
    fn bands_in_order_with_unknown_labels_after() {
        let labels = [Some("Hot"), Some("Cold"), None, Some("Hot")];
        let rows = band_conversion(&labels, &[1.0, 0.0, 1.0, 0.0], &["Hot", "Warm", "Cold"]);
        let names: Vec<&str> = rows.iter().map(|r| r.band.as_str()).collect();
        assert_eq!(names, ["Hot", "Warm", "Cold", "(none)"]);
        assert_eq!(
            (rows[0].count, rows[0].positives, rows[0].rate),
            (2, 1, 0.5)
        );
    }

    #[test]
    fn sweep_and_recommendation() {
        let scores = [0.9, 0.8, 0.8, 0.3, 0.1];
        let y = [1.0, 1.0, 0.0, 0.0, 0.0];
        let sweep = threshold_sweep(&scores, &y);
        assert_eq!(sweep.len(), 4);
        assert_eq!(sweep[1].threshold, 0.8);
        assert!((sweep[1].share - 0.6).abs() < 1e-12);
        assert!((sweep[1].precision - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(sweep[1].recall, 1.0);
        let best = recommended_threshold(&sweep).unwrap();
        assert_eq!(best.threshold, 0.8);
        let thin = thin_sweep(&sweep, 2, Some(best));
        assert!(thin.contains(&best));
    }

    #[test]
    fn mean_and_sd() {
        let (m, s) = mean_sd(&[1.0, 3.0]);
        assert_eq!((m, s), (2.0, 1.0));
    }
}
