//! `leadscore train` and `leadscore evaluate` as users run them.
// Native only: reads files and runs processes (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;

use common::{leadscore, text, tmp};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/learn")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn train_writes_a_valid_scorecard_and_evaluate_reads_it() {
    let model = tmp("learned.json");
    let model = model.to_str().unwrap();
    let history = fixture("history.csv");
    let out = leadscore(&[
        "train",
        "--outcome",
        "outcome",
        "--positive",
        "won",
        "--exclude",
        "stage",
        "--min-count",
        "5",
        &history,
        "-o",
        model,
    ]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    for expected in [
        "400 rows, 118 converted",
        "cross-validated ROC AUC (5 folds, seed 42): 0.",
        "top positive factors",
        "Demo Requested=true",
        "recommended handoff threshold (max F1)",
        "dates are aged to 2026-03-01",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
    assert!(text(&out.stderr).contains("column 'lead_id' left out"));
    let valid = leadscore(&["validate", model]);
    assert!(valid.status.success(), "{}", text(&valid.stdout));
    // The scorecard keeps its scale: a receipt reads the total as a probability.
    let card: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(model).unwrap()).unwrap();
    assert_eq!(
        card["probability"],
        serde_json::json!({"pdo": 20.0, "base_score": 100.0, "base_odds": 1.0})
    );
    let explained = leadscore(&[
        "explain",
        "--model",
        model,
        "--as-of",
        "2026-03-01",
        &history,
        "--row",
        "3",
    ]);
    let receipt = text(&explained.stdout);
    assert!(explained.status.success(), "{receipt}");
    assert!(
        receipt.contains("predicted probability of converting: "),
        "{receipt}"
    );

    let stdout = evaluate(&["--model", model]);
    for expected in [
        "400 rows, 118 converted",
        "lift by decile",
        "conversion per band:",
        "Hot",
        "threshold sweep",
        "<- recommended (max F1)",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
    let stdout = evaluate(&["--model", model, "--compare", &fixture("demo-only.json")]);
    for expected in [
        "A vs B on the same 400 rows",
        "DeLong paired",
        "lift in the top decile",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
}

/// Run `leadscore evaluate ARGS` on the history fixture, expecting success; its output.
fn evaluate(args: &[&str]) -> String {
    let history = fixture("history.csv");
    let mut all = vec!["evaluate"];
    all.extend_from_slice(args);
    all.extend_from_slice(&[
        "--outcome",
        "outcome",
        "--positive",
        "won",
        "--as-of",
        "2026-03-01",
        &history,
    ]);
    let out = leadscore(&all);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    stdout
}

/// Run `leadscore train` expecting failure; its standard error.
fn train_fails(args: &[&str]) -> String {
    let never = tmp("never.json");
    let mut all = vec!["train"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", never.to_str().unwrap()]);
    let out = leadscore(&all);
    assert_eq!(out.status.code(), Some(1));
    assert!(!never.exists());
    text(&out.stderr)
}

#[test]
fn errors_name_the_file_and_column() {
    let history = fixture("history.csv");
    let err = train_fails(&["--outcome", "converted", &history]);
    assert!(
        err.contains("history.csv: column 'converted': no such column (columns: lead_id,"),
        "{err}"
    );
    let err = train_fails(&["--outcome", "outcome", &fixture("single_class.csv")]);
    assert!(
        err.contains("single_class.csv: column 'outcome': no row has a positive outcome"),
        "{err}"
    );
    assert!(err.contains("values found: Lost"), "{err}");
    let err = train_fails(&["--outcome", "outcome", "--exclude", "stgae", &history]);
    assert!(
        err.contains("column 'stgae': cannot exclude: no such column"),
        "{err}"
    );
}

#[test]
fn evaluate_needs_as_of_for_date_rules() {
    let out = leadscore(&[
        "evaluate",
        "--model",
        &fixture("demo-only.json"),
        "--outcome",
        "outcome",
        &fixture("history.csv"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--as-of"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn evaluate_json_is_what_the_page_receives() {
    let demo = fixture("demo-only.json");
    let one: serde_json::Value = serde_json::from_str(&evaluate(&["--model", &demo, "--json"]))
        .expect("evaluate --json prints JSON");
    assert_eq!(one["name"], "Demo requests only");
    assert!(one["unmapped"].as_array().unwrap().is_empty());
    let e = &one["evaluation"];
    assert_eq!(e["rows"], 400);
    assert_eq!(e["positives"], 118);
    assert_eq!(e["lift"].as_array().unwrap().len(), 10);
    let auc = e["auc"].as_f64().unwrap();
    assert!(auc > 0.5 && auc < 1.0, "{auc}");

    let both: serde_json::Value =
        serde_json::from_str(&evaluate(&["--model", &demo, "--compare", &demo, "--json"])).unwrap();
    assert_eq!(both["a"]["name"], "Demo requests only");
    let c = &both["comparison"];
    assert_eq!(c["a"]["auc"], c["b"]["auc"]);
    assert_eq!(c["auc_difference"], 0.0);
    assert_eq!(c["p_value"], 1.0);
}
