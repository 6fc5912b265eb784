//! Reading cell text as a field's type. CRM exports write numbers, booleans and dates in many
//! ways; these readers accept the common ones and say `None` for text they cannot read (the
//! engine then treats the cell as missing and reports it).

use chrono::{Datelike, NaiveDate, NaiveDateTime};

/// Numbers as exports write them: "1200", "1,200", "1.200.000", "1.234,56", "$2.5M", "15%",
/// "10k", "51-200" (the midpoint), "10000+" (the bound), "-3".
// Always inlined (a few call sites): the call itself cost as much as reading a small number,
// and a 25-rule row reads five of them. The rarer forms stay out of line.
#[inline(always)]
pub fn parse_number(text: &str) -> Option<f64> {
    let t = trim(text);
    // Most cells are small whole numbers (counts, sizes): read them without the float parser.
    if (1..=15).contains(&t.len()) {
        let mut n = 0u64;
        let mut digits = true;
        for b in t.bytes() {
            let d = b.wrapping_sub(b'0');
            digits &= d < 10;
            n = n * 10 + u64::from(d);
        }
        if digits {
            // Through i64 (n < 10^15, so exact): x86 converts a signed integer in one
            // instruction, an unsigned one in a sequence that showed in profiles.
            return Some(n as i64 as f64);
        }
    }
    read_number(t)
}

/// [`parse_number`] after its quick answer, for trimmed text.
#[inline(never)]
fn read_number(t: &str) -> Option<f64> {
    // Every form below has a digit, and only characters of `may_be_in_number`: other text
    // ("lots", names, email addresses) is answered before the slower readers allocate.
    // (Sorting the page's table by its email column tries every cell as a number.)
    if !t.bytes().any(|b| b.is_ascii_digit()) || !t.chars().all(may_be_in_number) {
        return None;
    }
    if let Ok(n) = t.parse::<f64>() {
        return n.is_finite().then_some(n);
    }
    // A range such as "51-200" or "51 to 200": its midpoint. A leading '-' is a sign.
    for sep in ["-", "–", " to "] {
        if let Some(i) = t.get(1..).and_then(|rest| rest.find(sep)).map(|i| i + 1) {
            let (lo, hi) = (parse_plain(&t[..i]), parse_plain(&t[i + sep.len()..]));
            if let (Some(lo), Some(hi)) = (lo, hi) {
                return Some((lo + hi) / 2.0);
            }
        }
    }
    parse_plain(t)
}

/// Whether `c` may be part of a number [`parse_number`] reads: digits, separators, signs,
/// brackets, currency and percent signs, the letters of the k/m/b/bn/mn suffixes, of " to "
/// and of an exponent, and whitespace. A superset: it only answers "surely not" early.
fn may_be_in_number(c: char) -> bool {
    c.is_ascii_digit() || c.is_whitespace() || ".,'_-+()$€£¥%–bBnNmMkKtToOeE".contains(c)
}

/// One number with separators, currency, percent, "+" and k/m/b suffixes.
fn parse_plain(text: &str) -> Option<f64> {
    let mut t = text.trim();
    let negative = t.starts_with('-') || (t.starts_with('(') && t.ends_with(')'));
    t = t
        .trim_start_matches(['-', '('])
        .trim_end_matches([')', '+'])
        .trim();
    t = t
        .trim_start_matches(['$', '€', '£', '¥'])
        .trim_end_matches(['$', '€', '£', '¥', '%'])
        .trim();
    let lower = t.to_ascii_lowercase();
    let (digits, scale) = [
        ("bn", 1e9),
        ("mm", 1e6),
        ("mn", 1e6),
        ("b", 1e9),
        ("m", 1e6),
        ("k", 1e3),
    ]
    .iter()
    .find_map(|(suffix, scale)| {
        lower
            .strip_suffix(suffix)
            .map(|d| (d.trim().to_string(), *scale))
    })
    .unwrap_or((lower, 1.0));
    let cleaned = normalise_separators(&digits)?;
    let n: f64 = cleaned.parse().ok()?;
    let n = if negative { -n } else { n } * scale;
    n.is_finite().then_some(n)
}

/// "1,200" -> "1200", "1.234,56" -> "1234.56", "1,5" -> "1.5", "1 200" -> "1200".
fn normalise_separators(s: &str) -> Option<String> {
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\'' | '_'))
        .collect();
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let (commas, dots) = (s.matches(',').count(), s.matches('.').count());
    let thousands_groups = |sep: char| s.split(sep).skip(1).all(|g| g.len() == 3);
    Some(match (commas, dots) {
        (0, 0) | (0, 1) => s,
        (0, _) if thousands_groups('.') => s.replace('.', ""),
        (_, 0) if thousands_groups(',') => s.replace(',', ""),
        (1, 0) => s.replace(',', "."),
        (_, _) => {
            // Both: the one that comes last is the decimal separator.
            let last_comma = s.rfind(',').unwrap_or(0);
            let last_dot = s.rfind('.').unwrap_or(0);
            if last_dot > last_comma {
                s.replace(',', "")
            } else {
                s.replace('.', "").replace(',', ".")
            }
        }
    })
    .filter(|s| s.matches('.').count() <= 1)
}

/// yes/no in the ways forms and CRMs write them.
pub fn parse_bool(text: &str) -> Option<bool> {
    let t = trim(text);
    const TRUE: &[&str] = &["true", "yes", "y", "1", "x", "checked", "on", "t", "✓", "✔"];
    const FALSE: &[&str] = &["false", "no", "n", "0", "unchecked", "off", "f"];
    if TRUE.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(true)
    } else if FALSE.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(false)
    } else {
        None
    }
}

/// Days since 0001-01-01 (chrono's day count from the common era), for day arithmetic.
pub type Day = i32;

pub fn day_number(date: NaiveDate) -> Day {
    date.num_days_from_ce()
}

/// Dates: ISO ("2026-03-01", with an optional time), the field's own format if given, US
/// ("03/01/2026", "3/1/26"), dotted European ("01.03.2026") and "Mar 1, 2026" / "1 Mar 2026".
pub fn parse_date(text: &str, custom_format: Option<&str>) -> Option<Day> {
    let t = trim(text);
    if let Some(d) = parse_iso(t) {
        return Some(d);
    }
    if let Some(fmt) = custom_format {
        if let Ok(d) = NaiveDate::parse_from_str(t, fmt) {
            return Some(day_number(d));
        }
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, fmt) {
            return Some(day_number(dt.date()));
        }
    }
    // Drop a time part after a space: "03/01/2026 14:05".
    let date_part = t
        .split_once(' ')
        .map(|(d, rest)| if rest.contains(':') { d } else { t })
        .unwrap_or(t);
    if let Some(d) = parse_numeric(date_part) {
        return Some(d);
    }
    for fmt in ["%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(date_part, fmt) {
            return Some(day_number(d));
        }
        if let Ok(d) = NaiveDate::parse_from_str(t, fmt) {
            return Some(day_number(d));
        }
    }
    None
}

/// All-digit dates without chrono's format parser (they are most of a CRM export's dates):
/// "3/1/26" and "03/01/2026" (US order), "2026/03/01", "01.03.2026" (day first). Two-digit
/// years follow chrono's `%y`: 00-68 are 2000-2068, 69-99 are 1969-1999.
fn parse_numeric(t: &str) -> Option<Day> {
    let sep = if t.contains('/') { '/' } else { '.' };
    let mut parts = t.split(sep);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let num = |p: &str| {
        let ok = (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| p.parse::<u32>().ok()).flatten()
    };
    let year = |p: &str| match p.len() {
        2 => num(p).map(|y| if y < 69 { 2000 + y } else { 1900 + y }),
        4 => num(p),
        _ => None,
    };
    let (y, m, d) = match (sep, a.len()) {
        ('/', 4) => (num(a)?, num(b)?, num(c)?),
        ('/', _) => (year(c)?, num(a)?, num(b)?),
        (_, _) => (year(c)?, num(b)?, num(a)?),
    };
    civil_day(y, m, d)
}

/// The fast path for the most common form, `YYYY-MM-DD` optionally followed by a time.
fn parse_iso(t: &str) -> Option<Day> {
    let b = t.as_bytes();
    let head: &[u8; 10] = b.first_chunk()?;
    if head[4] != b'-' || head[7] != b'-' || b.get(10).is_some_and(|c| !matches!(c, b'T' | b' ')) {
        return None;
    }
    // Every digit read and checked at once, without a loop or an early exit per digit: the
    // loops cost more than the rest of a date cell (callgrind).
    let digit = |i: usize| u32::from(head[i].wrapping_sub(b'0'));
    let digits = [0, 1, 2, 3, 5, 6, 8, 9].map(digit);
    if !digits.iter().fold(true, |ok, d| ok & (*d < 10)) {
        return None;
    }
    let [y0, y1, y2, y3, m0, m1, d0, d1] = digits;
    civil_day(
        y0 * 1000 + y1 * 100 + y2 * 10 + y3,
        m0 * 10 + m1,
        d0 * 10 + d1,
    )
}

/// The [`day_number`] of a calendar date, without building a `NaiveDate` (the hot path of
/// date cells); `None` for a month or day that does not exist.
pub fn civil_day(year: u32, month: u32, day: u32) -> Option<Day> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if year == 0 || year > 9999 || day == 0 || day > month_days {
        return None;
    }
    // Days before this year since 0001-01-01, then before this month, then the day itself.
    let y = year - 1;
    let before_year = 365 * y + y / 4 - y / 100 + y / 400;
    const BEFORE_MONTH: [u32; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let before_month = BEFORE_MONTH[(month - 1) as usize] + u32::from(leap && month > 2);
    Day::try_from(before_year + before_month + day).ok()
}

/// `str::trim` with a fast answer for the usual cell, which starts and ends with a visible
/// ASCII character.
pub fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|b| (b'!'..=b'~').contains(b));
    let bytes = text.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        text
    } else {
        text.trim()
    }
}

/// `text` in the form [`normalise_text`] gives, without copying it when it already is in
/// that form: printable ASCII without spaces or capitals (nearly every email address), or
/// else normalised into `out`.
pub fn normalised<'a>(text: &'a str, out: &'a mut String) -> &'a str {
    // One branch-free pass the compiler can vectorise: any byte outside '!'..='~', or 'A'..='Z'.
    let odd = (text.bytes()).fold(false, |odd, b| {
        odd | !(b'!'..=b'~').contains(&b) | b.is_ascii_uppercase()
    });
    if odd {
        normalise_text(text, out);
        out
    } else {
        text
    }
}

/// Lowercase, trim, and collapse inner whitespace runs to one space, into `out`.
/// Text comparisons in conditions work on this form.
pub fn normalise_text(text: &str, out: &mut String) {
    out.clear();
    let t = trim(text);
    // Most cells are ASCII with single spaces: copy and lowercase in place.
    if is_plain_ascii(t.as_bytes()) {
        out.push_str(t);
        out.make_ascii_lowercase();
        return;
    }
    for (i, word) in t.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// ASCII without control whitespace or double spaces: normalising it is just lowercasing.
/// Branch-free over the bytes, so short cells cost a few instructions per byte.
fn is_plain_ascii(bytes: &[u8]) -> bool {
    // One pass the compiler can vectorise (no early exit), then the rarer double space.
    let odd = (bytes.iter()).fold(0u8, |odd, b| {
        odd | (b & 0x80) | u8::from(b.wrapping_sub(b'\t') < 5)
    });
    odd == 0 && !(bytes.contains(&b' ') && bytes.windows(2).any(|w| w == b"  "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_borrows_only_what_normalising_would_not_change() {
        // Every string of up to 4 characters from an alphabet with each kind of byte that
        // matters: lowercase, capital, digit, '@', '.', space, tab, non-ASCII, DEL.
        let alphabet = ['a', 'Z', '7', '@', '.', ' ', '\t', 'É', 'ß', '\u{7f}'];
        let mut strings = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = (last.iter())
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            strings.extend(last.iter().cloned());
        }
        let (mut expected, mut out) = (String::new(), String::new());
        for s in &strings {
            normalise_text(s, &mut expected);
            assert_eq!(normalised(s, &mut out), expected, "{s:?}");
        }
        let mut out = String::new();
        let plain = "ada.lovelace+news@example.com";
        assert!(std::ptr::eq(normalised(plain, &mut out), plain));
    }

    #[test]
    fn no_number_has_a_character_the_quick_check_rules_out() {
        // Every string of up to 4 characters from an alphabet of what numbers are made of
        // and of what they are not: whatever the full reader accepts passes the check.
        let alphabet = [
            '1', '0', '.', ',', '-', '–', ' ', '$', '€', '%', '(', ')', '+', 'k', 'M', 'b', 'n',
            'e', 't', 'o', '@', 'a', 'x', 'é', '\u{a0}', '\t', '_', '\'',
        ];
        let mut last = vec![String::new()];
        let mut numbers = 0;
        for _ in 0..4 {
            last = (last.iter())
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            for s in &last {
                if read_number(trim(s)).is_some() {
                    numbers += 1;
                    assert!(trim(s).chars().all(may_be_in_number), "{s:?}");
                }
            }
        }
        assert!(numbers > 10_000, "{numbers}");
        for s in [
            "51 to 200",
            "1.234,56 €",
            "(1,200)",
            "2.5bn",
            "10 MM",
            "1e5",
            "15 %",
        ] {
            assert!(parse_number(s).is_some(), "{s}");
        }
        for s in ["lead12@x.io", "Name 12", "x1"] {
            assert_eq!(parse_number(s), None, "{s}");
        }
    }

    /// The ISO fast path as it was first written, a digit at a time.
    fn parse_iso_by_loops(t: &str) -> Option<Day> {
        let b = t.as_bytes();
        if b.len() < 10
            || b[4] != b'-'
            || b[7] != b'-'
            || (b.len() > 10 && !matches!(b[10], b'T' | b' '))
        {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| {
            b[r].iter().try_fold(0u32, |n, c| {
                let d = c.wrapping_sub(b'0');
                (d < 10).then_some(n * 10 + u32::from(d))
            })
        };
        civil_day(digits(0..4)?, digits(5..7)?, digits(8..10)?)
    }

    #[test]
    fn iso_dates_read_as_by_loops() {
        // Every byte value at every place of a few dates (with and without a time), and every
        // length up to the whole of them.
        for base in [
            "2026-03-15T10:22:00Z",
            "0001-01-01 00:00",
            "2000-02-29",
            "9999-12-31",
        ] {
            for len in 0..=base.len() {
                let bytes = &base.as_bytes()[..len];
                for at in 0..len {
                    for value in 0..=255u8 {
                        let mut b = bytes.to_vec();
                        b[at] = value;
                        let Ok(t) = std::str::from_utf8(&b) else {
                            continue;
                        };
                        assert_eq!(parse_iso(t), parse_iso_by_loops(t), "{t:?}");
                    }
                }
            }
        }
        // Every day of four centuries, and the days that do not exist.
        let mut date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        while date.year() < 2300 {
            let t = date.format("%Y-%m-%d").to_string();
            assert_eq!(parse_iso(&t), Some(day_number(date)), "{t}");
            date = date.succ_opt().unwrap();
        }
        for y in [1900, 2000, 2026] {
            for m in 0..=13 {
                for d in 0..=32 {
                    let t = format!("{y:04}-{m:02}-{d:02}");
                    assert_eq!(parse_iso(&t), parse_iso_by_loops(&t), "{t}");
                }
            }
        }
    }

    #[test]
    fn civil_days_match_chrono() {
        let mut date = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2401, 3, 1).unwrap();
        while date < end {
            let (y, m, d) = (date.year() as u32, date.month(), date.day());
            assert_eq!(civil_day(y, m, d), Some(day_number(date)), "{date}");
            date = date.succ_opt().unwrap();
        }
        for (y, m, d) in [
            (2026, 2, 29),
            (2026, 4, 31),
            (2026, 13, 1),
            (2026, 0, 1),
            (0, 1, 1),
        ] {
            assert_eq!(civil_day(y, m, d), None, "{y}-{m}-{d}");
        }
        assert!(civil_day(2000, 2, 29).is_some());
        assert_eq!(civil_day(1900, 2, 29), None);
    }

    #[test]
    fn trims_like_str_trim() {
        for s in [
            "",
            " ",
            "a",
            " a ",
            "a\t",
            "\u{a0}x\u{a0}",
            "é",
            " é",
            "x y",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn numbers_as_exports_write_them() {
        let cases = [
            ("1200", 1200.0),
            (" 1,200 ", 1200.0),
            ("1,200,000", 1_200_000.0),
            ("1.200.000", 1_200_000.0),
            ("1.234,56", 1234.56),
            ("1,234.56", 1234.56),
            ("1,5", 1.5),
            ("$2.5M", 2_500_000.0),
            ("€10k", 10_000.0),
            ("15%", 15.0),
            ("51-200", 125.5),
            ("51 - 200", 125.5),
            ("1,001-5,000", 3000.5),
            ("10 to 50", 30.0),
            ("10000+", 10000.0),
            ("10,001+", 10001.0),
            ("-3", -3.0),
            ("1 200", 1200.0),
            ("$1.2bn", 1.2e9),
        ];
        for (text, want) in cases {
            assert_eq!(parse_number(text), Some(want), "{text}");
        }
        for bad in ["", "abc", "1.2.3,4,5", "12 apples", "NaN", "inf", "1e999"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn booleans() {
        for t in ["yes", "Y", "TRUE", "1", "x", "Checked"] {
            assert_eq!(parse_bool(t), Some(true), "{t}");
        }
        for f in ["no", "N", "false", "0", "off"] {
            assert_eq!(parse_bool(f), Some(false), "{f}");
        }
        assert_eq!(parse_bool("maybe"), None);
    }

    #[test]
    fn dates_in_common_forms() {
        let d = |y, m, dd| Some(day_number(NaiveDate::from_ymd_opt(y, m, dd).unwrap()));
        assert_eq!(parse_date("2026-03-01", None), d(2026, 3, 1));
        assert_eq!(parse_date("2026-03-01T10:00:00Z", None), d(2026, 3, 1));
        assert_eq!(parse_date("2026-03-01 10:00", None), d(2026, 3, 1));
        assert_eq!(parse_date("03/01/2026", None), d(2026, 3, 1));
        assert_eq!(parse_date("3/1/26", None), d(2026, 3, 1));
        assert_eq!(parse_date("03/01/2026 14:05", None), d(2026, 3, 1));
        assert_eq!(parse_date("01.03.2026", None), d(2026, 3, 1));
        assert_eq!(parse_date("Mar 1, 2026", None), d(2026, 3, 1));
        assert_eq!(parse_date("1 March 2026", None), d(2026, 3, 1));
        assert_eq!(parse_date("01/03/2026", Some("%d/%m/%Y")), d(2026, 3, 1));
        assert_eq!(parse_date("2026/03/01", None), d(2026, 3, 1));
        assert_eq!(parse_date("3/1/99", None), d(1999, 3, 1));
        assert_eq!(parse_date("1.3.2026", None), d(2026, 3, 1));
        assert_eq!(parse_date("2026-02-30", None), None);
        assert_eq!(parse_date("13/01/2026", None), None, "US order: month 13");
        assert_eq!(parse_date("1/2/3/4", None), None);
        assert_eq!(parse_date("1/2/2026x", None), None);
        assert_eq!(parse_date("soon", None), None);
    }

    #[test]
    fn text_normalisation() {
        let mut out = String::new();
        normalise_text("  VP   of\tSales ", &mut out);
        assert_eq!(out, "vp of sales");
        normalise_text("Ärztin ÉQUIPE", &mut out);
        assert_eq!(out, "ärztin équipe");
    }
}
