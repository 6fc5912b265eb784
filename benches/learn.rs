//! Training time on the UCI Bank Marketing file (41,188 rows, ~60 encoded features): read
//! once, then `learn::train` (5-fold cross-validation + the final fit) and one fit alone.
//! The browser worker that runs this (tests/bench/train.mjs) is ~1.5x slower than native;
//! the target there is < 3 s.
//!
//! `cargo bench --bench learn`; `LEADSCORE_BANK=path/to/bank-additional-full.csv` for
//! another copy. Skipped, with a message, when the file is not there.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use leadscore::learn::{self, History, TrainOptions};
use leadscore::table::open_csv;

fn bank_path() -> PathBuf {
    std::env::var_os("LEADSCORE_BANK").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/data/bank-additional-full.csv")
        },
        PathBuf::from,
    )
}

fn read(path: &PathBuf) -> Option<History> {
    let file = std::fs::File::open(path).ok()?;
    let mut rows = open_csv(std::io::BufReader::new(file)).ok()?;
    let header = rows.header().to_vec();
    Some(History::collect(header, &mut rows).0)
}

fn bench(c: &mut Criterion) {
    let path = bank_path();
    let Some(history) = read(&path) else {
        println!(
            "learn bench skipped: {} not found (set LEADSCORE_BANK)",
            path.display()
        );
        return;
    };
    let options = TrainOptions {
        outcome: "y".into(),
        positive: vec!["yes".into()],
        min_count: 1,
        ..TrainOptions::default()
    };
    let started = Instant::now();
    let trained = learn::train(&history, &options).expect("the bank file trains");
    println!(
        "train, {} rows x {} features (5-fold CV + final fit): {:.3} s; CV AUC {:.4}",
        trained.prepared.y.len(),
        trained.encoder.width,
        started.elapsed().as_secs_f64(),
        trained.cv.mean_auc
    );

    let mut group = c.benchmark_group("learn");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("train bank (prepare + 5-fold CV + final fit)", |b| {
        b.iter(|| learn::train(&history, &options).expect("trains"))
    });
    let prepared = &trained.prepared;
    let all: Vec<usize> = (0..prepared.y.len()).collect();
    group.bench_function("one fit on all rows (encode + Newton)", |b| {
        b.iter(|| {
            let encoder = learn::Encoder::fit(prepared, &all, 1);
            let x = encoder.transform(prepared, &all);
            learn::fit_logistic(&x, &prepared.y, 1.0).expect("fits")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
