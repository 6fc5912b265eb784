//! A map from cell text to what was worked out from it, for the values a column repeats
//! (job titles, industries, email domains): one look-up a cell instead of every test again.
//!
//! Not a `HashMap<Box<str>, V>`: looking up a short key there ends in a call to memcmp, which
//! for cell-sized text costs more than the comparison itself, and these look-ups run several
//! times a row. Each entry keeps its full hash, checked before the text, and texts are
//! compared word by word inline.

use std::hash::Hasher;

use hashbrown::HashTable;
use rustc_hash::FxHasher;

#[derive(Debug)]
pub struct TextMemo<V> {
    table: HashTable<Entry<V>>,
}

#[derive(Debug)]
struct Entry<V> {
    hash: u64,
    text: Box<str>,
    value: V,
}

impl<V> Default for TextMemo<V> {
    fn default() -> Self {
        TextMemo {
            table: HashTable::new(),
        }
    }
}

impl<V> TextMemo<V> {
    pub fn get(&self, text: &str) -> Option<&V> {
        let hash = hash_of(text);
        self.table
            .find(hash, is_entry_for(hash, text))
            .map(|e| &e.value)
    }

    /// Remember `value` for `text`, replacing what was remembered for it.
    pub fn insert(&mut self, text: &str, value: V) {
        let hash = hash_of(text);
        match self.table.find_mut(hash, is_entry_for(hash, text)) {
            Some(entry) => entry.value = value,
            None => {
                let entry = Entry {
                    hash,
                    text: text.into(),
                    value,
                };
                self.table.insert_unique(hash, entry, |e| e.hash);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }
}

/// Does an entry hold `text` (whose hash is `hash`)?
fn is_entry_for<V>(hash: u64, text: &str) -> impl Fn(&Entry<V>) -> bool + '_ {
    move |e| e.hash == hash && same_bytes(e.text.as_bytes(), text.as_bytes())
}

fn hash_of(text: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// `a == b`, in 8-byte words (the last one overlapping the one before), or 4-byte halves for
/// shorter text.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n >= 8 {
        let mut at = 0;
        while at + 8 < n {
            if word(a, at) != word(b, at) {
                return false;
            }
            at += 8;
        }
        word(a, n - 8) == word(b, n - 8)
    } else if n >= 4 {
        half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4)
    } else {
        a.iter().zip(b).all(|(x, y)| x == y)
    }
}

fn word(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(&bytes[at..at + 8]);
    u64::from_ne_bytes(w)
}

fn half(bytes: &[u8], at: usize) -> u32 {
    let mut h = [0; 4];
    h.copy_from_slice(&bytes[at..at + 4]);
    u32::from_ne_bytes(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_each_text_apart() {
        let mut memo = TextMemo::default();
        let texts = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdefgh",
            "abcdefghi",
            "vp of sales",
        ];
        for (i, t) in texts.iter().enumerate() {
            memo.insert(t, i);
        }
        memo.insert("abc", 30);
        assert_eq!(memo.len(), texts.len());
        for (i, t) in texts.iter().enumerate() {
            let expected = if *t == "abc" { 30 } else { i };
            assert_eq!(memo.get(t), Some(&expected), "{t:?}");
        }
        for t in ["abd", "abcdefgi", "abcdefghj", "vp of saleS", " a", "é"] {
            assert_eq!(memo.get(t), None, "{t:?}");
        }
    }

    #[test]
    fn same_bytes_is_equality() {
        // Every length across the word and half-word paths, and every one-bit change of every
        // byte: each must be told apart from the text itself.
        for n in 0..=40u8 {
            let a: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37) ^ 0x5a).collect();
            assert!(same_bytes(&a, &a.clone()), "{n}");
            for at in 0..a.len() {
                for bit in 0..8 {
                    let mut b = a.clone();
                    b[at] ^= 1 << bit;
                    assert!(!same_bytes(&a, &b), "{n} {at} {bit}");
                }
            }
            let mut longer = a.clone();
            longer.push(a.last().copied().unwrap_or(0));
            assert!(!same_bytes(&a, &longer), "{n}");
        }
    }
}
