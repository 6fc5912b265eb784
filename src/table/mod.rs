//! Spreadsheets in and out.
//!
//! Reading: every source yields the same [`Row`]s (cells as a [`csv::StringRecord`], which the
//! engine reads through [`crate::engine::Record`]), numbered and located so a problem can be
//! shown where it is. A bad row is an `Err(RowError)` item and the iteration goes on; only an
//! unusable input is a [`TableError`].
//!
//! - [`open_bytes`] / [`open_bytes_sheet`]: any file from its bytes ([`TableReader`]); the
//!   format comes from [`detect_format`] (magic bytes, then extension, then CSV).
//! - [`open_csv`] ([`CsvRows`], `delimited.rs`): streaming CSV from any `Read`; strips a BOM,
//!   sniffs `,` `;` TAB `|` (`sniff.rs`), falls back to Windows-1252 for non-UTF-8 records.
//! - [`SplitRows`] (`split.rs`): the records of one block of a delimited file (see
//!   [`RecordBlocks`]) read in place, cells borrowed from the block's bytes: what batch
//!   scoring reads. The same rows as [`CsvRows`], without copying each cell.
//! - [`read_sheet`] ([`SheetRows`], `sheet.rs`): XLSX, XLS, ODS through calamine, from bytes.
//! - [`suggest`] (`mapping.rs`, vocabulary in `synonyms.rs`): header -> model field mapping by
//!   name, alias, CRM synonym, then loose containment.
//! - [`cell_ranks`] (`ranks.rs`): the sorted order of a column's cells, for sorting a table.
//!
//! Writing (`export.rs`): [`CsvExporter`] (streaming) and [`XlsxExporter`] (bytes), the original
//! columns plus score columns named for a CRM ([`ExportLayout`]), neutralised against formula
//! injection.
//!
//! ```
//! use leadscore::table::{open_bytes, CsvExporter, ExportLayout, Format};
//!
//! let mut reader = open_bytes(b"\xEF\xBB\xBFEmail;Title\r\nada@example.com;CTO\r\n", Some("leads.csv"))?;
//! assert_eq!(reader.format(), Format::Csv);
//! assert_eq!(reader.header(), ["Email", "Title"]);
//! let row = reader.next().unwrap()?;
//! assert_eq!((row.number, row.line), (1, 2));
//! assert_eq!(row.cells.get(1), Some("CTO"));
//!
//! let exporter = CsvExporter::new(Vec::new(), reader.header(), ExportLayout::Standard)?;
//! let bytes = exporter.finish()?;
//! assert!(bytes.starts_with(b"Email,Title,lead_score,"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod blocks;
mod delimited;
mod error;
mod export;
mod format;
mod lines;
mod mapping;
#[cfg(not(target_arch = "wasm32"))]
mod parallel;
mod ranks;
mod reader;
mod row;
mod sheet;
mod sniff;
mod split;
mod synonyms;

pub use blocks::{
    block_end, cut_after_terminator, last_record_end, newlines, Block, BlockEnd, RecordBlocks,
};
pub use delimited::{continue_csv, legacy_warning, open_csv, open_csv_with, CsvRows};
pub use error::{RowError, TableError, TableErrorKind};
pub use export::{
    neutralize, reasons_text, round2, CsvExporter, ExportLayout, XlsxExporter, SCORE_COLUMNS,
};
pub use format::{detect_format, Format, DETECT_LEN};
pub use mapping::{normalize, suggest, FieldMatch, MappingReport, MatchKind};
#[cfg(not(target_arch = "wasm32"))]
pub use parallel::map_blocks;
pub use ranks::cell_ranks;
pub use reader::{open_bytes, open_bytes_sheet, TableReader};
pub use row::{Row, RowWarning};
pub use sheet::{read_sheet, SheetRows};
pub use sniff::{file_delimiter, sniff_delimiter, strip_bom, DELIMITERS};
pub use split::{Cells, SplitRow, SplitRows};
