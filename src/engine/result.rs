//! What scoring returns: a compact [`Summary`] for batches and a full [`LeadScore`] with its
//! receipt for one lead.

use serde::Serialize;

use crate::model::Dimension;

/// Where a lead stands on the qualification checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QualState {
    /// Every required criterion holds and no knockout fired.
    Qualified,
    /// A knockout fired or a required criterion is known to fail.
    NotQualified,
    /// No knockout fired, but some required criterion lacks the data to decide.
    Undecided,
    /// The model has no qualification checklist.
    NotAssessed,
}

impl QualState {
    pub fn as_str(self) -> &'static str {
        match self {
            QualState::Qualified => "qualified",
            QualState::NotQualified => "not_qualified",
            QualState::Undecided => "undecided",
            QualState::NotAssessed => "not_assessed",
        }
    }
}

/// The numbers of one scored lead, without strings or receipt: cheap enough for millions of
/// rows. Indexes refer to the scorer's labels ([`super::Scorer::band_label`] and friends).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub total: f64,
    pub fit: f64,
    pub engagement: f64,
    /// 0 = A .. 4 = E, 5 = F; `None` when the model has no grade.
    pub grade: Option<u8>,
    /// Index into the bands in effect (the segment's bands, else the model's).
    pub band: Option<u16>,
    /// Index into `engagement_tiers`.
    pub tier: Option<u16>,
    pub handoff: bool,
    pub qualification: QualState,
    pub stage: Option<u16>,
    pub segment: Option<u16>,
    /// Cells that held a value the field's type could not read.
    pub problems: u16,
}

/// One scored lead with its receipt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadScore {
    pub total: f64,
    pub fit: f64,
    pub engagement: f64,
    pub grade: Option<String>,
    pub band: Option<String>,
    /// Grade x engagement tier, e.g. "A1".
    pub matrix: Option<String>,
    /// Goes to sales now.
    pub handoff: bool,
    pub qualification: Qualification,
    pub stage: Option<String>,
    pub segment: Option<String>,
    /// The predicted chance of converting, when the model has a `probability` scale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    pub receipt: Receipt,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Qualification {
    pub state: QualState,
    pub reasons: Vec<Reason>,
}

/// One checklist line and how it came out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub id: String,
    pub label: String,
    pub outcome: ReasonOutcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonOutcome {
    /// A required criterion holds.
    Met,
    /// A required criterion is known not to hold.
    Failed,
    /// A required criterion cannot be decided: data missing.
    Unknown,
    /// A disqualifying knockout fired.
    Knockout,
}

/// Why a lead got its score.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Receipt {
    /// Every rule that fired, in model order.
    pub fired: Vec<RuleHit>,
    /// Every group's sum before and after its min/max clamp.
    pub groups: Vec<GroupPoints>,
    /// Sum of the group points before the model's own min/max clamp.
    pub raw_total: f64,
    /// Model fields with no value for this lead (unmapped column or empty cell).
    pub missing: Vec<String>,
    /// Cells whose text could not be read as their field's type (treated as missing).
    pub problems: Vec<CellProblem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleHit {
    pub rule: String,
    pub label: String,
    pub group: String,
    /// Fixed plus per-occurrence points, before the rule's cap and decay.
    pub raw: f64,
    /// What the rule adds to its group, after its cap and decay.
    pub points: f64,
    /// The decay factor applied (1 = no decay yet), when the rule decays.
    pub decay: Option<f64>,
    /// The rule's min/max cut its points.
    pub capped: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupPoints {
    pub group: String,
    pub label: String,
    pub dimension: Dimension,
    /// Sum of the fired rules' points.
    pub raw: f64,
    /// After the group's min/max clamp: what counts towards the total.
    pub points: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellProblem {
    pub field: String,
    /// Zero-based column index in the input.
    pub column: usize,
    pub value: String,
    pub message: String,
}
