//! Spreadsheet input (XLSX, XLS, ODS) from bytes, through calamine. No filesystem, so it works
//! in the browser too.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Range, Reader};

use super::error::{RowError, TableError, TableErrorKind};
use super::row::{Row, RowWarning};

/// The rows of one worksheet. The sheet is decoded once (calamine reads whole sheets); cells
/// are turned into text row by row as the iterator advances.
///
/// Cells become text the way a user would type them: integers without `.0`, other numbers in
/// their shortest round-trip form, dates as `YYYY-MM-DD` (plus `THH:MM:SS` when there is a
/// time), booleans as `true`/`false`. Error cells (`#N/A`, ...) read as empty, with a
/// [`RowWarning::CellError`]. Empty rows are skipped; the header is the first non-empty row.
#[derive(Debug, Clone)]
pub struct SheetRows {
    range: Range<Data>,
    sheet: String,
    sheet_names: Vec<String>,
    header: Vec<String>,
    /// Index (within `range`) of the next row to read.
    next: usize,
    number: u64,
}

/// Open a workbook from its bytes and read one sheet: `sheet` by name, or the first sheet
/// with data.
pub fn read_sheet(bytes: &[u8], sheet: Option<&str>) -> Result<SheetRows, TableError> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        TableError::new(
            TableErrorKind::Workbook,
            format!("not a readable XLSX, XLS or ODS workbook: {e}"),
        )
    })?;
    let sheet_names = workbook.sheet_names();
    let mut load = |name: &str| {
        workbook.worksheet_range(name).map_err(|e| {
            TableError::new(
                TableErrorKind::Workbook,
                format!("could not read sheet '{name}': {e}"),
            )
        })
    };
    let (name, range) = match sheet {
        Some(wanted) => {
            let name = sheet_names
                .iter()
                .find(|n| n.as_str() == wanted)
                .ok_or_else(|| {
                    TableError::new(
                        TableErrorKind::UnknownSheet,
                        format!(
                            "no sheet named '{wanted}'; the sheets are: {}",
                            sheet_names.join(", ")
                        ),
                    )
                })?;
            (name.clone(), load(name)?)
        }
        None => {
            let mut found = None;
            for name in &sheet_names {
                let range = load(name)?;
                if range.rows().any(|r| !is_blank(r)) {
                    found = Some((name.clone(), range));
                    break;
                }
            }
            found.ok_or_else(|| {
                TableError::new(
                    TableErrorKind::Empty,
                    "every sheet of the workbook is empty",
                )
            })?
        }
    };
    let mut rows = SheetRows {
        range,
        sheet: name,
        sheet_names,
        header: Vec::new(),
        next: 0,
        number: 0,
    };
    rows.header = rows.read_header()?;
    Ok(rows)
}

impl SheetRows {
    /// The header cells, trimmed, without trailing empty cells.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The sheet being read.
    pub fn sheet_name(&self) -> &str {
        &self.sheet
    }

    /// Every sheet of the workbook, in workbook order.
    pub fn sheet_names(&self) -> &[String] {
        &self.sheet_names
    }

    /// 1-based sheet row of the range's row `index`.
    fn line(&self, index: usize) -> u64 {
        let first = self.range.start().map_or(0, |(row, _)| u64::from(row));
        first + index as u64 + 1
    }

    fn read_header(&mut self) -> Result<Vec<String>, TableError> {
        let rows = self.range.rows().enumerate().skip(self.next);
        for (index, cells) in rows {
            if is_blank(cells) {
                continue;
            }
            self.next = index + 1;
            let mut header: Vec<String> = cells
                .iter()
                .map(|c| cell_text(c).trim().to_string())
                .collect();
            while header.last().is_some_and(String::is_empty) {
                header.pop();
            }
            return Ok(header);
        }
        Err(TableError::new(
            TableErrorKind::Empty,
            format!("sheet '{}' is empty", self.sheet),
        ))
    }
}

impl Iterator for SheetRows {
    type Item = Result<Row, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.next < self.range.height() {
            let index = self.next;
            self.next += 1;
            // In bounds: `index < height` (indexing, unlike `rows().nth`, is O(1)).
            let cells = &self.range[index];
            if is_blank(cells) {
                continue;
            }
            self.number += 1;
            // A range is as wide as its widest row; cells past the header count only if used.
            let used = cells
                .iter()
                .rposition(|c| *c != Data::Empty)
                .map_or(0, |i| i + 1);
            let width = used.max(self.header.len());
            let mut record = csv::StringRecord::with_capacity(0, width);
            let mut warnings = Vec::new();
            for (column, cell) in cells.iter().take(width).enumerate() {
                if let Data::Error(e) = cell {
                    warnings.push(RowWarning::CellError {
                        column,
                        error: e.to_string(),
                    });
                }
                record.push_field(&cell_text(cell));
            }
            if width > self.header.len() {
                warnings.push(RowWarning::CellCount {
                    expected: self.header.len(),
                    found: width,
                });
            }
            let line = self.line(index);
            return Some(Ok(Row {
                number: self.number,
                line,
                cells: record,
                warnings,
            }));
        }
        None
    }
}

fn is_blank(cells: &[Data]) -> bool {
    cells.iter().all(|c| match c {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    })
}

/// A cell as text (see [`SheetRows`] for the conventions). Error cells give "".
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            let value = dt.as_f64();
            if dt.is_duration() || (0.0..1.0).contains(&value) {
                // A duration or a time of day without a date.
                let seconds = (value * 86_400.0).round() as i64;
                let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
                return format!("{h:02}:{m:02}:{s:02}");
            }
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            if (h, mi, s, ms) == (0, 0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
            }
        }
    }
}

/// Shortest text that reads back as the same number; `-0` is `0`, and integral values have
/// no `.0` (Rust's `Display` for f64 never uses an exponent).
pub fn number_text(f: f64) -> String {
    let mut out = String::new();
    push_number(&mut out, f);
    out
}

/// [`number_text`] appended to `out`. Whole numbers (nearly every score and every rule's
/// points) are written as integers: the same digits, for a tenth of the shortest-float
/// formatting's work, which was a sixth of the CLI's time.
pub fn push_number(out: &mut String, f: f64) {
    use std::fmt::Write;
    // Below 2^53 every whole f64 is exactly an i64, and Display writes both alike.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if f == 0.0 {
        out.push('0');
    } else if f.fract() == 0.0 && f.abs() < EXACT {
        let _ = write!(out, "{}", f as i64);
    } else if f.is_finite() {
        let _ = write!(out, "{f}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn numbers_read_back_as_display_writes_them() {
        let mut values = vec![
            1.0,
            -1.0,
            15.0,
            -100.0,
            0.5,
            -2.25,
            1e15,
            9.007_199_254_740_991e15,
        ];
        values.extend([
            9.007_199_254_740_992e15,
            1e20,
            -3e21,
            0.1 + 0.2,
            1.0 / 3.0,
            123_456.78,
        ]);
        let mut x = 0.7f64;
        for _ in 0..2_000 {
            x = (x * 7919.0 + 0.31).fract();
            values.extend([(x * 1e6).round(), x * 1e3, -(x * 1e12).round(), x]);
        }
        for f in values {
            assert_eq!(number_text(f), f.to_string(), "{f:?}");
        }
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(f64::NAN), "");
        assert_eq!(number_text(f64::INFINITY), "");
    }

    fn date(value: f64) -> Data {
        Data::DateTime(ExcelDateTime::new(
            value,
            ExcelDateTimeType::DateTime,
            false,
        ))
    }

    #[test]
    fn cells_read_as_a_user_would_type_them() {
        assert_eq!(cell_text(&Data::Int(42)), "42");
        assert_eq!(cell_text(&Data::Float(42.0)), "42");
        assert_eq!(cell_text(&Data::Float(-0.0)), "0");
        assert_eq!(cell_text(&Data::Float(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(cell_text(&Data::Float(2.5e6)), "2500000");
        assert_eq!(cell_text(&Data::Bool(true)), "true");
        assert_eq!(cell_text(&Data::Error(CellErrorType::NA)), "");
        assert_eq!(cell_text(&date(45943.0)), "2025-10-13");
        assert_eq!(cell_text(&date(45943.5)), "2025-10-13T12:00:00");
        assert_eq!(cell_text(&date(0.75)), "18:00:00");
        assert_eq!(
            cell_text(&Data::DateTimeIso("2024-01-15".into())),
            "2024-01-15"
        );
    }

    #[test]
    fn garbage_is_a_workbook_error() {
        let err = read_sheet(b"not a workbook at all", None).unwrap_err();
        assert_eq!(err.kind(), TableErrorKind::Workbook);
    }
}
