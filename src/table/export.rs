//! Scored rows out: the original columns followed by the score columns, as CSV (streaming) or
//! XLSX (built in memory, returned as bytes, so it works in the browser).
//!
//! Every text cell written, original or ours, is neutralised against formula injection: text
//! starting with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'` unless the whole cell is a
//! plain number (`-5` stays `-5`). A lead list comes from web forms; a "name" of
//! `=HYPERLINK(...)` must not become a live formula in the sales team's spreadsheet. XLSX
//! cells are additionally always written as strings or numbers, never as formulas.

use std::borrow::Cow;
use std::io::Write;

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::error::{TableError, TableErrorKind};
use super::sheet::{number_text, push_number};
use crate::engine::{LeadScore, Record};

/// Which names the score columns get, to match what a CRM import expects.
///
/// | column        | Standard           | HubSpot              | Salesforce                | Marketo              |
/// |---------------|--------------------|----------------------|---------------------------|----------------------|
/// | total         | `lead_score`       | Lead Score           | `Lead_Score__c`           | Lead Score           |
/// | fit           | `fit_score`        | Fit Score            | `Fit_Score__c`            | Demographic Score    |
/// | engagement    | `engagement_score` | Engagement Score     | `Engagement_Score__c`     | Behavior Score       |
/// | grade         | `grade`            | Lead Grade           | `Lead_Grade__c`           | Lead Grade           |
/// | band          | `band`             | Lead Band            | `Lead_Band__c`            | Lead Band            |
/// | matrix        | `matrix`           | Score Matrix         | `Score_Matrix__c`         | Score Matrix         |
/// | handoff       | `handoff`          | Sales Handoff        | `Sales_Handoff__c`        | Sales Handoff        |
/// | qualification | `qualification`    | Qualification Status | `Qualification_Status__c` | Qualification Status |
/// | stage         | `stage`            | Lead Stage           | `Lead_Stage__c`           | Lead Stage           |
/// | segment       | `segment`          | Lead Segment         | `Lead_Segment__c`         | Lead Segment         |
/// | reasons       | `score_reasons`    | Score Reasons        | `Score_Reasons__c`        | Score Reasons        |
///
/// HubSpot imports match columns to property labels, and "HubSpot Score" is HubSpot's own, so
/// ours are distinct custom properties. Salesforce names are custom-field API names (create the
/// fields on the Lead object first). Marketo's "Lead Score" is its built-in score field;
/// "Demographic Score" and "Behavior Score" are the customary fit and engagement fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ExportLayout {
    #[default]
    Standard,
    HubSpot,
    Salesforce,
    Marketo,
}

/// How many score columns follow the original ones.
pub const SCORE_COLUMNS: usize = 11;

impl ExportLayout {
    pub const ALL: [ExportLayout; 4] = [
        ExportLayout::Standard,
        ExportLayout::HubSpot,
        ExportLayout::Salesforce,
        ExportLayout::Marketo,
    ];

    /// The score column names, in output order.
    pub fn columns(self) -> [&'static str; SCORE_COLUMNS] {
        match self {
            ExportLayout::Standard => [
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
                "score_reasons",
            ],
            ExportLayout::HubSpot => [
                "Lead Score",
                "Fit Score",
                "Engagement Score",
                "Lead Grade",
                "Lead Band",
                "Score Matrix",
                "Sales Handoff",
                "Qualification Status",
                "Lead Stage",
                "Lead Segment",
                "Score Reasons",
            ],
            ExportLayout::Salesforce => [
                "Lead_Score__c",
                "Fit_Score__c",
                "Engagement_Score__c",
                "Lead_Grade__c",
                "Lead_Band__c",
                "Score_Matrix__c",
                "Sales_Handoff__c",
                "Qualification_Status__c",
                "Lead_Stage__c",
                "Lead_Segment__c",
                "Score_Reasons__c",
            ],
            ExportLayout::Marketo => [
                "Lead Score",
                "Demographic Score",
                "Behavior Score",
                "Lead Grade",
                "Lead Band",
                "Score Matrix",
                "Sales Handoff",
                "Qualification Status",
                "Lead Stage",
                "Lead Segment",
                "Score Reasons",
            ],
        }
    }

    /// The layout's id: `standard`, `hubspot`, `salesforce`, `marketo`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportLayout::Standard => "standard",
            ExportLayout::HubSpot => "hubspot",
            ExportLayout::Salesforce => "salesforce",
            ExportLayout::Marketo => "marketo",
        }
    }

    /// The layout with this id (case-insensitive), for the CLI and the page.
    pub fn from_name(name: &str) -> Option<ExportLayout> {
        Self::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

/// One score cell, typed so XLSX gets numbers and booleans.
#[derive(Debug, Clone, PartialEq)]
enum ScoreCell {
    Number(f64),
    Bool(bool),
    Text(String),
}

impl ScoreCell {
    fn text(&self) -> Cow<'_, str> {
        match self {
            ScoreCell::Number(n) => Cow::Owned(number_text(*n)),
            ScoreCell::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            ScoreCell::Text(t) => neutralize(t),
        }
    }
}

/// The score columns of one lead, in [`ExportLayout::columns`] order.
fn score_cells(score: &LeadScore) -> [ScoreCell; SCORE_COLUMNS] {
    let text = |t: &Option<String>| ScoreCell::Text(t.clone().unwrap_or_default());
    [
        ScoreCell::Number(round2(score.total)),
        ScoreCell::Number(round2(score.fit)),
        ScoreCell::Number(round2(score.engagement)),
        text(&score.grade),
        text(&score.band),
        text(&score.matrix),
        ScoreCell::Bool(score.handoff),
        ScoreCell::Text(score.qualification.state.as_str().to_string()),
        text(&score.stage),
        text(&score.segment),
        ScoreCell::Text(reasons_text(score)),
    ]
}

/// A number rounded to 2 decimals (`-0` becomes `0`).
pub fn round2(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// The fired rules in one line: `Decision-maker title +15; Demo requested +30; Free email -10`
/// (the rule id when it has no label; points after caps and decay, rounded to 2 decimals).
pub fn reasons_text(score: &LeadScore) -> String {
    let mut out = String::with_capacity(score.receipt.fired.len() * 24);
    for hit in &score.receipt.fired {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(if hit.label.trim().is_empty() {
            &hit.rule
        } else {
            hit.label.trim()
        });
        let points = round2(hit.points);
        out.push(' ');
        if points >= 0.0 {
            out.push('+');
        }
        push_number(&mut out, points);
    }
    out
}

/// The cell as written to a spreadsheet: prefixed with `'` when a spreadsheet program could
/// read it as a formula (see the module docs).
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    let risky = matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    if risky && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// `[+-]digits[.digits][e[+-]digits]`, nothing else (no spaces, no `inf`).
fn is_plain_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut mantissa = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Original cells of a record, as many as the header has (extra cells of ragged rows have no
/// column to go to; the reader already warned about them).
fn original_cells<R: Record + ?Sized>(record: &R, width: usize) -> impl Iterator<Item = &str> {
    (0..width).map(move |c| record.cell(c).unwrap_or(""))
}

/// Streaming CSV export: comma-separated, header row first, one line per [`write_row`].
///
/// [`write_row`]: CsvExporter::write_row
pub struct CsvExporter<W: Write> {
    writer: csv::Writer<W>,
    width: usize,
    rows: u64,
}

impl<W: Write> CsvExporter<W> {
    /// Write the header: the original header, then the layout's score columns.
    pub fn new(
        writer: W,
        header: &[impl AsRef<str>],
        layout: ExportLayout,
    ) -> Result<Self, TableError> {
        let mut exporter = CsvExporter {
            writer: csv::Writer::from_writer(writer),
            width: header.len(),
            rows: 0,
        };
        let names = header
            .iter()
            .map(|h| neutralize(h.as_ref()))
            .chain(layout.columns().map(Cow::Borrowed));
        exporter
            .writer
            .write_record(names.map(|n| n.into_owned()))
            .map_err(|e| write_error("the header", &e))?;
        Ok(exporter)
    }

    /// Rows only, no header row: a part of a file whose header is written elsewhere (blocks
    /// scored on several threads and joined). `width`: the header's number of cells.
    pub fn without_header(writer: W, width: usize) -> Self {
        CsvExporter {
            writer: csv::Writer::from_writer(writer),
            width,
            rows: 0,
        }
    }

    /// Write one scored row: its first `header.len()` cells (missing ones empty), then its
    /// score.
    pub fn write_row<R: Record + ?Sized>(
        &mut self,
        record: &R,
        score: &LeadScore,
    ) -> Result<(), TableError> {
        self.rows += 1;
        let cells = score_cells(score);
        let fields = original_cells(record, self.width)
            .map(neutralize)
            .chain(cells.iter().map(ScoreCell::text));
        for field in fields {
            self.writer
                .write_field(field.as_bytes())
                .map_err(|e| self.row_error(&e))?;
        }
        self.writer
            .write_record(None::<&[u8]>)
            .map_err(|e| self.row_error(&e))
    }

    /// Flush and hand back the writer.
    pub fn finish(self) -> Result<W, TableError> {
        self.writer
            .into_inner()
            .map_err(|e| TableError::io("could not finish the CSV export", e.error()))
    }

    fn row_error(&self, err: &csv::Error) -> TableError {
        write_error(&format!("row {}", self.rows), err)
    }
}

fn write_error(what: &str, err: &csv::Error) -> TableError {
    TableError::new(
        TableErrorKind::Io,
        format!("could not write {what} of the CSV export: {err}"),
    )
}

/// The last row a worksheet holds (0-based): 1,048,576 rows in all.
const XLSX_LAST_ROW: u32 = 1_048_575;

/// XLSX export built in memory: one worksheet "Scored leads" with a bold, frozen, filterable
/// header row. Numbers (scores, and original cells that are plain canonical numbers such as
/// `42` or `3.5`) are written as numbers; everything else as text (`007` stays text).
pub struct XlsxExporter {
    sheet: Worksheet,
    width: usize,
    next_row: u32,
}

impl XlsxExporter {
    pub fn new(header: &[impl AsRef<str>], layout: ExportLayout) -> Result<Self, TableError> {
        let mut sheet = Worksheet::new();
        let bold = Format::new().set_bold();
        let names = header
            .iter()
            .map(|h| neutralize(h.as_ref()))
            .chain(layout.columns().map(Cow::Borrowed));
        let mut last_col = 0;
        for (col, name) in names.enumerate() {
            let col = xlsx_col(col)?;
            sheet
                .write_string_with_format(0, col, name.as_ref(), &bold)
                .map_err(|e| xlsx_error("the header", &e))?;
            last_col = col;
        }
        let setup = sheet
            .set_name("Scored leads")
            .and_then(|s| s.set_freeze_panes(1, 0))
            .and_then(|s| s.autofilter(0, 0, 0, last_col));
        setup.map_err(|e| xlsx_error("the header", &e))?;
        Ok(XlsxExporter {
            sheet,
            width: header.len(),
            next_row: 1,
        })
    }

    /// Add one scored row (its first `header.len()` cells, then its score).
    pub fn add_row<R: Record + ?Sized>(
        &mut self,
        record: &R,
        score: &LeadScore,
    ) -> Result<(), TableError> {
        let row = self.next_row;
        if row > XLSX_LAST_ROW {
            return Err(TableError::new(
                TableErrorKind::Export,
                format!(
                    "too many rows for one XLSX worksheet (at most {}); export CSV instead",
                    XLSX_LAST_ROW
                ),
            ));
        }
        let place = |e: rust_xlsxwriter::XlsxError| xlsx_error(&format!("row {row}"), &e);
        for (col, text) in original_cells(record, self.width).enumerate() {
            let col = xlsx_col(col)?;
            if text.is_empty() {
                continue;
            }
            match canonical_number(text) {
                Some(n) => self.sheet.write_number(row, col, n).map_err(place)?,
                None => self
                    .sheet
                    .write_string(row, col, neutralize(text))
                    .map_err(place)?,
            };
        }
        for (i, cell) in score_cells(score).iter().enumerate() {
            let col = xlsx_col(self.width + i)?;
            match cell {
                ScoreCell::Number(n) => self.sheet.write_number(row, col, *n).map_err(place)?,
                ScoreCell::Bool(b) => self.sheet.write_boolean(row, col, *b).map_err(place)?,
                ScoreCell::Text(t) if t.is_empty() => continue,
                ScoreCell::Text(t) => self
                    .sheet
                    .write_string(row, col, neutralize(t))
                    .map_err(place)?,
            };
        }
        self.next_row += 1;
        Ok(())
    }

    /// The finished workbook's bytes.
    pub fn finish(self) -> Result<Vec<u8>, TableError> {
        let mut workbook = Workbook::new();
        workbook.push_worksheet(self.sheet);
        workbook
            .save_to_buffer()
            .map_err(|e| xlsx_error("the workbook", &e))
    }
}

/// A cell that reads back exactly as written when stored as a number.
fn canonical_number(text: &str) -> Option<f64> {
    let n: f64 = text.parse().ok()?;
    (n.is_finite() && number_text(n) == text).then_some(n)
}

fn xlsx_col(col: usize) -> Result<u16, TableError> {
    // Excel's last column is XFD: 16,384 columns.
    u16::try_from(col)
        .ok()
        .filter(|&c| c < 16_384)
        .ok_or_else(|| {
            TableError::new(
                TableErrorKind::Export,
                "too many columns for an XLSX worksheet (at most 16,384)",
            )
        })
}

fn xlsx_error(what: &str, err: &rust_xlsxwriter::XlsxError) -> TableError {
    TableError::new(
        TableErrorKind::Export,
        format!("could not write {what} of the XLSX export: {err}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{QualState, Qualification, Receipt, RuleHit};

    pub(crate) fn lead() -> LeadScore {
        let hit = |rule: &str, label: &str, points: f64| RuleHit {
            rule: rule.into(),
            label: label.into(),
            group: "fit".into(),
            raw: points,
            points,
            decay: None,
            capped: false,
        };
        LeadScore {
            total: 35.004,
            fit: 5.0,
            engagement: 30.0 + 1.0 / 3.0,
            grade: Some("B".into()),
            band: Some("MQL".into()),
            matrix: None,
            handoff: true,
            qualification: Qualification {
                state: QualState::Undecided,
                reasons: Vec::new(),
            },
            stage: Some("=evil()".into()),
            segment: None,
            probability: None,
            receipt: Receipt {
                fired: vec![
                    hit("exec", "Decision-maker title", 15.0),
                    hit("demo", "", 30.0),
                    hit("free", "Free email", -10.0),
                    hit("recent", "Recent visit", 2.345),
                ],
                ..Receipt::default()
            },
        }
    }

    #[test]
    fn neutralizes_formulas_but_not_numbers() {
        for risky in [
            "=1+1", "+cmd", "-cmd", "@SUM(A1)", "\tx", "\rx", "-", "+", "-inf", "- 5",
        ] {
            assert_eq!(neutralize(risky), format!("'{risky}"), "{risky:?}");
        }
        for safe in [
            "-5", "+5", "-1.5", "-.5", "-1e5", "1E-3", "hello", "", "a=b", "5",
        ] {
            assert_eq!(neutralize(safe), safe, "{safe:?}");
        }
    }

    #[test]
    fn reasons_read_like_a_receipt() {
        assert_eq!(
            reasons_text(&lead()),
            "Decision-maker title +15; demo +30; Free email -10; Recent visit +2.35"
        );
    }

    #[test]
    fn score_cells_round_and_fill() {
        let texts: Vec<String> = score_cells(&lead())
            .iter()
            .map(|c| c.text().into_owned())
            .collect();
        assert_eq!(
            &texts[..10],
            [
                "35",
                "5",
                "30.33",
                "B",
                "MQL",
                "",
                "true",
                "undecided",
                "'=evil()",
                ""
            ]
        );
    }

    #[test]
    fn rounding_is_to_two_decimals() {
        assert_eq!(round2(1.005_f64 + 1e-9), 1.01);
        assert_eq!(round2(-0.001), 0.0);
        assert_eq!(number_text(round2(-0.001)), "0");
        assert_eq!(round2(12.0), 12.0);
    }

    #[test]
    fn layouts_have_distinct_names_and_ids() {
        for layout in ExportLayout::ALL {
            let mut cols = layout.columns().to_vec();
            cols.sort_unstable();
            cols.dedup();
            assert_eq!(cols.len(), SCORE_COLUMNS, "{layout:?}");
            assert_eq!(ExportLayout::from_name(layout.as_str()), Some(layout));
        }
        assert_eq!(
            ExportLayout::from_name(" HubSpot "),
            Some(ExportLayout::HubSpot)
        );
        assert_eq!(ExportLayout::from_name("pipedrive"), None);
    }

    #[test]
    fn csv_export_writes_header_padding_and_scores() {
        let mut out =
            CsvExporter::new(Vec::new(), &["Name", "=Note"], ExportLayout::Salesforce).unwrap();
        out.write_row(&["@ada", "-5", "extra"], &lead()).unwrap();
        out.write_row(&["Bob"], &lead()).unwrap();
        let text = String::from_utf8(out.finish().unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].starts_with("Name,'=Note,Lead_Score__c,Fit_Score__c,"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with("'@ada,-5,35,5,30.33,B,MQL,,true,undecided,'=evil(),,"),
            "{}",
            lines[1]
        );
        assert!(lines[2].starts_with("Bob,,35,"), "{}", lines[2]);
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn canonical_numbers_only() {
        assert_eq!(canonical_number("42"), Some(42.0));
        assert_eq!(canonical_number("3.5"), Some(3.5));
        assert_eq!(canonical_number("007"), None);
        assert_eq!(canonical_number("1e3"), None);
        assert_eq!(canonical_number("12345678901234567890"), None);
        assert_eq!(canonical_number("NaN"), None);
    }
}
