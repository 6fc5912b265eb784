//! Export round trips: write scored rows as CSV and XLSX, read them back with our own readers.
// Native only: reads files and runs processes (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use calamine::{Data, Reader};
use leadscore::engine::{LeadScore, QualState, Qualification, Receipt, RuleHit};
use leadscore::table::{open_csv, read_sheet, CsvExporter, ExportLayout, Row, XlsxExporter};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn hit(label: &str, points: f64) -> RuleHit {
    RuleHit {
        rule: label.to_lowercase().replace(' ', "_"),
        label: label.into(),
        group: "fit".into(),
        raw: points,
        points,
        decay: None,
        capped: false,
    }
}

fn lead(total: f64) -> LeadScore {
    LeadScore {
        total,
        fit: 15.0,
        engagement: 20.123,
        grade: Some("A".into()),
        band: Some("SQL".into()),
        matrix: Some("A2".into()),
        handoff: true,
        qualification: Qualification {
            state: QualState::NotQualified,
            reasons: Vec::new(),
        },
        stage: Some("Evaluating".into()),
        segment: None,
        probability: None,
        receipt: Receipt {
            fired: vec![
                hit("Decision-maker title", 15.0),
                hit("Demo requested", 30.0),
                hit("Free email", -10.0),
            ],
            ..Receipt::default()
        },
    }
}

/// The first injection row exported with `lead(35.456)`, as read back from CSV or XLSX.
const FIRST_ROW: [&str; 13] = [
    "'=cmd|calc!A1",
    "+1",
    "35.46",
    "15",
    "20.12",
    "A",
    "SQL",
    "A2",
    "true",
    "not_qualified",
    "Evaluating",
    "",
    "Decision-maker title +15; Demo requested +30; Free email -10",
];

/// The injection fixture's rows: `=cmd|calc!A1,+1` and `@SUM(A1),-5`.
fn injection_rows() -> (Vec<String>, Vec<Row>) {
    let bytes = fixture("formula_injection.csv");
    let reader = open_csv(&bytes[..]).expect("opens");
    let header = reader.header().to_vec();
    (header, reader.map(|r| r.expect("row")).collect())
}

#[test]
fn csv_export_round_trip_neutralises_formulas() {
    let (header, rows) = injection_rows();
    let mut exporter = CsvExporter::new(Vec::new(), &header, ExportLayout::Standard).unwrap();
    for (row, total) in rows.iter().zip([35.456, -0.001]) {
        exporter.write_row(row, &lead(total)).unwrap();
    }
    let bytes = exporter.finish().unwrap();

    let mut back = open_csv(&bytes[..]).unwrap();
    assert_eq!(back.delimiter(), b',');
    assert_eq!(
        back.header(),
        [
            "Name",
            "Note",
            "lead_score",
            "fit_score",
            "engagement_score",
            "grade",
            "band",
            "matrix",
            "handoff",
            "qualification",
            "stage",
            "segment",
            "score_reasons"
        ]
    );
    let first = back.next().unwrap().unwrap();
    assert_eq!(first.cells.iter().collect::<Vec<_>>(), FIRST_ROW);
    let second = back.next().unwrap().unwrap();
    assert_eq!(
        &second.cells.iter().collect::<Vec<_>>()[..3],
        ["'@SUM(A1)", "-5", "0"]
    );
    assert!(back.next().is_none());
}

#[test]
fn xlsx_export_round_trip_keeps_types_and_neutralises_formulas() {
    let (header, rows) = injection_rows();
    let mut exporter = XlsxExporter::new(&header, ExportLayout::HubSpot).unwrap();
    for row in &rows {
        exporter.add_row(row, &lead(35.456)).unwrap();
    }
    // A record with a plain number, a zip code with a leading zero, and too few cells.
    exporter.add_row(&["250", "007"][..], &lead(1.0)).unwrap();
    exporter.add_row(&["only one"][..], &lead(2.0)).unwrap();
    let bytes = exporter.finish().unwrap();

    let mut sheet = read_sheet(&bytes, None).unwrap();
    assert_eq!(sheet.sheet_name(), "Scored leads");
    assert_eq!(
        &sheet.header()[..4],
        ["Name", "Note", "Lead Score", "Fit Score"]
    );
    assert_eq!(
        sheet.header().last().map(String::as_str),
        Some("Score Reasons")
    );
    let first = sheet.next().unwrap().unwrap();
    assert_eq!(first.cells.iter().collect::<Vec<_>>(), FIRST_ROW);

    // Typed cells, checked with calamine directly: numbers are numbers, text is never a formula.
    let mut workbook =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(&bytes[..])).unwrap();
    let range = workbook.worksheet_range("Scored leads").unwrap();
    assert_eq!(range.get((1, 2)), Some(&Data::Float(35.46)));
    assert_eq!(range.get((1, 8)), Some(&Data::Bool(true)));
    assert_eq!(
        range.get((1, 0)),
        Some(&Data::String("'=cmd|calc!A1".into()))
    );
    assert_eq!(range.get((3, 0)), Some(&Data::Float(250.0)));
    assert_eq!(range.get((3, 1)), Some(&Data::String("007".into())));
    assert_eq!(range.get((4, 1)), Some(&Data::Empty));
    let formulas = workbook.worksheet_formula("Scored leads").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formulas written"
    );
}

#[test]
fn every_layout_exports_eleven_named_score_columns() {
    for layout in ExportLayout::ALL {
        let mut exporter = CsvExporter::new(Vec::new(), &["Email"], layout).unwrap();
        exporter
            .write_row(&["ada@example.com"][..], &lead(10.0))
            .unwrap();
        let bytes = exporter.finish().unwrap();
        let mut back = open_csv(&bytes[..]).unwrap();
        let mut expected = vec!["Email".to_string()];
        expected.extend(layout.columns().iter().map(|c| c.to_string()));
        assert_eq!(back.header(), expected);
        assert!(
            back.next().unwrap().unwrap().warnings.is_empty(),
            "{layout:?}"
        );
    }
    assert_eq!(ExportLayout::Salesforce.columns()[0], "Lead_Score__c");
    assert_eq!(ExportLayout::Marketo.columns()[2], "Behavior Score");
}
