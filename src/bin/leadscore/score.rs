//! `leadscore score`: every row of a file scored and written out with the score columns.
//!
//! CSV in and CSV out runs on every core: the file is cut into blocks at record ends
//! ([`table::RecordBlocks`]), worker threads read (in place: [`table::SplitRows`]), score and
//! write whole blocks ([`table::map_blocks`]), and the blocks' output and messages are joined
//! in file order, with row and line numbers made the file's. The output is byte for byte what one thread writes
//! (`--threads 1`, also the path for workbooks and XLSX output). Memory stays bounded by a few
//! blocks, so a file larger than memory works either way.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use leadscore::engine::{LeadScore, Record, Scorer, Scratch};
use leadscore::model::Model;
use leadscore::table::{
    self, continue_csv, legacy_warning, open_csv, open_csv_with, Block, CsvExporter, ExportLayout,
    RecordBlocks, Row, RowError, RowWarning, SplitRows, TableError, XlsxExporter,
};

use super::{compile, is_csv, load_model, with_rows, InputArgs};

/// Bytes per block when scoring on several threads: big enough that a block's set-up is
/// noise, small enough that a few in flight per thread cost little memory.
pub const BLOCK_BYTES: usize = 1 << 20;

pub struct ScoreArgs<'a> {
    pub input: &'a InputArgs,
    pub output: Option<&'a Path>,
    pub layout: &'a str,
    /// Worker threads; `None`: one per core.
    pub threads: Option<usize>,
    pub block_bytes: usize,
}

/// What a run reports at the end.
#[derive(Default)]
struct Tally {
    scored: u64,
    failed: u64,
    handoff: u64,
    /// Leads per band, in the model's band order.
    bands: Vec<u64>,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.scored += other.scored;
        self.failed += other.failed;
        self.handoff += other.handoff;
        if self.bands.len() < other.bands.len() {
            self.bands.resize(other.bands.len(), 0);
        }
        for (mine, theirs) in self.bands.iter_mut().zip(&other.bands) {
            *mine += theirs;
        }
    }
}

/// A message about one row, printed as `{prefix}row N (line L){rest}`. Rows scored in a block
/// are numbered within it until the block's place in the file is known.
struct Note {
    prefix: &'static str,
    number: u64,
    line: u64,
    rest: String,
}

impl Note {
    fn print(&self, rows_before: u64, lines_before: u64) {
        eprintln!(
            "{}row {} (line {}){}",
            self.prefix,
            self.number + rows_before,
            self.line + lines_before,
            self.rest
        );
    }
}

pub fn score(args: &ScoreArgs) -> Result<ExitCode, String> {
    let model = load_model(&args.input.model)?;
    let layout = ExportLayout::from_name(args.layout).ok_or_else(|| {
        format!(
            "--layout '{}': use standard, hubspot, salesforce or marketo",
            args.layout
        )
    })?;
    let started = Instant::now();
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let xlsx_out = args.output.filter(|p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    });
    let (tally, bands) = if threads > 1 && xlsx_out.is_none() && is_csv(&args.input.input)? {
        score_blocks(args, &model, layout, threads)?
    } else {
        score_one_thread(args, &model, layout, xlsx_out)?
    };
    let bands: Vec<String> = (bands.iter().zip(&tally.bands))
        .map(|(label, n)| format!("{label} {n}"))
        .collect();
    eprintln!(
        "scored {} rows ({} unreadable) in {:.2} s; {}; handoff {}",
        tally.scored,
        tally.failed,
        started.elapsed().as_secs_f64(),
        bands.join(", "),
        tally.handoff
    );
    Ok(if tally.scored == 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Where a scored row goes (the CSV or XLSX exporter).
type RowSink<'w> = dyn FnMut(&dyn Record, &LeadScore) -> Result<(), TableError> + 'w;

/// What scoring rows takes besides the rows: each scored row goes to `write`, each message
/// to `note`, counts to `tally`.
struct Scoring<'a, 'w> {
    scorer: &'a Scorer,
    scratch: &'a mut Scratch,
    header: &'a [String],
    tally: &'a mut Tally,
    note: &'a mut dyn FnMut(Note),
    write: &'a mut RowSink<'w>,
}

/// Score `rows`, an unreadable one counted and noted.
fn score_rows(
    rows: &mut dyn Iterator<Item = Result<Row, RowError>>,
    s: &mut Scoring,
) -> Result<(), String> {
    for item in rows {
        let row = match item {
            Ok(row) => row,
            Err(e) => {
                s.tally.failed += 1;
                (s.note)(Note {
                    prefix: "row error: ",
                    number: e.number,
                    line: e.line,
                    rest: format!(": {}", e.message),
                });
                continue;
            }
        };
        let lead = Lead {
            record: &row.cells,
            number: row.number,
            line: &|| row.line,
            warnings: &row.warnings,
        };
        score_row(lead, s)?;
    }
    Ok(())
}

/// A readable row, from either reader ([`table::CsvRows`], [`table::SplitRows`]).
struct Lead<'r> {
    record: &'r dyn Record,
    number: u64,
    /// Asked only for a note.
    line: &'r dyn Fn() -> u64,
    warnings: &'r [RowWarning],
}

/// [`score_rows`] for one row.
fn score_row(row: Lead, s: &mut Scoring) -> Result<(), String> {
    for w in row.warnings {
        (s.note)(Note {
            prefix: "warning: ",
            number: row.number,
            line: (row.line)(),
            rest: format!(": {w}"),
        });
    }
    let lead = s.scorer.explain_with(row.record, s.scratch);
    for p in &lead.receipt.problems {
        (s.note)(Note {
            prefix: "warning: ",
            number: row.number,
            line: (row.line)(),
            rest: format!(
                ", column {} \"{}\": {}",
                p.column + 1,
                s.header.get(p.column).map_or("", String::as_str),
                p.message
            ),
        });
    }
    let labels = s.scorer.band_labels();
    s.tally.bands.resize(labels.len(), 0);
    if let Some(i) = (lead.band.as_deref()).and_then(|b| labels.iter().position(|l| *l == b)) {
        s.tally.bands[i] += 1;
    }
    s.tally.handoff += u64::from(lead.handoff);
    (s.write)(row.record, &lead).map_err(|e| format!("writing the output: {e}"))?;
    s.tally.scored += 1;
    Ok(())
}

/// Where the CSV output goes: the `-o` file or standard output.
fn csv_output(output: Option<&Path>) -> Result<Box<dyn Write>, String> {
    Ok(match output {
        Some(p) => {
            let file =
                File::create(p).map_err(|e| format!("{}: cannot create: {e}", p.display()))?;
            Box::new(BufWriter::new(file))
        }
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

fn band_names(scorer: &Scorer) -> Vec<String> {
    scorer.band_labels().iter().map(|b| b.to_string()).collect()
}

/// Row after row on this thread: workbooks, XLSX output and `--threads 1`.
fn score_one_thread(
    args: &ScoreArgs,
    model: &Model,
    layout: ExportLayout,
    xlsx_out: Option<&Path>,
) -> Result<(Tally, Vec<String>), String> {
    let input = args.input;
    with_rows(
        &input.input,
        input.sheet.as_deref(),
        |header, warnings, rows| {
            for w in warnings {
                eprintln!("warning: {}: {w}", input.input.display());
            }
            let scorer = compile(input, model, header)?;
            let scratch = &mut scorer.scratch();
            let mut tally = Tally::default();
            let mut note = |n: Note| n.print(0, 0);
            let mut score_into = |write: &mut RowSink| {
                let tally = &mut tally;
                let note = &mut note;
                let scorer = &scorer;
                score_rows(
                    rows,
                    &mut Scoring {
                        scorer,
                        scratch,
                        header,
                        tally,
                        note,
                        write,
                    },
                )
            };
            if let Some(path) = xlsx_out {
                let mut xlsx = XlsxExporter::new(header, layout).map_err(|e| e.to_string())?;
                score_into(&mut |row, lead| xlsx.add_row(row, lead))?;
                let bytes = xlsx.finish().map_err(|e| e.to_string())?;
                std::fs::write(path, bytes)
                    .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
            } else {
                let out = csv_output(args.output)?;
                let mut csv = CsvExporter::new(out, header, layout).map_err(|e| e.to_string())?;
                score_into(&mut |row, lead| csv.write_row(row, lead))?;
                let mut out = csv.finish().map_err(|e| e.to_string())?;
                out.flush()
                    .map_err(|e| format!("writing the output: {e}"))?;
            }
            Ok((tally, band_names(&scorer)))
        },
    )
}

/// What a worker makes of one block.
struct BlockOutput {
    csv: Vec<u8>,
    notes: Vec<Note>,
    tally: Tally,
    /// Rows the block held (unreadable ones included), to number the next block's rows.
    rows: u64,
    lines_before: u64,
    /// The block's first row decoded as Windows-1252 (0: the header).
    legacy_from: Option<u64>,
    failure: Option<String>,
}

/// CSV to CSV on `threads` threads (see the module documentation).
fn score_blocks(
    args: &ScoreArgs,
    model: &Model,
    layout: ExportLayout,
    threads: usize,
) -> Result<(Tally, Vec<String>), String> {
    let path = &args.input.input;
    let name = path.display().to_string();
    let open = |p: &PathBuf| File::open(p).map_err(|e| format!("{name}: cannot open: {e}"));
    // The header, its warnings and the scorer, from the file's start as one thread reads it.
    let (header, scorer) = {
        let rows = open_csv(BufReader::new(open(path)?)).map_err(|e| format!("{name}: {e}"))?;
        for w in rows.warnings() {
            eprintln!("warning: {name}: {w}");
        }
        let header = rows.header().to_vec();
        let scorer = compile(args.input, model, &header)?;
        (header, scorer)
    };
    let blocks = RecordBlocks::new(open(path)?, args.block_bytes)
        .map_err(|e| format!("{name}: cannot read: {e}"))?;
    let delimiter = blocks.delimiter();
    let mut out = CsvExporter::new(csv_output(args.output)?, &header, layout)
        .and_then(CsvExporter::finish)
        .map_err(|e| e.to_string())?;

    let work = |scratch: &mut Scratch, block: Block| -> BlockOutput {
        let mut output = BlockOutput {
            csv: Vec::with_capacity(block.bytes.len() * 3 / 2),
            notes: Vec::new(),
            tally: Tally::default(),
            rows: 0,
            lines_before: block.lines_before,
            legacy_from: None,
            failure: None,
        };
        let mut csv = CsvExporter::without_header(Vec::new(), header.len());
        let mut write = |row: &dyn Record, lead: &LeadScore| csv.write_row(row, lead);
        let mut note = |n: Note| output.notes.push(n);
        let first = block.is_first();
        let mut scoring = Scoring {
            scorer: &scorer,
            scratch,
            header: &header,
            tally: &mut output.tally,
            note: &mut note,
            write: &mut write,
        };
        let scored = match SplitRows::for_block(&block.bytes, delimiter, first, header.len()) {
            // Rows read in place (see table::SplitRows).
            Ok(Some(mut rows)) => {
                let mut scored = Ok(());
                while let Some(row) = rows.next_row() {
                    let warning = row.warning();
                    let lead = Lead {
                        record: &row.cells,
                        number: row.number,
                        line: &|| row.line(),
                        warnings: warning.as_slice(),
                    };
                    scored = score_row(lead, &mut scoring);
                    if scored.is_err() {
                        break;
                    }
                }
                output.rows = rows.rows_read();
                scored
            }
            // Not UTF-8: the csv reader decodes it record by record.
            Ok(None) => {
                let mut rows = if first {
                    open_csv_with(&block.bytes[..], delimiter).map_err(|e| e.to_string())
                } else {
                    Ok(continue_csv(&block.bytes[..], delimiter, header.clone()))
                };
                match &mut rows {
                    Ok(rows) => {
                        let scored = score_rows(rows, &mut scoring);
                        output.rows = rows.rows_read();
                        output.legacy_from = rows.legacy_from();
                        scored
                    }
                    Err(e) => Err(format!("{name}: {e}")),
                }
            }
            Err(e) => Err(format!("{name}: {e}")),
        };
        if let Err(e) = scored {
            output.failure = Some(e);
            return output;
        }
        match csv.finish() {
            Ok(bytes) => output.csv = bytes,
            Err(e) => output.failure = Some(e.to_string()),
        }
        output
    };

    let mut tally = Tally::default();
    let mut rows_before = 0;
    let mut legacy_from = None;
    let scratch = || scorer.scratch();
    table::map_blocks(blocks, threads, scratch, work, |block: BlockOutput| {
        if let Some(failure) = block.failure {
            return Err(Failure(failure));
        }
        for note in &block.notes {
            note.print(rows_before, block.lines_before);
        }
        out.write_all(&block.csv)
            .map_err(|e| format!("writing the output: {e}"))?;
        tally.add(&block.tally);
        if legacy_from.is_none() {
            legacy_from = block
                .legacy_from
                .map(|r| if r == 0 { 0 } else { r + rows_before });
        }
        rows_before += block.rows;
        Ok(())
    })
    .map_err(|Failure(message)| message)?;
    out.flush()
        .map_err(|e| format!("writing the output: {e}"))?;
    if let Some(from) = legacy_from {
        eprintln!("warning: {name}: {}", legacy_warning(from));
    }
    Ok((tally, band_names(&scorer)))
}

/// A reason to stop: [`table::map_blocks`] makes one of a read error.
struct Failure(String);

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure(format!("reading the input: {e}"))
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure(message)
    }
}
