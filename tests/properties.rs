//! Invariants of caps, clamps and decay, over generated models and leads.
// Native only: reads files and runs processes (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use leadscore::engine::{Mapping, ScoreOptions, Scorer};
use leadscore::model::Model;
use proptest::prelude::*;

/// A model with one group of `rules` per-occurrence rules on column "n", a decaying rule on
/// "seen", group bounds and total bounds.
fn model(
    points: &[(f64, f64, f64)],
    group: (f64, f64),
    total: (f64, f64),
    half_life: f64,
) -> Model {
    let rules: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, (fixed, per, cap))| {
            let (min, max) = if *cap >= 0.0 {
                (-1e9, *cap)
            } else {
                (*cap, 1e9)
            };
            format!(
                r#"{{"id":"r{i}","when":{{"field":"n","gte":{i}}},"points":{fixed},
                    "per":{{"field":"n","points":{per}}},"min":{min},"max":{max}}}"#
            )
        })
        .collect();
    let json = format!(
        r#"{{"schema":"leadscore/1","name":"p",
          "fields":{{"n":{{"type":"number"}},"seen":{{"type":"date"}}}},
          "groups":[
            {{"id":"g","dimension":"fit","min":{},"max":{},"rules":[{}]}},
            {{"id":"d","dimension":"engagement","rules":[
              {{"id":"decay","when":{{"field":"seen","present":true}},"points":50,
                "decay":{{"field":"seen","half_life_days":{half_life}}}}}]}}],
          "min":{},"max":{}}}"#,
        group.0,
        group.1,
        rules.join(","),
        total.0,
        total.1
    );
    Model::from_json(&json).expect("generated model is valid")
}

fn scorer(m: &Model) -> Scorer {
    let mapping: Mapping = [("n", 0), ("seen", 1)].into_iter().collect();
    let as_of = NaiveDate::from_ymd_opt(2026, 6, 30);
    Scorer::new(m, &mapping, ScoreOptions { as_of }).expect("compiles")
}

fn date_days_before(days: u32) -> String {
    let base = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    (base - chrono::Days::new(u64::from(days)))
        .format("%Y-%m-%d")
        .to_string()
}

fn bounds() -> impl Strategy<Value = (f64, f64)> {
    (-200.0..200.0f64, 0.0..300.0f64).prop_map(|(lo, span)| (lo.round(), (lo + span).round()))
}

proptest! {
    #[test]
    fn every_score_respects_every_bound(
        rules in prop::collection::vec((-50.0..50.0f64, -10.0..10.0f64, -60.0..60.0f64), 1..6),
        group in bounds(),
        total in bounds(),
        n in 0.0..1000.0f64,
        age in 0u32..2000,
        half_life in 1.0..400.0f64,
    ) {
        let m = model(&rules, group, total, half_life);
        let lead = scorer(&m).explain(&[format!("{n}"), date_days_before(age)]);
        for hit in &lead.receipt.fired {
            let rule = m.groups.iter().flat_map(|g| &g.rules).find(|r| r.id == hit.rule).unwrap();
            let (lo, hi) = (rule.min.unwrap_or(f64::MIN), rule.max.unwrap_or(f64::MAX));
            let factor = hit.decay.unwrap_or(1.0);
            prop_assert!((0.0..=1.0).contains(&factor));
            // The rule's cap holds before decay, and decay only shrinks towards zero. (No
            // division by the factor: very old dates decay it to exactly 0.)
            let capped = hit.raw.clamp(lo, hi);
            prop_assert_eq!(hit.points, capped * factor, "{:?}", hit);
            prop_assert!(hit.points.abs() <= capped.abs());
            prop_assert_eq!(hit.capped, hit.raw < lo || hit.raw > hi);
        }
        let g = &lead.receipt.groups[0];
        prop_assert!(g.points >= group.0 && g.points <= group.1);
        prop_assert_eq!(g.points, g.raw.clamp(group.0, group.1));
        prop_assert!(lead.total >= total.0 && lead.total <= total.1);
        prop_assert_eq!(lead.total, lead.receipt.raw_total.clamp(total.0, total.1));
        prop_assert_eq!(lead.receipt.raw_total, lead.fit + lead.engagement);
    }

    #[test]
    fn decay_never_grows_with_age_and_halves_per_half_life(
        age in 0u32..3000,
        extra in 1u32..500,
        half_life in 1.0..365.0f64,
    ) {
        let m = model(&[(0.0, 0.0, 1.0)], (-1e6, 1e6), (-1e6, 1e6), half_life);
        let s = scorer(&m);
        let at = |days: u32| s.explain(&[String::new(), date_days_before(days)]).engagement;
        let (young, old) = (at(age), at(age + extra));
        prop_assert!(old <= young);
        prop_assert!(old >= 0.0 && young <= 50.0);
        let expected = 50.0 * 0.5f64.powf(f64::from(age) / half_life);
        prop_assert!((young - expected).abs() < 1e-9 * 50.0);
    }

    #[test]
    fn any_cell_text_scores_without_panicking(cells in prop::collection::vec(".{0,40}", 0..3)) {
        let m = model(&[(5.0, 1.0, 20.0)], (-100.0, 100.0), (-100.0, 100.0), 30.0);
        let s = scorer(&m);
        let lead = s.explain(&cells);
        prop_assert_eq!(s.score(&cells).total, lead.total);
    }
}

/// Found by the property above: a date thousands of half-lives old decays the factor to
/// exactly 0, which once made the cap check divide by zero.
#[test]
fn decay_to_zero_keeps_the_rule_at_zero_points() {
    let m = model(&[(0.0, 0.0, 1.0)], (-1e6, 1e6), (-1e6, 1e6), 1.0);
    let lead = scorer(&m).explain(&[String::new(), date_days_before(1094)]);
    let hit = lead
        .receipt
        .fired
        .iter()
        .find(|h| h.rule == "decay")
        .expect("the decay rule fires");
    assert_eq!(hit.decay, Some(0.0));
    assert_eq!(hit.points, 0.0);
    assert_eq!(lead.engagement, 0.0);
}
