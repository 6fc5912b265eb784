//! `table::cell_ranks` (the page sorts its table by a column with it) against the plain way:
//! every cell's key compared whole.
// Native only: proptest does not build for wasm32 (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use std::cmp::Ordering;

use leadscore::engine::cell::parse_number;
use leadscore::table::cell_ranks;
use proptest::prelude::*;

/// The order `cell_ranks` promises: numbers (as the engine reads them) in `total_cmp` order,
/// then lowercased text by bytes; `None` (last) for an empty cell.
fn key(cell: &str) -> Option<(u8, f64, String)> {
    let cell = cell.trim();
    if cell.is_empty() {
        return None;
    }
    Some(match parse_number(cell) {
        Some(n) => (0, n, String::new()),
        None => (1, 0.0, cell.to_lowercase()),
    })
}

fn compare(a: &(u8, f64, String), b: &(u8, f64, String)) -> Ordering {
    (a.0.cmp(&b.0))
        .then(a.1.total_cmp(&b.1))
        .then_with(|| a.2.cmp(&b.2))
}

/// Ranks by sorting the keys themselves.
fn plain_ranks(cells: &[String]) -> Vec<u32> {
    let keys: Vec<_> = cells.iter().map(|c| key(c)).collect();
    let mut order: Vec<usize> = (0..keys.len()).filter(|&i| keys[i].is_some()).collect();
    let k = |i: usize| keys[i].as_ref().expect("filtered");
    order.sort_by(|&a, &b| compare(k(a), k(b)));
    let mut ranks = vec![u32::MAX; keys.len()];
    let mut rank = 0;
    for (n, &i) in order.iter().enumerate() {
        if n > 0 && compare(k(order[n - 1]), k(i)) != Ordering::Equal {
            rank += 1;
        }
        ranks[i] = rank;
    }
    ranks
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        // Texts that share long prefixes, in both cases, some not ASCII.
        "(lead|LEAD|Lead)[0-9]{0,4}(@x\\.io)?",
        // Longer than the 15 bytes a key holds, sharing them.
        "(lead|LEAD)-00000000(0|1)-[a-c]{0,2}",
        // A NUL byte, which pads short keys.
        "ab\\x00?a?",
        "[a-cA-CéÉ ]{0,12}",
        // Numbers as exports write them, and near-numbers.
        "-?[0-9]{1,4}(\\.[0-9]{1,2})?",
        "\\$?[0-9]{1,3}(,[0-9]{3})?[kKmM]?",
        "[0-9]{1,3}-[0-9]{1,3}",
        Just(String::new()),
        Just("  ".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn ranks_agree_with_sorting_the_keys_whole(cells in prop::collection::vec(cell(), 0..60)) {
        let ranks = cell_ranks(cells.iter().map(String::as_str));
        prop_assert_eq!(ranks, plain_ranks(&cells), "{:?}", cells);
    }
}
