//! Rows read in place ([`SplitRows`], src/table/split.rs) are the rows the csv reader reads
//! ([`CsvRows`]) from the same block: same numbers, lines, byte offsets, cells and warnings,
//! and the same answer to whether the block ended on a record end. The csv reader is the
//! oracle; the inputs are made of the bytes that matter to both (quotes, doubled quotes,
//! every terminator, blank and whitespace records, ragged rows).
// Native only: proptest does not build for wasm32 (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use leadscore::table::{continue_csv, open_csv_with, CsvRows, SplitRows};
use proptest::prelude::*;

/// Number, line, byte offset, cells and warnings of a row.
type Seen = (u64, u64, u64, Vec<String>, Vec<String>);

/// What a reader tells of a block: its rows, rows read, and whether it ended on a record end.
type Read = (Vec<Seen>, u64, bool);

fn by_csv(mut rows: CsvRows<&[u8]>) -> Read {
    let mut seen = Vec::new();
    for row in rows.by_ref() {
        let row = row.expect("in-memory CSV has no unreadable rows");
        let span = row.cells.position().map_or(u64::MAX, |p| p.byte());
        seen.push((
            row.number,
            row.line,
            span,
            row.cells.iter().map(str::to_string).collect(),
            row.warnings.iter().map(ToString::to_string).collect(),
        ));
    }
    (seen, rows.rows_read(), rows.ended_on_record_end())
}

fn by_split(mut rows: SplitRows) -> Read {
    let mut seen = Vec::new();
    while let Some(row) = rows.next_row() {
        seen.push((
            row.number,
            row.line(),
            row.span,
            row.cells.iter().map(str::to_string).collect(),
            row.warning().iter().map(ToString::to_string).collect(),
        ));
    }
    (seen, rows.rows_read(), rows.ended_on_record_end())
}

/// Both readers on `bytes`; `None` when neither can open it (no header).
fn both(bytes: &[u8], delimiter: u8, first: bool, header_len: usize) -> Option<(Read, Read)> {
    let (csv, header_len) = if first {
        let rows = open_csv_with(bytes, delimiter).ok()?;
        let header_len = rows.header().len();
        (by_csv(rows), header_len)
    } else {
        let header = vec![String::new(); header_len];
        (by_csv(continue_csv(bytes, delimiter, header)), header_len)
    };
    let split = SplitRows::for_block(bytes, delimiter, first, header_len)
        .expect("opens where the csv reader opens")
        .expect("UTF-8");
    Some((csv, by_split(split)))
}

/// Text made of pieces that matter to a CSV reader.
fn block_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => Just("ab"),
        1 => Just("é€"),
        3 => Just(","),
        1 => Just(";"),
        1 => Just("\t"),
        2 => Just("\""),
        1 => Just("\"\""),
        2 => Just("\n"),
        1 => Just("\r"),
        2 => Just("\r\n"),
        1 => Just(" "),
        1 => Just("\"x, y\""),
        1 => Just("\"l1\nl2\""),
        1 => Just("\u{feff}"),
    ];
    // Up to a few hundred bytes: records that end within a 64-byte window, cross one, or
    // end in the last bytes of the block (read cell by cell).
    prop::collection::vec(piece, 0..120).prop_map(|p| p.concat())
}

fn delimiter() -> impl Strategy<Value = u8> {
    prop_oneof![Just(b','), Just(b';'), Just(b'\t')]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(4000)
    ))]

    #[test]
    fn split_rows_read_what_the_csv_reader_reads(
        text in block_text(),
        delimiter in delimiter(),
        first in any::<bool>(),
        header_len in 1usize..4,
    ) {
        if let Some((csv, split)) = both(text.as_bytes(), delimiter, first, header_len) {
            prop_assert_eq!(split, csv);
        }
    }

    /// Rows like an export's (every cell of a column quoted, some cells with a doubled quote
    /// or a newline), many to a block, so the in-place path and csv_core's take turns.
    #[test]
    fn export_like_rows_read_the_same(
        cells in prop::collection::vec(
            prop_oneof![
                5 => "[a-z0-9@. ]{0,12}".prop_map(|c| c),
                2 => "[a-z ]{0,8}".prop_map(|c| format!("\"{c}\"")),
                1 => "[a-z]{0,4}".prop_map(|c| format!("\"{c}\"\"{c}\"")),
                1 => "[a-z]{0,4}".prop_map(|c| format!("\"{c}\r\n{c}\"")),
            ],
            0..120,
        ),
        widths in prop::collection::vec(1usize..6, 1..40),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let mut text = String::from(if bom { "\u{feff}" } else { "" });
        text.push_str("Email,Title,Company\n");
        let mut cells = cells.into_iter();
        for width in widths {
            let row: Vec<String> = cells.by_ref().take(width).collect();
            text.push_str(&row.join(","));
            text.push_str(if crlf { "\r\n" } else { "\n" });
        }
        let (csv, split) = both(text.as_bytes(), b',', true, 3).expect("has a header");
        prop_assert_eq!(split, csv);
    }
}

#[test]
fn blocks_that_are_not_utf8_are_left_to_the_csv_reader() {
    assert!(SplitRows::for_block(b"a,b\n\xe9,x\n", b',', true, 2)
        .expect("opens")
        .is_none());
}

#[test]
fn a_first_block_without_a_header_is_the_csv_readers_error() {
    let split = SplitRows::for_block(b" \n\n", b',', true, 1);
    let csv = open_csv_with(&b" \n\n"[..], b',');
    assert_eq!(
        split.err().map(|e| e.to_string()),
        csv.err().map(|e| e.to_string())
    );
}

#[test]
fn rows_count_lines_inside_quotes_and_skip_blank_records() {
    let text = "h1,h2\r\n\"a\nb\",1\r\n , \r\n\r\n\"c\"\"d\",2,3\r\nlast";
    let mut rows = SplitRows::for_block(text.as_bytes(), b',', true, 2)
        .expect("opens")
        .expect("UTF-8");
    let mut seen = Vec::new();
    while let Some(row) = rows.next_row() {
        let cells: Vec<String> = row.cells.iter().map(str::to_string).collect();
        seen.push((row.number, row.line(), cells, row.warning().is_some()));
    }
    assert_eq!(
        seen,
        [
            (1, 2, vec!["a\nb".to_string(), "1".into()], false),
            (2, 6, vec!["c\"d".into(), "2".into(), "3".into()], true),
            (3, 7, vec!["last".into()], true),
        ]
    );
    assert!(!rows.ended_on_record_end());
}
