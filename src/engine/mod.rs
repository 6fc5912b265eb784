//! Scoring: compile a model against a column layout once, then score rows fast.
//!
//! - [`Scorer`]: the compiled model (hash sets for categories, aho-corasick for phrases,
//!   regexes, resolved column indexes, one compiled variant per segment).
//! - [`Scorer::score`] returns a compact [`Summary`]; [`Scorer::explain`] a [`LeadScore`]
//!   with the receipt. Both run the same code, so they never disagree.

mod result;
mod mapping;
mod record;

pub use mapping::Mapping;
pub use record::Record;
pub use result::*;
