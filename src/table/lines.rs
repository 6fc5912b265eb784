//! Line numbers of CSV records.
//!
//! The csv crate stamps a record with the line where its *read* began, which is before any
//! blank lines it skipped, and it stops a CRLF record after the `\r` but an LF record after the
//! `\n`. So `record.position()` is off after blank lines and in CRLF files. What it does count
//! exactly is the `\n`s consumed so far (`Reader::position().line()` after a read). From that,
//! the `\n`s inside the record and whether its terminator was a `\n`, we get the line where
//! the record's first cell starts. The terminator byte is looked up in [`Tail`].

use std::io::Read;

/// How many of the most recent bytes [`Tail`] keeps: comfortably more than the csv reader's
/// read-ahead buffer (8 KiB), so the last byte of the record just read is always still there.
const TAIL_LEN: usize = 64 * 1024;

/// A reader that remembers the last [`TAIL_LEN`] bytes it handed out.
pub struct Tail<R> {
    inner: R,
    ring: Box<[u8]>,
    total: u64,
    /// The inner reader has said it has no more bytes.
    ended: bool,
}

impl<R: Read> Tail<R> {
    pub fn new(inner: R) -> Self {
        Tail {
            inner,
            ring: vec![0; TAIL_LEN].into_boxed_slice(),
            total: 0,
            ended: false,
        }
    }

    /// Whether the input has ended. The csv reader asks for more only when it needs it, so
    /// a record read before this turned true ended with a terminator, not with the input.
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// How many bytes have been handed out.
    pub fn bytes_read(&self) -> u64 {
        self.total
    }

    /// The byte at absolute offset `pos`, if it is still remembered.
    pub fn byte_at(&self, pos: u64) -> Option<u8> {
        let remembered = pos < self.total && self.total - pos <= TAIL_LEN as u64;
        remembered.then(|| self.ring[(pos % TAIL_LEN as u64) as usize])
    }
}

impl<R: Read> Read for Tail<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.ended |= n == 0 && !buf.is_empty();
        // Only the last TAIL_LEN bytes of a large read matter.
        let skip = n.saturating_sub(TAIL_LEN);
        let mut start = self.total + skip as u64;
        for chunk in buf[skip..n].chunks(TAIL_LEN) {
            let at = (start % TAIL_LEN as u64) as usize;
            let first = chunk.len().min(TAIL_LEN - at);
            self.ring[at..at + first].copy_from_slice(&chunk[..first]);
            self.ring[..chunk.len() - first].copy_from_slice(&chunk[first..]);
            start += chunk.len() as u64;
        }
        self.total += n as u64;
        Ok(n)
    }
}

/// The 1-based line where a record starts.
///
/// `before`: lines counted when the read began (1 + `\n`s consumed); `after`: the same when it
/// ended; `inner_newlines`: `\n`s inside the record's cells; `ended_with_lf`: the read consumed
/// the record's `\n` terminator (false for CRLF, whose `\n` the next read consumes, and at the
/// end of the file).
pub fn record_line(before: u64, after: u64, inner_newlines: u64, ended_with_lf: bool) -> u64 {
    let skipped = after
        .saturating_sub(before)
        .saturating_sub(inner_newlines)
        .saturating_sub(u64::from(ended_with_lf));
    before + skipped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_remembers_recent_bytes_across_wraps() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut tail = Tail::new(&data[..]);
        let mut buf = vec![0; 10_000];
        let mut read = 0u64;
        loop {
            let n = tail.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            read += n as u64;
            assert_eq!(tail.byte_at(read - 1), Some(data[read as usize - 1]));
            assert_eq!(tail.byte_at(read), None);
        }
        assert_eq!(
            tail.byte_at(read - TAIL_LEN as u64),
            Some(data[(read - TAIL_LEN as u64) as usize])
        );
        assert_eq!(tail.byte_at(read - TAIL_LEN as u64 - 1), None);
    }

    #[test]
    fn record_line_accounts_for_blank_lines_and_terminators() {
        // LF: "h\na\n\nb\n" -> b read from line 3 to 5, 1 blank line skipped.
        assert_eq!(record_line(3, 5, 0, true), 4);
        // CRLF: "h\r\na\r\n" -> a read from line 1 ("\na\r") to 2.
        assert_eq!(record_line(1, 2, 0, false), 2);
        // A quoted cell with a newline, CRLF.
        assert_eq!(record_line(4, 6, 1, false), 5);
        // Never underflows on odd input.
        assert_eq!(record_line(5, 3, 4, true), 5);
    }
}
