//! Which kind of file we were given, from its first bytes and its name.

use std::fmt;

/// The file formats [`super::open_bytes`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Delimited text: comma, semicolon, tab or pipe separated.
    Csv,
    /// Office Open XML workbook (also XLSM and XLSB: calamine tells them apart).
    Xlsx,
    /// Legacy Excel 97-2003 workbook.
    Xls,
    /// OpenDocument spreadsheet (LibreOffice, Google Sheets export).
    Ods,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }

    /// A spreadsheet read through calamine (not delimited text).
    pub fn is_workbook(self) -> bool {
        self != Format::Csv
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0";
const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// How many leading bytes [`detect_format`] looks at; pass at least this many when you can.
pub const DETECT_LEN: usize = 512;

/// The format of a file: magic bytes first (zip -> XLSX, or ODS when its `mimetype` entry says
/// so; OLE compound file -> XLS), then the file name's extension, else CSV.
pub fn detect_format(file_name: Option<&str>, bytes_prefix: &[u8]) -> Format {
    if let Some(format) = sniff_magic(bytes_prefix) {
        return format;
    }
    let extension = file_name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match extension.as_deref() {
        Some("xlsx" | "xlsm" | "xlsb") => Format::Xlsx,
        Some("xls") => Format::Xls,
        Some("ods") => Format::Ods,
        _ => Format::Csv,
    }
}

/// The format the content itself proves, if any.
pub(crate) fn sniff_magic(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(ZIP_MAGIC) {
        // An ODS package stores its `mimetype` entry first and uncompressed, so the media type
        // sits in plain text within the first hundred bytes.
        let head = &bytes[..bytes.len().min(DETECT_LEN)];
        let is_ods = head.windows(ODS_MIME.len()).any(|w| w == ODS_MIME);
        Some(if is_ods { Format::Ods } else { Format::Xlsx })
    } else if bytes.starts_with(CFB_MAGIC) {
        Some(Format::Xls)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes_win_over_the_name() {
        assert_eq!(
            detect_format(Some("leads.csv"), b"PK\x03\x04rest"),
            Format::Xlsx
        );
        assert_eq!(
            detect_format(None, b"\xD0\xCF\x11\xE0\xA1\xB1"),
            Format::Xls
        );
        let mut ods = b"PK\x03\x04".to_vec();
        ods.extend_from_slice(&[0; 26]);
        ods.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK");
        assert_eq!(detect_format(Some("x.xlsx"), &ods), Format::Ods);
    }

    #[test]
    fn then_the_extension_then_csv() {
        assert_eq!(detect_format(Some("Leads.XLSX"), b""), Format::Xlsx);
        assert_eq!(detect_format(Some("a.b.ods"), b"x"), Format::Ods);
        assert_eq!(detect_format(Some("old.xls"), b"x"), Format::Xls);
        assert_eq!(detect_format(Some("leads.tsv"), b"a\tb"), Format::Csv);
        assert_eq!(detect_format(None, b"a,b"), Format::Csv);
        assert_eq!(detect_format(Some("noext"), b""), Format::Csv);
    }
}
