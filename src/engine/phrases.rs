//! Whole-word phrase search for `contains_any`. With the `phrase-automaton` feature (the CLI
//! and the app) an Aho-Corasick automaton finds every phrase in one pass, whatever their
//! number: what bulk scoring needs. Without it (the chat widget's wasm, one lead at a time)
//! each phrase is looked for in turn, for a fraction of the code size. Both find the same
//! matches: every occurrence, overlapping ones included, kept only on word boundaries.

#[derive(Debug)]
pub(super) struct Phrases {
    #[cfg(feature = "phrase-automaton")]
    automaton: aho_corasick::AhoCorasick,
    #[cfg(not(feature = "phrase-automaton"))]
    phrases: Vec<String>,
}

impl Phrases {
    /// `phrases` are already normalised like the text they are looked for in.
    pub(super) fn new(phrases: Vec<String>) -> Result<Phrases, String> {
        #[cfg(feature = "phrase-automaton")]
        {
            let automaton = aho_corasick::AhoCorasickBuilder::new()
                .match_kind(aho_corasick::MatchKind::Standard)
                .build(&phrases)
                .map_err(|e| format!("cannot build phrase search: {e}"))?;
            Ok(Phrases { automaton })
        }
        #[cfg(not(feature = "phrase-automaton"))]
        Ok(Phrases { phrases })
    }

    /// Does any phrase occur in `text` as whole words?
    pub(super) fn found_in(&self, text: &str) -> bool {
        #[cfg(feature = "phrase-automaton")]
        {
            (self.automaton.find_overlapping_iter(text))
                .any(|m| whole_word(text, m.start(), m.end()))
        }
        #[cfg(not(feature = "phrase-automaton"))]
        {
            // Every char boundary where a phrase starts, so overlapping occurrences count too.
            self.phrases.iter().any(|phrase| {
                text.char_indices().any(|(start, _)| {
                    text[start..].starts_with(phrase.as_str())
                        && whole_word(text, start, start + phrase.len())
                })
            })
        }
    }
}

/// A phrase match counts only on word boundaries, so "cto" does not match "director".
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        assert!(whole_word("vp sales", 0, 2));
        assert!(!whole_word("director", 4, 7)); // "cto"
        assert!(whole_word("head of it", 0, 7));
        assert!(whole_word("sr. vp, sales", 4, 6));
    }

    #[test]
    fn overlapping_occurrences_count() {
        let phrases = Phrases::new(vec!["ab ab".into(), "cto".into()]).unwrap();
        // The first "ab ab" starts inside "xab": only the overlapping second one is whole.
        assert!(phrases.found_in("xab ab ab"));
        assert!(!phrases.found_in("director of xab ab"));
        assert!(phrases.found_in("cto, founder"));
    }
}
