//! Scoring throughput on a generated 1M-row CRM export with a 25-rule model, next to the raw
//! csv-crate parse of the same bytes (the floor the engine is measured against).
//!
//! `cargo bench --bench score`; `LEADSCORE_BENCH_ROWS=100000` for a quicker run.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use leadscore::engine::{Mapping, ScoreOptions, Scorer, Scratch};
use leadscore::model::Model;
use leadscore::table::SplitRows;

const HEADER: &str = "Email,Job Title,Company,Industry,Number of Employees,Annual Revenue,\
Country,Page Views,Emails Opened,Last Activity Date,Demo Requested,Pricing Page Views";

/// Shared with the browser benchmark (tests/bench/papa.mjs), which scores the same rules in JS.
const MODEL: &str = include_str!("../tests/bench/model-25.json");

/// A deterministic CRM-like export (xorshift, no dependency).
fn generate(rows: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    const TITLES: &[&str] = &[
        "CEO",
        "VP of Sales",
        "Marketing Manager",
        "Software Engineer",
        "Director, IT",
        "Head of Growth",
        "Student",
        "Chief Financial Officer",
        "Analyst",
        "Intern",
    ];
    const INDUSTRIES: &[&str] = &[
        "Software",
        "Retail",
        "Financial Services",
        "Healthcare",
        "Education",
        "Manufacturing",
        "Government",
        "Media",
    ];
    const COUNTRIES: &[&str] = &[
        "United States",
        "Germany",
        "France",
        "India",
        "Brazil",
        "United Kingdom",
        "Japan",
        "Canada",
    ];
    const DOMAINS: &[&str] = &[
        "acme.example",
        "gmail.com",
        "globex.example",
        "mailinator.com",
        "initech.example",
        "yahoo.com",
        "rival.example",
        "umbrella.example",
    ];
    let mut out = Vec::with_capacity(rows * 130);
    out.extend_from_slice(HEADER.as_bytes());
    out.push(b'\n');
    for i in 0..rows {
        let local = if next(20) == 0 {
            "info".to_string()
        } else {
            format!("lead{i}")
        };
        let line = format!(
            "{local}@{},\"{}\",Company {} Inc,{},{},{},{},{},{},2026-{:02}-{:02},{},{}\n",
            DOMAINS[next(8) as usize],
            TITLES[next(10) as usize],
            next(50_000),
            INDUSTRIES[next(8) as usize],
            next(5000),
            next(50_000_000),
            COUNTRIES[next(8) as usize],
            next(40),
            next(12),
            1 + next(10),
            1 + next(28),
            if next(10) == 0 { "yes" } else { "no" },
            next(6),
        );
        out.extend_from_slice(line.as_bytes());
    }
    out
}

fn parse_only(data: &[u8]) -> usize {
    let mut reader = csv::Reader::from_reader(data);
    let mut record = csv::StringRecord::new();
    let mut rows = 0;
    while reader.read_record(&mut record).unwrap_or(false) {
        rows += 1;
    }
    rows
}

fn parse_and_score(data: &[u8], scorer: &Scorer) -> f64 {
    let mut reader = csv::Reader::from_reader(data);
    let mut record = csv::StringRecord::new();
    let mut scratch = scorer.scratch();
    let mut sum = 0.0;
    while reader.read_record(&mut record).unwrap_or(false) {
        sum += scorer.score_with(&record, &mut scratch).total;
    }
    sum
}

/// What the CLI and the page do: the project's own reader (sniffing, BOM, encodings, row
/// numbers and warnings) instead of the bare csv reader, then scoring.
fn table_and_score(data: &[u8], scorer: &Scorer) -> f64 {
    let mut rows = leadscore::table::open_csv(data).expect("bench data is a table");
    score_rows(&mut rows, scorer, &mut scorer.scratch())
}

/// What the page's helpers and `leadscore score` do with each block: rows read in place
/// (`table::SplitRows`), then scored; here the whole file as one block.
fn split_and_score(data: &[u8], scorer: &Scorer) -> f64 {
    let header_len = HEADER.split(',').count();
    let rows = SplitRows::for_block(data, b',', true, header_len)
        .expect("bench data is a table")
        .expect("bench data is UTF-8");
    score_split(rows, scorer, &mut scorer.scratch())
}

fn score_split(
    mut rows: leadscore::table::SplitRows,
    scorer: &Scorer,
    scratch: &mut Scratch,
) -> f64 {
    let mut sum = 0.0;
    while let Some(row) = rows.next_row() {
        sum += scorer.score_with(&row.cells, scratch).total;
    }
    sum
}

/// The sum of the scores of every readable row.
fn score_rows<R: std::io::Read>(
    rows: &mut leadscore::table::CsvRows<R>,
    scorer: &Scorer,
    scratch: &mut Scratch,
) -> f64 {
    let mut sum = 0.0;
    while let Some(row) = rows.next() {
        if let Ok(row) = row {
            sum += scorer.score_with(&row, scratch).total;
            rows.recycle(row);
        }
    }
    sum
}

/// [`split_and_score`] on every core: the file cut into blocks at record ends, blocks read in
/// place and scored on `threads` threads (`table::map_blocks`, what `leadscore score` does).
fn blocks_and_score(data: &[u8], scorer: &Scorer, threads: usize) -> f64 {
    let blocks = leadscore::table::RecordBlocks::new(data, BLOCK_BYTES).expect("in memory");
    let delimiter = blocks.delimiter();
    let header_len = HEADER.split(',').count();
    let mut sum = 0.0;
    leadscore::table::map_blocks::<_, _, _, std::io::Error, _, _, _>(
        blocks,
        threads,
        || scorer.scratch(),
        |scratch, block| {
            let rows = SplitRows::for_block(&block.bytes, delimiter, block.is_first(), header_len)
                .expect("a table")
                .expect("UTF-8");
            score_split(rows, scorer, scratch)
        },
        |block_sum| {
            sum += block_sum;
            Ok(())
        },
    )
    .expect("in memory");
    sum
}

/// Block size for [`blocks_and_score`] (the CLI's default).
const BLOCK_BYTES: usize = 1 << 20;

fn bench(c: &mut Criterion) {
    let rows: usize = std::env::var("LEADSCORE_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let data = generate(rows);
    let model = Model::from_json(MODEL).expect("bench model is valid");
    let rules: usize = model.groups.iter().map(|g| g.rules.len()).sum();
    let mapping: Mapping = model
        .fields
        .keys()
        .enumerate()
        .map(|(i, f)| (f.clone(), i))
        .collect();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 1);
    let scorer = Scorer::new(&model, &mapping, ScoreOptions { as_of }).expect("compiles");
    if let Some(which) = std::env::var_os("LEADSCORE_BENCH_ONCE") {
        // One plain pass for profilers (callgrind, perf record): no criterion loop. Its time
        // goes to stderr, for quick before/after comparisons without the generation's.
        let started = Instant::now();
        if which == "blocks" {
            let threads = std::thread::available_parallelism().map_or(1, usize::from);
            std::hint::black_box(blocks_and_score(&data, &scorer, threads));
        } else if which == "records" {
            // Scoring alone, on records read beforehand: the engine's own share, five times.
            let mut reader = csv::Reader::from_reader(&data[..]);
            let records: Vec<csv::StringRecord> = reader.records().map_while(Result::ok).collect();
            let mut scratch = scorer.scratch();
            for _ in 0..5 {
                let t = Instant::now();
                let sum: f64 = (records.iter())
                    .map(|r| scorer.score_with(r, &mut scratch).total)
                    .sum();
                std::hint::black_box(sum);
                eprintln!("scoring read records: {:.3} s", t.elapsed().as_secs_f64());
            }
        } else if which == "split-only" {
            // Rows read in place, not scored: the reader's own share.
            let mut rows = SplitRows::for_block(&data, b',', true, 12)
                .expect("a table")
                .expect("UTF-8");
            let mut cells = 0;
            while let Some(row) = rows.next_row() {
                cells += row.cells.len();
            }
            std::hint::black_box(cells);
        } else if which == "split" {
            std::hint::black_box(split_and_score(&data, &scorer));
        } else if which == "table" {
            std::hint::black_box(table_and_score(&data, &scorer));
        } else {
            std::hint::black_box(parse_and_score(&data, &scorer));
        }
        eprintln!("{which:?}: {:.3} s", started.elapsed().as_secs_f64());
        return;
    }

    let mut group = c.benchmark_group(format!("{rows} rows, {rules} rules"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(15));
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("csv parse only", |b| b.iter(|| parse_only(&data)));
    group.bench_function("parse + score", |b| {
        b.iter(|| parse_and_score(&data, &scorer))
    });
    group.finish();

    // The figures the project tracks, from a few plain timed runs (best of 3).
    let best = |f: &dyn Fn()| {
        (0..3)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .fold(f64::MAX, f64::min)
    };
    let parse = best(&|| {
        std::hint::black_box(parse_only(&data));
    });
    let score = best(&|| {
        std::hint::black_box(parse_and_score(&data, &scorer));
    });
    let table = best(&|| {
        std::hint::black_box(table_and_score(&data, &scorer));
    });
    let split = best(&|| {
        std::hint::black_box(split_and_score(&data, &scorer));
    });
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let parallel = best(&|| {
        std::hint::black_box(blocks_and_score(&data, &scorer, threads));
    });
    let mb = data.len() as f64 / 1e6;
    println!("\nleadscore bench: {rows} rows, {mb:.1} MB, {rules} rules");
    println!(
        "  csv parse only : {parse:.3} s  {:>10.0} rows/s  {:>7.1} MB/s",
        rows as f64 / parse,
        mb / parse
    );
    println!(
        "  parse + score  : {score:.3} s  {:>10.0} rows/s  {:>7.1} MB/s",
        rows as f64 / score,
        mb / score
    );
    println!(
        "  table + score  : {table:.3} s  {:>10.0} rows/s  {:>7.1} MB/s  (table::open_csv, as `--threads 1` and streamed files read)",
        rows as f64 / table,
        mb / table
    );
    println!(
        "  split + score  : {split:.3} s  {:>10.0} rows/s  {:>7.1} MB/s  (table::SplitRows, as the page's helpers and the CLI's threads read)",
        rows as f64 / split,
        mb / split
    );
    println!(
        "  blocks + score : {parallel:.3} s  {:>10.0} rows/s  {:>7.1} MB/s  ({threads} threads, as `leadscore score` runs)",
        rows as f64 / parallel,
        mb / parallel
    );
    println!(
        "  ratio to the csv parse: {:.2}x (split + score) and {:.2}x (csv reader + score) on one thread, {:.2}x on {threads} threads  (goal: <= 1.5x)",
        split / parse,
        score / parse,
        parallel / parse
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
