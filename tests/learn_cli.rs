//! `leadscore train` and `leadscore evaluate` as users run them.
// Native only: reads files and runs processes (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/learn")
        .join(name)
        .display()
        .to_string()
}

fn tmp(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

fn leadscore(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leadscore"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
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

    let eval = leadscore(&[
        "evaluate",
        "--model",
        model,
        "--outcome",
        "outcome",
        "--positive",
        "won",
        "--as-of",
        "2026-03-01",
        &history,
    ]);
    let stdout = text(&eval.stdout);
    assert!(eval.status.success(), "{stdout}\n{}", text(&eval.stderr));
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

    let ab = leadscore(&[
        "evaluate",
        "--model",
        model,
        "--compare",
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/learn/demo-only.json")
            .display()
            .to_string(),
        "--outcome",
        "outcome",
        "--positive",
        "won",
        "--as-of",
        "2026-03-01",
        &history,
    ]);
    let stdout = text(&ab.stdout);
    assert!(ab.status.success(), "{stdout}\n{}", text(&ab.stderr));
    assert!(stdout.contains("A vs B on the same 400 rows"), "{stdout}");
    assert!(stdout.contains("DeLong paired"), "{stdout}");
    assert!(stdout.contains("lift in the top decile"), "{stdout}");
}

#[test]
fn errors_name_the_file_and_column() {
    let out = leadscore(&[
        "train",
        "--outcome",
        "converted",
        &fixture("history.csv"),
        "-o",
        tmp("never.json").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("history.csv: column 'converted': no such column (columns: lead_id,"),
        "{err}"
    );

    let out = leadscore(&[
        "train",
        "--outcome",
        "outcome",
        &fixture("single_class.csv"),
        "-o",
        tmp("never.json").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("single_class.csv: column 'outcome': no row has a positive outcome"),
        "{err}"
    );
    assert!(err.contains("values found: Lost"), "{err}");

    let out = leadscore(&[
        "train",
        "--outcome",
        "outcome",
        "--exclude",
        "stgae",
        &fixture("history.csv"),
        "-o",
        tmp("never.json").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("column 'stgae': cannot exclude: no such column"),
        "{}",
        text(&out.stderr)
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
