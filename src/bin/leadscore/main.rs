//! The leadscore command line: validate models, score files in batch, explain one lead,
//! learn a scorecard from history, evaluate and compare models.

use std::fs::File;
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use leadscore::engine::{LeadScore, Mapping, ReasonOutcome, ScoreOptions, Scorer};
use leadscore::learn::{self, History, LearnError};
use leadscore::model::{Model, OddsScale};
use leadscore::table::{
    self, detect_format, open_bytes_sheet, open_csv, Format, Row, RowError, DETECT_LEN,
};

mod score;

#[derive(Parser)]
#[command(
    name = "leadscore",
    version,
    about = "Explainable lead scoring: validate models, score CRM exports, explain scores"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check models; every problem is listed with its JSON path.
    Validate {
        #[arg(required = true)]
        models: Vec<PathBuf>,
    },
    /// Score every row of a CSV/XLSX/XLS/ODS file; writes the rows with score columns added.
    Score {
        #[command(flatten)]
        input: InputArgs,
        /// Output file (.csv or .xlsx); standard output (CSV) when absent.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Score column names for a CRM import: standard, hubspot, salesforce or marketo.
        #[arg(long, default_value = "standard")]
        layout: String,
        /// Threads scoring a CSV file (default: one per core). The output is the same
        /// whatever the number.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        threads: Option<u16>,
        /// Bytes per block of a CSV file scored on several threads (for tests).
        #[arg(long, default_value_t = score::BLOCK_BYTES, hide = true)]
        block_bytes: usize,
    },
    /// Show the full receipt of one row: every rule that fired and its points.
    Explain {
        #[command(flatten)]
        input: InputArgs,
        /// The data row to explain (1 = first row after the header).
        #[arg(long)]
        row: u64,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Learn a scorecard model from history (leads with a known outcome).
    Train {
        #[command(flatten)]
        history: HistoryArgs,
        /// Columns never used as features, comma-separated (after-the-fact data, ids).
        #[arg(long, value_delimiter = ',')]
        exclude: Vec<String>,
        /// Cross-validation folds.
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Seed of the fold shuffle.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Inverse L2 regularisation strength (as scikit-learn's C).
        #[arg(long, default_value_t = 1.0)]
        c: f64,
        /// Category levels seen fewer times share one "other" rule.
        #[arg(long, default_value_t = 10)]
        min_count: usize,
        /// Points to double the odds of converting.
        #[arg(long, default_value_t = 20.0)]
        pdo: f64,
        /// The score of a lead with even odds (50%).
        #[arg(long, default_value_t = 100.0)]
        base_score: f64,
        /// Ranges (quantile bins) per number or date column in the scorecard.
        #[arg(long, default_value_t = 10)]
        bins: usize,
        /// Name of the model written.
        #[arg(long, default_value = "Learned scorecard")]
        name: String,
        /// Where to write the scorecard model (JSON).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Measure a model against history: AUC, lift, conversion per band, threshold sweep;
    /// with --compare, two models side by side (DeLong test on the AUC difference).
    Evaluate {
        /// The model to evaluate (A).
        #[arg(short, long)]
        model: PathBuf,
        /// A second model (B) to compare with A on the same rows.
        #[arg(long)]
        compare: Option<PathBuf>,
        /// Print the measures as JSON (as the web page receives them) instead of tables.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        history: HistoryArgs,
    },
    /// The accuracy check against scikit-learn on the UCI Bank Marketing data: 5-fold
    /// stratified CV, seed 42, C = 1, with and without `duration`.
    EvalBank {
        /// bank-additional-full.csv (default: ../shared/data/ from the repository).
        path: Option<PathBuf>,
    },
}

#[derive(Args)]
struct HistoryArgs {
    /// The outcome column (converted or not).
    #[arg(long)]
    outcome: String,
    /// Outcome values meaning converted, comma-separated (default: yes, y, true, t, 1, won,
    /// closed won, win, converted, customer).
    #[arg(long, value_delimiter = ',')]
    positive: Vec<String>,
    /// The day date ages count to (YYYY-MM-DD or "today"; train defaults to the latest date
    /// in the data).
    #[arg(long)]
    as_of: Option<String>,
    /// Worksheet to read from a workbook (default: the first with data).
    #[arg(long)]
    sheet: Option<String>,
    /// The history file (CSV, XLSX, XLS, ODS).
    input: PathBuf,
}

#[derive(Args)]
struct InputArgs {
    /// The scoring model (JSON).
    #[arg(short, long)]
    model: PathBuf,
    /// Score as of this date (YYYY-MM-DD, or "today"); required when the model uses dates.
    #[arg(long)]
    as_of: Option<String>,
    /// Worksheet to read from a workbook (default: the first with data).
    #[arg(long)]
    sheet: Option<String>,
    /// Map a model field to a column by header, overriding the automatic mapping
    /// (repeatable): --map "employees=Company Size".
    #[arg(long = "map", value_name = "FIELD=HEADER")]
    maps: Vec<String>,
    /// The leads file.
    input: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { models } => validate(&models),
        Command::Score {
            input,
            output,
            layout,
            threads,
            block_bytes,
        } => score::score(&score::ScoreArgs {
            input: &input,
            output: output.as_deref(),
            layout: &layout,
            threads: threads.map(usize::from),
            block_bytes,
        }),
        Command::Explain { input, row, json } => explain(&input, row, json),
        Command::Train {
            history,
            exclude,
            folds,
            seed,
            c,
            min_count,
            pdo,
            base_score,
            bins,
            name,
            output,
        } => {
            let options = learn::TrainOptions {
                outcome: history.outcome.clone(),
                positive: history.positive.clone(),
                exclude,
                folds,
                seed,
                c,
                min_count,
                as_of: None,
            };
            let card = learn::ScorecardOptions {
                name,
                scale: OddsScale {
                    pdo,
                    base_score,
                    base_odds: 1.0,
                },
                bins: bins.max(1),
            };
            train(&history, options, &card, &output)
        }
        Command::Evaluate {
            model,
            compare,
            json,
            history,
        } => evaluate(&model, compare.as_deref(), json, &history),
        Command::EvalBank { path } => eval_bank(path),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn validate(paths: &[PathBuf]) -> Result<ExitCode, String> {
    let mut failed = false;
    for path in paths {
        match load_model(path) {
            Ok(model) => {
                let rules: usize = model.groups.iter().map(|g| g.rules.len()).sum();
                println!(
                    "{}: ok: {} ({} fields, {} rules)",
                    path.display(),
                    model.name,
                    model.fields.len(),
                    rules
                );
            }
            Err(message) => {
                failed = true;
                println!("{message}");
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn load_model(path: &Path) -> Result<Model, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    Model::from_json(&text).map_err(|e| {
        let lines: Vec<String> = e
            .problems
            .iter()
            .map(|p| format!("{}: {p}", path.display()))
            .collect();
        lines.join("\n")
    })
}

fn parse_as_of(text: Option<&str>) -> Result<Option<NaiveDate>, String> {
    match text {
        None => Ok(None),
        Some("today") => Ok(Some(today_utc())),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| format!("--as-of '{t}' is not a date like 2026-11-01")),
    }
}

fn today_utc() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    NaiveDate::default() + chrono::Days::new(secs / 86_400)
}

/// Whether `path` holds delimited text (by its name and first bytes, as [`with_rows`] reads).
fn is_csv(path: &Path) -> Result<bool, String> {
    let name = path.display().to_string();
    let file = File::open(path).map_err(|e| format!("{name}: cannot open: {e}"))?;
    let mut prefix = Vec::with_capacity(DETECT_LEN);
    io::Read::read_to_end(&mut io::Read::take(file, DETECT_LEN as u64), &mut prefix)
        .map_err(|e| format!("{name}: cannot read: {e}"))?;
    let file_name = path.file_name().and_then(|n| n.to_str());
    Ok(detect_format(file_name, &prefix) == Format::Csv)
}

/// Rows of the input, whatever its format: CSV streams from disk (files larger than memory
/// work); workbooks are read whole, as their format requires.
fn with_rows<T>(
    path: &Path,
    sheet: Option<&str>,
    each: impl FnOnce(
        &[String],
        Vec<String>,
        &mut dyn Iterator<Item = Result<Row, RowError>>,
    ) -> Result<T, String>,
) -> Result<T, String> {
    let name = path.display().to_string();
    let open = |p: &Path| File::open(p).map_err(|e| format!("{name}: cannot open: {e}"));
    if is_csv(path)? {
        let mut rows = open_csv(BufReader::with_capacity(1 << 20, open(path)?))
            .map_err(|e| format!("{name}: {e}"))?;
        let header = rows.header().to_vec();
        let warnings = rows.warnings().to_vec();
        let result = each(&header, warnings.clone(), &mut rows)?;
        // Notes found while reading (text re-decoded as Windows-1252).
        for w in rows.warnings().iter().skip(warnings.len()) {
            eprintln!("warning: {name}: {w}");
        }
        return Ok(result);
    }
    let file_name = path.file_name().and_then(|n| n.to_str());
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
    let mut rows =
        open_bytes_sheet(&bytes, file_name, sheet).map_err(|e| format!("{name}: {e}"))?;
    let header = rows.header().to_vec();
    let warnings = rows.warnings();
    each(&header, warnings, &mut rows)
}

/// The model compiled for this header: automatic mapping, then the user's --map overrides.
fn compile(args: &InputArgs, model: &Model, header: &[String]) -> Result<Scorer, String> {
    let report = table::suggest(model, header);
    let mut mapping: Mapping = report.mapping;
    for spec in &args.maps {
        let (field, wanted) = spec
            .split_once('=')
            .ok_or_else(|| format!("--map '{spec}': write FIELD=HEADER"))?;
        if !model.fields.contains_key(field) {
            return Err(format!("--map '{spec}': the model has no field '{field}'"));
        }
        let column = header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(wanted.trim()))
            .ok_or_else(|| {
                format!(
                    "--map '{spec}': no column is headed '{wanted}' (columns: {})",
                    header.join(", ")
                )
            })?;
        mapping.set(field, column);
    }
    let unmapped: Vec<&str> = model
        .field_names()
        .filter(|f| mapping.column(f).is_none())
        .collect();
    if !unmapped.is_empty() {
        eprintln!(
            "note: no column for {} (rules on them never fire; map with --map FIELD=HEADER)",
            unmapped.join(", ")
        );
    }
    let as_of = parse_as_of(args.as_of.as_deref())?;
    Scorer::new(model, &mapping, ScoreOptions { as_of }).map_err(|e| {
        if e.to_string().contains("as_of") {
            format!("{e}\n  pass --as-of YYYY-MM-DD")
        } else {
            e.to_string()
        }
    })
}

fn explain(args: &InputArgs, wanted: u64, json: bool) -> Result<ExitCode, String> {
    let model = load_model(&args.model)?;
    with_rows(
        &args.input,
        args.sheet.as_deref(),
        |header, _warnings, rows| {
            let scorer = compile(args, &model, header)?;
            for item in rows {
                match item {
                    Ok(row) if row.number == wanted => {
                        let lead = scorer.explain(&row);
                        if json {
                            let text =
                                serde_json::to_string_pretty(&lead).map_err(|e| e.to_string())?;
                            println!("{text}");
                        } else {
                            print_receipt(&row, &lead, header);
                        }
                        return Ok(ExitCode::SUCCESS);
                    }
                    Err(e) if e.number == wanted => return Err(e.to_string()),
                    _ => {}
                }
            }
            Err(format!("{} has no data row {wanted}", args.input.display()))
        },
    )
}

fn print_receipt(row: &Row, lead: &LeadScore, header: &[String]) {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    println!("row {} (line {})", row.number, row.line);
    println!(
        "score {}  (fit {}, engagement {})   band {}   grade {}   matrix {}   handoff {}",
        num(lead.total),
        num(lead.fit),
        num(lead.engagement),
        opt(&lead.band),
        opt(&lead.grade),
        opt(&lead.matrix),
        if lead.handoff { "yes" } else { "no" }
    );
    println!(
        "stage {}   segment {}",
        opt(&lead.stage),
        opt(&lead.segment)
    );
    if let Some(p) = lead.probability {
        println!("predicted probability of converting: {:.1}%", 100.0 * p);
    }
    println!(
        "qualification: {}",
        lead.qualification.state.as_str().replace('_', " ")
    );
    for r in &lead.qualification.reasons {
        let mark = match r.outcome {
            ReasonOutcome::Met => "met      ",
            ReasonOutcome::Failed => "failed   ",
            ReasonOutcome::Unknown => "unknown  ",
            ReasonOutcome::Knockout => "KNOCKOUT ",
        };
        println!("  {mark}{}", r.label);
    }
    println!("rules fired:");
    for hit in &lead.receipt.fired {
        let mut notes = Vec::new();
        if hit.capped {
            notes.push(format!("capped from {}", num(hit.raw)));
        }
        if let Some(d) = hit.decay {
            notes.push(format!("decay x{d:.3}"));
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("  ({})", notes.join(", "))
        };
        println!(
            "  {:>8}  {:<12} {}{notes}",
            signed(hit.points),
            hit.group,
            hit.label
        );
    }
    println!("groups:");
    for g in &lead.receipt.groups {
        let clamp = if g.raw != g.points {
            format!("  (sum {}, clamped)", num(g.raw))
        } else {
            String::new()
        };
        println!("  {:>8}  {}{clamp}", signed(g.points), g.label);
    }
    if lead.receipt.raw_total != lead.total {
        println!(
            "total clamped from {} to {}",
            num(lead.receipt.raw_total),
            num(lead.total)
        );
    }
    if !lead.receipt.missing.is_empty() {
        println!("missing: {}", lead.receipt.missing.join(", "));
    }
    for p in &lead.receipt.problems {
        let head = header.get(p.column).map_or("", String::as_str);
        println!("problem: column {} \"{head}\": {}", p.column + 1, p.message);
    }
}

fn num(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}

fn signed(x: f64) -> String {
    if x >= 0.0 {
        format!("+{}", num(x))
    } else {
        num(x)
    }
}

/// Read a whole history file; unreadable rows are reported and left out.
fn read_history(path: &Path, sheet: Option<&str>) -> Result<History, String> {
    with_rows(path, sheet, |header, warnings, rows| {
        for w in warnings {
            eprintln!("warning: {}: {w}", path.display());
        }
        let (history, errors) = History::collect(header.to_vec(), rows);
        for e in errors {
            eprintln!("warning: {}: {e} (row left out)", path.display());
        }
        if history.rows.is_empty() {
            return Err(format!("{}: no data rows", path.display()));
        }
        Ok(history)
    })
}

/// A learning error with its file: "leads.csv: row 4, column 'y': ...".
fn located(path: &Path) -> impl Fn(LearnError) -> String + '_ {
    move |e| format!("{}: {e}", path.display())
}

fn train(
    args: &HistoryArgs,
    mut options: learn::TrainOptions,
    card: &learn::ScorecardOptions,
    output: &Path,
) -> Result<ExitCode, String> {
    options.as_of = parse_as_of(args.as_of.as_deref())?;
    let history = read_history(&args.input, args.sheet.as_deref())?;
    let started = Instant::now();
    let trained = learn::train(&history, &options).map_err(located(&args.input))?;
    let seconds = started.elapsed().as_secs_f64();
    let prepared = &trained.prepared;
    for note in &prepared.notes {
        eprintln!("note: {note}");
    }
    let positives = prepared.y.iter().filter(|&&v| v == 1.0).count();
    println!(
        "{} rows, {positives} converted ({:.1}%); {} columns -> {} features; trained in {seconds:.2} s",
        prepared.y.len(),
        100.0 * positives as f64 / prepared.y.len() as f64,
        prepared.columns.len(),
        trained.encoder.width,
    );
    println!(
        "cross-validated ROC AUC ({} folds, seed {}): {:.4} ± {:.4}   log loss {:.4}",
        options.folds, options.seed, trained.cv.mean_auc, trained.cv.sd_auc, trained.log_loss
    );
    let show = |f: &learn::Factor| println!("  {:+8.3}  {}", f.weight, f.name);
    println!("top positive factors (log-odds per sd, or for the level):");
    trained
        .factors
        .iter()
        .take(5)
        .filter(|f| f.weight > 0.0)
        .for_each(show);
    println!("top negative factors:");
    trained
        .factors
        .iter()
        .rev()
        .take(5)
        .filter(|f| f.weight < 0.0)
        .for_each(show);
    println!("calibration (out of fold, tenths by predicted probability):");
    for r in &trained.calibration {
        println!(
            "  {:>2}  predicted {:>5.1}%  observed {:>5.1}%  ({} leads)",
            r.bin,
            100.0 * r.mean_predicted,
            100.0 * r.observed,
            r.count
        );
    }
    let t = trained.threshold;
    println!(
        "recommended handoff threshold (max F1): p >= {:.3} = {} points: hands off {:.1}% of \
         leads, precision {:.3}, recall {:.3}",
        t.threshold,
        num(card.score_of(t.threshold).round()),
        100.0 * t.share,
        t.precision,
        t.recall
    );
    let model = learn::to_scorecard(&trained, card);
    let json = model.to_json();
    // The written model must read back and score: check it through the engine now.
    let reread = Model::from_json(&json).map_err(|e| format!("the scorecard is invalid: {e}"))?;
    let scored = learn::score_history(
        &reread,
        &history,
        &options.outcome,
        &options.positive,
        prepared.as_of,
    )
    .map_err(located(&args.input))?;
    let eval = learn::evaluate(&scored);
    println!(
        "scorecard: {} rules; ROC AUC on the training rows {:.4} (logistic model {:.4})",
        reread.groups.iter().map(|g| g.rules.len()).sum::<usize>(),
        eval.auc,
        in_sample_auc(&trained),
    );
    if let Some(d) = prepared.as_of {
        println!("dates are aged to {d}: score with --as-of");
    }
    std::fs::write(output, json + "\n")
        .map_err(|e| format!("{}: cannot write: {e}", output.display()))?;
    println!("wrote {}", output.display());
    Ok(ExitCode::SUCCESS)
}

fn in_sample_auc(trained: &learn::Trained) -> f64 {
    let all: Vec<usize> = (0..trained.prepared.y.len()).collect();
    let p = trained
        .model
        .predict(&trained.encoder.transform(&trained.prepared, &all));
    learn::metrics::roc_auc(&p, &trained.prepared.y).unwrap_or(0.5)
}

fn evaluate(
    model: &Path,
    compare: Option<&Path>,
    json: bool,
    args: &HistoryArgs,
) -> Result<ExitCode, String> {
    let as_of = parse_as_of(args.as_of.as_deref())?;
    let history = read_history(&args.input, args.sheet.as_deref())?;
    let score = |path: &Path| -> Result<(learn::ModelOnHistory, learn::ScoredHistory), String> {
        let m = load_model(path)?;
        let scored = learn::score_history(&m, &history, &args.outcome, &args.positive, as_of)
            .map_err(|e| {
                let hint = if e.message.contains("as_of") {
                    "\n  pass --as-of YYYY-MM-DD"
                } else {
                    ""
                };
                format!("{}: {e}{hint}", args.input.display())
            })?;
        if !scored.unmapped.is_empty() {
            eprintln!(
                "note: {}: no column for {} (rules on them never fire)",
                path.display(),
                scored.unmapped.join(", ")
            );
        }
        Ok((learn::ModelOnHistory::new(&m, &scored), scored))
    };
    let (named_a, a) = score(model)?;
    let Some(b_path) = compare else {
        let evaluation = learn::evaluate(&a);
        if json {
            print_json(&learn::EvaluationReport {
                model: named_a,
                evaluation,
            })?;
        } else {
            print_evaluation(&model.display().to_string(), &evaluation);
        }
        return Ok(ExitCode::SUCCESS);
    };
    let (named_b, b) = score(b_path)?;
    let c = learn::compare(&a, &b).map_err(located(&args.input))?;
    if json {
        print_json(&learn::ComparisonReport {
            a: named_a,
            b: named_b,
            comparison: c,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let (na, nb) = (model.display().to_string(), b_path.display().to_string());
    print_evaluation(&format!("A = {na}"), &c.a);
    println!();
    print_evaluation(&format!("B = {nb}"), &c.b);
    println!();
    println!("A vs B on the same {} rows", c.a.rows);
    println!(
        "  ROC AUC  A {:.4}   B {:.4}   A - B {:+.4}  (95% CI {:+.4} to {:+.4}, DeLong paired, p = {:.3})",
        c.a.auc, c.b.auc, c.auc_difference, c.ci_low, c.ci_high, c.p_value
    );
    println!(
        "  lift in the top decile  A {:.2}   B {:.2}",
        c.a.lift.first().map_or(0.0, |l| l.lift),
        c.b.lift.first().map_or(0.0, |l| l.lift)
    );
    for (name, e, h) in [("A", &c.a, c.a_handoff), ("B", &c.b, c.b_handoff)] {
        let how = if e.handoff.is_some() {
            "its handoff band".to_string()
        } else {
            format!("its max-F1 threshold {}", num(e.recommended.threshold))
        };
        println!(
            "  {name} hands off {:.1}% ({how}): conversion {:.1}%, finds {:.1}% of conversions",
            100.0 * h.share,
            100.0 * h.precision,
            100.0 * h.recall
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn print_json(value: &impl serde::Serialize) -> Result<(), String> {
    println!(
        "{}",
        serde_json::to_string_pretty(value).map_err(|e| e.to_string())?
    );
    Ok(())
}

fn print_evaluation(title: &str, e: &learn::Evaluation) {
    println!("{title}");
    println!(
        "  {} rows, {} converted ({:.1}%); ROC AUC {:.4}",
        e.rows,
        e.positives,
        100.0 * e.positives as f64 / e.rows.max(1) as f64,
        e.auc
    );
    println!("  lift by decile (best scores first):");
    println!("    decile  leads  converted   rate    lift  cum.lift  captured  min score");
    for l in &e.lift {
        println!(
            "    {:>6} {:>6} {:>10} {:>6.1}% {:>7.2} {:>9.2} {:>8.1}% {:>10}",
            l.decile,
            l.count,
            l.positives,
            100.0 * l.rate,
            l.lift,
            l.cumulative_lift,
            100.0 * l.cumulative_capture,
            num(l.min_score)
        );
    }
    println!("  conversion per band:");
    for b in &e.bands {
        println!(
            "    {:<12} {:>7} leads {:>7} converted {:>6.1}%",
            b.band,
            b.count,
            b.positives,
            100.0 * b.rate
        );
    }
    if let Some(h) = e.handoff {
        println!(
            "  handoff band: {:.1}% of leads, conversion {:.1}%, finds {:.1}% of conversions",
            100.0 * h.share,
            100.0 * h.precision,
            100.0 * h.recall
        );
    }
    println!("  threshold sweep (score >= threshold is handed off):");
    println!("    threshold  handed off  precision  recall     F1");
    for p in &e.sweep {
        let mark = if *p == e.recommended {
            "  <- recommended (max F1)"
        } else {
            ""
        };
        println!(
            "    {:>9} {:>10.1}% {:>10.3} {:>7.3} {:>6.3}{mark}",
            num(p.threshold),
            100.0 * p.share,
            p.precision,
            p.recall,
            p.f1
        );
    }
}

/// The reference protocol of ../shared/data/README.md, with and without `duration`.
fn eval_bank(path: Option<PathBuf>) -> Result<ExitCode, String> {
    let path = path.unwrap_or_else(|| {
        let relative = PathBuf::from("../shared/data/bank-additional-full.csv");
        if relative.exists() {
            relative
        } else {
            Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
        }
    });
    let history = read_history(&path, None)?;
    println!(
        "{}: {} rows; 5-fold stratified CV, shuffled, seed 42; median impute + standardize, \
         one-hot; L2 logistic regression, C = 1",
        path.display(),
        history.rows.len()
    );
    for (label, exclude, reference) in [
        ("all columns but y", vec![], 0.9353),
        ("without duration", vec!["duration".to_string()], 0.7916),
    ] {
        let started = Instant::now();
        let options = learn::EncodeOptions {
            exclude,
            min_count: 1,
            as_of: None,
        };
        let prepared =
            learn::prepare(&history, "y", &["yes".into()], &options).map_err(located(&path))?;
        let cv = learn::cross_validate(&prepared, 5, 42, 1.0, 1).map_err(located(&path))?;
        println!(
            "  {label:<18} ROC AUC {:.4} ± {:.4}   (scikit-learn reference {reference:.4}; \
             difference {:+.4}; {:.2} s)",
            cv.mean_auc,
            cv.sd_auc,
            cv.mean_auc - reference,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}
