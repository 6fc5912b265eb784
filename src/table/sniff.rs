//! Guessing how a delimited text file is written, from its first bytes.

/// The delimiters we recognise, in order of preference when two fit equally well.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many bytes the sniffer looks at: enough for hundreds of lines, small enough to keep
/// in memory while streaming a 1 GB file.
pub const SNIFF_LEN: usize = 64 * 1024;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// `bytes` without a leading UTF-8 byte order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)
}

/// The delimiter of a delimited file from its first bytes (any number: only the first
/// 64 KiB, `SNIFF_LEN`, are looked at, after a byte order mark). `complete`: `start` is the
/// whole file. Every reader of a file sniffs it this way, so they all agree.
pub fn file_delimiter(start: &[u8], complete: bool) -> u8 {
    sniff_delimiter(strip_bom(&start[..start.len().min(SNIFF_LEN)]), complete)
}

/// The delimiter of a CSV-like text, guessed from a prefix of it.
///
/// For each candidate, counts its occurrences outside double quotes on each record (a quoted
/// field may span lines), then picks the candidate whose count is the same on the most lines
/// (and is above zero), preferring more columns, then the order of [`DELIMITERS`]. A partial
/// last line (the prefix was cut) is ignored unless it is the only one. Defaults to `,`.
pub fn sniff_delimiter(prefix: &[u8], complete: bool) -> u8 {
    let counts = count_per_line(prefix, complete);
    let mut best: Option<(usize, usize, u8)> = None; // (lines agreeing, columns, delimiter)
    for (i, &delim) in DELIMITERS.iter().enumerate() {
        let per_line: Vec<usize> = counts.iter().map(|c| c[i]).collect();
        let Some((mode, agreeing)) = mode(&per_line) else {
            continue;
        };
        if mode == 0 {
            continue;
        }
        let better = match best {
            None => true,
            Some((a, m, _)) => (agreeing, mode) > (a, m),
        };
        if better {
            best = Some((agreeing, mode, delim));
        }
    }
    best.map_or(b',', |(_, _, d)| d)
}

/// Per non-blank record: how many of each delimiter it holds outside quotes.
fn count_per_line(bytes: &[u8], complete: bool) -> Vec<[usize; 4]> {
    let mut lines = Vec::new();
    let mut current = [0usize; 4];
    let mut in_quotes = false;
    let mut has_content = false;
    for &b in bytes {
        match b {
            // `""` inside quotes toggles twice: an escaped quote leaves the state unchanged.
            b'"' => {
                in_quotes = !in_quotes;
                has_content = true;
            }
            b'\n' | b'\r' if !in_quotes => {
                if has_content {
                    lines.push(current);
                }
                current = [0; 4];
                has_content = false;
            }
            _ if in_quotes => {}
            _ => {
                if let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
                    current[i] += 1;
                }
                has_content = has_content || !b.is_ascii_whitespace();
            }
        }
    }
    if has_content && (complete || lines.is_empty()) {
        lines.push(current);
    }
    lines
}

/// The most frequent value and how often it occurs; ties go to the larger value.
fn mode(values: &[usize]) -> Option<(usize, usize)> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let mut best: Option<(usize, usize)> = None;
    for chunk in sorted.chunk_by(|a, b| a == b) {
        let candidate = (chunk[0], chunk.len());
        let better = match best {
            None => true,
            Some((v, n)) => (candidate.1, candidate.0) > (n, v),
        };
        if better {
            best = Some(candidate);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniff(text: &str) -> char {
        sniff_delimiter(text.as_bytes(), true) as char
    }

    #[test]
    fn picks_the_consistent_delimiter() {
        assert_eq!(sniff("a,b,c\n1,2,3\n"), ',');
        assert_eq!(sniff("a;b;c\r\n1;2;3\r\n"), ';');
        assert_eq!(sniff("a\tb\n1\t2\n"), '\t');
        assert_eq!(sniff("a|b|c\n1|2|3\n"), '|');
    }

    #[test]
    fn decimal_commas_do_not_fool_it() {
        assert_eq!(
            sniff("name;amount;note\nAda;1,5;x\nBob;2,5;y\nCy;3;z\n"),
            ';'
        );
    }

    #[test]
    fn delimiters_inside_quotes_do_not_count() {
        assert_eq!(
            sniff("\"a,b,c\";d\n\"1,2\n,3\";4\n\"x,\"\"y\"\"\";5\n"),
            ';'
        );
    }

    #[test]
    fn single_column_and_empty_default_to_comma() {
        assert_eq!(sniff("email\na@b.c\n"), ',');
        assert_eq!(sniff(""), ',');
    }

    #[test]
    fn a_cut_last_line_is_ignored() {
        let text = b"a;b;c\n1;2;3\n4;5";
        assert_eq!(count_per_line(text, false).len(), 2);
        assert_eq!(count_per_line(text, true).len(), 3);
        assert_eq!(sniff_delimiter(text, false), b';');
    }

    #[test]
    fn bom_is_stripped_once() {
        assert_eq!(strip_bom(b"\xEF\xBB\xBFa,b"), b"a,b");
        assert_eq!(strip_bom(b"a,b"), b"a,b");
    }
}
