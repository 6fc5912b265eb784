//! Scoring: compile a model against a column layout once, then score rows fast.
//!
//! - [`Scorer`]: the compiled model (hash sets for categories, aho-corasick for phrases,
//!   regexes, resolved column indexes, one compiled variant per segment).
//! - [`Scorer::score`] returns a compact [`Summary`]; [`Scorer::explain`] a [`LeadScore`]
//!   with the receipt. Both run the same pass, so they never disagree.
//! - [`cell`]: how cell text is read as numbers, booleans and dates.

pub mod cell;
mod condition;
pub(crate) mod email;
mod mapping;
mod memo;
mod phrases;
mod record;
mod result;
mod scorer;
mod values;

pub use mapping::Mapping;
pub use record::Record;
pub use result::*;
pub use scorer::{ScoreOptions, Scorer, Scratch};
