//! The command line as users run it: real files in, exit codes, stdout, stderr, output files.
// Native only: reads files and runs processes (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::{Path, PathBuf};

use common::{leadscore, repo, text, tmp};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
}

#[test]
fn validate_accepts_good_models_and_locates_every_problem() {
    let ok = leadscore(&["validate", fixture("model.json").to_str().unwrap()]);
    assert!(ok.status.success());
    assert!(
        text(&ok.stdout).contains("ok: CLI fixture (5 fields, 5 rules)"),
        "{}",
        text(&ok.stdout)
    );

    let bad = leadscore(&["validate", fixture("bad-model.json").to_str().unwrap()]);
    assert!(!bad.status.success());
    let out = text(&bad.stdout);
    for expected in [
        "bad-model.json: fields.title.alias: unknown key 'alias' (did you mean 'aliases'?)",
        "bad-model.json: groups[0].rules[1].points: invalid type: string \"ten\"",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
}

#[test]
fn validate_reports_semantic_problems_together() {
    let path = tmp("semantic.json");
    std::fs::write(
        &path,
        r#"{"schema":"leadscore/1","name":"x","fields":{"title":{"type":"text"}},
           "groups":[{"id":"fit","dimension":"fit","rules":[
             {"id":"a","when":{"field":"titel","present":true},"points":1},
             {"id":"b","when":{"field":"title","gte":3},"points":1}]}]}"#,
    )
    .unwrap();
    let out = leadscore(&["validate", path.to_str().unwrap()]);
    assert!(!out.status.success());
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("groups[0].rules[0].when.field: unknown field 'titel'"),
        "{stdout}"
    );
    assert!(
        stdout.contains("groups[0].rules[1].when.gte: number comparisons need a number field"),
        "{stdout}"
    );
}

#[test]
fn score_keeps_every_row_and_reports_odd_ones_by_row_and_column() {
    let output = tmp("scored.csv");
    let out = leadscore(&[
        "score",
        "--model",
        fixture("model.json").to_str().unwrap(),
        "--as-of",
        "2026-11-01",
        fixture("leads.csv").to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("row 3 (line 4): 2 cells, but the header has 5"),
        "{stderr}"
    );
    assert!(
        stderr.contains("row 4 (line 5), column 3 \"Number of Employees\": 'lots' is not a number"),
        "{stderr}"
    );
    assert!(stderr.contains("scored 4 rows"), "{stderr}");

    let mut reader = csv::Reader::from_path(&output).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        &header[..5],
        [
            "Email",
            "Job Title",
            "Number of Employees",
            "Last Activity Date",
            "Demo Requested"
        ]
    );
    assert_eq!(&header[5..7], ["lead_score", "fit_score"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    // ada: VP (20) + 1,200 employees (15) + visit 2 days ago (10 x 0.5^(2/10)) + demo (40).
    let expected = 20.0 + 15.0 + 10.0 * 0.5f64.powf(0.2) + 40.0;
    let ada: f64 = rows[0][5].parse().unwrap();
    assert!((ada - expected).abs() < 0.01, "{ada} vs {expected}");
    let band = header.iter().position(|h| h == "band").unwrap();
    assert_eq!(&rows[0][band], "SQL");
    // The semicolon inside quotes stayed in its cell; the formula-looking cells are neutralised.
    assert_eq!(&rows[1][1], "Analyst; Data");
    assert!(rows[3][0].starts_with("'="), "{:?}", &rows[3][0]);
    assert_eq!(&rows[3][1], "'=1+1");
}

#[test]
fn score_writes_xlsx_with_crm_column_names() {
    let output = tmp("scored.xlsx");
    let out = leadscore(&[
        "score",
        "-m",
        fixture("model.json").to_str().unwrap(),
        "--as-of",
        "2026-11-01",
        "--layout",
        "hubspot",
        fixture("leads.csv").to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(&output).unwrap();
    let sheet = leadscore::table::read_sheet(&bytes, None).unwrap();
    assert!(
        sheet.header().iter().any(|h| h == "Lead Score"),
        "{:?}",
        sheet.header()
    );
    assert_eq!(sheet.count(), 4);
}

#[test]
fn a_dated_model_without_as_of_says_what_to_pass() {
    let out = leadscore(&[
        "score",
        "-m",
        fixture("model.json").to_str().unwrap(),
        fixture("leads.csv").to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--as-of"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn nothing_to_score_is_a_failure() {
    let input = tmp("header-only.csv");
    std::fs::write(&input, "Email,Job Title\n").unwrap();
    let out = leadscore(&[
        "score",
        "-m",
        fixture("model.json").to_str().unwrap(),
        "--as-of",
        "2026-11-01",
        input.to_str().unwrap(),
        "-o",
        tmp("none.csv").to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("scored 0 rows"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn explain_prints_the_receipt_of_one_row() {
    let model = fixture("model.json");
    let leads = fixture("leads.csv");
    let args = [
        "explain",
        "-m",
        model.to_str().unwrap(),
        "--as-of",
        "2026-11-01",
        leads.to_str().unwrap(),
    ];
    let out = leadscore(&[&args[..], &["--row", "2"]].concat());
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("row 2 (line 3)"), "{stdout}");
    assert!(stdout.contains("-10  fit          Free email"), "{stdout}");
    assert!(stdout.contains("band Cold"), "{stdout}");

    let json = leadscore(&[&args[..], &["--row", "1", "--json"]].concat());
    let lead: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    assert_eq!(lead["band"], "SQL");
    assert_eq!(lead["receipt"]["fired"][0]["rule"], "exec");

    let missing = leadscore(&[&args[..], &["--row", "99"]].concat());
    assert!(!missing.status.success());
    assert!(text(&missing.stderr).contains("has no data row 99"));
}

#[test]
fn the_built_in_sample_scores_with_the_built_in_model() {
    let output = tmp("sample-scored.csv");
    let out = leadscore(&[
        "score",
        "-m",
        repo("www/models/b2b-saas.json").to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        repo("www/samples/leads.csv").to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("scored 5000 rows (0 unreadable)"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("no column for"),
        "every model field maps: {stderr}"
    );
    let rows = csv::Reader::from_path(&output).unwrap().records().count();
    assert_eq!(rows, 5000);
}

/// A messy CRM export large enough for several 64 KiB blocks: a BOM, semicolons, CRLF,
/// quoted cells with newlines and doubled quotes, a stray quote inside a cell, short and
/// long rows, blank lines, unreadable numbers and dates, and Windows-1252 bytes late on.
fn messy_export(rows: usize) -> Vec<u8> {
    let mut out =
        b"\xEF\xBB\xBFEmail;Job Title;Number of Employees;Last Activity Date;Demo Requested\r\n"
            .to_vec();
    for i in 0..rows {
        let line = match i % 11 {
            0 => format!("a{i}@acme.io;\"VP\r\nSales\";1,200;2026-10-30;yes\r\n"),
            1 => format!("b{i}@gmail.com;\"Analyst; \"\"Data\"\"\";12;10/01/2026;no\r\n"),
            2 => format!("c{i}@acme.io;Chief of Staff\r\n"),
            3 => format!("d{i}@x.io;5'11\" Director;lots;someday;x;extra\r\n"),
            4 => "\r\n".to_string(),
            _ => format!(
                "e{i}@initech.example;CEO;{};2026-09-{:02};no\r\n",
                i % 5000,
                1 + i % 28
            ),
        };
        out.extend_from_slice(line.as_bytes());
        if i == rows * 3 / 4 {
            out.extend_from_slice(b"f@caf\xe9.example;G\xe9rant;5;2026-10-01;yes\r\n");
        }
    }
    out
}

#[test]
fn scoring_on_several_threads_writes_what_one_thread_writes() {
    let input = tmp("messy-export.csv");
    std::fs::write(&input, messy_export(12_000)).unwrap();
    let model = fixture("model.json");
    let run = |threads: &str| {
        let out = leadscore(&[
            "score",
            "-m",
            model.to_str().unwrap(),
            "--as-of",
            "2026-11-01",
            "--threads",
            threads,
            "--block-bytes",
            "65536",
            input.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        // All of stderr but the last line, which holds the time taken.
        let stderr = text(&out.stderr);
        let messages: Vec<String> = stderr.lines().map(str::to_string).collect();
        let (summary, messages) = messages.split_last().unwrap();
        (
            out.stdout,
            messages.to_vec(),
            summary.split(" in ").next().unwrap().to_string(),
        )
    };
    let one = run("1");
    let three = run("3");
    assert!(one.0.len() > 4 * 65536, "the input makes several blocks");
    assert!(
        one.0 == three.0,
        "the scored CSV differs between 1 and 3 threads"
    );
    assert_eq!(one.1, three.1);
    assert_eq!(one.2, three.2);
    // The messages are the file's, numbered for the whole file.
    let messages = one.1.join("\n");
    for expected in [
        // Row 1 spans lines 2 and 3 (a quoted newline); every 11th record is a blank line.
        "warning: row 3 (line 5): 2 cells, but the header has 5",
        "warning: row 10905 (line 13087), column 3 \"Number of Employees\": 'lots' is not a number",
        "not UTF-8: decoded as Windows-1252 from row 8184",
    ] {
        assert!(messages.contains(expected), "missing {expected:?}");
    }
    assert!(
        one.2.starts_with("scored 10910 rows (0 unreadable)"),
        "{}",
        one.2
    );
}
