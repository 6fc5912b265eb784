//! Scoring semantics, one concept per test, on a small model written here.
// Native only: reads files and runs processes (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use leadscore::engine::{Mapping, QualState, ReasonOutcome, ScoreOptions, Scorer};
use leadscore::model::Model;

const MODEL: &str = r#"{
  "schema": "leadscore/1", "name": "Test",
  "fields": {
    "title": {"type": "text"}, "industry": {"type": "category"}, "employees": {"type": "number"},
    "email": {"type": "email"}, "last_visit": {"type": "date"}, "opens": {"type": "number"},
    "demo": {"type": "boolean"}, "budget": {"type": "category"}, "country": {"type": "category"}
  },
  "groups": [
    {"id": "fit", "dimension": "fit", "max": 50, "rules": [
      {"id": "exec", "label": "Executive", "when": {"field": "title", "contains_any": ["vp", "chief", "head of", "cto"]}, "points": 20},
      {"id": "saas", "when": {"field": "industry", "in": ["Software", "SaaS"]}, "points": 15},
      {"id": "big", "when": {"field": "employees", "gte": 200}, "points": 25},
      {"id": "free", "when": {"field": "email", "email_is": "free"}, "points": -10},
      {"id": "rival", "when": {"field": "email", "domain_in": ["rival.com"]}, "points": -100}
    ]},
    {"id": "eng", "dimension": "engagement", "min": 0, "max": 40, "rules": [
      {"id": "opens", "when": {"field": "opens", "gte": 1}, "per": {"field": "opens", "points": 2}, "max": 10},
      {"id": "recent", "when": {"field": "last_visit", "within_days": 30}, "points": 16,
       "decay": {"field": "last_visit", "half_life_days": 10}},
      {"id": "demo", "when": {"field": "demo", "is_true": true}, "points": 30}
    ]}
  ],
  "min": 0, "max": 100,
  "grade": {"A": 40, "B": 25, "C": 10},
  "engagement_tiers": [{"label": "1", "min": 30}, {"label": "2", "min": 10}, {"label": "3"}],
  "bands": [{"label": "SQL", "min": 70}, {"label": "MQL", "min": 40}, {"label": "Cold"}],
  "handoff": {"band": "MQL"},
  "qualification": {
    "require": [{"id": "budget", "label": "Budget", "when": {"field": "budget", "in": ["yes", "approved"]}}],
    "disqualify": [{"id": "competitor", "label": "Competitor", "when": {"field": "email", "domain_in": ["rival.com"]}}]
  },
  "stages": [
    {"id": "decision", "when": {"field": "demo", "is_true": true}},
    {"id": "consideration", "when": {"field": "opens", "gte": 3}},
    {"id": "awareness"}
  ],
  "segments": [
    {"id": "emea", "when": {"field": "country", "in": ["Germany", "France"]},
     "points": {"exec": 30}, "disable": ["free"],
     "add": [{"group": "fit", "id": "gdpr", "when": {"field": "industry", "equals": "Software"}, "points": 5}],
     "bands": [{"label": "SQL", "min": 60}, {"label": "MQL", "min": 30}, {"label": "Cold"}]}
  ]
}"#;

const HEADER: [&str; 9] = [
    "title",
    "industry",
    "employees",
    "email",
    "last_visit",
    "opens",
    "demo",
    "budget",
    "country",
];

fn scorer() -> Scorer {
    let model = Model::from_json(MODEL).expect("test model is valid");
    let mapping: Mapping = HEADER.iter().enumerate().map(|(i, h)| (*h, i)).collect();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 1);
    Scorer::new(&model, &mapping, ScoreOptions { as_of }).expect("compiles")
}

/// A row from (column, value) pairs; other cells empty.
fn row(cells: &[(&str, &str)]) -> Vec<String> {
    HEADER
        .iter()
        .map(|h| {
            cells
                .iter()
                .find(|(k, _)| k == h)
                .map_or(String::new(), |(_, v)| v.to_string())
        })
        .collect()
}

fn fired(s: &Scorer, r: &[String]) -> Vec<(String, f64)> {
    s.explain(r)
        .receipt
        .fired
        .into_iter()
        .map(|h| (h.rule, h.points))
        .collect()
}

#[test]
fn phrases_match_whole_words_case_insensitively() {
    let s = scorer();
    assert_eq!(
        fired(&s, &row(&[("title", "  VP  of Sales")])),
        [("exec".to_string(), 20.0)]
    );
    assert_eq!(
        fired(&s, &row(&[("title", "Head of IT")])),
        [("exec".to_string(), 20.0)]
    );
    // "cto" is inside "director", "vp" inside "mvp": neither is a whole word.
    assert!(fired(&s, &row(&[("title", "Director")])).is_empty());
    assert!(fired(&s, &row(&[("title", "MVP award winner")])).is_empty());
}

#[test]
fn categories_ignore_case_and_spaces() {
    let s = scorer();
    assert_eq!(
        fired(&s, &row(&[("industry", " saas ")])),
        [("saas".to_string(), 15.0)]
    );
    assert!(fired(&s, &row(&[("industry", "Retail")])).is_empty());
}

#[test]
fn missing_data_is_not_zero_and_is_listed() {
    let s = scorer();
    let lead = s.explain(&row(&[]));
    assert!(lead.receipt.fired.is_empty());
    assert_eq!(lead.total, 0.0);
    assert!(lead.receipt.missing.contains(&"employees".to_string()));
    assert_eq!(lead.qualification.state, QualState::Undecided);
    assert_eq!(
        lead.qualification.reasons[0].outcome,
        ReasonOutcome::Unknown
    );
}

#[test]
fn unreadable_cells_are_reported_with_their_column_and_treated_as_missing() {
    let s = scorer();
    let lead = s.explain(&row(&[("employees", "lots"), ("demo", "perhaps")]));
    let problems: Vec<_> = lead
        .receipt
        .problems
        .iter()
        .map(|p| (p.field.as_str(), p.column, p.value.as_str()))
        .collect();
    assert_eq!(problems, [("employees", 2, "lots"), ("demo", 6, "perhaps")]);
    assert!(lead.receipt.problems[0].message.contains("not a number"));
    assert_eq!(s.score(&row(&[("employees", "lots")])).problems, 1);
}

#[test]
fn numbers_in_export_formats() {
    let s = scorer();
    assert_eq!(
        fired(&s, &row(&[("employees", "1,200")])),
        [("big".to_string(), 25.0)]
    );
    assert_eq!(
        fired(&s, &row(&[("employees", "201-500")])),
        [("big".to_string(), 25.0)]
    );
    assert!(fired(&s, &row(&[("employees", "11-50")])).is_empty());
}

#[test]
fn per_occurrence_points_stop_at_the_rule_cap() {
    let s = scorer();
    let hit = |opens: &str| s.explain(&row(&[("opens", opens)])).receipt.fired[0].clone();
    let three = hit("3");
    assert_eq!((three.raw, three.points, three.capped), (6.0, 6.0, false));
    let nine = hit("9");
    assert_eq!((nine.raw, nine.points, nine.capped), (18.0, 10.0, true));
}

#[test]
fn decay_halves_every_half_life_against_as_of() {
    let s = scorer();
    let hit = |date: &str| {
        s.explain(&row(&[("last_visit", date)]))
            .receipt
            .fired
            .first()
            .cloned()
    };
    let today = hit("2026-11-01").unwrap();
    assert_eq!((today.points, today.decay), (16.0, Some(1.0)));
    let ten_days = hit("10/22/2026").unwrap(); // US format, 10 days before as_of
    assert_eq!((ten_days.points, ten_days.decay), (8.0, Some(0.5)));
    assert_eq!(hit("2026-10-12").unwrap().points, 4.0); // 20 days: two half-lives
    assert!(hit("2026-09-01").is_none(), "outside within_days");
    assert_eq!(
        hit("2026-12-24").unwrap().points,
        16.0,
        "a future date has not decayed"
    );
}

#[test]
fn group_and_total_clamps() {
    let s = scorer();
    let lead = s.explain(&row(&[
        ("title", "Chief Revenue Officer"),
        ("industry", "Software"),
        ("employees", "5000"),
        ("opens", "10"),
        ("demo", "yes"),
        ("last_visit", "2026-11-01"),
    ]));
    let fit = &lead.receipt.groups[0];
    assert_eq!((fit.raw, fit.points), (60.0, 50.0));
    let eng = &lead.receipt.groups[1];
    assert_eq!((eng.raw, eng.points), (56.0, 40.0));
    assert_eq!((lead.fit, lead.engagement, lead.total), (50.0, 40.0, 90.0));

    let rival = s.explain(&row(&[("email", "ceo@eu.rival.com"), ("demo", "yes")]));
    assert_eq!(rival.receipt.groups[0].points, -100.0);
    assert_eq!(rival.receipt.raw_total, -70.0);
    assert_eq!(rival.total, 0.0, "the model's min clamps the total");
}

#[test]
fn grade_tier_matrix_band_and_handoff() {
    let s = scorer();
    let lead = s.explain(&row(&[
        ("title", "VP Marketing"),
        ("industry", "SaaS"),
        ("opens", "3"),
        ("demo", "true"),
        ("budget", "approved"),
    ]));
    assert_eq!(lead.fit, 35.0);
    assert_eq!(lead.engagement, 36.0);
    assert_eq!(lead.grade.as_deref(), Some("B"));
    assert_eq!(lead.matrix.as_deref(), Some("B1"));
    assert_eq!(lead.band.as_deref(), Some("SQL"));
    assert!(lead.handoff);
    assert_eq!(lead.qualification.state, QualState::Qualified);
    assert_eq!(lead.stage.as_deref(), Some("decision"));

    let weak = s.explain(&row(&[("opens", "1")]));
    assert_eq!(weak.grade.as_deref(), Some("F"));
    assert_eq!(weak.matrix.as_deref(), Some("F3"));
    assert_eq!(weak.band.as_deref(), Some("Cold"));
    assert!(!weak.handoff);
    assert_eq!(weak.stage.as_deref(), Some("awareness"));
}

#[test]
fn a_knockout_blocks_handoff_whatever_the_score() {
    let s = scorer();
    let lead = s.explain(&row(&[
        ("email", "cto@rival.com"),
        ("title", "CTO"),
        ("employees", "900"),
        ("industry", "Software"),
        ("demo", "yes"),
        ("budget", "yes"),
    ]));
    assert_eq!(lead.qualification.state, QualState::NotQualified);
    let knockout = lead
        .qualification
        .reasons
        .iter()
        .find(|r| r.id == "competitor")
        .unwrap();
    assert_eq!(knockout.outcome, ReasonOutcome::Knockout);
    assert!(!lead.handoff);
}

#[test]
fn a_failed_requirement_is_not_qualified_not_undecided() {
    let s = scorer();
    let lead = s.explain(&row(&[("budget", "no")]));
    assert_eq!(lead.qualification.state, QualState::NotQualified);
    assert_eq!(lead.qualification.reasons[0].outcome, ReasonOutcome::Failed);
}

#[test]
fn segment_variant_overrides_points_disables_adds_and_rebands() {
    let s = scorer();
    let base = row(&[
        ("title", "VP Sales"),
        ("email", "ada@gmail.com"),
        ("industry", "Software"),
        ("demo", "yes"),
    ]);
    let lead = s.explain(&base);
    assert_eq!(lead.segment, None);
    assert_eq!(lead.total, 20.0 + 15.0 - 10.0 + 30.0);

    let mut emea = base.clone();
    emea[8] = "Germany".into();
    let lead = s.explain(&emea);
    assert_eq!(lead.segment.as_deref(), Some("emea"));
    let rules: Vec<_> = lead
        .receipt
        .fired
        .iter()
        .map(|h| (h.rule.as_str(), h.points))
        .collect();
    assert_eq!(
        rules,
        [
            ("exec", 30.0),
            ("saas", 15.0),
            ("gdpr", 5.0),
            ("demo", 30.0)
        ]
    );
    assert_eq!(lead.total, 80.0);
    assert_eq!(lead.band.as_deref(), Some("SQL"));

    let mut small = emea.clone();
    small[0] = String::new();
    small[2] = String::new();
    let lead = s.explain(&small);
    assert_eq!(lead.total, 50.0);
    assert_eq!(
        lead.band.as_deref(),
        Some("MQL"),
        "the segment's own bands apply (MQL from 30)"
    );
}

#[test]
fn score_and_explain_agree() {
    let s = scorer();
    let rows = [
        row(&[
            ("title", "VP"),
            ("opens", "4"),
            ("last_visit", "2026-10-20"),
        ]),
        row(&[
            ("email", "x@mailinator.com"),
            ("budget", "yes"),
            ("country", "France"),
        ]),
        row(&[]),
    ];
    let mut scratch = s.scratch();
    for r in &rows {
        let summary = s.score_with(r, &mut scratch);
        let lead = s.explain(r);
        assert_eq!(summary.total, lead.total);
        assert_eq!(s.band_label(&summary), lead.band.as_deref());
        assert_eq!(s.matrix_label(&summary), lead.matrix);
        assert_eq!(summary.qualification, lead.qualification.state);
    }
}

#[test]
fn a_dated_model_needs_as_of() {
    let model = Model::from_json(MODEL).unwrap();
    let err = Scorer::new(&model, &Mapping::new(), ScoreOptions::default()).unwrap_err();
    assert!(err.to_string().contains("as_of"), "{err}");
}

#[test]
fn short_rows_score_with_what_they_have() {
    let s = scorer();
    let lead = s.explain(&["CTO".to_string()]);
    assert_eq!(lead.total, 20.0);
    assert!(lead.receipt.missing.contains(&"country".to_string()));
}

/// Batch scoring remembers test outcomes per distinct cell text (and stops for fields whose
/// values rarely repeat). Over many rows, with both kinds of field, it must agree with the
/// receipt path made fresh for each row (`explain`), and so must receipts made with a scratch
/// that remembers from row to row (`explain_with`, as the CLI and the page's export do).
#[test]
fn batch_scoring_with_remembered_values_agrees_with_receipts() {
    let s = scorer();
    let titles = [
        "VP Sales",
        "Director",
        "CTO",
        "",
        "Head of IT",
        "mvp",
        "Chief People Officer",
    ];
    let industries = ["Software", "saas", "Retail", "", " SaaS "];
    let countries = ["Germany", "France", "Spain", ""];
    let mut scratch = s.scratch();
    let mut receipt_scratch = s.scratch();
    for i in 0..10_000usize {
        // Email facts are remembered per domain: vary the local part, the domain's case,
        // and addresses whose domain is fine but whose local part is not.
        let email = match i % 8 {
            0 => format!("lead{i}@gmail.com"),
            1 => format!("lead{i}@eu.rival.com"),
            2 => format!("info{i}@acme.io"),
            3 => format!("Lead{i}@EU.Rival.COM"),
            4 => format!(".lead{i}@rival.com"),
            5 => "info@acme.io".to_string(),
            6 => format!("lead{i}@rival"),
            _ => "not an email".to_string(),
        };
        let r = row(&[
            ("title", titles[i % titles.len()]),
            ("industry", industries[i % industries.len()]),
            ("country", countries[(i / 3) % countries.len()]),
            ("email", &email),
            ("employees", if i % 5 == 0 { "lots" } else { "250" }),
            ("demo", if i % 2 == 0 { "yes" } else { "no" }),
            ("budget", if i % 3 == 0 { "yes" } else { "" }),
        ]);
        let summary = s.score_with(&r, &mut scratch);
        let lead = s.explain(&r);
        assert_eq!(
            s.explain_with(&r, &mut receipt_scratch),
            lead,
            "row {i}: {r:?}"
        );
        assert_eq!(summary.total, lead.total, "row {i}: {r:?}");
        assert_eq!(s.band_label(&summary), lead.band.as_deref(), "row {i}");
        assert_eq!(
            s.segment_label(&summary),
            lead.segment.as_deref(),
            "row {i}"
        );
        assert_eq!(summary.qualification, lead.qualification.state, "row {i}");
        assert_eq!(
            usize::from(summary.problems),
            lead.receipt.problems.len(),
            "row {i}"
        );
    }
}

#[test]
fn a_switched_off_rule_never_fires_but_stays_in_the_model() {
    // Switch off a base rule and a segment's added rule ("enabled": false).
    let json = MODEL
        .replace(r#""points": 20},"#, r#""points": 20, "enabled": false},"#)
        .replace(r#""points": 5}],"#, r#""points": 5, "enabled": false}],"#);
    let model = Model::from_json(&json).expect("a switched-off rule is valid");
    assert!(!model.groups[0].rules[0].enabled);
    assert!(!model.segments[0].add[0].rule.enabled);
    assert!(model.groups[0].rules[1].enabled, "enabled by default");
    let mapping: Mapping = HEADER.iter().enumerate().map(|(i, h)| (*h, i)).collect();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 1);
    let s = Scorer::new(&model, &mapping, ScoreOptions { as_of }).expect("compiles");
    assert_eq!(fired(&s, &row(&[("title", "VP Sales")])), []);
    let emea = row(&[
        ("title", "VP"),
        ("industry", "Software"),
        ("country", "Germany"),
    ]);
    assert_eq!(fired(&s, &emea), [("saas".to_string(), 15.0)]);

    // Written back with the switch; an enabled rule is written without it.
    let back = serde_json::to_value(&model).unwrap();
    assert_eq!(back["groups"][0]["rules"][0]["enabled"], false);
    assert!(back["groups"][0]["rules"][1].get("enabled").is_none());

    // A switched-off rule is still checked.
    let broken = json.replace(
        r#""field": "title", "contains_any""#,
        r#""field": "titel", "contains_any""#,
    );
    let err = Model::from_json(&broken).unwrap_err();
    assert!(
        err.problems
            .iter()
            .any(|p| p.path == "groups[0].rules[0].when.field"),
        "{err}"
    );
}

/// Batch scoring files a row's band by its place among all band labels: a segment's own
/// bands (other labels, another order) must land on the right label.
#[test]
fn band_places_name_the_band_of_each_variant() {
    let json = MODEL.replace(
        r#""bands": [{"label": "SQL", "min": 60}, {"label": "MQL", "min": 30}, {"label": "Cold"}]}"#,
        r#""bands": [{"label": "Hot", "min": 60}, {"label": "MQL", "min": 30}, {"label": "Cold"}]}"#,
    );
    assert_ne!(json, MODEL, "the segment's bands were replaced");
    let model = Model::from_json(&json).expect("valid");
    let mapping: Mapping = HEADER.iter().enumerate().map(|(i, h)| (*h, i)).collect();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 1);
    let s = Scorer::new(&model, &mapping, ScoreOptions { as_of }).expect("compiles");
    assert_eq!(s.band_labels(), ["SQL", "MQL", "Cold", "Hot"]);
    let hot = row(&[
        ("title", "CTO"),
        ("demo", "yes"),
        ("country", "France"),
        ("opens", "5"),
    ]);
    let warm = row(&[("demo", "yes"), ("country", "Germany")]);
    let cold = row(&[("country", "Germany")]);
    let base = row(&[("title", "CTO"), ("demo", "yes"), ("opens", "5")]);
    let rows = [
        (&hot, "Hot"),
        (&warm, "MQL"),
        (&cold, "Cold"),
        (&base, "MQL"),
    ];
    for (r, label) in rows {
        let summary = s.score(r);
        let place = s.band_place(&summary).expect("a band");
        assert_eq!(s.band_labels()[place], label, "{r:?}");
        assert_eq!(s.band_label(&summary), Some(label));
    }
}

#[test]
fn rules_read_their_own_tests_whatever_order_the_model_meets_fields_in() {
    // The scorer stores each field's tests side by side, in field order; here every rule,
    // tree, stage and criterion meets its field in another order than the fields are listed.
    let json = r#"{
      "schema": "leadscore/1", "name": "Order",
      "fields": {"a": {"type": "number"}, "b": {"type": "number"}, "c": {"type": "number"}},
      "groups": [{"id": "g", "dimension": "fit", "rules": [
        {"id": "on_c", "when": {"field": "c", "gte": 1}, "points": 100},
        {"id": "on_b", "when": {"field": "b", "gte": 1}, "points": 10},
        {"id": "on_a", "when": {"field": "a", "gte": 1}, "points": 1},
        {"id": "c_and_a", "when": {"all": [{"field": "c", "gte": 2}, {"field": "a", "gte": 2}]},
         "points": 1000}
      ]}],
      "bands": [{"label": "Hot", "min": 1000}, {"label": "Cold"}],
      "qualification": {
        "require": [{"id": "b_big", "when": {"field": "b", "gte": 5}}],
        "disqualify": [{"id": "a_huge", "when": {"field": "a", "gte": 9}}]
      },
      "stages": [{"id": "late", "when": {"field": "c", "gte": 3}}, {"id": "early"}]
    }"#;
    let model = Model::from_json(json).expect("valid");
    let mapping: Mapping = ["a", "b", "c"]
        .iter()
        .enumerate()
        .map(|(i, h)| (*h, i))
        .collect();
    let s = Scorer::new(&model, &mapping, ScoreOptions::default()).expect("compiles");
    let cases = [
        (["1", "0", "0"], 1.0, QualState::NotQualified, "early"),
        (["0", "1", "0"], 10.0, QualState::NotQualified, "early"),
        (["0", "0", "1"], 100.0, QualState::NotQualified, "early"),
        (["0", "6", "0"], 10.0, QualState::Qualified, "early"),
        (["2", "0", "2"], 1101.0, QualState::NotQualified, "early"),
        (["2", "6", "3"], 1111.0, QualState::Qualified, "late"),
        (["0", "6", "9"], 110.0, QualState::Qualified, "late"),
        (["9", "6", "0"], 11.0, QualState::NotQualified, "early"),
    ];
    for (cells, total, qualification, stage) in cases {
        let summary = s.score(&cells);
        assert_eq!(summary.total, total, "{cells:?}");
        assert_eq!(summary.qualification, qualification, "{cells:?}");
        assert_eq!(s.stage_label(&summary), Some(stage), "{cells:?}");
        assert_eq!(s.explain(&cells).total, total, "{cells:?}");
    }
}
