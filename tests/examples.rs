//! The built-in examples stay valid: every model in `www/models/` loads, the B2B model shows
//! every part of the format, the sample lead files have the shape the app and the benchmarks
//! expect, and every whole-model ```json block in docs/MODEL.md validates.
//!
//! These tests only use the model loader, not the engine, so they hold while the engine changes.
// Native only: reads files and runs processes (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use leadscore::model::{Condition, Dimension, EmailCheck, FieldTest, FieldType, Model, Rule};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &Path) -> Model {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Model::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn b2b() -> Model {
    load(&root().join("www/models/b2b-saas.json"))
}

fn read_csv(name: &str) -> (Vec<String>, Vec<csv::StringRecord>) {
    let path = root().join("www/samples").join(name);
    let mut reader =
        csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = reader
        .headers()
        .expect("header row")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .expect("well-formed CSV");
    (header, rows)
}

/// Model field -> column, by the aliases (case-insensitive), as the app's auto-mapping does.
fn unmapped_fields(model: &Model, header: &[String]) -> Vec<String> {
    let norm = |s: &str| s.trim().to_lowercase();
    let columns: BTreeSet<String> = header.iter().map(|h| norm(h)).collect();
    model
        .fields
        .iter()
        .filter(|(name, def)| {
            !columns.contains(&norm(name))
                && !def.aliases.iter().any(|a| columns.contains(&norm(a)))
        })
        .map(|(name, _)| name.clone())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Every condition in a model, wherever it sits.

fn all_conditions(m: &Model) -> Vec<&Condition> {
    let mut out: Vec<&Condition> = Vec::new();
    for rule in all_rules(m) {
        out.push(&rule.when);
    }
    if let Some(q) = &m.qualification {
        out.extend(q.require.iter().chain(&q.disqualify).map(|c| &c.when));
    }
    out.extend(m.stages.iter().filter_map(|s| s.when.as_ref()));
    out.extend(m.segments.iter().map(|s| &s.when));
    if let Some(c) = &m.conversation {
        out.extend(c.questions.iter().filter_map(|q| q.ask_if.as_ref()));
    }
    out
}

fn all_rules(m: &Model) -> Vec<&Rule> {
    let base = m.groups.iter().flat_map(|g| &g.rules);
    let added = m.segments.iter().flat_map(|s| &s.add).map(|a| &a.rule);
    base.chain(added).collect()
}

/// Visit every node; `combinators` collects "all"/"any"/"not", `tests` the field tests.
fn walk<'a>(
    c: &'a Condition,
    combinators: &mut BTreeSet<&'static str>,
    tests: &mut Vec<&'a FieldTest>,
) {
    match c {
        Condition::All(items) => {
            combinators.insert("all");
            items.iter().for_each(|i| walk(i, combinators, tests));
        }
        Condition::Any(items) => {
            combinators.insert("any");
            items.iter().for_each(|i| walk(i, combinators, tests));
        }
        Condition::Not(inner) => {
            combinators.insert("not");
            walk(inner, combinators, tests);
        }
        Condition::Field { test, .. } => tests.push(test),
    }
}

// ---------------------------------------------------------------------------------------------

#[test]
fn every_built_in_model_validates() {
    let dir = root().join("www/models");
    let mut seen = 0;
    for entry in fs::read_dir(&dir).expect("www/models exists") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            load(&path);
            seen += 1;
        }
    }
    assert!(
        seen >= 2,
        "expected at least the b2b and calculator models, found {seen}"
    );
}

#[test]
fn b2b_model_uses_every_field_type() {
    let m = b2b();
    let kinds: HashSet<FieldType> = m.fields.values().map(|f| f.kind).collect();
    for kind in [
        FieldType::Text,
        FieldType::Category,
        FieldType::Number,
        FieldType::Boolean,
        FieldType::Date,
        FieldType::Email,
    ] {
        assert!(kinds.contains(&kind), "no {kind:?} field");
    }
    for (name, def) in &m.fields {
        assert!(!def.aliases.is_empty(), "field {name} has no aliases");
        assert!(def.label.is_some(), "field {name} has no label");
    }
    assert!(
        m.fields.values().any(|f| f.date_format.is_some()),
        "no date_format"
    );
    assert!(
        m.fields
            .values()
            .any(|f| f.kind == FieldType::Category && !f.values.is_empty()),
        "no category with values"
    );
}

#[test]
fn b2b_model_uses_every_condition() {
    let m = b2b();
    let mut combinators = BTreeSet::new();
    let mut tests = Vec::new();
    for c in all_conditions(&m) {
        walk(c, &mut combinators, &mut tests);
    }
    assert_eq!(combinators, BTreeSet::from(["all", "any", "not"]));

    let used: BTreeSet<&str> = tests.iter().map(|t| t.key()).collect();
    for key in FieldTest::KEYS {
        assert!(
            used.contains(key),
            "no condition uses '{key}' (used: {used:?})"
        );
    }
    let checks: HashSet<EmailCheck> = tests
        .iter()
        .filter_map(|t| match t {
            FieldTest::EmailIs(c) => Some(*c),
            _ => None,
        })
        .collect();
    for check in [
        EmailCheck::Free,
        EmailCheck::Disposable,
        EmailCheck::Role,
        EmailCheck::Invalid,
        EmailCheck::Business,
    ] {
        assert!(checks.contains(&check), "no email_is {check:?}");
    }
}

#[test]
fn b2b_model_uses_every_section() {
    let m = b2b();
    let dims: Vec<Dimension> = m.groups.iter().map(|g| g.dimension).collect();
    assert!(dims.contains(&Dimension::Fit) && dims.contains(&Dimension::Engagement));
    assert!(m.groups.iter().any(|g| g.min.is_some()), "no group min");
    assert!(m.groups.iter().any(|g| g.max.is_some()), "no group max");
    assert!(m.min.is_some() && m.max.is_some(), "no model min/max");

    let rules = all_rules(&m);
    assert!(rules.iter().any(|r| r.per.is_some()), "no rule with per");
    assert!(
        rules.iter().any(|r| r.decay.is_some()),
        "no rule with decay"
    );
    assert!(rules.iter().any(|r| r.max.is_some()), "no rule with max");
    assert!(rules.iter().any(|r| r.points < 0.0), "no negative rule");
    assert!(
        rules
            .iter()
            .any(|r| r.per.is_some() && r.decay.is_some() && r.max.is_some()),
        "no capped, decaying per-occurrence rule"
    );

    let grade = m.grade.as_ref().expect("grade");
    assert_eq!(
        grade.keys().map(String::as_str).collect::<Vec<_>>(),
        ["A", "B", "C", "D", "E"]
    );
    let tiers: Vec<&str> = m
        .engagement_tiers
        .iter()
        .map(|t| t.label.as_str())
        .collect();
    assert_eq!(tiers, ["1", "2", "3", "4"]);
    assert!(m.bands.len() >= 3, "bands");
    let handoff = m.handoff.as_ref().expect("handoff");
    assert!(m.bands.iter().any(|b| b.label == handoff.band));

    let q = m.qualification.as_ref().expect("qualification");
    let require: BTreeSet<&str> = q.require.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        require,
        BTreeSet::from(["budget", "authority", "need", "timeline"]),
        "BANT"
    );
    let knockouts: BTreeSet<&str> = q.disqualify.iter().map(|c| c.id.as_str()).collect();
    for id in ["competitor", "student", "disposable_email", "unsubscribed"] {
        assert!(knockouts.contains(id), "no '{id}' knockout");
    }

    assert!(m.stages.len() >= 3, "stages");
    assert!(
        m.stages.last().is_some_and(|s| s.when.is_none()),
        "no default stage"
    );

    assert!(m.segments.len() >= 2, "segments");
    assert!(
        m.segments.iter().any(|s| !s.points.is_empty()),
        "no segment points override"
    );
    assert!(
        m.segments.iter().any(|s| !s.disable.is_empty()),
        "no segment disable"
    );
    assert!(
        m.segments.iter().any(|s| !s.add.is_empty()),
        "no segment add"
    );
    assert!(
        m.segments.iter().any(|s| !s.bands.is_empty()),
        "no segment bands"
    );

    let c = m.conversation.as_ref().expect("conversation");
    assert!(c.greeting.is_some(), "no greeting");
    assert!(
        (6..=10).contains(&c.questions.len()),
        "{} questions",
        c.questions.len()
    );
    assert!(c.questions.iter().any(|q| q.ask_if.is_some()), "no ask_if");
    assert!(
        c.questions.iter().any(|q| !q.choices.is_empty()),
        "no choices"
    );
    for field in ["budget", "authority", "need", "timeline"] {
        assert!(
            c.questions.iter().any(|q| q.field == field),
            "no question fills '{field}'"
        );
    }
    for band in &m.bands {
        assert!(
            c.outcomes.contains_key(&band.label),
            "no outcome for band {}",
            band.label
        );
    }
    assert!(
        c.outcomes.contains_key("disqualified"),
        "no disqualified outcome"
    );
    let top = &c.outcomes[&m.bands[0].label];
    let link = top.link.as_ref().expect("booking link for the top band");
    assert!(link.url.starts_with("https://example.com/"), "{}", link.url);
}

// ---------------------------------------------------------------------------------------------
// Sample files.

const LEADS_HEADER: [&str; 25] = [
    "Record ID",
    "First Name",
    "Last Name",
    "Email",
    "Job Title",
    "Company Name",
    "Industry",
    "Number of Employees",
    "Annual Revenue",
    "Country/Region",
    "Preferred language",
    "Number of Pageviews",
    "Marketing emails opened",
    "Content downloads",
    "Webinars attended",
    "Last Activity Date",
    "Demo Requested",
    "Pricing page views",
    "Free trial",
    "Unsubscribed from all email",
    "Budget",
    "Timeline",
    "Buying role",
    "Pain point",
    "Create Date",
];

const XSS_PROBE: &str = "<img src=x onerror=alert(1)>";

#[test]
fn leads_csv_has_the_expected_shape() {
    let (header, rows) = read_csv("leads.csv");
    assert_eq!(header, LEADS_HEADER);
    assert_eq!(rows.len(), 5000);
    assert!(rows.iter().all(|r| r.len() == header.len()), "ragged rows");
    let company = header.iter().position(|h| h == "Company Name").unwrap();
    assert!(
        rows.iter().any(|r| &r[company] == XSS_PROBE),
        "no XSS probe row"
    );
    // The mess the importers must cope with is really there.
    assert!(
        rows.iter().any(|r| r.iter().any(|c| c.contains('\n'))),
        "no cell with a newline"
    );
    assert!(
        rows.iter().any(|r| r.iter().any(|c| c.contains(','))),
        "no cell with a comma"
    );
    assert!(
        rows.iter().any(|r| r.iter().any(|c| !c.is_ascii())),
        "no non-ASCII cell"
    );
}

#[test]
fn leads_csv_maps_onto_the_b2b_model() {
    let (header, _) = read_csv("leads.csv");
    let missing = unmapped_fields(&b2b(), &header);
    assert!(missing.is_empty(), "no column for {missing:?}");
}

#[test]
fn calculator_leads_csv_maps_onto_the_calculator_model() {
    let (header, rows) = read_csv("calculator-leads.csv");
    let model = load(&root().join("www/models/calculator.json"));
    let missing = unmapped_fields(&model, &header);
    assert!(missing.is_empty(), "no column for {missing:?}");
    assert!((40..=60).contains(&rows.len()), "{} rows", rows.len());
}

// ---------------------------------------------------------------------------------------------
// docs/MODEL.md: every ```json block is a whole model and validates; fragments use ```jsonc.

#[test]
fn every_json_block_in_the_model_docs_validates() {
    let path = root().join("docs/MODEL.md");
    let text = fs::read_to_string(&path).expect("docs/MODEL.md");
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        match &mut current {
            None if line.trim_start() == "```json" => current = Some((n + 1, String::new())),
            Some((start, body)) if line.trim_start() == "```" => {
                blocks.push((*start, std::mem::take(body)));
                current = None;
            }
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    assert!(current.is_none(), "unclosed code block in docs/MODEL.md");
    assert!(!blocks.is_empty(), "no ```json examples in docs/MODEL.md");
    let failures: Vec<String> = blocks
        .iter()
        .filter_map(|(line, body)| {
            Model::from_json(body)
                .err()
                .map(|e| format!("docs/MODEL.md line {line}: {e}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
