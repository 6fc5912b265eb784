//! Predictive scoring end to end, on synthetic data with a known model behind the outcome.
// Native only: reads a fixture file (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use leadscore::engine::{Mapping, ScoreOptions, Scorer};
use leadscore::learn::metrics::{roc_auc, threshold_sweep};
use leadscore::learn::split::{stratified_folds, SplitMix64};
use leadscore::learn::{self, encode::Encoding, EncodeOptions, Encoder, History, TrainOptions};
use leadscore::model::Model;

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn uniform(rng: &mut SplitMix64) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// logit = -1 + 1.5 x1 - 0.8 x2 + {a: 0, b: 1, c: -1}[level]
fn known_model(n: usize, seed: u64) -> History {
    let mut rng = SplitMix64::new(seed);
    let rows = (0..n)
        .map(|_| {
            let x1 = uniform(&mut rng) * 4.0 - 2.0;
            let x2 = uniform(&mut rng) * 10.0;
            let level = ["a", "b", "c"][rng.below(3)];
            let z = -1.0 + 1.5 * x1 - 0.8 * (x2 - 5.0) / 2.0
                + match level {
                    "b" => 1.0,
                    "c" => -1.0,
                    _ => 0.0,
                };
            let y = uniform(&mut rng) < sigmoid(z);
            vec![
                format!("{x1:.4}"),
                format!("{x2:.4}"),
                level.to_string(),
                if y { "1" } else { "0" }.to_string(),
            ]
        })
        .collect();
    History::new(["x1", "x2", "level", "y"].map(String::from).to_vec(), rows)
}

#[test]
fn recovers_known_coefficients() {
    let history = known_model(20_000, 11);
    let prepared = learn::prepare(&history, "y", &[], &EncodeOptions::default()).unwrap();
    let all: Vec<usize> = (0..prepared.y.len()).collect();
    let encoder = Encoder::fit(&prepared, &all, 1);
    let x = encoder.transform(&prepared, &all);
    // Almost no regularisation: the maximum-likelihood estimate.
    let model = learn::fit_logistic(&x, &prepared.y, 1e6).unwrap();
    assert!(model.converged);
    let per_unit = |i: usize| match encoder.features[i].encoding {
        Encoding::Numeric { slot, sd, .. } => model.coef[slot] / sd,
        _ => panic!("numeric"),
    };
    assert!((per_unit(0) - 1.5).abs() < 0.1, "x1 {}", per_unit(0));
    assert!((per_unit(1) + 0.4).abs() < 0.05, "x2 {}", per_unit(1));
    let names = encoder.feature_names(&prepared);
    let w = |n: &str| model.coef[names.iter().position(|x| x == n).unwrap()];
    assert!((w("level=b") - w("level=a") - 1.0).abs() < 0.15);
    assert!((w("level=c") - w("level=a") + 1.0).abs() < 0.15);
}

#[test]
fn auc_of_perfect_reversed_and_tied_scores() {
    let y = [0.0, 1.0, 0.0, 1.0, 1.0];
    let perfect: Vec<f64> = y.iter().map(|v| v * 10.0).collect();
    let reversed: Vec<f64> = perfect.iter().map(|v| -v).collect();
    assert_eq!(roc_auc(&perfect, &y), Some(1.0));
    assert_eq!(roc_auc(&reversed, &y), Some(0.0));
    assert_eq!(roc_auc(&[3.0; 5], &y), Some(0.5));
}

#[test]
fn stratification_keeps_class_ratios() {
    let history = known_model(1003, 2);
    let o = history.outcome("y", &[]).unwrap();
    let folds = stratified_folds(&o.y, 5, 42).unwrap();
    let total: f64 = o.y.iter().sum();
    for k in 0..5 {
        let fold: Vec<f64> = (0..o.y.len())
            .filter(|&i| folds[i] == k)
            .map(|i| o.y[i])
            .collect();
        let expected = total / 5.0;
        assert!((fold.iter().sum::<f64>() - expected).abs() <= 1.0);
        assert!((fold.len() as f64 - 1003.0 / 5.0).abs() <= 1.0);
    }
}

#[test]
fn scorecard_round_trips_and_ranks_like_the_model() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/learn/history.csv"
    ))
    .unwrap();
    let mut rows = leadscore::table::open_csv(bytes.as_slice()).unwrap();
    let header = rows.header().to_vec();
    let (history, errors) = History::collect(header, &mut rows);
    assert!(errors.is_empty());
    let options = TrainOptions {
        outcome: "outcome".into(),
        positive: vec!["won".into()],
        exclude: vec!["stage".into()],
        min_count: 5,
        ..TrainOptions::default()
    };
    let trained = learn::train(&history, &options).unwrap();
    assert!(trained.cv.mean_auc > 0.7, "{:?}", trained.cv);
    let names: Vec<&str> = trained
        .prepared
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Industry",
            "Employees",
            "Demo Requested",
            "Last Visit",
            "Country"
        ],
        "lead_id is an identifier, stage and outcome are excluded"
    );
    let model = learn::to_scorecard(&trained, &learn::ScorecardOptions::default());
    let back = Model::from_json(&model.to_json()).unwrap();
    assert_eq!(back, model);
    let kinds: Vec<String> = back
        .fields
        .values()
        .map(|f| format!("{:?}", f.kind))
        .collect();
    assert_eq!(kinds, ["Category", "Number", "Boolean", "Date", "Category"]);

    // Score the training rows with the engine: its ranking is the logistic model's.
    let mapping: Mapping = back
        .field_names()
        .map(|f| (f, history.column(f).unwrap()))
        .collect();
    let scorer = Scorer::new(
        &back,
        &mapping,
        ScoreOptions {
            as_of: trained.prepared.as_of,
        },
    )
    .unwrap();
    let rows = &trained.prepared.rows;
    let points: Vec<f64> = rows
        .iter()
        .map(|&r| scorer.score(history.rows[r].as_slice()).total)
        .collect();
    let all: Vec<usize> = (0..rows.len()).collect();
    let p = trained
        .model
        .predict(&trained.encoder.transform(&trained.prepared, &all));
    let (engine_auc, model_auc) = (
        roc_auc(&points, &trained.prepared.y).unwrap(),
        roc_auc(&p, &trained.prepared.y).unwrap(),
    );
    assert!(
        (engine_auc - model_auc).abs() < 0.015,
        "engine {engine_auc} vs model {model_auc}"
    );
    // The score is the log-odds on the scorecard scale, up to binning and rounding.
    let card = learn::ScorecardOptions::default();
    let mean_gap = p
        .iter()
        .zip(&points)
        .map(|(p, s)| (card.score_of(*p) - s).abs())
        .sum::<f64>()
        / p.len() as f64;
    assert!(mean_gap < 6.0, "mean |score - scale(p)| = {mean_gap}");
    // The constant is a group of its own that always counts; a rule's points are its effect.
    let base = &back.groups[0];
    assert!(base.rules.is_empty() && base.min.is_some() && base.min == base.max);
    let points_of = |label: &str| {
        let rules = back.groups.iter().flat_map(|g| &g.rules);
        rules
            .into_iter()
            .find(|r| r.label.as_deref() == Some(label))
            .unwrap_or_else(|| panic!("no rule '{label}'"))
            .points
    };
    assert!(points_of("Demo Requested = true") > 0.0);
    assert!(points_of("Demo Requested = false") < 0.0);
    // The model keeps its scale, so a receipt reads the total back as a probability.
    assert_eq!(back.probability, Some(card.scale));
    let lead = scorer.explain(history.rows[rows[0]].as_slice());
    let shown = lead
        .probability
        .expect("a scorecard's receipt has a probability");
    assert!((shown - card.scale.probability(lead.total)).abs() < 1e-12);
    let mean_p_gap = p
        .iter()
        .zip(&points)
        .map(|(p, s)| (card.scale.probability(*s) - p).abs())
        .sum::<f64>()
        / p.len() as f64;
    assert!(mean_p_gap < 0.05, "mean |p(score) - p| = {mean_p_gap}");
    // Bands come from the recommended threshold, best first, with the handoff at Hot.
    assert_eq!(back.bands[0].label, "Hot");
    assert_eq!(back.handoff.as_ref().unwrap().band, "Hot");
    let hot = back.bands[0].min.unwrap();
    let best = threshold_sweep(&points, &trained.prepared.y);
    assert!(best.iter().any(|t| (t.threshold - hot).abs() < 15.0));
}

#[test]
fn evaluate_and_compare_rule_models() {
    let history = known_model(2000, 5);
    let json = |points: f64| {
        format!(
            r#"{{"schema":"leadscore/1","name":"m","fields":{{"x1":{{"type":"number"}},
            "level":{{"type":"category"}}}},"groups":[{{"id":"g","dimension":"fit","rules":[
            {{"id":"hi","when":{{"field":"x1","gte":0}},"points":{points}}},
            {{"id":"b","when":{{"field":"level","equals":"b"}},"points":10}}]}}],
            "bands":[{{"label":"Hot","min":25}},{{"label":"Cold"}}],"handoff":{{"band":"Hot"}}}}"#
        )
    };
    let good = Model::from_json(&json(20.0)).unwrap();
    let weak = Model::from_json(&json(1.0)).unwrap();
    let a = learn::score_history(&good, &history, "y", &[], None).unwrap();
    let b = learn::score_history(&weak, &history, "y", &[], None).unwrap();
    let ea = learn::evaluate(&a);
    assert!(ea.auc > 0.7, "{}", ea.auc);
    assert_eq!(ea.bands.len(), 2);
    assert_eq!(ea.bands.iter().map(|b| b.count).sum::<usize>(), 2000);
    assert!(ea.bands[0].rate > ea.bands[1].rate);
    assert!(ea.handoff.is_some());
    assert_eq!(ea.lift.len(), 10);
    let c = learn::compare(&a, &b).unwrap();
    assert!(c.auc_difference > 0.05);
    assert!(c.ci_low > 0.0 && c.ci_low < c.auc_difference && c.ci_high > c.auc_difference);
    assert!(c.p_value < 0.01);
    // B's handoff band (>= 25) is never reached: nothing handed off.
    assert_eq!(c.b_handoff.share, 0.0);
}

#[test]
fn missing_outcome_and_single_class_are_located() {
    let history = known_model(50, 1);
    let e = learn::train(
        &history,
        &TrainOptions {
            outcome: "converted".into(),
            ..TrainOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.column.as_deref(), Some("converted"));
    let one = History::from_text("a,y\n1,no\n2,no\n", ',');
    let e = learn::train(&one, &TrainOptions::default()).unwrap_err();
    assert!(e.message.contains("no row has a positive outcome"), "{e}");
}
