//! Reading real files: CSV dialects, encodings, workbooks, and the any-file entry point.
// Native only: reads files and runs processes (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use leadscore::table::{
    detect_format, open_bytes, open_bytes_sheet, open_csv, read_sheet, Format, Row, RowWarning,
    TableErrorKind,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn rows_of(bytes: &[u8]) -> (Vec<String>, u8, Vec<Row>, Vec<String>) {
    let mut reader = open_csv(bytes).expect("opens");
    let rows: Vec<Row> = reader.by_ref().map(|r| r.expect("row")).collect();
    (
        reader.header().to_vec(),
        reader.delimiter(),
        rows,
        reader.warnings().to_vec(),
    )
}

fn cells(row: &Row) -> Vec<&str> {
    row.cells.iter().collect()
}

fn lines(rows: &[Row]) -> Vec<(u64, u64)> {
    rows.iter().map(|r| (r.number, r.line)).collect()
}

#[test]
fn semicolon_bom_crlf() {
    let (header, delimiter, rows, warnings) = rows_of(&fixture("semicolon_bom_crlf.csv"));
    assert_eq!(delimiter, b';');
    assert_eq!(header, ["Email", "Job Title", "Employees", "Revenue"]);
    assert_eq!(
        cells(&rows[0]),
        ["ada@example.com", "VP Sales", "250", "1,5"]
    );
    assert_eq!(
        cells(&rows[1]),
        ["bob@gmail.com", "Head; Growth", "12", "2,25"]
    );
    // The blank CRLF line between them is skipped but still counted as a line.
    assert_eq!(lines(&rows), [(1, 2), (2, 4)]);
    assert!(warnings.is_empty());
}

#[test]
fn tab_separated() {
    let (header, delimiter, rows, _) = rows_of(&fixture("tab_separated.tsv"));
    assert_eq!(delimiter, b'\t');
    assert_eq!(header, ["Email", "Title", "Country"]);
    assert_eq!(cells(&rows[1]), ["bob@gmail.com", "Intern, Sales", "FR"]);
}

#[test]
fn pipe_separated() {
    let (_, delimiter, rows, _) = rows_of(&fixture("pipe.csv"));
    assert_eq!(delimiter, b'|');
    assert_eq!(
        cells(&rows[0]),
        ["ada@example.com", "CTO", "likes, commas; and semis"]
    );
    assert_eq!(cells(&rows[1]), ["bob@gmail.com", "Intern", ""]);
    assert!(rows.iter().all(|r| r.warnings.is_empty()));
}

#[test]
fn quoted_fields_with_delimiters_newlines_and_quotes() {
    let (_, delimiter, rows, _) = rows_of(&fixture("quoted_embedded.csv"));
    assert_eq!(delimiter, b',');
    assert_eq!(
        cells(&rows[0]),
        ["ada@example.com", "VP, Sales", "said \"hi\"\nthen left"]
    );
    assert_eq!(
        cells(&rows[1]),
        ["bob@gmail.com", "Intern", "a|b;c\tand \"quotes\""]
    );
    assert_eq!(cells(&rows[2]), ["cy@example.com", "CEO", "plain"]);
    // Ada's row spans lines 2-3, so Bob starts on line 4.
    assert_eq!(lines(&rows), [(1, 2), (2, 4), (3, 5)]);
}

#[test]
fn ragged_rows_keep_every_cell() {
    let (_, _, rows, _) = rows_of(&fixture("ragged_rows.csv"));
    assert_eq!(rows.len(), 3, "the trailing ',,' line is blank and skipped");
    assert_eq!(
        rows[0].warnings,
        [RowWarning::CellCount {
            expected: 3,
            found: 2
        }]
    );
    assert_eq!(cells(&rows[1]), ["bob@gmail.com", "Intern", "FR", "extra"]);
    assert_eq!(
        rows[1].warnings,
        [RowWarning::CellCount {
            expected: 3,
            found: 4
        }]
    );
    assert_eq!(
        rows[1].warning_messages().collect::<Vec<_>>(),
        ["row 2 (line 3): 4 cells, but the header has 3"]
    );
    assert!(rows[2].warnings.is_empty());
}

#[test]
fn windows_1252_file() {
    let (header, delimiter, rows, warnings) = rows_of(&fixture("windows1252.csv"));
    assert_eq!(delimiter, b';');
    assert_eq!(header, ["Société", "Email", "Ville"]);
    assert_eq!(cells(&rows[0]), ["ACME", "ada@example.com", "Paris"]);
    assert_eq!(cells(&rows[1]), ["Café Müller", "bob@example.de", "Köln"]);
    // 0x93 / 0x94 are curly quotes in Windows-1252 (not C1 controls as in Latin-1).
    assert_eq!(
        cells(&rows[2]),
        ["\u{201c}Quoted\u{201d}", "cy@example.com", "Málaga"]
    );
    assert_eq!(
        warnings,
        ["not UTF-8: decoded as Windows-1252 from the header"]
    );
}

#[test]
fn windows_1252_detected_mid_stream_past_the_sniffing_prefix() {
    let mut bytes = b"id,city\n".to_vec();
    for i in 0..10_000 {
        bytes.extend_from_slice(format!("{i},Paris\n").as_bytes());
    }
    bytes.extend_from_slice(b"10000,K\xf6ln\n");
    let (_, _, rows, warnings) = rows_of(&bytes);
    assert_eq!(cells(&rows[10_000]), ["10000", "Köln"]);
    assert_eq!(rows[10_000].line, 10_002);
    assert_eq!(
        warnings,
        ["not UTF-8: decoded as Windows-1252 from row 10001"]
    );
}

#[test]
fn unusable_csv_is_a_table_error() {
    let err = open_csv(&b"\r\n\r\n"[..]).err().expect("empty");
    assert_eq!(err.kind(), TableErrorKind::Empty);
    assert_eq!(err.to_string(), "the file is empty");
}

/// A workbook written by our own exporter's library, read back through calamine.
fn generated_xlsx() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    wb.add_worksheet().set_name("Empty").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Leads").unwrap();
    // Row 0 and 1 stay empty: the header is on sheet row 3.
    for (col, name) in [" Email ", "Employees", "Revenue", "Created", "Seen", "Demo"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, col as u16, *name).unwrap();
    }
    ws.write_string(3, 0, "ada@example.com").unwrap();
    ws.write_number(3, 1, 250.0).unwrap();
    ws.write_number(3, 2, 1_250_000.5).unwrap();
    let created = ExcelDateTime::from_ymd(2026, 3, 1).unwrap();
    ws.write_datetime_with_format(3, 3, &created, &date)
        .unwrap();
    let seen = ExcelDateTime::from_ymd(2026, 3, 2)
        .unwrap()
        .and_hms(14, 30, 0)
        .unwrap();
    ws.write_datetime_with_format(3, 4, &seen, &datetime)
        .unwrap();
    ws.write_boolean(3, 5, true).unwrap();
    // Row 4 empty (skipped), row 5 has a stray cell past the header.
    ws.write_string(5, 0, "bob@gmail.com").unwrap();
    ws.write_number(5, 1, 0.1).unwrap();
    ws.write_string(5, 7, "stray").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_generated_in_memory_reads_back() {
    let bytes = generated_xlsx();
    assert_eq!(detect_format(None, &bytes), Format::Xlsx);
    let mut sheet = read_sheet(&bytes, None).expect("workbook");
    assert_eq!(sheet.sheet_names(), ["Empty", "Leads"]);
    assert_eq!(sheet.sheet_name(), "Leads");
    assert_eq!(
        sheet.header(),
        ["Email", "Employees", "Revenue", "Created", "Seen", "Demo"]
    );
    let ada = sheet.next().unwrap().unwrap();
    assert_eq!(
        cells(&ada),
        [
            "ada@example.com",
            "250",
            "1250000.5",
            "2026-03-01",
            "2026-03-02T14:30:00",
            "true"
        ]
    );
    assert_eq!((ada.number, ada.line), (1, 4));
    assert!(ada.warnings.is_empty());
    let bob = sheet.next().unwrap().unwrap();
    assert_eq!(
        cells(&bob),
        ["bob@gmail.com", "0.1", "", "", "", "", "", "stray"]
    );
    assert_eq!((bob.number, bob.line), (2, 6));
    assert_eq!(
        bob.warnings,
        [RowWarning::CellCount {
            expected: 6,
            found: 8
        }]
    );
    assert!(sheet.next().is_none());
}

#[test]
fn xlsx_sheet_by_name_and_unknown_sheet() {
    let bytes = generated_xlsx();
    let err = read_sheet(&bytes, Some("Nope")).expect_err("unknown");
    assert_eq!(err.kind(), TableErrorKind::UnknownSheet);
    assert_eq!(
        err.to_string(),
        "no sheet named 'Nope'; the sheets are: Empty, Leads"
    );
    let err = read_sheet(&bytes, Some("Empty")).expect_err("empty sheet");
    assert_eq!(err.kind(), TableErrorKind::Empty);
    assert!(read_sheet(&bytes, Some("Leads")).is_ok());
}

/// Shared by the committed workbook fixtures (see tests/fixtures/make_workbooks.py).
fn check_committed_workbook(file: &str, format: Format) -> Vec<Row> {
    let bytes = fixture(file);
    let mut reader = open_bytes(&bytes, Some(file)).expect("opens");
    assert_eq!(reader.format(), format);
    assert_eq!(
        reader.sheet_name(),
        Some("Leads"),
        "the first sheet 'Notes' is empty"
    );
    assert_eq!(reader.sheet_names(), ["Notes", "Leads"]);
    assert_eq!(
        reader.header(),
        [
            "Email",
            "Job Title",
            "Number of Employees",
            "Annual Revenue",
            "Created Date",
            "Last Visit",
            "Demo Requested",
            "Note"
        ]
    );
    let rows: Vec<Row> = reader.by_ref().map(|r| r.expect("row")).collect();
    assert_eq!(
        cells(&rows[0]),
        [
            "ada@example.com",
            "VP Sales",
            "250",
            "1250000.5",
            "2026-03-01",
            "2026-03-02T14:30:00",
            "true",
            "=HYPERLINK(\"x\")"
        ]
    );
    assert_eq!(
        &cells(&rows[1])[..7],
        [
            "bob@gmail.com",
            "Intern",
            "12",
            "0.25",
            "2025-12-31",
            "2026-01-05T09:00:00",
            "false"
        ]
    );
    assert_eq!(lines(&rows), [(1, 4), (2, 5)]);
    rows
}

#[test]
fn committed_xlsx_fixture() {
    let rows = check_committed_workbook("leads.xlsx", Format::Xlsx);
    assert_eq!(rows[1].cells.get(7), Some(""));
    assert_eq!(
        rows[1].warnings,
        [RowWarning::CellError {
            column: 7,
            error: "#N/A".into()
        }]
    );
}

#[test]
fn committed_ods_fixture() {
    let rows = check_committed_workbook("leads.ods", Format::Ods);
    assert_eq!(
        rows[1].cells.get(7),
        Some("#N/A"),
        "plain text in the ODS file"
    );
}

#[test]
fn open_bytes_reads_any_kind() {
    let csv = fixture("semicolon_bom_crlf.csv");
    let reader = open_bytes(&csv, Some("leads.xlsx")).expect("text named .xlsx");
    assert_eq!(reader.format(), Format::Csv);
    assert_eq!(
        reader.warnings(),
        ["leads.xlsx is not an XLSX workbook: read as delimited text"]
    );
    assert_eq!(reader.delimiter(), Some(b';'));

    let xlsx = generated_xlsx();
    let reader = open_bytes_sheet(&xlsx, Some("whatever.csv"), Some("Leads")).expect("magic wins");
    assert_eq!(reader.format(), Format::Xlsx);
    assert_eq!(reader.count(), 2);

    let err = open_bytes(b"\xD0\xCF\x11\xE0 broken", None)
        .err()
        .expect("broken xls");
    assert_eq!(err.kind(), TableErrorKind::Workbook);
}
