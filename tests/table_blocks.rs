//! Blocks of a delimited file (src/table/blocks.rs) read alone give exactly the rows of the
//! whole file: same cells, same warnings, and the same row and line numbers once each block's
//! numbers are offset by the blocks before it.
// Native only: proptest does not build for wasm32 (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use leadscore::table::{
    block_end, continue_csv, cut_after_terminator, last_record_end, open_csv, open_csv_with,
    RecordBlocks, Row,
};
use proptest::prelude::*;

/// Row number, line, cells and warnings: everything a reader reports about a row.
type Seen = (u64, u64, Vec<String>, Vec<String>);

/// Every row read, an unreadable one as its message.
type Rows = Vec<Result<Seen, String>>;

fn seen(row: Row) -> Seen {
    let warnings = row.warnings.iter().map(ToString::to_string).collect();
    let cells = row.cells.iter().map(str::to_string).collect();
    (row.number, row.line, cells, warnings)
}

/// Every row of `text` read whole; errors as their message.
fn whole(text: &[u8]) -> Option<(u8, Vec<String>, Rows)> {
    let rows = open_csv(text).ok()?;
    let delimiter = rows.delimiter();
    let header = rows.header().to_vec();
    let all = rows
        .map(|r| r.map(seen).map_err(|e| e.to_string()))
        .collect();
    Some((delimiter, header, all))
}

/// The same rows read block by block, numbers offset as a parallel reader does.
fn by_blocks(blocks: &[&[u8]], delimiter: u8, header: &[String]) -> Rows {
    let mut out = Vec::new();
    let (mut rows_before, mut lines_before) = (0, 0);
    for (i, block) in blocks.iter().enumerate() {
        let mut rows = if i == 0 {
            open_csv_with(*block, delimiter).expect("the first block opens")
        } else {
            continue_csv(*block, delimiter, header.to_vec())
        };
        for item in rows.by_ref() {
            out.push(match item {
                Ok(row) => {
                    let (n, line, cells, warnings) = seen(row);
                    Ok((n + rows_before, line + lines_before, cells, warnings))
                }
                Err(mut e) => {
                    e.number += rows_before;
                    e.line += lines_before;
                    Err(e.to_string())
                }
            });
        }
        rows_before += rows.rows_read();
        lines_before += block.iter().filter(|&&b| b == b'\n').count() as u64;
    }
    out
}

/// Cut `text` at the last record end before each of `at` (some may find none).
fn cut_at(text: &[u8], delimiter: u8, at: &[usize]) -> Vec<usize> {
    let mut cuts = vec![0];
    for &p in at {
        let from = *cuts.last().unwrap();
        let p = p.min(text.len());
        if p <= from {
            continue;
        }
        if let Some(end) = last_record_end(&text[from..p], delimiter) {
            cuts.push(from + end);
        }
    }
    cuts.push(text.len());
    cuts.dedup();
    cuts
}

/// Whether a block, read from its start, ends on a record end, as the page's helpers tell
/// (src/wasm/files/parts.rs): the reader says once it has read the block; a first block that
/// does not open (cut inside its header) is asked of [`block_end`].
fn read_to_record_end(block: &[u8], delimiter: u8, first: bool) -> bool {
    let opened = if first {
        open_csv_with(block, delimiter).ok()
    } else {
        Some(continue_csv(block, delimiter, Vec::new()))
    };
    match opened {
        Some(mut rows) => {
            rows.by_ref().for_each(drop);
            rows.ended_on_record_end()
        }
        None => block_end(block, delimiter, first).on_record_end,
    }
}

/// Cut `text` as the page's worker does (www/js/block-pool.js), without reading it from the
/// start: just after the first terminator at or after each of `at`. Then, in file order, a
/// block that does not read to a record end (cut inside quotes) is joined with the next one.
/// Also gives how many blocks were joined so.
fn cut_blind(text: &[u8], delimiter: u8, at: &[usize]) -> (Vec<usize>, usize) {
    let mut blind = vec![0];
    for &p in at {
        let p = p.max(blind[blind.len() - 1] + 1);
        if p >= text.len() {
            break;
        }
        match cut_after_terminator(&text[p - 1..], 1) {
            Some(c) if p - 1 + c < text.len() => blind.push(p - 1 + c),
            _ => break,
        }
    }
    blind.push(text.len());
    let (mut cuts, mut joined) = (vec![0], 0);
    for &end in &blind[1..] {
        let start = cuts[cuts.len() - 1];
        let block = &text[start..end];
        if end == text.len() || read_to_record_end(block, delimiter, start == 0) {
            cuts.push(end);
        } else {
            joined += 1;
        }
    }
    (cuts, joined)
}

fn check(text: &[u8], at: &[usize]) -> Result<(), TestCaseError> {
    check_cuts(text, at, cut_at)
}

fn check_blind(text: &[u8], at: &[usize]) -> Result<(), TestCaseError> {
    check_cuts(text, at, |text, delimiter, at| {
        cut_blind(text, delimiter, at).0
    })
}

fn check_cuts(
    text: &[u8],
    at: &[usize],
    cut: impl Fn(&[u8], u8, &[usize]) -> Vec<usize>,
) -> Result<(), TestCaseError> {
    let Some((delimiter, header, expected)) = whole(text) else {
        return Ok(()); // no header: nothing to cut
    };
    let cuts = cut(text, delimiter, at);
    let blocks: Vec<&[u8]> = cuts.windows(2).map(|w| &text[w[0]..w[1]]).collect();
    // A first block without the header's end cannot be read alone; the readers cut after it.
    if open_csv_with(blocks[0], delimiter).is_err() {
        return Ok(());
    }
    let got = by_blocks(&blocks, delimiter, &header);
    prop_assert_eq!(
        got,
        expected,
        "cuts {:?} of {:?}",
        cuts,
        String::from_utf8_lossy(text)
    );
    Ok(())
}

fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop::sample::select(vec![b'a', b'b', b',', b';', b'"', b'"', b'\n', b'\r', b' ']);
    prop::collection::vec(byte, 0..120)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Cut where records end (RecordBlocks, the CLI), and cut blind then joined where a cut
    /// fell inside quotes (the page's worker): either way the blocks read as the whole.
    #[test]
    fn blocks_read_alone_read_as_the_whole(text in csvish(), at in prop::collection::vec(0..120usize, 1..5)) {
        let mut at = at;
        at.sort_unstable();
        // A header that is always whole, then the random records.
        let mut file = b"h1,h2,h3\n".to_vec();
        file.extend_from_slice(&text);
        let at: Vec<usize> = at.iter().map(|p| p + 9).collect();
        check(&file, &at)?;
        check_blind(&file, &at)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// The reader's own word on where a block ended (what the helpers ask) agrees with
    /// block_end's scan of its quotes, for blocks that start a record.
    #[test]
    fn the_reader_knows_whether_it_ended_on_a_record_end(
        text in csvish(),
        delimiter in prop::sample::select(vec![b',', b';']),
    ) {
        let mut rows = continue_csv(&text[..], delimiter, Vec::new());
        rows.by_ref().for_each(drop);
        prop_assert_eq!(
            rows.ended_on_record_end(),
            block_end(&text, delimiter, false).on_record_end,
            "{:?}",
            String::from_utf8_lossy(&text)
        );
    }
}

#[test]
fn cuts_inside_quoted_cells_are_found_and_joined() {
    // Most newlines are inside quoted notes, so most blind cuts land inside quotes.
    let mut text = String::from("\u{feff}Email,Notes\r\n");
    for i in 0..5_000 {
        text.push_str(&format!(
            "l{i}@x.example,\"one\r\ntwo\r\nthree \"\"q\"\"\r\nfour\"\r\n"
        ));
    }
    let bytes = text.as_bytes();
    let (delimiter, header, expected) = whole(bytes).unwrap();
    let at: Vec<usize> = (1..200).map(|k| k * 997).collect();
    let (cuts, joined) = cut_blind(bytes, delimiter, &at);
    assert!(joined > 50, "{joined} blocks joined");
    assert!(cuts.len() > 20, "{} blocks", cuts.len() - 1);
    let blocks: Vec<&[u8]> = cuts.windows(2).map(|w| &bytes[w[0]..w[1]]).collect();
    assert!(
        by_blocks(&blocks, delimiter, &header) == expected,
        "block reading differs"
    );
}

#[test]
fn a_generated_export_cut_into_blocks_reads_as_the_whole() {
    let mut text = String::from("\u{feff}Email,\"Job Title\",Notes\r\n");
    for i in 0..40_000 {
        let note = match i % 5 {
            0 => "\"two\nlines\"".to_string(),
            1 => "5'11\" tall".to_string(),
            2 => "\"said \"\"hi\"\"\"".to_string(),
            3 => String::new(),
            _ => "plain".to_string(),
        };
        text.push_str(&format!("lead{i}@x.example,\"VP, Sales\",{note}\r\n"));
        if i % 997 == 0 {
            text.push_str("\r\n"); // a blank line now and then
        }
    }
    let bytes = text.as_bytes();
    let (delimiter, header, expected) = whole(bytes).unwrap();
    let blocks: Vec<Vec<u8>> = RecordBlocks::new(bytes, 1)
        .unwrap()
        .map(|b| b.unwrap().bytes)
        .collect();
    assert!(blocks.len() >= 10, "{} blocks", blocks.len());
    let slices: Vec<&[u8]> = blocks.iter().map(Vec::as_slice).collect();
    let got = by_blocks(&slices, delimiter, &header);
    assert_eq!(got.len(), expected.len());
    assert!(got == expected, "block reading differs");
}
