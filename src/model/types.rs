//! Serde types of the model document. Unknown keys are reported by the loader (not silently
//! ignored), so these types do not use `deny_unknown_fields`: that would stop at the first typo.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::condition::{Condition, Scalar};

/// A whole scoring model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Always `"leadscore/1"` for this format.
    pub schema: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The author's own version of this model (free text, e.g. "2026.11" or "3").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The lead's attributes, in the order forms and exports show them.
    pub fields: IndexMap<String, FieldDef>,
    pub groups: Vec<Group>,
    /// Floor and ceiling of the total score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Fit grade: minimum fit score per letter (A..E); below the lowest letter the grade is F.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<BTreeMap<String, f64>>,
    /// Engagement tiers for the grade x engagement matrix (A1..D4), best first; the last has
    /// no `min`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub engagement_tiers: Vec<Tier>,
    /// Bands on the total score, best first; the last has no `min` and catches the rest.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Tier>,
    /// Sales handoff: the band at and above which a lead goes to sales.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff: Option<Handoff>,
    /// How the total reads as a probability of converting (learned scorecards have one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<OddsScale>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualification: Option<Qualification>,
    /// Journey stages, first match wins; the last usually has no `when` (the default stage).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<Stage>,
    /// Segment-specific variants of the model, first match wins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<Segment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation: Option<Conversation>,
}

/// How a column's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// Free text (job titles, notes): phrase and regex tests.
    Text,
    /// A value from a small set (industry, country): compared case-insensitively.
    Category,
    /// Numbers: "1,200", "$2.5M", "51-200" (midpoint), "10000+", "15%".
    Number,
    /// yes/no, true/false, 1/0, x, checked.
    Boolean,
    /// ISO dates, US dates (MM/DD/YYYY) or the field's own `date_format`.
    Date,
    /// An email address: free-mail, disposable, role-account and syntax checks.
    Email,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldDef {
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// Human label for forms and receipts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Column headers this field is known by in exports ("Job Title", "Title", ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Known values of a category (choices in forms and chats).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// chrono format for dates that are neither ISO nor US style, e.g. "%d/%m/%Y".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_format: Option<String>,
}

/// Which score a group counts towards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Explicit: who the lead is (title, industry, size, location).
    Fit,
    /// Implicit: what the lead does (visits, opens, downloads, intent signals).
    Engagement,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub dimension: Dimension,
    /// The group's sum is clamped to [min, max].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub when: Condition,
    /// Fixed points when the rule fires (negative for negative scoring).
    #[serde(default)]
    pub points: f64,
    /// Points per occurrence, counted from a number field (e.g. 2 per email open).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<PerOccurrence>,
    /// Cap on what this rule gives: its points are clamped to [min, max] before decay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Points fade with the age of a date field, halving every `half_life_days`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decay: Option<Decay>,
    /// `false` switches the rule off without deleting it (default `true`). A switched-off
    /// rule is still validated, so switching it on again cannot break the model.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PerOccurrence {
    /// A number field holding the count (visits, opens, downloads).
    pub field: String,
    pub points: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decay {
    /// A date field: the age of this date, against `as_of`, drives the decay.
    pub field: String,
    pub half_life_days: f64,
}

/// A labelled threshold: bands, engagement tiers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tier {
    pub label: String,
    /// Inclusive lower bound; absent on the last (catch-all) entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handoff {
    /// Leads in this band or a better one are handed to sales.
    pub band: String,
    /// Hold back leads that the qualification checklist rules out (default true).
    #[serde(default = "yes")]
    pub unless_disqualified: bool,
}

fn yes() -> bool {
    true
}

fn is_yes(b: &bool) -> bool {
    *b
}

/// A points-to-double-odds scale, as credit scorecards use: a lead scoring `base_score` has
/// odds `base_odds` (converted : not converted), and every `pdo` points more double them.
/// The section `probability` of a model; receipts then show the predicted probability.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OddsScale {
    /// Points to double the odds (> 0).
    pub pdo: f64,
    /// The score of a lead at `base_odds`.
    pub base_score: f64,
    /// Odds at `base_score` (> 0; default 1, a 50% chance).
    #[serde(default = "one")]
    pub base_odds: f64,
}

fn one() -> f64 {
    1.0
}

impl OddsScale {
    /// Points per unit of log-odds.
    pub fn factor(&self) -> f64 {
        self.pdo / std::f64::consts::LN_2
    }

    /// The score of a probability on this scale (`p` is kept inside (0, 1)).
    pub fn score_of(&self, p: f64) -> f64 {
        let p = p.clamp(1e-12, 1.0 - 1e-12);
        self.base_score + self.factor() * ((p / (1.0 - p)).ln() - self.base_odds.ln())
    }

    /// The probability of converting at `score`: the inverse of [`OddsScale::score_of`].
    pub fn probability(&self, score: f64) -> f64 {
        let log_odds = (score - self.base_score) / self.factor() + self.base_odds.ln();
        1.0 / (1.0 + (-log_odds).exp())
    }
}

/// The qualification checklist (budget, authority, need, timeline, ...) and knockouts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Qualification {
    /// Every criterion must hold for the lead to be qualified.
    #[serde(default)]
    pub require: Vec<Criterion>,
    /// Any of these holding rules the lead out, whatever else is true.
    #[serde(default)]
    pub disqualify: Vec<Criterion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub when: Condition,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Absent: the stage always matches (use it last, as the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
}

/// A segment-specific variant: leads matching `when` are scored with the base model changed
/// as below.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub when: Condition,
    /// New fixed points for base rules, by rule id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub points: BTreeMap<String, f64>,
    /// Base rules switched off for this segment, by rule id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disable: Vec<String>,
    /// Extra rules for this segment, each added to the group named by `group`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add: Vec<SegmentRule>,
    /// Bands replacing the model's bands for this segment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Tier>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentRule {
    pub group: String,
    #[serde(flatten)]
    pub rule: Rule,
}

/// What the chat widget asks, in order, and how it ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub greeting: Option<String>,
    pub questions: Vec<Question>,
    /// End the conversation as soon as a knockout fires (default true).
    #[serde(default = "yes")]
    pub stop_when_disqualified: bool,
    /// End the conversation once qualification is decided either way (default false).
    #[serde(default)]
    pub stop_when_decided: bool,
    /// The closing message per band label, plus `"disqualified"`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub outcomes: IndexMap<String, Outcome>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    /// The model field the answer fills.
    pub field: String,
    /// The question text.
    pub ask: String,
    /// Offered answers; without them the answer is typed (text, number, email, date).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// Ask only when this holds for the answers so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ask_if: Option<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// May the visitor skip it? (default false)
    #[serde(default)]
    pub optional: bool,
}

/// A choice: either a bare value or `{"label": "...", "value": ...}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Choice {
    Value(Scalar),
    Labelled { label: String, value: Scalar },
}

impl Choice {
    pub fn value(&self) -> &Scalar {
        match self {
            Choice::Value(v) | Choice::Labelled { value: v, .. } => v,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}
