//! The leadscore command line: validate models, score files in batch, explain one lead.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use leadscore::engine::{LeadScore, Mapping, ReasonOutcome, ScoreOptions, Scorer};
use leadscore::model::Model;
use leadscore::table::{
    self, detect_format, open_bytes_sheet, open_csv, CsvExporter, ExportLayout, Format, Row,
    RowError, XlsxExporter, DETECT_LEN,
};

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
        } => score(&input, output.as_deref(), &layout),
        Command::Explain { input, row, json } => explain(&input, row, json),
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

/// Rows of the input, whatever its format: CSV streams from disk (files larger than memory
/// work); workbooks are read whole, as their format requires.
fn with_rows<T>(
    args: &InputArgs,
    each: impl FnOnce(
        &[String],
        Vec<String>,
        &mut dyn Iterator<Item = Result<Row, RowError>>,
    ) -> Result<T, String>,
) -> Result<T, String> {
    let path = &args.input;
    let name = path.display().to_string();
    let open = |p: &Path| File::open(p).map_err(|e| format!("{name}: cannot open: {e}"));
    let mut prefix = Vec::with_capacity(DETECT_LEN);
    io::Read::read_to_end(
        &mut io::Read::take(open(path)?, DETECT_LEN as u64),
        &mut prefix,
    )
    .map_err(|e| format!("{name}: cannot read: {e}"))?;
    let file_name = path.file_name().and_then(|n| n.to_str());
    if detect_format(file_name, &prefix) == Format::Csv {
        let mut rows = open_csv(BufReader::with_capacity(1 << 20, open(path)?))
            .map_err(|e| format!("{name}: {e}"))?;
        let header = rows.header().to_vec();
        let warnings = rows.warnings().to_vec();
        return each(&header, warnings, &mut rows);
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
    let mut rows = open_bytes_sheet(&bytes, file_name, args.sheet.as_deref())
        .map_err(|e| format!("{name}: {e}"))?;
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

enum Sink {
    // Boxed: the two differ a lot in size, and there is one per run.
    Csv(Box<CsvExporter<Box<dyn Write>>>),
    Xlsx(Box<XlsxExporter>, PathBuf),
}

fn score(args: &InputArgs, output: Option<&Path>, layout: &str) -> Result<ExitCode, String> {
    let model = load_model(&args.model)?;
    let layout = ExportLayout::from_name(layout).ok_or_else(|| {
        format!("--layout '{layout}': use standard, hubspot, salesforce or marketo")
    })?;
    let started = Instant::now();
    with_rows(args, |header, warnings, rows| {
        for w in warnings {
            eprintln!("warning: {}: {w}", args.input.display());
        }
        let scorer = compile(args, &model, header)?;
        let mut sink = match output {
            Some(p)
                if p.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) =>
            {
                Sink::Xlsx(
                    Box::new(XlsxExporter::new(header, layout).map_err(|e| e.to_string())?),
                    p.to_path_buf(),
                )
            }
            Some(p) => {
                let file =
                    File::create(p).map_err(|e| format!("{}: cannot create: {e}", p.display()))?;
                let out: Box<dyn Write> = Box::new(BufWriter::new(file));
                Sink::Csv(Box::new(
                    CsvExporter::new(out, header, layout).map_err(|e| e.to_string())?,
                ))
            }
            None => {
                let out: Box<dyn Write> = Box::new(BufWriter::new(io::stdout().lock()));
                Sink::Csv(Box::new(
                    CsvExporter::new(out, header, layout).map_err(|e| e.to_string())?,
                ))
            }
        };
        let (mut scored, mut failed, mut handoff) = (0u64, 0u64, 0u64);
        let mut bands: Vec<(String, u64)> = scorer
            .band_labels()
            .into_iter()
            .map(|b| (b.to_string(), 0))
            .collect();
        for item in rows {
            let row = match item {
                Ok(row) => row,
                Err(e) => {
                    failed += 1;
                    eprintln!("row error: {e}");
                    continue;
                }
            };
            for message in row.warning_messages() {
                eprintln!("warning: {message}");
            }
            let lead = scorer.explain(&row);
            for p in &lead.receipt.problems {
                eprintln!(
                    "warning: row {} (line {}), column {} \"{}\": {}",
                    row.number,
                    row.line,
                    p.column + 1,
                    header.get(p.column).map_or("", String::as_str),
                    p.message
                );
            }
            if let Some(b) = lead
                .band
                .as_deref()
                .and_then(|b| bands.iter_mut().find(|(l, _)| l == b))
            {
                b.1 += 1;
            }
            handoff += u64::from(lead.handoff);
            let written = match &mut sink {
                Sink::Csv(w) => w.write_row(&row, &lead),
                Sink::Xlsx(w, _) => w.add_row(&row, &lead),
            };
            match written {
                Ok(()) => scored += 1,
                Err(e) => return Err(format!("writing the output: {e}")),
            }
        }
        match sink {
            Sink::Csv(w) => {
                let mut out = w.finish().map_err(|e| e.to_string())?;
                out.flush()
                    .map_err(|e| format!("writing the output: {e}"))?;
            }
            Sink::Xlsx(w, path) => {
                let bytes = w.finish().map_err(|e| e.to_string())?;
                std::fs::write(&path, bytes)
                    .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
            }
        }
        let bands: Vec<String> = bands.iter().map(|(l, n)| format!("{l} {n}")).collect();
        eprintln!(
            "scored {scored} rows ({failed} unreadable) in {:.2} s; {}; handoff {handoff}",
            started.elapsed().as_secs_f64(),
            bands.join(", ")
        );
        Ok(if scored == 0 {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        })
    })
}

fn explain(args: &InputArgs, wanted: u64, json: bool) -> Result<ExitCode, String> {
    let model = load_model(&args.model)?;
    with_rows(args, |header, _warnings, rows| {
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
    })
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
