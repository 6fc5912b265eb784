//! A fitted model as an editable leadscore model: a points scorecard.
//!
//! Points are scaled like a credit scorecard: the score is `offset + factor · log-odds` with
//! `factor = PDO / ln 2`, so every `pdo` points double the odds of converting, and a lead at
//! `base_odds` scores `base_score`. Each column becomes one group whose rules cover every
//! value exactly once (one rule per level plus "any other level" and "missing" for
//! categories; quantile ranges plus "missing" for numbers and dates), and a rule's points are
//! its effect: `factor ·` its contribution to the log-odds, 0 for none, negative when it
//! lowers the odds. The constant (offset and intercept) is a group of its own with no rules
//! and `min` = `max` = the base points (a group counts its rules' sum clamped to its range),
//! so every lead gets it, a lead's total is the scorecard's score, and a receipt's largest
//! rules are the lead's strongest factors either way. Numbers are binned: a bin's points are
//! the average contribution of the training leads in it, which is the price of rules a person
//! can read and edit.

use indexmap::IndexMap;

use super::encode::{ColumnKind, Encoding, RawData};
use super::train::Trained;
use crate::model::{
    Condition, Dimension, FieldDef, FieldTest, FieldType, Group, Handoff, Model, OddsScale, Rule,
    Scalar, Tier, SCHEMA,
};

/// How points are scaled and numbers binned.
#[derive(Debug, Clone, PartialEq)]
pub struct ScorecardOptions {
    pub name: String,
    /// Points to double the odds, the score at the base odds, and the base odds (1 = a 50%
    /// chance). Written into the model as its `probability` section.
    pub scale: OddsScale,
    /// Quantile bins per numeric or date column (fewer when values repeat).
    pub bins: usize,
}

impl Default for ScorecardOptions {
    fn default() -> Self {
        ScorecardOptions {
            name: "Learned scorecard".into(),
            scale: OddsScale {
                pdo: 20.0,
                base_score: 100.0,
                base_odds: 1.0,
            },
            bins: 10,
        }
    }
}

impl ScorecardOptions {
    /// The score of a probability on this scale.
    pub fn score_of(&self, p: f64) -> f64 {
        self.scale.score_of(p)
    }
}

/// One rule before the shared base points are added.
struct Draft {
    label: String,
    when: Condition,
    /// Contribution to the log-odds.
    logit: f64,
}

/// Warm starts at the highest threshold that still finds this share of the conversions.
pub const WARM_RECALL: f64 = 0.9;

/// The trained model as a leadscore model (schema `leadscore/1`): one group per column,
/// bands Hot (at and above the recommended, max-F1, handoff threshold), Warm (down to the
/// highest threshold that still finds [`WARM_RECALL`] of the conversions, when that is below
/// Hot) and Cold, and handoff at Hot. Thresholds come from the out-of-fold probabilities.
pub fn to_scorecard(trained: &Trained, options: &ScorecardOptions) -> Model {
    let prepared = &trained.prepared;
    let coef = &trained.model.coef;
    let mut fields = IndexMap::new();
    let mut drafts: Vec<(String, Vec<Draft>)> = Vec::new();
    for feature in &trained.encoder.features {
        let col = &prepared.columns[feature.column];
        let name = col.name.trim().to_string();
        let field = |test| Condition::Field {
            field: name.clone(),
            test,
        };
        let mut rules = Vec::new();
        let mut values = Vec::new();
        match (&feature.encoding, &col.data) {
            (
                Encoding::Numeric {
                    slot,
                    median,
                    mean,
                    sd,
                },
                RawData::Numeric(data),
            ) => {
                let w = coef[*slot] / sd;
                let date = col.kind == ColumnKind::Date;
                let mut seen: Vec<f64> = data.iter().copied().filter(|x| !x.is_nan()).collect();
                seen.sort_by(f64::total_cmp);
                let edges = quantile_edges(&seen, options.bins, date);
                let mut start = 0;
                for b in 0..=edges.len() {
                    let lo = b.checked_sub(1).map(|i| edges[i]);
                    let hi = edges.get(b).copied();
                    let end = hi.map_or(seen.len(), |h| seen.partition_point(|&x| x < h));
                    let inside = &seen[start..end];
                    start = end;
                    let avg = inside.iter().sum::<f64>() / inside.len().max(1) as f64;
                    let when = range_condition(&name, lo, hi, date);
                    rules.push(Draft {
                        label: range_label(&name, lo, hi, date),
                        when,
                        logit: w * (avg - mean),
                    });
                }
                rules.push(Draft {
                    label: format!("{name} missing"),
                    when: field(FieldTest::Missing(true)),
                    logit: w * (median - mean),
                });
            }
            (
                Encoding::OneHot {
                    slots,
                    other,
                    missing,
                },
                RawData::Levels { names, .. },
            ) => {
                let other_weight = other.map_or(0.0, |s| coef[s]);
                if col.kind == ColumnKind::Boolean {
                    // Levels 0 = true, 1 = false; a level too rare for its own column is "other".
                    for (code, truth) in [(0, true), (1, false)] {
                        rules.push(Draft {
                            label: format!("{name} = {truth}"),
                            when: field(FieldTest::IsTrue(truth)),
                            logit: slots[code].map_or(other_weight, |s| coef[s]),
                        });
                    }
                } else {
                    let mut kept = Vec::new();
                    for (code, slot) in slots.iter().enumerate() {
                        let Some(slot) = slot else { continue };
                        let level = &names[code];
                        kept.push(Scalar::Text(level.clone()));
                        values.push(level.clone());
                        rules.push(Draft {
                            label: format!("{name} = {level}"),
                            when: field(FieldTest::Equals(Scalar::Text(level.clone()))),
                            logit: coef[*slot],
                        });
                    }
                    // Any other value (rare in training, or never seen): the "other" weight,
                    // else nothing but the shared base points.
                    let when = if kept.is_empty() {
                        field(FieldTest::Present(true))
                    } else {
                        field(FieldTest::NotIn(kept))
                    };
                    rules.push(Draft {
                        label: format!("{name}: any other value"),
                        when,
                        logit: other_weight,
                    });
                }
                rules.push(Draft {
                    label: format!("{name} missing"),
                    when: field(FieldTest::Missing(true)),
                    logit: missing.map_or(0.0, |s| coef[s]),
                });
            }
            _ => continue,
        }
        let kind = match col.kind {
            ColumnKind::Number => FieldType::Number,
            ColumnKind::Date => FieldType::Date,
            ColumnKind::Boolean => FieldType::Boolean,
            ColumnKind::Category => FieldType::Category,
        };
        fields.insert(
            name.clone(),
            FieldDef {
                kind,
                label: None,
                aliases: Vec::new(),
                values,
                date_format: None,
            },
        );
        drafts.push((name, rules));
    }

    let scale = options.scale;
    let factor = scale.factor();
    let offset = scale.base_score - factor * scale.base_odds.ln();
    let base = (offset + factor * trained.model.intercept).round() + 0.0;
    let mut base_id = "base".to_string();
    while drafts.iter().any(|(name, _)| *name == base_id) {
        base_id.insert(0, '_');
    }
    let base_group = Group {
        id: base_id,
        label: Some("Base points (every lead)".into()),
        dimension: Dimension::Fit,
        min: Some(base),
        max: Some(base),
        rules: Vec::new(),
    };
    let groups = std::iter::once(base_group)
        .chain(drafts.into_iter().enumerate().map(|(g, (name, rules))| {
            Group {
                id: name.clone(),
                label: None,
                dimension: Dimension::Fit,
                min: None,
                max: None,
                rules: rules
                    .into_iter()
                    .enumerate()
                    .map(|(r, d)| Rule {
                        id: format!("f{}r{}", g + 1, r + 1),
                        label: Some(d.label),
                        when: d.when,
                        // `+ 0.0` turns a rounded -0.0 into 0 (the JSON would say -0.0).
                        points: (factor * d.logit).round() + 0.0,
                        per: None,
                        min: None,
                        max: None,
                        decay: None,
                        enabled: true,
                    })
                    .collect(),
            }
        }))
        .collect();

    let t = &trained.threshold;
    let hot = options.score_of(t.threshold).round();
    let warm = trained
        .sweep
        .iter()
        .find(|p| p.recall >= WARM_RECALL)
        .map_or(f64::NEG_INFINITY, |p| options.score_of(p.threshold).round());
    let mut bands = vec![Tier {
        label: "Hot".into(),
        min: Some(hot),
    }];
    if warm < hot {
        bands.push(Tier {
            label: "Warm".into(),
            min: Some(warm),
        });
    }
    bands.push(Tier {
        label: "Cold".into(),
        min: None,
    });
    let n = trained.prepared.y.len();
    let positives = trained.prepared.y.iter().filter(|&&v| v == 1.0).count();
    Model {
        schema: SCHEMA.into(),
        name: options.name.clone(),
        description: Some(format!(
            "Learned from {n} leads ({positives} converted) by L2 logistic regression \
             (C = {}); {}-fold CV ROC AUC {:.3} ± {:.3}. Every {} points double the odds; \
             {} points = odds {}:1. Hot = the max-F1 handoff threshold (p ≥ {:.3}: precision \
             {:.2}, recall {:.2}); Warm = down to where {:.0}% of conversions are found.",
            trained.options.c,
            trained.options.folds,
            trained.cv.mean_auc,
            trained.cv.sd_auc,
            scale.pdo,
            scale.base_score,
            scale.base_odds,
            t.threshold,
            t.precision,
            t.recall,
            100.0 * WARM_RECALL,
        )),
        version: None,
        fields,
        groups,
        min: None,
        max: None,
        grade: None,
        engagement_tiers: Vec::new(),
        bands,
        handoff: Some(Handoff {
            band: "Hot".into(),
            unless_disqualified: true,
        }),
        probability: Some(scale),
        qualification: None,
        stages: Vec::new(),
        segments: Vec::new(),
        conversation: None,
    }
}

/// Inner bin edges at the quantiles of the sorted `values`, increasing, each above the
/// minimum; whole days for dates (ages are whole days).
fn quantile_edges(values: &[f64], bins: usize, whole: bool) -> Vec<f64> {
    let mut edges: Vec<f64> = Vec::new();
    let Some(&lowest) = values.first() else {
        return edges;
    };
    for q in 1..bins {
        let mut e = values[q * values.len() / bins];
        if whole {
            e = e.ceil();
        }
        if e > lowest && edges.last().is_none_or(|&l| e > l) {
            edges.push(e);
        }
    }
    edges
}

/// `lo <= x < hi` as leadscore tests. A date's value is its age in whole days, so
/// `age < h` is `within_days: h - 1` and `age >= l` is `older_than_days: l - 1`.
fn range_condition(name: &str, lo: Option<f64>, hi: Option<f64>, date: bool) -> Condition {
    let field = |test| Condition::Field {
        field: name.to_string(),
        test,
    };
    let lower = lo.map(|l| {
        field(if date {
            FieldTest::OlderThanDays(l - 1.0)
        } else {
            FieldTest::Gte(l)
        })
    });
    let upper = hi.map(|h| {
        field(if date {
            FieldTest::WithinDays(h - 1.0)
        } else {
            FieldTest::Lt(h)
        })
    });
    match (lower, upper) {
        (Some(l), Some(u)) => Condition::All(vec![l, u]),
        (Some(c), None) | (None, Some(c)) => c,
        (None, None) => field(FieldTest::Present(true)),
    }
}

fn range_label(name: &str, lo: Option<f64>, hi: Option<f64>, date: bool) -> String {
    let unit = if date { " days ago" } else { "" };
    let name = if date {
        format!("{name}:")
    } else {
        name.to_string()
    };
    match (lo, hi) {
        (Some(l), Some(h)) => format!("{name} {l} to under {h}{unit}"),
        (Some(l), None) => format!("{name} {l} or more{unit}"),
        (None, Some(h)) => format!("{name} under {h}{unit}"),
        (None, None) => format!("{name} any value"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_are_increasing_quantiles() {
        let v: Vec<f64> = (0..100).map(f64::from).collect();
        assert_eq!(quantile_edges(&v, 4, false), [25.0, 50.0, 75.0]);
        let repeated = [1.0, 1.0, 1.0, 1.0, 2.0, 3.0];
        assert_eq!(quantile_edges(&repeated, 3, false), [2.0]);
        assert!(quantile_edges(&[], 3, false).is_empty());
        assert_eq!(quantile_edges(&[0.5, 1.5, 2.5, 3.5], 2, true), [3.0]);
    }

    #[test]
    fn ranges_as_tests() {
        let c = range_condition("age", Some(30.0), Some(40.0), false);
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(
            json,
            r#"{"all":[{"field":"age","gte":30.0},{"field":"age","lt":40.0}]}"#
        );
        let d = range_condition("seen", None, Some(7.0), true);
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"field":"seen","within_days":6.0}"#
        );
        assert_eq!(
            range_label("age", Some(30.0), None, false),
            "age 30 or more"
        );
    }

    #[test]
    fn score_scale_doubles_odds_every_pdo() {
        let o = ScorecardOptions::default();
        assert!((o.score_of(0.5) - 100.0).abs() < 1e-9);
        assert!((o.score_of(2.0 / 3.0) - 120.0).abs() < 1e-9);
    }
}
